import assert from 'node:assert/strict';
import { buildConnectLink, confirmResource, verifyRedirect } from '../../../src/core/links';
import { SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE, RETRY_DELAYS_MS } from '../../../src/core/sandbox';
import { diagnoseWebhookBody } from '../../../src/core/webhooks/diagnoseWebhookBody';
import type { ConnectResourceParams } from '../../../src/core/validation';
import type { ConnectResourceType } from '../../../src/core/api/models';
import { api, asBills, errorMessage, startReceiver, startTestSandbox, waitForDelivery, type BillJson, type WebhookReceiver } from './sandboxFixtures';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
const DAY = 86_400_000;

/** Sets up and confirms a resource through the real Connect pages; returns its id. */
async function viaConnect(sb: TestSandbox, resourceType: ConnectResourceType, resource: Omit<ConnectResourceParams, 'merchant_id'>): Promise<string> {
  const url = buildConnectLink({
    resourceType, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
    resource: { merchant_id: sb.credentials.merchant_id, ...resource }, clock: () => sb.clock.ms,
  }).url;
  const html = await (await fetch(url)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, html);
  const res = await fetch(`${sb.url}/connect/pay`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, first_name: 'Isla', last_name: 'Patel', email: 'isla@example.com', account_number: SANDBOX_ACCOUNT_NUMBER, sort_code: SANDBOX_SORT_CODE }).toString(),
  });
  const id = verifyRedirect(res.headers.get('location')!, sb.credentials.app_secret).resource.resource_id;
  await confirmResource({ baseUrl: sb.url, appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, resourceId: id, resourceType });
  return id;
}

function payloadOf(body: string): Record<string, unknown> {
  return (JSON.parse(body) as { payload: Record<string, unknown> }).payload;
}

