import { strict as assert } from 'node:assert';
import { diagnoseConnectLink, resolveBaseUrl } from '../../../src/core/links';
import { signParams } from '../../../src/core/signing';
import { ValidationError } from '../../../src/core/validation';
import { APP_SECRET } from './builders';

const NOW = Date.parse('2030-01-01T09:00:00Z');

/** A subscription link signed over exactly these params (extra ones included), as a careless signer would make it. */
function signedLink(extra: Record<string, string>): string {
  const params: Record<string, string> = {
    client_id: 'APP_ID_1', nonce: 'n1', timestamp: '2030-01-01T08:00:00Z',
    'subscription[merchant_id]': 'M1', 'subscription[amount]': '5.00', 'subscription[interval_length]': '1', 'subscription[interval_unit]': 'month',
    ...extra,
  };
  const query = new URLSearchParams(params);
  query.set('signature', signParams(Object.fromEntries(new URLSearchParams(query)), APP_SECRET).signature);
  return `https://sandbox.gocardless.com/connect/subscriptions/new?${query.toString()}`;
}

describe('links: diagnoseConnectLink and resolveBaseUrl (issue 21)', () => {
  it('a well-signed, live link with a parameter the spec does not know is not ok, and the issue names it', () => {
    const d = diagnoseConnectLink(signedLink({ utm_source: 'mail' }), APP_SECRET, NOW);
    assert.equal(d.signature.valid, true, d.signature.reason);
    assert.equal(d.expired, false);
    assert.deepEqual(d.issues, [{ field: 'utm_source', rule: 'not-allowed', message: 'utm_source is not a Connect link parameter' }]);
    assert.equal(d.ok, false);
    assert.equal(diagnoseConnectLink(signedLink({}), APP_SECRET, NOW).ok, true);
  });

  it('a link without a timestamp is not called expired and has no expiry', () => {
    const d = diagnoseConnectLink('https://sandbox.gocardless.com/connect/bills/new?bill[amount]=10&bill[merchant_id]=M', APP_SECRET, NOW);
    assert.equal(d.expired, false);
    assert.ok(!('expiresAt' in d));
    assert.deepEqual(d.issues.map((i) => `${i.field}:${i.rule}`), ['client_id:required', 'nonce:required', 'timestamp:required']);
  });

  it('an unreadable timestamp is one issue naming the field, with no expiry', () => {
    const d = diagnoseConnectLink(signedLink({ timestamp: '1 Jan 2030' }), APP_SECRET, NOW);
    assert.deepEqual(d.issues.map((i) => `${i.field}:${i.rule}`), ['timestamp:utc-timestamp']);
    assert.equal(d.expired, false);
    assert.ok(!('expiresAt' in d));
    assert.equal(d.ok, false);
  });

  it('resolveBaseUrl: the named environments, a base URL without its trailing slashes, a path prefix kept', () => {
    assert.equal(resolveBaseUrl('live'), 'https://gocardless.com');
    assert.equal(resolveBaseUrl('sandbox'), 'https://sandbox.gocardless.com');
    assert.equal(resolveBaseUrl('http://127.0.0.1:4567//'), 'http://127.0.0.1:4567');
    assert.equal(resolveBaseUrl('https://gc.example/prefix/'), 'https://gc.example/prefix');
  });

  it('resolveBaseUrl refuses what is not an http(s) base URL, naming the environment field', () => {
    for (const env of ['not a url', 'ftp://127.0.0.1/', 'http://127.0.0.1:4567/?x=1', 'http://127.0.0.1:4567/#top', 'toString']) {
      assert.throws(() => resolveBaseUrl(env), (e: unknown) => {
        assert.ok(e instanceof ValidationError, `${env}: ${String(e)}`);
        assert.equal(e.field, 'environment');
        assert.equal(e.rule, 'http-url');
        assert.equal(e.issues[0]?.message, `environment must be live, sandbox or an http(s) base URL, got "${env}"`);
        return true;
      }, env);
    }
  });
});
