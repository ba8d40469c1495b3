import assert from 'node:assert/strict';
import { buildConnectLink, confirmResource, verifyRedirect, type ConnectLinkOptions } from '../../../src/core/links';
import { testConnectLink } from '../../../src/core/links/testConnectLink';
import { CONNECT_ERRORS, SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE } from '../../../src/core/sandbox';
import type { ConnectResourceType } from '../../../src/core/api/models';
import { flattenParams, normalizePairs, signParams } from '../../../src/core/signing';
import { api, startTestSandbox } from './sandboxFixtures';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
const HOUR = 3_600_000;

function link(sb: TestSandbox, resourceType: ConnectResourceType, extra: Partial<ConnectLinkOptions> = {}, resource: Record<string, unknown> = {}): string {
  const amounts = resourceType === 'pre_authorization' ? { max_amount: '70.00', interval_length: 1, interval_unit: 'month' as const }
    : resourceType === 'subscription' ? { amount: '44.00', interval_length: 1, interval_unit: 'month' as const } : { amount: '10.00' };
  return buildConnectLink({
    resourceType, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
    resource: { merchant_id: sb.credentials.merchant_id, name: 'Tennis <court> & "balls"', ...amounts, user: { first_name: 'Alasdair', email: 'al@example.com' }, ...resource },
    clock: () => sb.clock.ms, ...extra,
  }).url;
}

async function open(url: string): Promise<{ status: number; html: string; error: string | null; token: string | undefined }> {
  const res = await fetch(url);
  const html = await res.text();
  return { status: res.status, html, error: res.headers.get('x-gocardless-error'), token: /name="token" value="([^"]+)"/.exec(html)?.[1] };
}

