import { strict as assert } from 'node:assert';
import {
  buildConnectLink, CONNECT_LINK_LIFETIME_MS, diagnoseConnectLink, parseConnectLink, ConnectLinkParseError, newNonce,
} from '../../../src/core/links';
import { hmacHex, SIGNATURE_VARIANTS, signParams, verifySignedParams } from '../../../src/core/signing';
import { ValidationError } from '../../../src/core/validation';
import { APP_SECRET, FIXED_TIMESTAMP, linkOptions, subscriptionResource } from './builders';

describe('links: buildConnectLink', () => {
  it('reproduces the Signature Guide’s example link layout (sorted params, signature in its place)', () => {
    const link = buildConnectLink({
      resourceType: 'subscription', appId: '3QmpV5yi8Ii9Rc2uCwalWRsqkpibtk5ISOk/F+oyzrOoNpjGguZ4IRn2379agARS', appSecret: APP_SECRET,
      environment: 'live', nonce: 'DGsrJuOpuT/UlhM6Ok5gcpod0447E/4RJvx+G1Xa0eZnb2uRDF9VRRMj00Rj', timestamp: '2011-01-01T08:00:00Z',
      resource: { amount: '1', description: 'gold', interval_length: '1', interval_unit: 'day', merchant_id: 'WOQRUJU9OH2HH1' },
      clock: () => Date.parse('2011-01-01T08:00:00Z'),
    });
    // The docs' URL, with its placeholder signature replaced by ours.
    const docs = 'https://gocardless.com/connect/subscriptions/new?client_id=3QmpV5yi8Ii9Rc2uCwalWRsqkpibtk5ISOk%2FF%2BoyzrOoNpjGguZ4IRn2379agARS&nonce=DGsrJuOpuT%2FUlhM6Ok5gcpod0447E%2F4RJvx%2BG1Xa0eZnb2uRDF9VRRMj00Rj&signature=SIG&subscription%5Bamount%5D=1&subscription%5Bdescription%5D=gold&subscription%5Binterval_length%5D=1&subscription%5Binterval_unit%5D=day&subscription%5Bmerchant_id%5D=WOQRUJU9OH2HH1&timestamp=2011-01-01T08%3A00%3A00Z';
    assert.equal(link.url, docs.replace('SIG', link.signature));
    assert.equal(link.signature, signParams(link.params, APP_SECRET).signature);
  });

  it('returns the params, pairs, normalized string, signature and expiry (timestamp + 3 h)', () => {
    const link = buildConnectLink(linkOptions({ redirectUri: 'https://merchant.example/ok', state: 'order 42' }));
    assert.equal(CONNECT_LINK_LIFETIME_MS, 3 * 60 * 60 * 1000);
    assert.equal(link.timestamp, FIXED_TIMESTAMP);
    assert.equal(link.expiresAt, '2030-01-01T11:00:00Z');
    assert.equal(link.resourceType, 'subscription');
    assert.equal(link.baseUrl, 'https://sandbox.gocardless.com');
    assert.ok(link.url.startsWith('https://sandbox.gocardless.com/connect/subscriptions/new?'));
    assert.deepEqual(link.params, {
      client_id: 'APP_ID_1', nonce: 'DGsrJuOpuT/UlhM6Ok5gcpod0447E', timestamp: FIXED_TIMESTAMP,
      subscription: subscriptionResource(), redirect_uri: 'https://merchant.example/ok', state: 'order 42',
    });
    assert.deepEqual(link.pairs.map(([k]) => k), [
      'client_id', 'nonce', 'redirect_uri', 'state', 'subscription[amount]', 'subscription[interval_length]',
      'subscription[interval_unit]', 'subscription[merchant_id]', 'subscription[name]', 'timestamp',
    ]);
    assert.ok(link.normalized.includes('state=order%2042'));
    assert.equal(link.url.split('?')[1], link.normalized.replace('&state=', `&signature=${link.signature}&state=`));
    assert.ok(!JSON.stringify(link).includes(APP_SECRET));
  });

  it('is reproducible with a fixed nonce and timestamp, and differs with fresh ones', () => {
    assert.equal(buildConnectLink(linkOptions()).url, buildConnectLink(linkOptions()).url);
    const a = buildConnectLink(linkOptions({ nonce: undefined, timestamp: undefined }));
    const b = buildConnectLink(linkOptions({ nonce: undefined, timestamp: undefined }));
    assert.notEqual(a.nonce, b.nonce);
    assert.match(a.nonce, /^[A-Za-z0-9_-]{64}$/); // 48 random bytes in base64url
    assert.match(newNonce(9), /^[A-Za-z0-9_-]{12}$/);
  });

  it('makes nonces that need no percent-encoding (the spec: "We recommend a random base64-encoded string")', () => {
    // base64url: no `+`, `/` or `=`, which a proxy that decodes `%2B` would turn into a space.
    for (let i = 0; i < 200; i++) {
      const nonce = newNonce(1 + (i % 48));
      assert.equal(encodeURIComponent(nonce), nonce, `nonce ${nonce} is URL-safe`);
    }
  });

  it('takes the time from an injected clock, without milliseconds', () => {
    const link = buildConnectLink(linkOptions({ timestamp: undefined, clock: () => Date.parse('2030-06-01T10:20:30.456Z') }));
    assert.equal(link.timestamp, '2030-06-01T10:20:30Z');
    assert.equal(link.expiresAt, '2030-06-01T13:20:30Z');
    assert.equal(buildConnectLink(linkOptions({ timestamp: new Date('2030-06-01T10:20:30.999Z') })).timestamp, '2030-06-01T10:20:30Z');
  });

  it('builds links for every resource type with every parameter, on any base URL', () => {
    const user = { first_name: 'Alasdair', last_name: 'Monk', company_name: 'GoCardless Ltd', email: 'alasdair@example.com', billing_address1: '22-25 Finsbury Square', billing_address2: 'Royal London House', billing_town: 'London', billing_county: 'London', billing_postcode: 'E84DQ', country_code: 'FR' };
    const bill = buildConnectLink(linkOptions({ resourceType: 'bill', environment: 'http://127.0.0.1:4567/', resource: { merchant_id: 'M', amount: 10, name: 'Invoice 1', description: 'One-off', currency: 'EUR', user } }));
    assert.ok(bill.url.startsWith('http://127.0.0.1:4567/connect/bills/new?'));
    assert.ok(bill.pairs.some(([k, v]) => k === 'bill[user][billing_address2]' && v === 'Royal London House'));
    const pre = buildConnectLink(linkOptions({
      resourceType: 'pre_authorization', environment: 'live', cancelUri: 'https://merchant.example/cancel',
      resource: { merchant_id: 'M', max_amount: '750.00', interval_length: 1, interval_unit: 'month', interval_count: 12, expires_at: '2031-01-01', name: 'n', description: 'd', setup_fee: '25.00', calendar_intervals: true, currency: 'GBP', user: { email: 'a@b.co' } },
    }));
    assert.ok(pre.url.startsWith('https://gocardless.com/connect/pre_authorizations/new?'));
    assert.ok(pre.normalized.includes('pre_authorization%5Bcalendar_intervals%5D=true'));
    assert.ok(pre.normalized.includes('cancel_uri=https%3A%2F%2Fmerchant.example%2Fcancel'));
    const sub = buildConnectLink(linkOptions({ resource: subscriptionResource({ start_at: '2030-02-01', expires_at: '2031-02-01', interval_count: 12, setup_fee: 5, currency: 'GBP', description: 'd' }) }));
    assert.ok(sub.normalized.includes('subscription%5Bstart_at%5D=2030-02-01'));
  });

  it('leaves blank optional inputs out of the link', () => {
    const link = buildConnectLink(linkOptions({ resource: subscriptionResource({ description: '', user: { email: '', first_name: '' } }), state: '', redirectUri: '' }));
    assert.ok(!link.normalized.includes('description'));
    assert.ok(!link.normalized.includes('user'));
    assert.ok(!link.normalized.includes('state'));
    assert.ok(!link.normalized.includes('redirect_uri'));
  });

  it('signs amounts without the spaces around them, which the sandbox would refuse as no amount', () => {
    const link = buildConnectLink(linkOptions({ resource: subscriptionResource({ amount: ' 10.00 ', setup_fee: '1.50 ' }) }));
    const resource = link.params['subscription'] as Record<string, unknown>;
    assert.deepEqual([resource['amount'], resource['setup_fee']], ['10.00', '1.50']);
    assert.match(link.normalized, /subscription%5Bamount%5D=10\.00&/);
    assert.equal(verifySignedParams({ ...parseConnectLink(link.url).params, signature: link.signature }, APP_SECRET), true, "the URL holds what was signed");
  });

  it('refuses params that do not belong to the type, and every broken rule, in one ValidationError', () => {
    assert.throws(
      () => buildConnectLink(linkOptions({ resourceType: 'bill', resource: { merchant_id: 'M', amount: '10.001', interval_unit: 'week' } as never, environment: 'gopher://x', appId: '' })),
      (e: unknown) => e instanceof ValidationError &&
        JSON.stringify(e.issues.map((i) => [i.field, i.rule])) === JSON.stringify([
          ['client_id', 'required'], ['bill[interval_unit]', 'not-allowed'], ['bill[amount]', 'two-decimals'], ['environment', 'http-url'],
        ]) && !e.message.includes(APP_SECRET),
    );
  });

  it('checks dates against the link’s timestamp, so a fixed timestamp gives a stable verdict', () => {
    assert.doesNotThrow(() => buildConnectLink(linkOptions({ resource: subscriptionResource({ start_at: '2030-01-02' }) })));
    assert.throws(() => buildConnectLink(linkOptions({ resource: subscriptionResource({ start_at: '2029-12-31' }) })), (e: unknown) => e instanceof ValidationError && e.rule === 'future');
    assert.throws(() => buildConnectLink(linkOptions({ timestamp: '1 Jan 2030 08:00' })), (e: unknown) => e instanceof ValidationError && e.field === 'timestamp');
    // Issue 23: milliseconds (what the Node library's toISOString() writes) name the same kind of UTC instant.
    assert.equal(buildConnectLink(linkOptions({ timestamp: '2030-01-01T08:00:00.000Z' })).expiresAt, '2030-01-01T11:00:00Z');
  });
});

