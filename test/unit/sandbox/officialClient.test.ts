import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startSandbox, SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE, type RunningSandbox } from '../../../src/core/sandbox';

/**
 * The official Node client (gocardless@1.0.0-beta6, callback style, on the
 * `request` library) pointed at the sandbox through its lib/client `baseUrl`.
 */
interface OfficialResponse { statusCode: number }
type Callback = (err: Error | null, res: OfficialResponse, body: unknown) => void;
interface OfficialClient {
  merchant: { getSelf(cb: Callback): void };
  bill: { index(params: Record<string, string>, cb: Callback): void; create(params: Record<string, string>, cb: Callback): void; retry(params: { id: string }, cb: Callback): void; newUrl(params: Record<string, unknown>): string };
  subscription: { cancel(params: { id: string }, cb: Callback): void; newUrl(params: Record<string, unknown>): string };
  preAuthorization: { index(params: Record<string, string>, cb: Callback): void; cancel(params: { id: string }, cb: Callback): void; newUrl(params: Record<string, unknown>): string };
  confirmResource(params: Record<string, string>, cb: Callback): void;
  webhookValid(params: { payload: unknown }): boolean;
}

const requireFromHere = createRequire(__filename);
const OfficialClientClass = requireFromHere('gocardless/lib/client') as new (config: Record<string, string>) => OfficialClient;

function call<T>(fn: (cb: Callback) => void): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    fn((err, res, body) => {
      if (err) return reject(err);
      resolve({ status: res.statusCode, body: (typeof body === 'string' ? JSON.parse(body) : body) as T });
    });
  });
}

/** Opens a link as the customer would, pays with the sandbox bank details, returns the redirect's query. */
async function payThrough(sb: RunningSandbox, url: string): Promise<Record<string, string>> {
  const page = await fetch(url);
  const html = await page.text();
  assert.equal(page.status, 200, page.headers.get('x-gocardless-error') ?? html.slice(0, 300));
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(`${sb.url}/connect/pay`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, first_name: 'Frank', last_name: 'Smith', email: 'frank@example.com', account_number: SANDBOX_ACCOUNT_NUMBER, sort_code: SANDBOX_SORT_CODE }).toString(),
  });
  assert.equal(res.status, 302);
  return Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
}

describe('the official gocardless@1.0.0-beta6 client against the sandbox', () => {
  let sb: RunningSandbox;
  let client: OfficialClient;
  const hooks: string[] = [];
  before(async () => {
    // The official client stamps links with the real clock, so this sandbox runs on it too.
    sb = await startSandbox({ seed: 3, redirectUri: 'https://merchant.example/confirm' });
    client = new OfficialClientClass({
      baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret,
      token: sb.credentials.access_token, merchantId: sb.credentials.merchant_id,
    });
    sb.onWebhookDelivery((d) => hooks.push(d.body));
  });
  after(() => sb.dispose());

  it('finds the merchant', async () => {
    const r = await call<{ id: string; name: string }>((cb) => client.merchant.getSelf(cb));
    assert.equal(r.status, 200);
    assert.equal(r.body.id, sb.credentials.merchant_id);
  });

  it('lists bills, with filters and pagination', async () => {
    const all = await call<Array<{ id: string; status: string }>>((cb) => client.bill.index({}, cb));
    assert.equal(all.status, 200);
    assert.ok(all.body.length > 10);
    const paid = await call<Array<{ status: string }>>((cb) => client.bill.index({ paid: 'true', per_page: '5', page: '1' }, cb));
    assert.equal(paid.body.length, 5);
    assert.ok(paid.body.every((b) => b.status === 'paid' || b.status === 'withdrawn'));
  });

  it('confirms a pre-authorization from a link it signed, creates a bill under it, cancels it', async () => {
    const url = client.preAuthorization.newUrl({ max_amount: '100.00', interval_length: 1, interval_unit: 'month', name: 'Court hire', user: { first_name: 'Frank', email: 'frank@example.com' }, state: 'abc' });
    assert.ok(url.startsWith(`${sb.url}/connect/pre_authorizations/new?`));
    const redirect = await payThrough(sb, url);
    assert.equal(redirect['state'], 'abc');
    const confirmed = await call<{ success: boolean }>((cb) => client.confirmResource(redirect, cb));
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.success, true);

    const bill = await call<{ id: string; amount: string; source_id: string; status: string }>((cb) =>
      client.bill.create({ amount: '12.50', pre_authorization_id: redirect['resource_id']!, name: 'March' }, cb));
    assert.equal(bill.status, 201);
    assert.equal(bill.body.source_id, redirect['resource_id']);
    assert.equal(bill.body.amount, '12.50');
    const tooMuch = await call<{ error: string[] }>((cb) => client.bill.create({ amount: '90.00', pre_authorization_id: redirect['resource_id']! }, cb));
    assert.equal(tooMuch.status, 422);
    assert.match(tooMuch.body.error[0]!, /remaining amount/);

    const cancelled = await call<{ status: string }>((cb) => client.preAuthorization.cancel({ id: redirect['resource_id']! }, cb));
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
  });

  it('retries a failed bill', async () => {
    const failed = await call<Array<{ id: string }>>((cb) => client.bill.index({ status: 'failed' }, cb));
    const r = await call<{ status: string }>((cb) => client.bill.retry({ id: failed.body[0]!.id }, cb));
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'pending');
    const again = await call<{ error: string[] }>((cb) => client.bill.retry({ id: failed.body[0]!.id }, cb));
    assert.equal(again.status, 422);
  });

  it('confirms a one-off bill and a subscription from links it signed, then cancels the subscription', async () => {
    const billRedirect = await payThrough(sb, client.bill.newUrl({ amount: '10.00', name: 'my first payment' }));
    assert.equal((await call<{ success: boolean }>((cb) => client.confirmResource(billRedirect, cb))).body.success, true);
    const subRedirect = await payThrough(sb, client.subscription.newUrl({ amount: '44.00', interval_length: 1, interval_unit: 'month', name: 'Gold membership' }));
    await call((cb) => client.confirmResource(subRedirect, cb));
    const r = await call<{ status: string }>((cb) => client.subscription.cancel({ id: subRedirect['resource_id']! }, cb));
    assert.equal(r.body.status, 'cancelled');
    // Its cancellation webhook verifies with the official client's own check.
    const body = hooks.find((h) => h.includes('"subscription"') && h.includes(subRedirect['resource_id']!));
    assert.ok(body);
    assert.equal(client.webhookValid(JSON.parse(body) as { payload: unknown }), true);
  });

  it('refuses a tampered redirect before confirming (the client checks our signature)', async () => {
    const redirect = await payThrough(sb, client.bill.newUrl({ amount: '3.00' }));
    await assert.rejects(call((cb) => client.confirmResource({ ...redirect, resource_id: 'SOMETHINGELSE' }, cb)), /tampered/);
  });
});