async function submit(sb: TestSandbox, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(sb.url + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

const PAYER = { first_name: 'Alasdair', last_name: 'Monk', email: 'al@example.com', account_number: SANDBOX_ACCOUNT_NUMBER, sort_code: SANDBOX_SORT_CODE };

describe('sandbox Connect flow', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox({ cancelUri: 'https://merchant.example/cancelled', unconfirmedTtlMs: HOUR });
  });
  afterEach(() => sb.dispose());

  for (const type of ['bill', 'subscription', 'pre_authorization'] as const) {
    it(`${type}: built, accepted, paid, redirected, verified, confirmed`, async () => {
      const page = await open(link(sb, type, { redirectUri: 'https://merchant.example/return?order=42', state: 'id_9SX5G36' }));
      assert.equal(page.status, 200);
      assert.match(page.html, /Tennis &lt;court&gt; &amp; &quot;balls&quot;/, 'values are HTML-escaped');
      assert.match(page.html, /value="Alasdair"/, 'user details are prefilled');
      assert.match(page.html, /55779911/);
      assert.match(page.html, /20-00-00/);
      const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
      assert.equal(res.status, 302);
      const location = res.headers.get('location')!;
      assert.ok(location.startsWith('https://merchant.example/return?order=42&'), location);
      const verified = verifyRedirect(location, sb.credentials.app_secret);
      assert.equal(verified.valid, true, verified.diagnosis.reason);
      assert.equal(verified.resource.resource_type, type);
      assert.equal(verified.resource.state, 'id_9SX5G36');
      assert.equal(verified.resource.resource_uri, `${sb.url}/api/v1/${type}s/${verified.resource.resource_id}`);
      assert.equal(verifyRedirect(location, 'another secret').valid, false);

      const id = verified.resource.resource_id;
      if (type !== 'bill') assert.equal(((await api(sb, `/api/v1/${type}s/${id}`)).json as { status: string }).status, 'inactive');
      else assert.equal((await api(sb, `/api/v1/bills/${id}`)).status, 404, 'an unconfirmed bill is not listed');

      const confirmed = await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: type });
      assert.equal(confirmed.success, true);
      const resource = (await api(sb, `/api/v1/${type}s/${id}`)).json as { status: string };
      assert.equal(resource.status, type === 'bill' ? 'pending' : 'active');
      if (type === 'subscription') {
        const bills = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?source_id=${id}`)).json as unknown[];
        assert.equal(bills.length, 1, 'a subscription without start_at bills on confirmation');
      }
      await assert.rejects(
        confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: type }),
        (e: Error & { status?: number }) => e.status === 422,
      );
    });
  }

  it('confirm needs Basic app_id:app_secret (401)', async () => {
    const res = await fetch(`${sb.url}/api/v1/confirm`, {
      method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${sb.credentials.app_id}:wrong`).toString('base64')}` },
      body: JSON.stringify({ resource_id: 'X', resource_type: 'bill' }),
    });
    assert.equal(res.status, 401);
  });

  it('a setup fee creates its is_setup_fee bill on confirmation', async () => {
    const page = await open(link(sb, 'pre_authorization', {}, { setup_fee: '25.00' }));
    const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
    const id = verifyRedirect(res.headers.get('location')!, sb.credentials.app_secret).resource.resource_id;
    await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: 'pre_authorization' });
    const bills = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?source_id=${id}`)).json as Array<{ is_setup_fee: boolean; amount: string }>;
    assert.deepEqual(bills.map((b) => [b.is_setup_fee, b.amount]), [[true, '25.00']]);
  });

  it('refuses, in order: client, merchant, signature, timestamp, nonce, redirect', async () => {
    const base = { appSecret: sb.credentials.app_secret };
    assert.equal((await open(link(sb, 'bill', { appId: 'WRONG' }))).error, CONNECT_ERRORS.client);
    // A wrong client and a wrong signature together: the client is reported first.
    assert.equal((await open(link(sb, 'bill', { appId: 'WRONG', appSecret: 'x' }))).error, CONNECT_ERRORS.client);
    assert.equal((await open(link(sb, 'bill', { appSecret: 'x' }, { merchant_id: 'NOPE' }))).error, CONNECT_ERRORS.merchant);
    assert.equal((await open(link(sb, 'bill', { appSecret: 'not the secret' }))).error, CONNECT_ERRORS.signature);
    const tampered = link(sb, 'bill', base).replace('amount%5D=10.00', 'amount%5D=1.00');
    assert.ok(tampered.includes('amount%5D=1.00'));
    const t = await open(tampered);
    assert.equal(t.status, 400);
    assert.equal(t.error, CONNECT_ERRORS.signature);
    assert.match(t.html, /<meta name="gocardless-error" content="Signature is invalid">/);
    const expired = await open(link(sb, 'bill', { clock: () => sb.clock.ms - 3 * HOUR - 1000 }));
    assert.equal(expired.error, CONNECT_ERRORS.timestamp);
    // Expired and badly signed: the signature comes first.
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms - 4 * HOUR, appSecret: 'x' }))).error, CONNECT_ERRORS.signature);
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms - 3 * HOUR + 60_000 }))).status, 200, 'just under 3 hours is fine');
    const once = link(sb, 'bill', { nonce: 'fixed-nonce' });
    assert.equal((await open(once)).status, 200);
    const replay = await open(once);
    assert.equal(replay.status, 400);
    assert.match(replay.error!, /Nonce has already been used/);
    sb.clock.ms += 3 * HOUR + 1000;
    assert.equal((await open(link(sb, 'bill', { nonce: 'fixed-nonce' }))).status, 200, 'a nonce may be reused after 3 hours');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://evil.example/return' }))).error, CONNECT_ERRORS.redirect);
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'http://merchant.example/return' }))).error, CONNECT_ERRORS.redirect, 'scheme differs');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://merchant.example:8443/return' }))).error, CONNECT_ERRORS.redirect, 'port differs');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://merchant.example/other/path' }))).status, 200, 'only scheme, host and port must match');
    assert.match((await open(link(sb, 'bill', { cancelUri: 'https://evil.example/c' }))).error!, /Cancel uri does not match/);
  });

  it('refuses a link whose signature is missing or given twice', async () => {
    // Spec, Connect parameters: "signature — required Generated from the request prams according to the signature guide".
    const signed = new URL(link(sb, 'bill'));
    const signature = signed.searchParams.get('signature')!;
    assert.equal((await open(signed.href)).status, 200, 'the link as built is accepted');

    const removed = new URL(link(sb, 'bill'));
    removed.searchParams.delete('signature');
    const r = await open(removed.href);
    assert.deepEqual([r.status, r.error], [400, CONNECT_ERRORS.signature], 'a link without its signature is refused');

    // Twice, whatever the other copy holds: one value must be checked, not "any of them".
    for (const other of ['same', 'garbage-first', 'garbage-last'] as const) {
      const twice = new URL(link(sb, 'bill'));
      const own = twice.searchParams.get('signature')!;
      twice.searchParams.delete('signature');
      const values = other === 'same' ? [own, own] : other === 'garbage-first' ? ['0'.repeat(64), own] : [own, '0'.repeat(64)];
      for (const v of values) twice.searchParams.append('signature', v);
      const t = await open(twice.href);
      assert.deepEqual([t.status, t.error], [400, CONNECT_ERRORS.signature], `signature given twice (${other}) is refused`);
    }
    assert.match(signature, /^[0-9a-f]{64}$/);
  });

  it('the links module\'s testConnectLink reads the sandbox\'s verdicts', async () => {
    const url = link(sb, 'bill', { nonce: 'once' });
    assert.equal((await testConnectLink({ url })).outcome, 'accepted');
    const replay = await testConnectLink({ url });
    assert.deepEqual([replay.outcome, replay.cause], ['rejected', 'nonce']);
    const bad = await testConnectLink({ url: link(sb, 'bill', { appSecret: 'not it' }), appSecret: sb.credentials.app_secret });
    assert.deepEqual([bad.outcome, bad.cause, bad.message], ['rejected', 'signature', CONNECT_ERRORS.signature]);
    assert.ok(bad.diagnosis);
  });

  it('cancel_uri is refused when none is registered', async () => {
    await sb.dispose();
    sb = await startTestSandbox();
    assert.match((await open(link(sb, 'bill', { cancelUri: 'https://merchant.example/c' }))).error!, /Cancel uri does not match/);
  });

  it('wrong bank details show a readable error and keep the page usable', async () => {
    const page = await open(link(sb, 'bill'));
    const wrong = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER, account_number: '12345678' });
    assert.equal(wrong.status, 422);
    const html = await wrong.text();
    assert.match(html, /Those bank details were not accepted/);
    assert.match(html, /value="12345678"/);
    const ok = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER, sort_code: '200000' });
    assert.equal(ok.status, 302);
    const again = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
    assert.equal(again.status, 400, 'a page token is single-use');
  });

  it('a forged submission without the page token is refused', async () => {
    const res = await submit(sb, '/connect/pay', { token: 'guessed', ...PAYER });
    assert.equal(res.status, 400);
  });

  it('cancel goes to the cancel_uri', async () => {
    const page = await open(link(sb, 'subscription', { cancelUri: 'https://merchant.example/cancelled?x=1' }));
    const res = await submit(sb, '/connect/cancel', { token: page.token! });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://merchant.example/cancelled?x=1');
  });

  it('unconfirmed resources disappear after the TTL on the sandbox clock', async () => {
    const page = await open(link(sb, 'subscription'));
    const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
    const id = verifyRedirect(res.headers.get('location')!, sb.credentials.app_secret).resource.resource_id;
    assert.equal((await api(sb, `/api/v1/subscriptions/${id}`)).status, 200);
    const report = await sb.advanceClock(HOUR + 1000);
    assert.equal(report.removedUnconfirmed, 1);
    assert.equal((await api(sb, `/api/v1/subscriptions/${id}`)).status, 404);
    await assert.rejects(
      confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: 'subscription' }),
      (e: Error & { status?: number }) => e.status === 404,
    );
  });

  it('bad resource params are refused with the field named', async () => {
    // The link builder refuses this, so sign by hand with core signing.
    const params = {
      client_id: sb.credentials.app_id, nonce: 'n1', timestamp: new Date(sb.clock.ms).toISOString(),
      subscription: { merchant_id: sb.credentials.merchant_id, amount: '5', interval_length: '1', interval_unit: 'fortnight' },
    };
    const query = normalizePairs([...flattenParams(params), ['signature', signParams(params, sb.credentials.app_secret).signature]]);
    const page = await open(`${sb.url}/connect/subscriptions/new?${query}`);
    assert.equal(page.status, 400);
    assert.match(page.error!, /subscription\[interval_unit\] must be day, week or month/);
  });
});