describe('links: parseConnectLink and diagnoseConnectLink', () => {
  it('reads a built link back into the same params and pairs', () => {
    const link = buildConnectLink(linkOptions({ resource: subscriptionResource({ user: { email: 'a+b@example.com', first_name: 'Zoë' } }), state: 'x y', redirectUri: 'https://merchant.example/ok?a=1&b=2' }));
    const parsed = parseConnectLink(link.url);
    assert.equal(parsed.resourceType, 'subscription');
    assert.equal(parsed.baseUrl, 'https://sandbox.gocardless.com');
    assert.equal(parsed.signature, link.signature);
    assert.equal(parsed.clientId, 'APP_ID_1');
    assert.equal(parsed.nonce, link.nonce);
    assert.equal(parsed.timestamp, link.timestamp);
    assert.equal(parsed.state, 'x y');
    assert.equal(parsed.redirectUri, 'https://merchant.example/ok?a=1&b=2');
    assert.equal(parsed.resource['name'], 'Gold membership');
    assert.equal(verifySignedParams({ ...parsed.params, signature: parsed.signature }, APP_SECRET), true);
  });

  it('reads + as a space, as the server does', () => {
    const parsed = parseConnectLink('https://gocardless.com/connect/bills/new?bill%5Bname%5D=my+first+payment&bill[amount]=10.0');
    assert.deepEqual({ ...parsed.resource }, { name: 'my first payment', amount: '10.0' }); // a null-prototype object (issue 16)
  });

  it('keeps a base URL with a path prefix', () => {
    assert.equal(parseConnectLink('http://127.0.0.1:9/gc/connect/pre_authorizations/new?x=1').baseUrl, 'http://127.0.0.1:9/gc');
  });

  it('refuses what is not a Connect link', () => {
    assert.throws(() => parseConnectLink('not a url'), ConnectLinkParseError);
    assert.throws(() => parseConnectLink('https://gocardless.com/api/v1/bills'), /not a Connect link/);
  });

  it('diagnoses a good link as ok, and a tampered, expired or mis-signed one with the cause', () => {
    const link = buildConnectLink(linkOptions());
    const at = (iso: string): number => Date.parse(iso);
    const good = diagnoseConnectLink(link.url, APP_SECRET, at('2030-01-01T10:59:59Z'));
    assert.equal(good.ok, true);
    assert.equal(good.expiresAt, '2030-01-01T11:00:00Z');

    const expired = diagnoseConnectLink(link.url, APP_SECRET, at('2030-01-01T11:00:00Z'));
    assert.equal(expired.ok, false);
    assert.equal(expired.expired, true);
    assert.equal(expired.signature.valid, true);

    // "within 3 hours of this timestamp" either side (issue 17): a link stamped more than 3 hours ahead of now will be refused.
    const ahead = diagnoseConnectLink(link.url, APP_SECRET, at('2030-01-01T04:50:00Z'));
    assert.equal(ahead.ok, false);
    assert.match(ahead.issues.find((i) => i.field === 'timestamp')?.message ?? '', /more than 3 hours ahead/);
    assert.equal(diagnoseConnectLink(link.url, APP_SECRET, at('2030-01-01T05:00:00Z')).ok, true, '3 hours ahead exactly is within');

    const tampered = diagnoseConnectLink(link.url.replace('amount%5D=50.00', 'amount%5D=5.00'), APP_SECRET, at('2030-01-01T09:00:00Z'));
    assert.equal(tampered.signature.verdict, 'unexplained');
    assert.ok(tampered.signature.expected.normalized.includes('amount%5D=5.00'));

    // A signer that used + for spaces: the diagnosis names the mistake.
    const plus = SIGNATURE_VARIANTS.find((v) => v.id === 'plus-for-space')!;
    const wrong = hmacHex(plus.normalize(link.params), APP_SECRET);
    const misSigned = diagnoseConnectLink(link.url.replace(link.signature, wrong), APP_SECRET, at('2030-01-01T09:00:00Z'));
    assert.equal(misSigned.ok, false);
    assert.equal(misSigned.signature.variant?.id, 'plus-for-space');
  });

  it('names missing link params and bad resource params', () => {
    const d = diagnoseConnectLink('https://sandbox.gocardless.com/connect/bills/new?bill[amount]=0&utm_source=x', APP_SECRET);
    assert.deepEqual(d.issues.map((i) => `${i.field}:${i.rule}`), [
      'client_id:required', 'nonce:required', 'timestamp:required', 'utm_source:not-allowed', 'bill[merchant_id]:required', 'bill[amount]:positive',
    ]);
    assert.equal(d.signature.verdict, 'missing');
  });
});
