import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConnectLink, confirmResource, verifyRedirect, type ConnectLinkOptions } from '../../../src/core/links';
import { testConnectLink } from '../../../src/core/links/testConnectLink';
import { CONNECT_ERRORS, SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE, TIMESTAMP_AHEAD } from '../../../src/core/sandbox';
import type { ConnectResourceType } from '../../../src/core/api/models';
import { flattenParams, normalizePairs, signParams, type SignableParams } from '../../../src/core/signing';
import { CONNECT_CLOCK_SKEW_MS } from '../../../src/core/validation';
import { api, startTestSandbox } from './sandboxFixtures';
import { authorizeExistingMerchant } from './oauthSteps';

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
    // "The request must hit our server within 3 hours of this timestamp", with the documented 2-minute skew margin.
    const expired = await open(link(sb, 'bill', { clock: () => sb.clock.ms - 3 * HOUR - CONNECT_CLOCK_SKEW_MS - 1000 }));
    assert.equal(expired.error, CONNECT_ERRORS.timestamp);
    // Expired and badly signed: the signature comes first.
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms - 4 * HOUR, appSecret: 'x' }))).error, CONNECT_ERRORS.signature);
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms - 3 * HOUR + 60_000 }))).status, 200, 'just under 3 hours is fine');
    const once = link(sb, 'bill', { nonce: 'fixed-nonce' });
    assert.equal((await open(once)).status, 200);
    const replay = await open(once);
    assert.equal(replay.status, 400);
    assert.match(replay.error!, /Nonce has already been used/);
    // The nonce is remembered until its own link can no longer be opened (3 hours and the skew margin), then freed.
    sb.clock.ms += 3 * HOUR + 1000;
    assert.equal((await open(once)).status, 400, 'the same link inside its skew margin is still a replay');
    sb.clock.ms += CONNECT_CLOCK_SKEW_MS;
    assert.equal((await open(link(sb, 'bill', { nonce: 'fixed-nonce' }))).status, 200, 'a nonce may be reused after 3 hours');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://evil.example/return' }))).error, CONNECT_ERRORS.redirect);
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'http://merchant.example/return' }))).error, CONNECT_ERRORS.redirect, 'scheme differs');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://merchant.example:8443/return' }))).error, CONNECT_ERRORS.redirect, 'port differs');
    assert.equal((await open(link(sb, 'bill', { redirectUri: 'https://merchant.example/other/path' }))).status, 200, 'only scheme, host and port must match');
    assert.match((await open(link(sb, 'bill', { cancelUri: 'https://evil.example/c' }))).error!, /Cancel uri does not match/);
  });

  it('timestamps (issue 17 item 4): "within 3 hours of this timestamp" either side, "UTC … e.g. 2011-01-01T12:00:00Z" as an instant', async () => {
    const edge = 3 * HOUR + CONNECT_CLOCK_SKEW_MS;
    const ahead = await open(link(sb, 'bill', { clock: () => sb.clock.ms + edge + 1000 }));
    assert.equal(ahead.status, 400);
    assert.equal(ahead.error, TIMESTAMP_AHEAD, 'a link stamped more than 3 hours ahead is refused, not kept alive for 6 hours');
    assert.match(ahead.html, /3 hours either side/);
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms + edge - 1000 }))).status, 200, 'just inside the window ahead');
    assert.equal((await open(link(sb, 'bill', { clock: () => sb.clock.ms - edge + 1000 }))).status, 200, 'just inside the window behind');
    // "UTC" names the instant: …Z, …+00:00 and an offset naming the same moment are all read (issue 23).
    const t = new Date(sb.clock.ms).toISOString().slice(0, 19);
    for (const timestamp of [`${t}Z`, `${t}+00:00`, `${t}.500Z`, new Date(sb.clock.ms + HOUR).toISOString().slice(0, 19) + '+01:00']) {
      assert.equal((await open(link(sb, 'bill', { timestamp }))).status, 200, timestamp);
    }
    // Local time in a zone 5 hours ahead, written as if it were UTC, is 5 hours ahead and refused.
    assert.equal((await open(link(sb, 'bill', { timestamp: new Date(sb.clock.ms + 5 * HOUR).toISOString().slice(0, 19) + 'Z' }))).error, TIMESTAMP_AHEAD);
    // The link builder refuses an unreadable timestamp, so sign by hand with core signing.
    const params = { client_id: sb.credentials.app_id, nonce: 'n-unreadable', timestamp: 'yesterday', bill: { merchant_id: sb.credentials.merchant_id, amount: '5' } };
    const query = normalizePairs([...flattenParams(params), ['signature', signParams(params, sb.credentials.app_secret).signature]]);
    const unreadable = await open(`${sb.url}/connect/bills/new?${query}`);
    assert.equal(unreadable.status, 400);
    assert.match(unreadable.error!, /Timestamp is invalid.*2011-01-01T12:00:00Z.*"yesterday"/);
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

  it('shows every user[…] prefill, billing_address2 and country_code included, as text', async () => {
    // The spec's "Billing information" user object: first_name, last_name, company_name, email,
    // billing_address1, billing_address2, billing_town, billing_postcode, country_code.
    const user = {
      first_name: 'Alasdair', last_name: 'Monk', company_name: 'GoCardless <Ltd>', email: 'al@example.com',
      billing_address1: '22-25 Finsbury Square', billing_address2: 'Royal London House', billing_town: 'London',
      billing_county: 'Greater London', billing_postcode: 'E84DQ', country_code: 'GB',
    };
    const page = await open(link(sb, 'bill', {}, { user }));
    assert.equal(page.status, 200, page.error ?? '');
    for (const [name, value] of Object.entries(user)) {
      assert.match(page.html, new RegExp(`name="${name}" value="${value.replace('<', '&lt;').replace('>', '&gt;')}"`), name);
    }
    const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER, billing_address2: 'Royal London House', country_code: 'GB' });
    assert.equal(res.status, 302);
  });

  it('shows a pre-authorization\'s variable amount, or "Direct Debit payments" when the merchant hides it', async () => {
    // The spec's "Variable payments": "With this option enabled, when setting up a pre-authorization the
    // customer will not be shown the maximum amount, but rather they will authorise for "Direct Debit payments"."
    const shown = await open(link(sb, 'pre_authorization'));
    assert.match(shown.html, /<p class="amount">Variable payments: up to £70\.00 every month<\/p>/);
    sb.setMerchantSettings({ hide_variable_amount: true });
    const hidden = await open(link(sb, 'pre_authorization'));
    assert.match(hidden.html, /<p class="amount">Direct Debit payments<\/p>/);
    assert.doesNotMatch(hidden.html, /70\.00/, 'no maximum amount anywhere on the page');
    const merchant = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}`)).json as { hide_variable_amount: boolean };
    assert.equal(merchant.hide_variable_amount, true, 'the API shows the option, as the spec\'s merchant example does');
    assert.match((await open(link(sb, 'subscription'))).html, /£44\.00 every month/, 'subscriptions are fixed amounts, always shown');
  });

  it('takes another currency only from a merchant set up for international payments', async () => {
    // The spec: "If your account has been set up to accept international payments (see gocardless.com/europe),
    // you will be able to supply a currency for your payment." … "GBP: £ British Pound Sterling (default)"
    const refused = await open(link(sb, 'subscription', {}, { currency: 'EUR' }));
    assert.equal(refused.status, 400);
    assert.equal(refused.error, 'subscription[currency] EUR is not available: this merchant account has not been set up to accept international payments, so it can only take GBP');
    assert.equal((await open(link(sb, 'bill', {}, { currency: 'GBP' }))).status, 200, 'GBP, the default, is always accepted');

    const international = sb.merchants().find((m) => m.international_payments);
    assert.ok(international, 'one seeded merchant accepts international payments');
    assert.equal(international.name, 'Maison Dubois');
    const page = await open(link(sb, 'bill', {}, { currency: 'EUR', merchant_id: international.id }));
    assert.equal(page.status, 200, page.error ?? '');
    assert.match(page.html, /€10\.00/);
    const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
    const id = verifyRedirect(res.headers.get('location')!, sb.credentials.app_secret).resource.resource_id;
    await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: 'bill' });
    const { token } = await authorizeExistingMerchant(sb, international.id);
    assert.equal(((await api(sb, `/api/v1/bills/${id}`, { token })).json as { currency: string }).currency, 'EUR');

    // The switch is the merchant's: turned on for the default merchant, EUR links work there too.
    sb.setMerchantSettings({ international_payments: true });
    assert.equal((await open(link(sb, 'pre_authorization', {}, { currency: 'EUR' }))).status, 200);
  });

  it('the default merchant\'s seeded data is GBP only; the international merchant\'s has EUR', async () => {
    for (const kind of ['bills', 'subscriptions', 'pre_authorizations']) {
      const records = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/${kind}`)).json as Array<{ currency: string }>;
      assert.ok(records.length > 0 && records.every((r) => r.currency === 'GBP'), kind);
    }
    const international = sb.merchants().find((m) => m.international_payments)!;
    const { token } = await authorizeExistingMerchant(sb, international.id);
    const bills = (await api(sb, `/api/v1/merchants/${international.id}/bills`, { token })).json as Array<{ currency: string }>;
    assert.ok(bills.some((b) => b.currency === 'EUR') && bills.some((b) => b.currency === 'GBP'));
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