describe('sandbox money lifecycle and webhooks', () => {
  let sb: TestSandbox;
  let receiver: WebhookReceiver;
  let m: string;
  beforeEach(async () => {
    receiver = await startReceiver();
    sb = await startTestSandbox({ webhookUrl: receiver.url, webhookRetryScale: 1e-6 });
    m = sb.credentials.merchant_id;
  });
  afterEach(async () => {
    await sb.dispose();
    await receiver.close();
  });

  it('a bill goes pending → paid → withdrawn into a payout, with balances kept consistent and signed webhooks', async () => {
    const pre = await viaConnect(sb, 'pre_authorization', { max_amount: '500.00', interval_length: 1, interval_unit: 'month' });
    const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '120.00', pre_authorization_id: pre } } });
    const second = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '30.00', pre_authorization_id: pre } } });
    const ids = [(created.json as BillJson).id, (second.json as BillJson).id];
    const before = (await api(sb, `/api/v1/merchants/${m}`)).json as { pending_balance: string };
    assert.ok(Number(before.pending_balance) >= 148.5);

    const report = await sb.advanceClock(4 * DAY);
    assert.ok(report.billsPaid >= 2);
    const paidHook = await waitForDelivery(sb, (d) => d.action === 'paid' && d.state === 'delivered' && d.body.includes(ids[0]!));
    const payload = payloadOf(paidHook.body);
    const bills = payload['bills'] as Array<{ id: string; status: string; paid_at: string }>;
    assert.deepEqual(bills.map((b) => b.id).filter((id) => ids.includes(id)).sort(), [...ids].sort(), 'bills paid together share one webhook');
    assert.ok(bills.every((b) => b.status === 'paid' && b.paid_at));
    assert.equal(payload['resource_type'], 'bill');
    const verdict = diagnoseWebhookBody(paidHook.body, sb.credentials.app_secret);
    assert.equal(verdict.valid, true, verdict.reason);
    assert.equal(diagnoseWebhookBody(paidHook.body, 'another secret').valid, false);
    assert.ok(receiver.bodies.includes(paidHook.body), 'the receiver got exactly the logged body');

    const merchant = (await api(sb, `/api/v1/merchants/${m}`)).json as { balance: string; next_payout_date: string; next_payout_amount: string };
    const paidBills = asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=paid`));
    const balance = paidBills.reduce((s, b) => s + Math.round(Number(b.amount_minus_fees) * 100), 0);
    assert.equal(Math.round(Number(merchant.balance) * 100), balance);
    assert.ok(Number(merchant.balance) >= Number(merchant.next_payout_amount));
    const ours = paidBills.filter((b) => ids.includes(b.id));
    assert.deepEqual(ours.map((b) => b.amount_minus_fees).sort(), ['118.80', '29.70'], 'fees are 1%');

    await sb.advanceClock(4 * DAY);
    const withdrawn = ((await api(sb, `/api/v1/bills/${ids[0]}`)).json as BillJson);
    assert.equal(withdrawn.status, 'withdrawn');
    assert.ok(withdrawn.payout_id);
    const payout = (await api(sb, `/api/v1/payouts/${withdrawn.payout_id}`)).json as { amount: string; transaction_fees: string };
    const inPayout = asBills(await api(sb, `/api/v1/merchants/${m}/bills`)).filter((b) => b.payout_id === withdrawn.payout_id);
    assert.equal(Math.round(Number(payout.amount) * 100), inPayout.reduce((s, b) => s + Math.round(Number(b.amount_minus_fees) * 100), 0));
    await waitForDelivery(sb, (d) => d.action === 'withdrawn' && d.state === 'delivered' && d.body.includes(ids[0]!));
  });

  it('scripted outcomes fire their webhooks; impossible ones are refused', async () => {
    const bill = asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=pending`))[0]!;
    const failed = await sb.triggerBillOutcome(bill.id, 'failed');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.can_be_retried, true);
    await waitForDelivery(sb, (d) => d.action === 'failed' && d.body.includes(bill.id) && d.state === 'delivered');
    assert.equal((await sb.triggerBillOutcome(bill.id, 'retried')).status, 'pending');
    assert.equal((await sb.triggerBillOutcome(bill.id, 'paid')).status, 'paid');
    assert.equal((await sb.triggerBillOutcome(bill.id, 'chargedback')).status, 'chargedback');
    await assert.rejects(sb.triggerBillOutcome(bill.id, 'withdrawn'), /applies only to paid bills/);
    for (const action of ['retried', 'paid', 'chargedback']) {
      await waitForDelivery(sb, (d) => d.action === action && d.body.includes(bill.id));
    }
    // The same over HTTP, and a bill scripted to fail when it settles.
    const pre = ((await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string }>)[0]!;
    const other = (await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: pre.id } } })).json as BillJson;
    const admin = await fetch(`${sb.url}/admin/bills/${other.id}/outcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'failed', when: 'settle' }) });
    assert.equal(admin.status, 200);
    await sb.advanceClock(5 * DAY);
    assert.equal(((await api(sb, `/api/v1/bills/${other.id}`)).json as BillJson).status, 'failed');
  });

  it('a subscription bills per interval and expires after interval_count payments', async () => {
    const id = await viaConnect(sb, 'subscription', { amount: '5.00', interval_length: 1, interval_unit: 'week', interval_count: 3 });
    const sub = (await api(sb, `/api/v1/subscriptions/${id}`)).json as { expires_at: string; next_interval_start: string };
    // The spec: "if the subscription is created on the 14th of February and has an 1 week intervals and an
    // interval_count of 2 then the expires_at will be set for the 28th of February", and subscriptions
    // "expire at 00:00 (UTC) of the expiry date". Created Thursday 15 January 2026 at 10:00: the 5th of February.
    assert.equal(sub.expires_at, '2026-02-05T00:00:00Z');
    assert.equal(sub.next_interval_start, new Date(sb.clock.ms + 7 * DAY).toISOString().replace('.000', ''));
    await sb.advanceClock(8 * DAY);
    assert.equal(asBills(await api(sb, `/api/v1/merchants/${m}/bills?subscription_id=${id}`)).length, 2);
    const createdHook = await waitForDelivery(sb, (d) => d.action === 'created' && d.body.includes(id));
    assert.equal(diagnoseWebhookBody(createdHook.body, sb.credentials.app_secret).valid, true);
    await sb.advanceClock(30 * DAY);
    assert.equal(asBills(await api(sb, `/api/v1/merchants/${m}/bills?subscription_id=${id}`)).length, 3, 'no bill on the expiry day');
    const after = (await api(sb, `/api/v1/subscriptions/${id}`)).json as { status: string; next_interval_start: string | null };
    assert.equal(after.status, 'expired');
    assert.equal(after.next_interval_start, null);
    const expired = await waitForDelivery(sb, (d) => d.resourceType === 'subscription' && d.action === 'expired');
    assert.deepEqual((payloadOf(expired.body)['subscriptions'] as Array<{ id: string }>).map((s) => s.id), [id]);
  });

  it('a subscription with start_at bills first on that date', async () => {
    const start = new Date(sb.clock.ms + 10 * DAY).toISOString().slice(0, 10);
    const id = await viaConnect(sb, 'subscription', { amount: '9.99', interval_length: 1, interval_unit: 'month', start_at: start });
    assert.equal(asBills(await api(sb, `/api/v1/merchants/${m}/bills?subscription_id=${id}`)).length, 0);
    await sb.advanceClock(11 * DAY);
    const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills?subscription_id=${id}`));
    assert.deepEqual(bills.map((b) => b.created_at), [`${start}T00:00:00Z`]);
  });

  it('a pre-authorization resets remaining_amount each interval, calendar-aligned when asked, and expires', async () => {
    // The test clock is Thursday 15 January 2026.
    const monthly = await viaConnect(sb, 'pre_authorization', { max_amount: '70.00', interval_length: 1, interval_unit: 'month', calendar_intervals: true, interval_count: 2 });
    const weekly = await viaConnect(sb, 'pre_authorization', { max_amount: '10.00', interval_length: 1, interval_unit: 'week', calendar_intervals: true });
    const plain = await viaConnect(sb, 'pre_authorization', { max_amount: '10.00', interval_length: 2, interval_unit: 'day' });
    const get = async (id: string): Promise<{ remaining_amount: string; next_interval_start: string | null; status: string }> =>
      (await api(sb, `/api/v1/pre_authorizations/${id}`)).json as { remaining_amount: string; next_interval_start: string | null; status: string };
    assert.equal((await get(monthly)).next_interval_start, '2026-02-01T00:00:00Z', 'first interval runs to the end of January');
    assert.equal((await get(weekly)).next_interval_start, '2026-01-19T00:00:00Z', 'first interval runs Thursday to Sunday');
    assert.equal((await get(plain)).next_interval_start, '2026-01-17T10:00:00Z');
    // The spec: "if the pre-authorization is created on the 15th of February and has a 1 day interval and an
    // interval_count of 2 then the expires_at will be set for the 17th of February."
    const counted = await viaConnect(sb, 'pre_authorization', { max_amount: '10.00', interval_length: 1, interval_unit: 'day', interval_count: 2 });
    assert.equal(((await api(sb, `/api/v1/pre_authorizations/${counted}`)).json as { expires_at: string }).expires_at, '2026-01-17T00:00:00Z');

    assert.equal((await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '60', pre_authorization_id: monthly } } })).status, 201);
    const over = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '10.01', pre_authorization_id: monthly } } });
    assert.equal(over.status, 422);
    assert.match(errorMessage(over), /remaining amount of 10.00/);
    await sb.advanceClock(17 * DAY + 1000); // into February
    const feb = await get(monthly);
    assert.equal(feb.remaining_amount, '70.00');
    assert.equal(feb.next_interval_start, '2026-03-01T00:00:00Z');
    assert.equal((await get(weekly)).next_interval_start, '2026-02-02T00:00:00Z', 'Mondays');
    await sb.advanceClock(60 * DAY);
    assert.equal((await get(monthly)).status, 'expired');
    const refused = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: monthly } } });
    assert.equal(refused.status, 422);
    await waitForDelivery(sb, (d) => d.resourceType === 'pre_authorization' && d.action === 'expired' && d.body.includes(monthly));
  });

  it('cancelling fires the subscription/pre-authorization cancelled webhook', async () => {
    const id = await viaConnect(sb, 'subscription', { amount: '5.00', interval_length: 1, interval_unit: 'month' });
    await api(sb, `/api/v1/subscriptions/${id}/cancel`, { method: 'PUT' });
    const hook = await waitForDelivery(sb, (d) => d.resourceType === 'subscription' && d.action === 'cancelled' && d.state === 'delivered');
    assert.deepEqual(payloadOf(hook.body)['subscriptions'], [{ id, status: 'cancelled', uri: `${sb.url}/api/v1/subscriptions/${id}` }]);
  });
});

