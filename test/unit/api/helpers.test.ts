import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/core/api/ApiError';
import { basicAuthorization } from '../../../src/core/api/basicAuthorization';
import { environmentBaseUrl } from '../../../src/core/api/environmentBaseUrl';
import { NetworkError } from '../../../src/core/api/NetworkError';
import { TimeoutError } from '../../../src/core/api/TimeoutError';
import { UnexpectedResponseError } from '../../../src/core/api/UnexpectedResponseError';
import { intervalPhrase } from '../../../src/core/api/intervalPhrase';
import { redactSecrets } from '../../../src/core/api/redactSecrets';
import { exponentialBackoff, parseRetryAfter } from '../../../src/core/api/retryDelay';
import { CLIENT_VERSION, defaultUserAgent } from '../../../src/core/api/userAgent';
import { ValidationError } from '../../../src/core/validation/ValidationError';
import packageJson from '../../../package.json';

describe('api helpers', () => {
  it('basicAuthorization matches the spec\'s example', () => {
    assert.equal(basicAuthorization('Aladdin', 'open sesame'), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    // Not wrapped at 76 characters (spec: "except not limited to 76 char/line").
    assert.ok(!basicAuthorization('A'.repeat(80), 'B'.repeat(80)).includes('\n'));
  });

  describe('environmentBaseUrl', () => {
    it('maps live and sandbox to the spec\'s endpoints', () => {
      assert.equal(environmentBaseUrl('live'), 'https://gocardless.com');
      assert.equal(environmentBaseUrl('sandbox'), 'https://sandbox.gocardless.com');
    });
    it('accepts https anywhere and http on loopback, without a trailing slash', () => {
      assert.equal(environmentBaseUrl('https://gc.example.com/'), 'https://gc.example.com');
      assert.equal(environmentBaseUrl('https://gc.example.com/proxy/gc//'), 'https://gc.example.com/proxy/gc');
      assert.equal(environmentBaseUrl('http://127.0.0.1:54321'), 'http://127.0.0.1:54321');
      assert.equal(environmentBaseUrl('http://localhost:8080/'), 'http://localhost:8080');
      assert.equal(environmentBaseUrl('http://[::1]:8080'), 'http://[::1]:8080');
      assert.equal(environmentBaseUrl('http://10.0.0.5:8080', { allowInsecureHttp: true }), 'http://10.0.0.5:8080');
    });
    for (const [input, why] of [
      ['production', /not a URL/], ['ftp://gocardless.com', /not http/], ['https://user:pw@gocardless.com', /credentials/],
      ['https://user@gocardless.com', /credentials/], ['https://:pw@gocardless.com', /credentials/],
      ['https://gocardless.com/?x=1', /no query/], ['https://gocardless.com/#top', /no query or fragment/],
      ['http://gocardless.com', /unencrypted/],
    ] as const) {
      it(`refuses ${input}`, () => {
        assert.throws(() => environmentBaseUrl(input), (e: unknown) => e instanceof ValidationError && e.field === 'baseUrl' && why.test(e.message));
      });
    }
  });

  describe('retry delays', () => {
    it('grows exponentially with equal jitter, capped', () => {
      const low = exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
      const high = exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
      assert.deepEqual([1, 2, 3, 4, 5, 10].map((n) => low(n, undefined)), [50, 100, 200, 400, 500, 500]);
      assert.deepEqual([1, 2, 3, 4, 5, 10].map((n) => high(n, undefined)), [100, 200, 400, 800, 1000, 1000]);
    });
    it('never waits less than Retry-After', () => {
      assert.equal(exponentialBackoff({ random: () => 0 })(1, 3000), 3000);
    });
    it('parses Retry-After seconds and dates', () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      assert.equal(parseRetryAfter('3', now), 3000);
      assert.equal(parseRetryAfter('Tue, 01 Jan 2030 00:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Mon, 31 Dec 2029 23:59:00 GMT', now), 0);
      assert.equal(parseRetryAfter(['7', '9'], now), 7000);
      for (const bad of [undefined, '', 'soon', '-1']) assert.equal(parseRetryAfter(bad, now), undefined, String(bad));
    });
    it('reads Retry-After with spaces around it; only all digits or a date ending in GMT', () => {
      // RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds; an HTTP-date is "always expressed in GMT".
      const now = Date.parse('2030-01-01T00:00:00Z');
      assert.equal(parseRetryAfter(' 3 ', now), 3000);
      assert.equal(parseRetryAfter([' 7 '], now), 7000);
      for (const bad of ['3 seconds', 'Tue, 01 Jan 2030 00:00:05 GMT+0100']) assert.equal(parseRetryAfter(bad, now), undefined, bad);
    });
  });

  it('redactSecrets replaces every occurrence, ignoring undefined and very short secrets', () => {
    assert.equal(redactSecrets('a tok3n b tok3n', ['tok3n', undefined, 'a']), 'a [redacted] b [redacted]');
    assert.equal(redactSecrets('abcd abc', ['abcd', 'abc']), '[redacted] abc', 'four characters are redacted, three are not');
  });

  it('the User-Agent carries the package version', () => {
    assert.equal(CLIENT_VERSION, packageJson.version);
    assert.equal(defaultUserAgent('1.2.3'), `gocardless-devtools/1.2.3 (+node ${process.version})`);
  });

  it('ApiError explains statuses from the spec and says which are transient', () => {
    const error = (status: number): ApiError => new ApiError({ status, serverMessage: 'm', method: 'GET', path: '/p' });
    assert.match(error(401).hint ?? '', /sandbox and live tokens differ/);
    assert.match(error(503).hint ?? '', /GoCardless failed/);
    assert.equal(error(409).hint, undefined);
    assert.deepEqual([400, 418, 422, 500, 502].map((s) => error(s).isTransient), [false, true, false, true, true]);
    assert.equal(error(404).name, 'ApiError');
    assert.deepEqual(error(404).serverMessages, ['m'], 'one message when the body listed none');
  });

  it('intervalPhrase reads an interval as the pages and the tree show it after "every" or "per"', () => {
    // "interval_length: The number of interval_units that make up the interval." "interval_unit: … Can be day, week or month."
    assert.equal(intervalPhrase(1, 'month'), 'month');
    assert.equal(intervalPhrase(2, 'week'), '2 weeks');
    assert.equal(intervalPhrase(14, 'day'), '14 days');
  });

  it('each error class has its name, its message and the error it wraps', () => {
    const cause = new Error('connect ECONNREFUSED');
    const network = new NetworkError({ method: 'GET', path: '/api/v1/bills', origin: 'https://gocardless.com', code: 'ECONNREFUSED', detail: 'connection refused', cause });
    assert.equal(network.name, 'NetworkError');
    assert.equal(network.cause, cause);
    assert.equal(network.message, 'GET https://gocardless.com/api/v1/bills could not be completed: connection refused');
    const timeout = new TimeoutError({ method: 'GET', path: '/api/v1/bills', origin: 'https://gocardless.com', timeoutMs: 150, cause });
    assert.equal(timeout.name, 'TimeoutError');
    assert.equal(timeout.cause, cause);
    assert.equal(timeout.message, 'GET https://gocardless.com/api/v1/bills timed out after 150 ms');
    const unexpected = new UnexpectedResponseError({ method: 'GET', path: '/api/v1/bills/B1', status: 200, problem: 'the body is not JSON' });
    assert.equal(unexpected.name, 'UnexpectedResponseError');
    assert.equal(unexpected.message, 'GET /api/v1/bills/B1 returned an unexpected response (HTTP 200): the body is not JSON');
  });
});
