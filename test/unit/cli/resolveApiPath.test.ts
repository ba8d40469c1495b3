import { strict as assert } from 'node:assert';
import { CliError } from '../../../src/cli/CliCommand';
import { resolveApiPath } from '../../../src/cli/resolveApiPath';

const BASE = 'https://gocardless.com';

describe('resolveApiPath (gcdev get|post|put PATH)', () => {
  it('reads a relative path, an absolute one and a URL on the base URL\'s host the same way, keeping the query', () => {
    const expected = { path: '/api/v1/merchants/M/bills', query: [['status', 'paid'], ['name', 'a b']] };
    for (const input of ['merchants/M/bills?status=paid&name=a%20b', '/merchants/M/bills?status=paid&name=a+b', '/api/v1/merchants/M/bills?status=paid&name=a%20b', 'https://gocardless.com/api/v1/merchants/M/bills?status=paid&name=a%20b']) {
      assert.deepEqual(resolveApiPath(input, BASE), expected, input);
    }
  });

  it('takes the base URL\'s own path off a full URL', () => {
    assert.deepEqual(resolveApiPath('https://proxy.example/gc/api/v1/bills/B1', 'https://proxy.example/gc'), { path: '/api/v1/bills/B1', query: [] });
    assert.throws(() => resolveApiPath('https://proxy.example/api/v1/bills/B1', 'https://proxy.example/gc'), /not under the base URL/);
  });

  it('refuses another host, a protocol-relative one, credentials in the URL, and dot segments that leave /api/v1/', () => {
    const refused: Array<[string, RegExp]> = [
      ['https://evil.example/api/v1/bills', /refusing https:\/\/evil\.example/],
      ['http://gocardless.com/api/v1/bills', /refusing http:\/\/gocardless\.com/],
      ['//evil.example/api/v1/bills', /refusing https:\/\/evil\.example/],
      ['https://user:pw@gocardless.com/api/v1/bills', /credentials/],
      ['../../oauth/access_token', /must stay under \/api\/v1\//],
      ['bills/%2e%2e/%2e%2e/%2e%2e/oauth', /must stay under \/api\/v1\//],
      ['  ', /empty/],
    ];
    for (const [input, message] of refused) assert.throws(() => resolveApiPath(input, BASE), (e: unknown) => e instanceof CliError && e.exitCode === 2 && message.test(e.message), input);
  });
});