describe('sandbox webhook delivery rules', () => {
  it('retries a failing receiver at increasing intervals until it answers 200', async () => {
    const receiver = await startReceiver([500, 503, 404]);
    const sb = await startTestSandbox({ webhookUrl: receiver.url, webhookRetryScale: 1e-5 });
    try {
      const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0]!;
      await sb.triggerBillOutcome(bill.id, 'failed');
      const d = await waitForDelivery(sb, (x) => x.state === 'delivered');
      assert.deepEqual(d.attempts.map((a) => a.status), [500, 503, 404, 200]);
      assert.equal(receiver.bodies.length, 4);
      assert.ok(receiver.bodies.every((b) => b === d.body), 'every retry sends the same signed body');
      assert.deepEqual(RETRY_DELAYS_MS.slice(0, 3), [60_000, 120_000, 240_000]);
    } finally {
      await sb.dispose();
      await receiver.close();
    }
  });

  it('counts only 200 as delivered: a 204 or 201 is retried on the schedule and the log says why', async () => {
    // The spec: "respond with status HTTP/1.1 200 OK within 5 seconds … If the API server does not get a
    // 200 OK response within 5 seconds, it will retry up to 10 times at ever-increasing time intervals."
    const receiver = await startReceiver([204, 201]);
    const sb = await startTestSandbox({ webhookUrl: receiver.url, webhookRetryScale: 1e-5 });
    try {
      const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0]!;
      await sb.triggerBillOutcome(bill.id, 'failed');
      const d = await waitForDelivery(sb, (x) => x.state === 'delivered');
      assert.deepEqual(d.attempts.map((a) => a.status), [204, 201, 200]);
      assert.equal(receiver.bodies.length, 3);
      const log = (await (await fetch(`${sb.url}/admin/webhooks`)).json()) as Array<{ id: string; attempts: Array<{ status: number; error: string | null }> }>;
      const logged = log.find((x) => x.id === d.id)!;
      assert.match(logged.attempts[0]!.error ?? '', /HTTP 204: only 200 OK counts as received/);
      assert.match(logged.attempts[1]!.error ?? '', /HTTP 201: only 200 OK/);
      assert.equal(logged.attempts[2]!.error, null);
    } finally {
      await sb.dispose();
      await receiver.close();
    }
  });

  it('gives up after 10 retries of a receiver that never answers in time', async () => {
    const { createServer } = await import('node:http');
    const hanging = createServer(() => undefined); // never responds
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as { port: number }).port;
    const sb = await startTestSandbox({ webhookUrl: `http://127.0.0.1:${port}/`, webhookRetryScale: 1e-6, webhookTimeoutMs: 40 });
    try {
      const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0]!;
      await sb.triggerBillOutcome(bill.id, 'failed');
      const d = await waitForDelivery(sb, (x) => x.state === 'failed');
      assert.equal(d.attempts.length, 11, 'the first attempt and 10 retries');
      assert.ok(d.attempts.every((a) => a.status === null && /no response within 40 ms/.test(a.error ?? '')), JSON.stringify(d.attempts[0]));
      const log = await fetch(`${sb.url}/admin/webhooks`);
      const logged = (await log.json()) as Array<{ id: string; state: string }>;
      assert.equal(logged.find((x) => x.id === d.id)?.state, 'failed');
    } finally {
      await sb.dispose();
      await new Promise<void>((resolve) => {
        hanging.close(() => resolve());
        hanging.closeAllConnections();
      });
    }
  });

  it('logs webhooks for a merchant without a web_hook_uri as not sent', async () => {
    const sb = await startTestSandbox();
    try {
      const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0]!;
      await sb.triggerBillOutcome(bill.id, 'cancelled');
      const d = await waitForDelivery(sb, (x) => x.action === 'cancelled');
      assert.equal(d.state, 'not_sent');
      assert.equal(diagnoseWebhookBody(d.body, sb.credentials.app_secret).valid, true);
    } finally {
      await sb.dispose();
    }
  });
});