/** A link signed by hand with core signing, for what the link builder refuses to build. */
function signedLink(sb: TestSandbox, type: ConnectResourceType, params: SignableParams): string {
  const query = normalizePairs([...flattenParams(params), ['signature', signParams(params, sb.credentials.app_secret).signature]]);
  return `${sb.url}/connect/${type}s/new?${query}`;
}

/** The page's dt/dd pairs, as text. */
function detailList(html: string): Array<[string, string]> {
  const dl = /<dl>(.*?)<\/dl>/s.exec(html)![1]!;
  assert.match(dl, /^(<dt>[^<]*<\/dt><dd>[^<]*<\/dd>)*$/, 'the list holds only label and value pairs');
  return [...dl.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1]!, m[2]!]);
}

/** The error page's message and advice paragraphs. */
function refusal(html: string): string[] {
  return [...html.matchAll(/<p class="(?:error|muted)"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]!);
}

describe('sandbox Connect flow: the payment page and its answers', () => {
  let sb: TestSandbox;
  const DAY = 24 * HOUR;
  beforeEach(async () => {
    sb = await startTestSandbox({ cancelUri: 'https://merchant.example/cancelled' });
  });
  afterEach(() => sb.dispose());

  const base = (nonce: string): SignableParams => ({ client_id: sb.credentials.app_id, nonce, timestamp: new Date(sb.clock.ms).toISOString() });

  it('answers GET and HEAD on the three link paths, POST on pay and cancel; other requests are 404', async () => {
    const head = await fetch(link(sb, 'bill'), { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'text/html; charset=utf-8');
    for (const [method, path] of [['POST', '/connect/bills/new'], ['GET', '/connect/cancel'], ['GET', '/connect/pay'], ['POST', '/connect/other'], ['GET', '/connect/other']] as const) {
      const res = await fetch(`${sb.url}${path}`, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: [`No such endpoint: ${method} ${path}.`] });
    }
  });

  it('refuses a link without a timestamp or without a nonce, saying what to send', async () => {
    // The spec: "timestamp required UTC date and time in ISO 8601 format, e.g. 2011-01-01T12:00:00Z";
    // "nonce required A random string to ensure the uniqueness of each request".
    const bill = { merchant_id: sb.credentials.merchant_id, amount: '5.00' };
    const noTimestamp = await open(signedLink(sb, 'bill', { client_id: sb.credentials.app_id, nonce: 'n-1', bill }));
    assert.equal(noTimestamp.status, 400);
    assert.equal(noTimestamp.error, 'Timestamp is invalid: give the UTC time the link was made, in ISO 8601 such as 2011-01-01T12:00:00Z (got none)');
    const { nonce: _, ...noNonce } = base('unused');
    const missing = await open(signedLink(sb, 'bill', { ...noNonce, bill }));
    assert.equal(missing.error, 'Nonce is missing: every link needs a fresh random nonce');
  });

  it('a refusal without advice ends the page with its message; one with advice says what to do', async () => {
    const once = link(sb, 'bill', { nonce: 'twice' });
    await open(once);
    const replay = await open(once);
    assert.deepEqual(refusal(replay.html), ['Nonce has already been used: each link may be opened once within 3 hours']);
    assert.ok(replay.html.includes('Nonce has already been used: each link may be opened once within 3 hours</p></main>'), 'the message ends the page');
    const client = await open(link(sb, 'bill', { appId: 'WRONG' }));
    assert.deepEqual(refusal(client.html), [CONNECT_ERRORS.client, 'The client_id (app ID) is not this sandbox&#39;s: copy the app ID printed by `gcdev sandbox` or shown in the extension.']);
  });

  it('lists every problem with the resource params, joined by "; "', async () => {
    const page = await open(signedLink(sb, 'subscription', { ...base('n-2'), subscription: { merchant_id: sb.credentials.merchant_id, amount: '5', interval_length: '0', interval_unit: 'fortnight' } }));
    assert.equal(page.error, 'subscription[interval_unit] must be day, week or month; subscription[interval_length] must be a whole number greater than 0');
  });

  it('titles the page by type and names the button for it', async () => {
    const buttons: Array<[ConnectResourceType, string, string]> = [
      ['bill', 'One-off payment', 'Pay £10.00'], ['subscription', 'Set up a subscription', 'Set up Direct Debit'],
      ['pre_authorization', 'Set up a Direct Debit pre-authorization', 'Set up Direct Debit'],
    ];
    for (const [type, title, button] of buttons) {
      const { html } = await open(link(sb, type));
      assert.ok(html.includes(`<h1>${title}</h1>`), type);
      assert.ok(html.includes(`<button class="primary" type="submit">${button}</button>`), type);
    }
  });

  it('shows a subscription\'s details, dates as days: pay to, for, details, currency, setup fee, first payment, until', async () => {
    // The spec: "subscription [start_at] The date the first bill will be created on"; "subscription [expires_at]
    // Date the subscription expires"; "subscription [setup_fee] A one-off amount to add to the beginning of the subscription".
    const page = await open(link(sb, 'subscription', {}, {
      name: 'Gold', description: 'Monthly gold plan', setup_fee: '25.00', start_at: '2026-02-01T09:30:00Z', expires_at: '2026-12-31T18:00:00Z',
    }));
    assert.equal(page.status, 200, page.error ?? '');
    assert.deepEqual(detailList(page.html), [
      ['Pay to', 'Tom&#39;s Magazine'], ['For', 'Gold'], ['Details', 'Monthly gold plan'], ['Currency', 'GBP'], ['Setup fee', '£25.00'],
      ['First payment', '2026-02-01'], ['Until', '2026-12-31'],
    ]);
  });

  it('shows interval_count as the number of payments (subscription) or intervals (pre-authorization), and no end without one', async () => {
    // The spec: "subscription [interval_count] Calculates the expires_at date based on the number of payments that you
    // would like to collect"; "pre_authorization [interval_count] … based on the number of payment intervals".
    assert.deepEqual(detailList((await open(link(sb, 'subscription', {}, { name: 'Gold', interval_count: 12 }))).html).at(-1), ['Until', '12 payments']);
    assert.deepEqual(detailList((await open(link(sb, 'pre_authorization', {}, { name: 'Gold', interval_count: 3 }))).html).at(-1), ['Until', '3 intervals']);
    assert.equal((await open(link(sb, 'subscription', {}, { interval_count: 1 }))).status, 200, 'a single payment is a count too');
    assert.deepEqual(detailList((await open(link(sb, 'subscription', {}, { name: 'Gold' }))).html).map(([k]) => k), ['Pay to', 'For', 'Currency']);
  });

  it('asks for every detail in a labelled field with its autocomplete; the names, email and bank details are required', async () => {
    const page = await open(link(sb, 'bill', {}, { user: undefined }));
    const fields: Array<[string, string, string, boolean]> = [
      ['first_name', 'First name', 'given-name', true], ['last_name', 'Last name', 'family-name', true], ['email', 'Email', 'email', true],
      ['company_name', 'Company (optional)', 'organization', false], ['billing_address1', 'Address', 'address-line1', false],
      ['billing_address2', 'Address line 2', 'address-line2', false], ['billing_town', 'Town', 'address-level2', false],
      ['billing_county', 'County', 'address-level1', false], ['billing_postcode', 'Postcode', 'postal-code', false],
      ['country_code', 'Country code', 'country', false], ['account_number', 'Account number', 'off', true], ['sort_code', 'Sort code', 'off', true],
    ];
    for (const [name, label, autocomplete, required] of fields) {
      const markup = `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="" autocomplete="${autocomplete}"${required ? ' required' : ''}></div>`;
      assert.ok(page.html.includes(markup), name);
    }
  });

  it('refuses a submission from a page that expired or was used, saying to open the link again', async () => {
    for (const path of ['/connect/pay', '/connect/cancel']) {
      const res = await submit(sb, path, { token: 'guessed', ...PAYER });
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('x-gocardless-error'), 'This payment page has expired or was already used');
      assert.deepEqual(refusal(await res.text()), ['This payment page has expired or was already used', 'Open the payment link again.']);
    }
  });

  it('asks for each missing detail by name, and for a valid email', async () => {
    const page = await open(link(sb, 'bill'));
    for (const [form, message] of [
      [{ first_name: ' ' }, 'Please enter your first name.'], [{ last_name: '' }, 'Please enter your last name.'],
      [{ email: '' }, 'Please enter your email.'], [{ email: 'al@example' }, 'Please enter a valid email address.'],
    ] as const) {
      const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER, ...form });
      assert.equal(res.status, 422, message);
      const html = await res.text();
      assert.ok(html.includes(`<p class="error" role="alert">${message}</p>`), message);
      assert.ok(html.includes(`name="token" value="${page.token!}"`), 'the same page, still usable');
    }
  });

  it('without a registered redirect URI, shows the signed parameters the site would receive', async () => {
    await sb.dispose();
    sb = await startTestSandbox({ redirectUri: undefined });
    const page = await open(link(sb, 'pre_authorization', { state: 'order-7' }));
    const res = await submit(sb, '/connect/pay', { token: page.token!, ...PAYER });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes('<title>Payment set up</title>'), 'titled "Payment set up"');
    assert.ok(html.includes('<h1>Thank you</h1><p>The pre-authorization was set up. No redirect URI is registered, so here are the parameters your site would receive:</p>'), 'says what was set up, the type in words');
    assert.match(html, /<dl>(<dt>[^<]*<\/dt><dd><code>[^<]*<\/code><\/dd>)+<\/dl>/, 'the list holds only name and value pairs');
    const params = Object.fromEntries([...html.matchAll(/<dt>([^<]*)<\/dt><dd><code>([^<]*)<\/code><\/dd>/g)].map((m) => [m[1]!, m[2]!]));
    assert.deepEqual(Object.keys(params), ['resource_id', 'resource_type', 'resource_uri', 'state', 'signature']);
    assert.equal(params['resource_type'], 'pre_authorization');
    assert.equal(params['state'], 'order-7');
    const { signature, ...signed } = params;
    // "Checking the signature": the redirect's parameters other than signature, signed with the app secret.
    assert.equal(signature, signParams(signed, sb.credentials.app_secret).signature);
  });

  it('cancel ends the page, answers uncached, and without a cancel URI says nothing was set up', async () => {
    const page = await open(link(sb, 'bill'));
    const res = await submit(sb, '/connect/cancel', { token: page.token! });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal((await submit(sb, '/connect/cancel', { token: page.token! })).status, 400, 'a cancelled page is gone');
    assert.equal((await submit(sb, '/connect/pay', { token: page.token!, ...PAYER })).status, 400, 'and cannot pay');

    await sb.dispose();
    sb = await startTestSandbox();
    const other = await open(link(sb, 'bill'));
    const cancelled = await submit(sb, '/connect/cancel', { token: other.token! });
    assert.equal(cancelled.status, 200);
    const html = await cancelled.text();
    assert.ok(html.includes('<title>Cancelled</title>'), 'titled "Cancelled"');
    assert.ok(html.includes('<h1>Payment cancelled</h1><p>Nothing was set up. You can close this page.</p>'), 'says nothing was set up');
  });

  it('an empty interval_count, currency, setup_fee, expires_at or start_at is refused with the field named', async () => {
    // The spec: interval_count "Must be a positive integer greater than 0"; the dates "Should be ISO8601 format".
    const sub = { merchant_id: sb.credentials.merchant_id, amount: '5.00', interval_length: '1', interval_unit: 'month' };
    const cases: Array<[string, string]> = [
      ['interval_count', 'subscription[interval_count] must be a positive integer greater than 0'],
      ['currency', 'subscription[currency] must be GBP or EUR'],
      ['setup_fee', 'subscription[setup_fee] must be an amount such as 25.00'],
      ['expires_at', 'subscription[expires_at] must be an ISO 8601 date or date-time'], ['start_at', 'subscription[start_at] must be an ISO 8601 date or date-time'],
    ];
    for (const [key, message] of cases) {
      const page = await open(signedLink(sb, 'subscription', { ...base(`empty-${key}`), subscription: { ...sub, [key]: '' } }));
      assert.equal(page.status, 400, key);
      assert.ok(page.error!.startsWith(message), `${key}: ${page.error}`);
    }
  });

  it('an amount the field checks pass but the sandbox cannot hold (spaces, more than 9 digits) is refused as such, not as missing', async () => {
    for (const amount of [' 10.00', '1234567890']) {
      const page = await open(signedLink(sb, 'bill', { ...base(`amount-${amount}`), bill: { merchant_id: sb.credentials.merchant_id, amount } }));
      assert.equal(page.status, 400, amount);
      assert.equal(page.error, 'bill[amount] must be an amount such as 10.00: digits without spaces, at most 9 before the point', amount);
    }
  });

  it('dates must be after the sandbox clock, which may be ahead of the link\'s timestamp', async () => {
    // The spec, subscription [start_at]: "Note that it needs to be in the future".
    await sb.advanceClock(2 * DAY);
    const now = sb.now().getTime();
    const iso = (ms: number): string => new Date(ms).toISOString();
    const sub = { merchant_id: sb.credentials.merchant_id, amount: '5.00', interval_length: '1', interval_unit: 'month' };
    const at = async (key: string, ms: number): Promise<{ status: number; error: string | null }> =>
      open(signedLink(sb, 'subscription', { ...base(`${key}-${ms}`), subscription: { ...sub, [key]: iso(ms) } }));
    assert.deepEqual(await at('expires_at', now).then((p) => [p.status, p.error]), [400, 'subscription[expires_at] must be in the future']);
    assert.equal((await at('expires_at', now + 1000)).status, 200);
    assert.deepEqual(await at('start_at', now).then((p) => [p.status, p.error]), [400, 'subscription[start_at] must be in the future']);
    assert.equal((await at('start_at', now + 1000)).status, 200);
  });

  it('a paid bill is not a setup fee, and the payer\'s details are stored trimmed, without the blank ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gc-connect-'));
    try {
      await sb.dispose();
      sb = await startTestSandbox({ dataDir: dir });
      const page = await open(link(sb, 'bill'));
      const res = await submit(sb, '/connect/pay', {
        token: page.token!, ...PAYER, first_name: ' Alasdair ', last_name: ' Monk ', email: ' al@example.com ', billing_town: 'London', billing_county: '', company_name: 'Tennis Ltd',
      });
      const id = verifyRedirect(res.headers.get('location')!, sb.credentials.app_secret).resource.resource_id;
      await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType: 'bill' });
      const bill = (await api(sb, `/api/v1/bills/${id}`)).json as { is_setup_fee: boolean; user_id: string };
      assert.equal(bill.is_setup_fee, false);
      await sb.dispose();
      const saved = JSON.parse(await readFile(join(dir, 'sandbox-state.json'), 'utf8')) as { users: Array<{ id: string; firstName: string; lastName: string; email: string; details: Record<string, string> }> };
      const user = saved.users.find((u) => u.id === bill.user_id)!;
      assert.deepEqual([user.firstName, user.lastName, user.email], ['Alasdair', 'Monk', 'al@example.com']);
      assert.deepEqual(user.details, { company_name: 'Tennis Ltd', billing_town: 'London' });
      sb = await startTestSandbox();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
