import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { codeSnippet, SECRET_ENV, TOKEN_ENV, type CodeSnippetInput } from '../../../src/core/links/codeSnippets';
import { queryToParams } from '../../../src/core/links/testConnectLink';
import { verifySignedParams } from '../../../src/core/signing';

const run = promisify(execFile);

function subscriptionInput(overrides: Partial<CodeSnippetInput> = {}): CodeSnippetInput {
  return {
    resourceType: 'subscription', environment: 'http://127.0.0.1:4567', appId: 'APP_ID_1', merchantId: 'MERCHANT1',
    resource: {
      merchant_id: 'MERCHANT1', amount: '12.50', interval_length: 1, interval_unit: 'month',
      name: "Gold 'plan' \"quoted\"", description: 'line one\nline two', currency: 'EUR',
      user: { first_name: 'Zoë', country_code: 'FR', email: '' },
    },
    redirectUri: 'https://example.test/done', state: 'id_9SX5G36',
    ...overrides,
  };
}

/** A snippet that never ends is killed before mocha's 20 s timeout, so the test fails instead of leaving a process behind. */
const KILL_IF_STUCK = { timeout: 15_000, killSignal: 'SIGKILL' as const };

describe('codeSnippets', () => {
  it('the Node snippet, run with the official gocardless@1.0.0-beta6, prints a link with the same params, signed with the secret', async () => {
    const input = subscriptionInput();
    const code = codeSnippet('node', input);
    const secret = 'snippet-secret';
    const { stdout } = await run(process.execPath, ['-e', code], { env: { ...process.env, [SECRET_ENV]: secret, [TOKEN_ENV]: 't' }, cwd: process.cwd(), ...KILL_IF_STUCK });
    const url = new URL(stdout.trim());
    assert.equal(url.origin + url.pathname, 'http://127.0.0.1:4567/connect/subscriptions/new');
    const params = queryToParams(url.searchParams);
    assert.ok(verifySignedParams(params, secret), 'the library signed it with the secret from the environment');
    assert.equal(params['client_id'], 'APP_ID_1');
    assert.equal(params['state'], 'id_9SX5G36');
    assert.equal(params['redirect_uri'], 'https://example.test/done');
    assert.deepEqual(JSON.parse(JSON.stringify(params['subscription'])), { // JSON round trip: null-prototype objects (issue 16)
      merchant_id: 'MERCHANT1', amount: '12.50', interval_length: '1', interval_unit: 'month',
      name: "Gold 'plan' \"quoted\"", description: 'line one\nline two', currency: 'EUR',
      user: { first_name: 'Zoë', country_code: 'FR' },
    });
  });

  it('uses the sandbox flag for the GoCardless sandbox in Node', () => {
    const code = codeSnippet('node', subscriptionInput({ environment: 'sandbox' }));
    assert.match(code, /require\('gocardless'\)\(\{/);
    assert.match(code, /sandbox: true/);
    assert.doesNotMatch(codeSnippet('node', subscriptionInput({ environment: 'live' })), /sandbox/);
  });

  it('writes each library\'s own call, and never a secret', () => {
    const input = subscriptionInput({ environment: 'sandbox' });
    assert.match(codeSnippet('ruby', input), /GoCardless\.new_subscription_url\(\{/);
    assert.match(codeSnippet('ruby', input), /GoCardless\.environment = :sandbox/);
    // Amounts are Decimals: the Python library tests `amount > 0`, which a str fails in Python 3 (issue 23).
    assert.match(codeSnippet('python', input), /gocardless\.client\.new_subscription_url\(\n {4}amount=Decimal\("12\.50"\),/);
    assert.match(codeSnippet('python', input), /^from decimal import Decimal$/m);
    assert.match(codeSnippet('python', input), /gocardless\.environment = "sandbox"/);
    assert.match(codeSnippet('php', input), /GoCardless::new_subscription_url\(array\(/);
    assert.match(codeSnippet('node', { ...input, resourceType: 'pre_authorization', resource: { max_amount: '5', interval_length: 1, interval_unit: 'week', calendar_intervals: true } }), /gocardless\.preAuthorization\.newUrl\(\{[\s\S]*calendar_intervals: true/);
    assert.match(codeSnippet('python', { ...input, resourceType: 'pre_authorization', resource: { calendar_intervals: false } }), /calendar_intervals=False/);
    for (const lang of ['node', 'ruby', 'python', 'php'] as const) {
      const code = codeSnippet(lang, input);
      assert.ok(code.includes(SECRET_ENV), `${lang} reads the secret from the environment`);
      assert.ok(!code.includes('merchant_id\': \'MERCHANT1') || lang === 'php', `${lang} does not repeat merchant_id in the params`);
    }
  });

  it('the Python snippet says, before a user hits it, that merchant() disagrees with the spec about next_payout_date (issue 23)', () => {
    const code = codeSnippet('python', subscriptionInput());
    // The spec's merchant example: "next_payout_date": "2014-08-01"; the library parses "%Y-%m-%dT%H:%M:%SZ".
    assert.match(code, /# Note: Client\.merchant\(\) parses next_payout_date as "%Y-%m-%dT%H:%M:%SZ", but the API returns a date\n# \("next_payout_date": "2014-08-01"\)/);
    assert.match(code, /api_get\("\/merchants\/<merchant id>"\)/);
  });

  it('writes Python dates as datetimes: str() for a pre-authorization, microsecond=1 for a subscription\'s isoformat()[:-7]', () => {
    const pre = codeSnippet('python', subscriptionInput({ resourceType: 'pre_authorization', resource: { max_amount: '5', interval_length: '3', interval_unit: 'week', expires_at: '2030-01-31T09:00:00+01:00' } }));
    assert.match(pre, /^import datetime$/m);
    assert.match(pre, /expires_at=datetime\.datetime\(2030, 1, 31, 8, 0, 0\),/);
    assert.match(pre, /interval_length=3,/);
    const sub = codeSnippet('python', subscriptionInput({ resource: { amount: '5', interval_length: 1, interval_unit: 'month', start_at: '2030-02-01' } }));
    assert.match(sub, /start_at=datetime\.datetime\(2030, 2, 1, 0, 0, 0, 1\),/);
    assert.doesNotMatch(codeSnippet('python', subscriptionInput({ resource: { amount: '5', name: 'datetime.x' } })), /^import datetime$/m, 'only when a datetime is written');
  });

  it('the PHP snippet gives a local sandbox as the base_url account detail (GoCardless::$base_urls does not exist)', () => {
    const code = codeSnippet('php', subscriptionInput());
    assert.match(code, /'base_url' => 'http:\/\/127\.0\.0\.1:4567', \/\/ the local sandbox/);
    assert.doesNotMatch(code, /GoCardless::\$base_urls/);
  });

  it('escapes quotes and backslashes in each language\'s string literals', () => {
    const input = subscriptionInput({ resource: { amount: '1', name: "it's \\ here" } });
    assert.ok(codeSnippet('ruby', input).includes(String.raw`name: 'it\'s \\ here'`));
    assert.ok(codeSnippet('php', input).includes(String.raw`'name' => 'it\'s \\ here'`));
    assert.ok(codeSnippet('python', input).includes(String.raw`name="it's \\ here"`));
    assert.ok(codeSnippet('node', input).includes(String.raw`name: "it's \\ here"`));
  });
});