describe('sandbox reset and cached bill lists', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startTestSandbox();
  });
  afterEach(async () => {
    await sb.dispose();
  });

  it('a reset puts the sandbox clock back to the real clock and empties the webhook log', async () => {
    const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0]!;
    await sb.triggerBillOutcome(bill.id, 'cancelled');
    await sb.advanceClock(DAY);
    assert.equal(sb.now().getTime(), sb.clock.ms + DAY);
    assert.ok(sb.webhookDeliveries().length > 0);
    await sb.reset();
    assert.equal(sb.now().getTime(), sb.clock.ms);
    assert.deepEqual(sb.webhookDeliveries(), []);
    const clock = (await (await fetch(`${sb.url}/admin/clock`)).json()) as { offset_ms: number };
    assert.equal(clock.offset_ms, 0);
    // The fresh state's bill is pending again, and the clock runs on it.
    assert.equal(((await api(sb, `/api/v1/bills/${bill.id}`)).json as BillJson).status, 'pending');
  });

  it('a filtered bill list reflects a bill that changed status since it was last asked for', async () => {
    const m = sb.credentials.merchant_id;
    const pre = ((await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string }>)[0]!;
    const created = (await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '5.00', pre_authorization_id: pre.id } } })).json as BillJson;
    const pending = async (): Promise<string[]> => asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=pending`)).map((b) => b.id);
    assert.ok((await pending()).includes(created.id));
    assert.equal((await api(sb, `/api/v1/bills/${created.id}/cancel`, { method: 'PUT' })).status, 200);
    assert.equal((await pending()).includes(created.id), false, 'the cancelled bill is no longer listed as pending');
    assert.ok(asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=cancelled`)).some((b) => b.id === created.id));
  });
});
