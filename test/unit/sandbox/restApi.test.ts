import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/core/sandbox';
import { request } from 'node:http';
import { authorizeExistingMerchant, authorizeNewMerchant } from './oauthSteps';
import { api, asBills, errorMessage, startReceiver, startTestSandbox, waitForDelivery, type ApiResponse, type BillJson } from './sandboxFixtures';

describe('sandbox REST API', () => {
  let sb: RunningSandbox;
  let m: string;
  before(async () => {
    sb = await startTestSandbox({ scale: { bills: 400 } });
    m = sb.credentials.merchant_id;
  });
  after(() => sb.dispose());

  describe('authentication and content negotiation', () => {
    it('401 without a token and with a wrong token, with an actionable message', async () => {
      const none = await api(sb, `/api/v1/merchants/${m}`, { token: null });
      assert.equal(none.status, 401);
      assert.match(errorMessage(none), /Authorization: bearer/);
      const wrong = await api(sb, `/api/v1/merchants/${m}`, { token: 'nope' });
      assert.equal(wrong.status, 401);
      assert.ok(!wrong.text.includes(sb.credentials.access_token));
    });

    it('404 for unknown ids, 403 for another merchant\'s resources', async () => {
      assert.equal((await api(sb, '/api/v1/bills/NOPE')).status, 404);
      assert.equal((await api(sb, '/api/v1/merchants/NOPE')).status, 404);
      // The spec has no GET /users/:id; the sandbox must not offer what GoCardless does not.
      const user = (await api(sb, `/api/v1/merchants/${m}/users?per_page=1`)).json as { id: string }[];
      assert.equal((await api(sb, `/api/v1/users/${user[0]!.id}`)).status, 404);
      const oauthMerchant = await createOtherMerchant(sb);
      const other = await api(sb, `/api/v1/merchants/${oauthMerchant.id}`);
      assert.equal(other.status, 403);
      const ownBill = asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=1`))[0]!;
      const asOther = await api(sb, `/api/v1/bills/${ownBill.id}`, { token: oauthMerchant.token });
      assert.equal(asOther.status, 403);
    });

    it('needs Accept: application/json or a .json suffix (406 otherwise)', async () => {
      assert.equal(await getWithoutAccept(`${sb.url}/api/v1/merchants/${m}`, sb.credentials.access_token), 406);
      const html = await api(sb, `/api/v1/merchants/${m}`, { accept: 'text/html' });
      assert.equal(html.status, 406);
      assert.match(errorMessage(html), /\.json/);
      assert.equal(await getWithoutAccept(`${sb.url}/api/v1/merchants/${m}.json`, sb.credentials.access_token), 200);
      const suffixed = await api(sb, `/api/v1/merchants/${m}.json`, { accept: null });
      assert.equal(suffixed.status, 200);
      assert.equal((suffixed.json as { id: string }).id, m);
    });

    it('405 names the right method', async () => {
      const bill = asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=1`))[0]!;
      const r = await api(sb, `/api/v1/bills/${bill.id}/cancel`, { method: 'POST' });
      assert.equal(r.status, 405);
      assert.equal(r.headers.get('allow'), 'PUT');
    });

    it('404 for a bill action the spec does not document, even one named like an object property', async () => {
      const bill = asBills(await api(sb, `/api/v1/merchants/${m}/bills?per_page=1`))[0]!;
      for (const action of ['pay', 'constructor', 'toString', '__proto__']) {
        const r = await api(sb, `/api/v1/bills/${bill.id}/${action}`, { method: 'POST' });
        assert.equal(r.status, 404, action);
        assert.match(errorMessage(r), /No such endpoint/, action);
      }
    });
  });

  describe('merchant', () => {
    it('has the documented fields and balances consistent with its bills', async () => {
      const merchant = (await api(sb, `/api/v1/merchants/${m}`)).json as Record<string, unknown>;
      for (const key of ['created_at', 'description', 'id', 'name', 'first_name', 'last_name', 'email', 'uri', 'balance', 'pending_balance', 'next_payout_date', 'next_payout_amount', 'hide_variable_amount', 'sub_resource_uris']) {
        assert.ok(key in merchant, key);
      }
      const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
      const sum = (status: string): number => bills.filter((b) => b.status === status).reduce((s, b) => s + Math.round(Number(b.amount_minus_fees) * 100), 0);
      assert.equal(Math.round(Number(merchant['balance']) * 100), sum('paid'));
      assert.equal(Math.round(Number(merchant['pending_balance']) * 100), sum('pending'));
      assert.ok(Number(merchant['balance']) >= Number(merchant['next_payout_amount'] ?? 0));
    });
  });

  describe('listing bills', () => {
    let all: BillJson[];
    before(async () => {
      all = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
    });

    it('returns every bill without pagination headers when neither page nor per_page is given', async () => {
      const r = await api(sb, `/api/v1/merchants/${m}/bills`);
      assert.equal(all.length, 400);
      assert.equal(r.headers.get('x-pagination'), null);
      assert.equal(r.headers.get('link'), null);
      const created = all.map((b) => b.created_at);
      assert.deepEqual(created, [...created].sort());
    });

    it('pages with per_page defaulting to 100 and Link/X-Pagination headers keeping the filters', async () => {
      const first = await api(sb, `/api/v1/merchants/${m}/bills?page=1`);
      assert.equal(asBills(first).length, 100);
      assert.deepEqual(JSON.parse(first.headers.get('x-pagination')!), { records: 400, pages: 4, links: { next: 2, last: 4 } });
      const paid = all.filter((b) => b.status === 'paid' || b.status === 'withdrawn');
      const r = await api(sb, `/api/v1/merchants/${m}/bills?paid=true&per_page=50&page=2`);
      const pages = Math.ceil(paid.length / 50);
      assert.deepEqual(asBills(r).map((b) => b.id), paid.slice(50, 100).map((b) => b.id));
      const x = JSON.parse(r.headers.get('x-pagination')!) as { records: number; pages: number; links: Record<string, number> };
      assert.equal(x.records, paid.length);
      assert.deepEqual(x.links, { first: 1, prev: 1, next: 3, last: pages });
      const link = r.headers.get('link')!;
      assert.match(link, new RegExp(`<${sb.url}/api/v1/merchants/${m}/bills\\?page=3&per_page=50&paid=true>; rel="next"`));
      assert.match(link, /rel="first"/);
      // Following the links visits every paid bill once.
      const seen: string[] = [];
      let next: string | undefined = `${sb.url}/api/v1/merchants/${m}/bills?paid=true&per_page=50`;
      while (next) {
        const page = await api(sb, next.slice(sb.url.length));
        seen.push(...asBills(page).map((b) => b.id));
        next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
      }
      assert.deepEqual(seen, paid.map((b) => b.id));
    });

    it('gives no next or last link on the last page, and no Link at all when one page holds everything', async () => {
      // Spec, Pagination: Link and X-Pagination "link to neighbouring pages" — the last page has no next one.
      const paid = all.filter((b) => b.status === 'paid' || b.status === 'withdrawn');
      const pages = Math.ceil(paid.length / 50);
      assert.ok(pages >= 2, 'the seed has more than one page of paid bills');
      const last = await api(sb, `/api/v1/merchants/${m}/bills?paid=true&per_page=50&page=${pages}`);
      assert.deepEqual(asBills(last).map((b) => b.id), paid.slice((pages - 1) * 50).map((b) => b.id));
      const link = last.headers.get('link')!;
      const rels = [...link.matchAll(/rel="([^"]+)"/g)].map((x) => x[1]);
      assert.deepEqual(rels, ['first', 'prev'], link);
      assert.ok(link.includes(`page=${pages - 1}&per_page=50&paid=true>; rel="prev"`), link);
      assert.deepEqual(JSON.parse(last.headers.get('x-pagination')!), { records: paid.length, pages, links: { first: 1, prev: pages - 1 } });

      const single = await api(sb, `/api/v1/merchants/${m}/bills?per_page=500&page=1`);
      assert.equal(asBills(single).length, all.length);
      assert.equal(single.headers.get('link'), null, 'one page: no neighbours to link to');
      assert.deepEqual(JSON.parse(single.headers.get('x-pagination')!), { records: all.length, pages: 1, links: {} });
    });

    it('applies every filter of the Filtering table', async () => {
      const sample = all.find((b) => b.source_type === 'subscription')!;
      const pre = all.find((b) => b.source_type === 'pre_authorization')!;
      const cases: Array<[string, (b: BillJson) => boolean]> = [
        [`source_id=${sample.source_id}`, (b) => b.source_id === sample.source_id],
        ['source_type=ad_hoc_authorization', (b) => b.source_type === 'ad_hoc_authorization'],
        [`subscription_id=${sample.source_id}`, (b) => b.source_id === sample.source_id],
        [`pre_authorization_id=${pre.source_id}`, (b) => b.source_id === pre.source_id],
        [`user_id=${sample.user_id}`, (b) => b.user_id === sample.user_id],
        ['status=failed', (b) => b.status === 'failed'],
        ['paid=true', (b) => b.status === 'paid' || b.status === 'withdrawn'],
        // The spec: "False will include "pending" and "failed" bills. True will return "paid" and "withdrawn" bills."
        ['paid=false', (b) => b.status === 'pending' || b.status === 'failed'],
        [`name=${encodeURIComponent(sample.name!)}`, (b) => b.name === sample.name],
        [`description=${encodeURIComponent(sample.description!)}`, (b) => b.description === sample.description],
        [`after=${encodeURIComponent(all[100]!.created_at)}&before=${encodeURIComponent(all[200]!.created_at)}`,
          (b) => b.created_at > all[100]!.created_at && b.created_at < all[200]!.created_at],
        [`user_id=${sample.user_id}&status=withdrawn`, (b) => b.user_id === sample.user_id && b.status === 'withdrawn'],
      ];
      for (const [query, predicate] of cases) {
        const got = asBills(await api(sb, `/api/v1/merchants/${m}/bills?${query}`)).map((b) => b.id);
        const expected = all.filter(predicate).map((b) => b.id);
        assert.ok(expected.length > 0, `${query} should match something in the seeded data`);
        assert.deepEqual(got, expected, query);
      }
      // paid=false is read literally: refunded, chargedback and cancelled bills are in neither list.
      const neither = all.filter((b) => ['refunded', 'chargedback', 'cancelled'].includes(b.status)).map((b) => b.id);
      assert.ok(neither.length > 0, 'the seeded data has refunded, chargedback or cancelled bills');
      const unpaid = new Set(asBills(await api(sb, `/api/v1/merchants/${m}/bills?paid=false`)).map((b) => b.id));
      const paidIds = new Set(asBills(await api(sb, `/api/v1/merchants/${m}/bills?paid=true`)).map((b) => b.id));
      assert.ok(neither.every((id) => !unpaid.has(id) && !paidIds.has(id)));
      // name is an exact literal match, not a prefix.
      assert.equal(asBills(await api(sb, `/api/v1/merchants/${m}/bills?name=${encodeURIComponent(sample.name!.slice(0, 4))}`)).length, 0);
    });

    it('refuses malformed query values with a named message', async () => {
      for (const [query, pattern] of [
        ['page=abc', /page must be a whole number/],
        ['per_page=0', /per_page must be a whole number/],
        ['per_page=100000', /per_page must be at most/],
        ['status=lost', /status must be one of pending, paid/],
        ['paid=yes', /paid must be true or false/],
        ['before=yesterday', /before must be an ISO 8601/],
        ['after=2014-02-30', /after must be an ISO 8601/],
        ['source_type=one_off', /source_type must be one of/],
      ] as const) {
        const r = await api(sb, `/api/v1/merchants/${m}/bills?${query}`);
        assert.equal(r.status, 400, query);
        assert.match(errorMessage(r), pattern, query);
      }
    });

    it('says which parameters it ignored', async () => {
      const r = await api(sb, `/api/v1/merchants/${m}/subscriptions?paid=true&stauts=active`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-sandbox-ignored-params'), 'paid, stauts');
    });
  });

  describe('bill actions', () => {
    it('retry only a failed bill (201), refused otherwise (422)', async () => {
      const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
      const failed = bills.find((b) => b.status === 'failed')!;
      assert.equal(failed.can_be_retried, true);
      const r = await api(sb, `/api/v1/bills/${failed.id}/retry`, { method: 'POST' });
      assert.equal(r.status, 201);
      assert.equal((r.json as BillJson).status, 'pending');
      const again = await api(sb, `/api/v1/bills/${failed.id}/retry`, { method: 'POST' });
      assert.equal(again.status, 422);
      assert.match(errorMessage(again), /only failed bills can be retried/);
    });

    it('refuses to retry a bill in any state but failed (422), leaving it as it was', async () => {
      // Spec, Retry a bill: "If a bill fails, its status will change to failed. At this point it can be retried if the can_be_retried attribute is true."
      const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
      const byStatus = new Map<string, BillJson>();
      for (const b of bills) if (b.status !== 'failed' && !byStatus.has(b.status)) byStatus.set(b.status, b);
      for (const needed of ['pending', 'paid', 'withdrawn']) assert.ok(byStatus.has(needed), `the seed has a ${needed} bill`);
      for (const [status, bill] of byStatus) {
        assert.equal(bill.can_be_retried, false, `${status} bills say can_be_retried: false`);
        const r = await api(sb, `/api/v1/bills/${bill.id}/retry`, { method: 'POST' });
        assert.equal(r.status, 422, `retrying a ${status} bill is refused`);
        assert.match(errorMessage(r), new RegExp(`is ${status}; only failed bills can be retried`));
        const after = (await api(sb, `/api/v1/bills/${bill.id}`)).json as BillJson;
        assert.equal(after.status, status, `a ${status} bill is unchanged by a refused retry`);
      }
    });

    it('cancel only while can_be_cancelled (200), refused otherwise (422)', async () => {
      const pre = (await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string; remaining_amount: string }>;
      const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00', pre_authorization_id: pre[0]!.id } } });
      assert.equal(created.status, 201);
      const bill = created.json as BillJson;
      assert.equal(bill.can_be_cancelled, true);
      const r = await api(sb, `/api/v1/bills/${bill.id}/cancel`, { method: 'PUT' });
      assert.equal(r.status, 200);
      assert.equal((r.json as BillJson).status, 'cancelled');
      assert.equal((r.json as BillJson).can_be_cancelled, false);
      const again = await api(sb, `/api/v1/bills/${bill.id}/cancel`, { method: 'PUT' });
      assert.equal(again.status, 422);
      assert.match(errorMessage(again), /cannot be cancelled/);
    });

    it('refunds only once refunds are enabled on the merchant: refused (403) with a clear message until then', async () => {
      // The spec: "This endpoint will only be available if refunds have been enabled on your merchant account."
      const admin = (path: string, method = 'GET', body?: unknown): Promise<Response> =>
        fetch(`${sb.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.deepEqual(await (await admin(`/admin/merchants/${m}/settings`)).json(), { refunds_enabled: false, international_payments: false, hide_variable_amount: false }, 'off by default');
      const paid = asBills(await api(sb, `/api/v1/merchants/${m}/bills?paid=true`))[0]!;
      // "A bill can be refunded if its can_be_refunded attribute is true, and it has a status of paid or withdrawn."
      assert.equal(paid.can_be_refunded, false, 'not refundable while the merchant cannot refund');
      const refused = await api(sb, `/api/v1/bills/${paid.id}/refund`, { method: 'POST' });
      assert.equal(refused.status, 403);
      assert.match(errorMessage(refused), new RegExp(`^Refunds are not enabled on merchant account ${m}: .*PUT /admin/merchants/${m}/settings \\{"refunds_enabled": true\\}`));
      assert.equal(((await api(sb, `/api/v1/bills/${paid.id}`)).json as BillJson).status, paid.status, 'nothing changed');
      const merchant = (await api(sb, `/api/v1/merchants/${m}`)).json as Record<string, unknown>;
      assert.ok(!('refunds_enabled' in merchant), 'the switch is not a field of the merchant resource (the spec shows none)');

      for (const [body, pattern] of [[{ refunds_enabled: 'yes' }, /refunds_enabled must be true or false/], [{ refunds: true }, /Unknown setting "refunds"/], [{}, /at least one setting/]] as const) {
        const bad = await admin(`/admin/merchants/${m}/settings`, 'PUT', body);
        assert.equal(bad.status, 400);
        assert.match(((await bad.json()) as { error: string[] }).error[0]!, pattern);
      }
      assert.equal((await admin('/admin/merchants/NOPE/settings', 'PUT', { refunds_enabled: true })).status, 404);
      const on = await admin(`/admin/merchants/${m}/settings`, 'PUT', { refunds_enabled: true });
      assert.deepEqual(await on.json(), { refunds_enabled: true, international_payments: false, hide_variable_amount: false });
      const listed = (await (await admin('/admin/merchants')).json()) as Array<Record<string, unknown>>;
      assert.deepEqual(listed.find((x) => x['id'] === m), { id: m, name: "Tom's Magazine", refunds_enabled: true, international_payments: false, hide_variable_amount: false });
      assert.ok(listed.every((x) => !('access_token' in x)), 'no tokens on the admin API');
      assert.equal(((await api(sb, `/api/v1/bills/${paid.id}`)).json as BillJson).can_be_refunded, true);
    });

    it('refund only paid or withdrawn bills (201), refused otherwise (422)', async () => {
      sb.setMerchantSettings({ refunds_enabled: true });
      const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
      const withdrawn = bills.find((b) => b.status === 'withdrawn')!;
      assert.equal(withdrawn.can_be_refunded, true);
      const r = await api(sb, `/api/v1/bills/${withdrawn.id}/refund`, { method: 'POST' });
      assert.equal(r.status, 201);
      assert.equal((r.json as BillJson).status, 'refunded');
      const pending = bills.find((b) => b.status === 'pending' || b.status === 'failed')!;
      const refused = await api(sb, `/api/v1/bills/${pending.id}/refund`, { method: 'POST' });
      assert.equal(refused.status, 422);
      assert.match(errorMessage(refused), /only paid or withdrawn bills can be refunded/);
    });

    it('cancels active subscriptions and pre-authorizations once (200 then 422)', async () => {
      for (const kind of ['subscriptions', 'pre_authorizations']) {
        const active = ((await api(sb, `/api/v1/merchants/${m}/${kind}?status=active`)).json as Array<{ id: string }>)[0]!;
        const r = await api(sb, `/api/v1/${kind}/${active.id}/cancel`, { method: 'PUT' });
        assert.equal(r.status, 200, kind);
        assert.equal((r.json as { status: string }).status, 'cancelled');
        assert.equal((r.json as { next_interval_start: string | null }).next_interval_start, null);
        const again = await api(sb, `/api/v1/${kind}/${active.id}/cancel`, { method: 'PUT' });
        assert.equal(again.status, 422, kind);
        assert.match(errorMessage(again), /only active ones can be cancelled/);
      }
    });
  });

  describe('bills under a pre-authorization', () => {
    let preId: string;
    let remaining: number;
    before(async () => {
      const list = (await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string; remaining_amount: string }>;
      const pre = list[list.length - 1]!;
      preId = pre.id;
      remaining = Math.round(Number(pre.remaining_amount) * 100);
    });

    it('accepts {"bill": {...}} only, and lowers remaining_amount', async () => {
      // The spec's "Create a bill under a pre-auth" example: POST https://gocardless.com/api/v1/bills
      // {"bill": {"amount":"10.00", "pre_authorization_id": "UQSTF7AMQMYWBL"}}
      const nested = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.50', pre_authorization_id: preId, name: 'Court 3' } } });
      assert.equal(nested.status, 201);
      const bill = nested.json as BillJson & { uri: string };
      assert.equal(nested.headers.get('location'), bill.uri);
      assert.equal(bill.source_type, 'pre_authorization');
      assert.equal(bill.source_id, preId);
      assert.equal(bill.name, 'Court 3');
      const flat = await api(sb, '/api/v1/bills', { method: 'POST', body: { amount: '2', pre_authorization_id: preId } });
      assert.equal(flat.status, 400, 'top-level fields are not the documented shape');
      assert.match(errorMessage(flat), /inside a "bill" object: \{"bill": \{"amount": "10.00", "pre_authorization_id": "…"\}\} \(got "amount", "pre_authorization_id" at the top level\)/);
      const form = await fetch(`${sb.url}/api/v1/bills`, {
        method: 'POST', body: 'bill[amount]=2&bill[pre_authorization_id]=' + preId + '&bill[charge_customer_at]=2026-02-01',
        headers: { accept: 'application/json', authorization: `bearer ${sb.credentials.access_token}`, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 201, 'the same shape as a form body');
      const formBill = (await form.json()) as BillJson;
      assert.equal(formBill.charge_customer_at, '2026-02-01');
      assert.equal(formBill.amount, '2.00');
      const pre = (await api(sb, `/api/v1/pre_authorizations/${preId}`)).json as { remaining_amount: string };
      assert.equal(Math.round(Number(pre.remaining_amount) * 100), remaining - 350);
    });

    it('refuses amounts over remaining_amount, bad amounts and past or malformed charge dates (422)', async () => {
      const pre = (await api(sb, `/api/v1/pre_authorizations/${preId}`)).json as { remaining_amount: string };
      const over = (Math.round(Number(pre.remaining_amount) * 100) + 1) / 100;
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ amount: over.toFixed(2), pre_authorization_id: preId }, /exceeds the pre-authorization's remaining amount/],
        [{ amount: '-1', pre_authorization_id: preId }, /amount must be a positive amount/],
        [{ amount: '1.234', pre_authorization_id: preId }, /amount must be a positive amount/],
        [{ pre_authorization_id: preId }, /amount is required/],
        [{ amount: '1' }, /pre_authorization_id is required/],
        [{ amount: '1', pre_authorization_id: preId, charge_customer_at: '2020-01-01' }, /is in the past/],
        [{ amount: '1', pre_authorization_id: preId, charge_customer_at: '01/02/2026' }, /YYYY-MM-DD/],
      ];
      for (const [bill, pattern] of cases) {
        const r = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill } });
        assert.equal(r.status, 422, JSON.stringify(bill));
        assert.match(errorMessage(r), pattern);
      }
      assert.equal((await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: 'NOPE' } } })).status, 404);
    });

    it('refuses cancelled and expired pre-authorizations (422)', async () => {
      const list = (await api(sb, `/api/v1/merchants/${m}/pre_authorizations`)).json as Array<{ id: string; status: string }>;
      for (const status of ['cancelled', 'expired']) {
        const pre = list.find((p) => p.status === status);
        assert.ok(pre, `seeded data has a ${status} pre-authorization`);
        const r = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: pre.id } } });
        assert.equal(r.status, 422);
        assert.match(errorMessage(r), new RegExp(`is ${status}`));
      }
    });
  });
});

/** A second merchant of the same app, through the OAuth flow's page (pick "new"). */
function createOtherMerchant(sb: RunningSandbox): Promise<{ id: string; token: string }> {
  return authorizeNewMerchant(sb, 'Second Shop');
}

/** node:http sends no Accept header unless told to (fetch always sends one). */
function getWithoutAccept(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox REST API, answer for answer', () => {
  let sb: Awaited<ReturnType<typeof startTestSandbox>>;
  let m: string;
  /** The seeded international merchant of the same app, with its own history. */
  let other: { id: string; token: string };
  let bills: BillJson[];
  before(async () => {
    sb = await startTestSandbox({ scale: { bills: 400 } });
    m = sb.credentials.merchant_id;
    const merchants = (await (await fetch(`${sb.url}/admin/merchants`)).json()) as Array<{ id: string }>;
    other = await authorizeExistingMerchant(sb, merchants.find((x) => x.id !== m)!.id);
    bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
  });
  after(() => sb.dispose());

  /** A POST whose body is sent as given (api() always sends JSON). */
  const send = (path: string, body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${sb.url}${path}`, { method: 'POST', body, headers: { accept: 'application/json', authorization: `bearer ${sb.credentials.access_token}`, 'content-type': contentType } });
  const errorOf = async (r: Response): Promise<string> => ((await r.json()) as { error: string[] }).error[0]!;
  /** A merchant's subscriptions or pre-authorizations: the default merchant's, or with `whose: 'other'` the other one's, read with its token. */
  const mandates = async (kind: string, query = '', whose: 'own' | 'other' = 'own'): Promise<Array<{ id: string; status: string; user_id: string; uri: string; sub_resource_uris: { bills: string } }>> => {
    const r = whose === 'own' ? await api(sb, `/api/v1/merchants/${m}/${kind}${query}`) : await api(sb, `/api/v1/merchants/${other.id}/${kind}${query}`, { token: other.token });
    return r.json as never;
  };

  describe('format, methods and paths', () => {
    it('refuses the .xml suffix with 406: the sandbox speaks JSON only', async () => {
      // The spec: "pass an Accept header (e.g. application/json), or append .json or .xml to the URL requested."
      const r = await api(sb, `/api/v1/merchants/${m}.xml`);
      assert.equal(r.status, 406);
      assert.equal(errorMessage(r), 'The sandbox speaks JSON only: drop the .xml suffix and send Accept: application/json.');
    });

    it('takes Accept: */* and application/* as accepting JSON, as HTTP clients send them', async () => {
      for (const accept of ['*/*', 'application/*', 'text/html;q=0.9, */*;q=0.8', 'application/*; q=0.5']) {
        const r = await api(sb, `/api/v1/merchants/${m}`, { accept });
        assert.equal(r.status, 200, accept);
        assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', accept);
      }
    });

    it('405 names the method used and the one to use, on /confirm and /bills', async () => {
      const confirm = await api(sb, '/api/v1/confirm');
      assert.equal(confirm.status, 405);
      assert.equal(confirm.headers.get('allow'), 'POST');
      assert.equal(errorMessage(confirm), 'GET is not allowed here: use POST /api/v1/confirm.');
      const create = await api(sb, '/api/v1/bills', { method: 'PUT' });
      assert.equal(create.status, 405);
      assert.equal(errorMessage(create), 'PUT is not allowed here: use POST /api/v1/bills.');
    });

    it('404 for paths below a resource that the spec does not document, changing nothing', async () => {
      const payout = ((await api(sb, `/api/v1/merchants/${m}/payouts`)).json as Array<{ id: string }>)[0]!;
      const sub = (await mandates('subscriptions', '?status=active'))[0]!;
      for (const [path, method] of [
        [`/api/v1/payouts/${payout.id}/bills`, 'GET'],
        [`/api/v1/merchants/${m}/bills/extra`, 'GET'],
        [`/api/v1/subscriptions/${sub.id}/pause`, 'PUT'],
        [`/api/v1/pre_authorizations/${sub.id}/cancel/now`, 'PUT'],
      ] as const) {
        const r = await api(sb, path, { method });
        assert.equal(r.status, 404, path);
        assert.equal(errorMessage(r), `No such endpoint: ${path}. See the Resources section of the API reference.`);
      }
      assert.equal(((await api(sb, `/api/v1/subscriptions/${sub.id}`)).json as { status: string }).status, 'active', 'an undocumented action cancels nothing');
    });

    it('/api/v1 itself belongs to the API: 401 without a token, like every API path', async () => {
      const r = await api(sb, '/api/v1', { token: null });
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="GoCardless sandbox"');
    });
  });

  describe('404 and 403 name the resource', () => {
    // The spec, 404: "The response body will explain which resource was not found."
    it('404 says which resource was not found', async () => {
      for (const [path, message] of [
        ['/api/v1/merchants/NOPE', 'Merchant NOPE not found.'],
        ['/api/v1/bills/NOPE', 'Bill NOPE not found.'],
        ['/api/v1/payouts/NOPE', 'Payout NOPE not found.'],
        ['/api/v1/subscriptions/NOPE', 'Subscription NOPE not found.'],
        ['/api/v1/pre_authorizations/NOPE', 'Pre-authorization NOPE not found.'],
      ]) {
        const r = await api(sb, path!);
        assert.equal(r.status, 404, path);
        assert.equal(errorMessage(r), message);
      }
    });

    it('403 says whose resource it is and which token to use', async () => {
      // The spec, 403: "The client has provided a valid Authentication header, but it does not have permission to access this resource."
      const merchant = await api(sb, `/api/v1/merchants/${other.id}`);
      assert.equal(merchant.status, 403);
      assert.equal(errorMessage(merchant), `This access token belongs to merchant ${m}; it cannot read merchant ${other.id}. Use that merchant's own token.`);
      const bill = await api(sb, `/api/v1/bills/${bills[0]!.id}`, { token: other.token });
      assert.equal(bill.status, 403);
      assert.equal(errorMessage(bill), `Bill ${bills[0]!.id} belongs to another merchant; use that merchant's access token.`);
    });
  });

  describe('filters', () => {
    it('a source filter never brings in the bills of another merchant\'s source', async () => {
      const theirs = asBills(await api(sb, `/api/v1/merchants/${other.id}/bills?source_type=subscription`, { token: other.token }));
      assert.ok(theirs.length > 0, 'the other merchant has bills under a subscription');
      for (const key of ['source_id', 'subscription_id']) {
        const r = await api(sb, `/api/v1/merchants/${m}/bills?${key}=${theirs[0]!.source_id}`);
        assert.deepEqual(asBills(r), [], key);
      }
    });

    it('subscription_id and pre_authorization_id match only a source of that type, and an unknown id matches nothing', async () => {
      // The Filtering table: subscription_id "What is the parent subscription of the bill?", pre_authorization_id "What is the parent pre_authorization of the bill?"
      const sub = bills.find((b) => b.source_type === 'subscription')!;
      const pre = bills.find((b) => b.source_type === 'pre_authorization')!;
      for (const query of [`subscription_id=${pre.source_id}`, `pre_authorization_id=${sub.source_id}`, 'subscription_id=NOPE', 'pre_authorization_id=NOPE', 'source_id=NOPE']) {
        assert.deepEqual(asBills(await api(sb, `/api/v1/merchants/${m}/bills?${query}`)), [], query);
      }
    });

    it('refuses a filter given twice (400), naming it', async () => {
      const r = await api(sb, `/api/v1/merchants/${m}/bills?status=paid&status=failed`);
      assert.equal(r.status, 400);
      assert.equal(errorMessage(r), 'status is given twice; each filter takes one value.');
    });

    it('refuses page and per_page that are not wholly digits', async () => {
      for (const query of ['page=1x', 'page=x1', 'per_page=2.5']) {
        const r = await api(sb, `/api/v1/merchants/${m}/bills?${query}`);
        assert.equal(r.status, 400, query);
        assert.match(errorMessage(r), /must be a whole number of at least 1 \(got "/, query);
      }
    });

    it('the source_type refusal lists the three types of the Filtering table', async () => {
      // "'subscription', 'pre_authorization' or 'ad_hoc_authorization' (ie one-off)"
      const r = await api(sb, `/api/v1/merchants/${m}/bills?source_type=one_off`);
      assert.equal(errorMessage(r), 'source_type must be one of subscription, pre_authorization, ad_hoc_authorization (got "one_off").');
    });

    it('subscription and pre-authorization filters combine: every one must match', async () => {
      for (const kind of ['subscriptions', 'pre_authorizations']) {
        const all = await mandates(kind);
        // A user with an active one: matching user_id alone is not enough.
        const user = all.find((x) => x.status === 'active')!.user_id;
        const got = (await mandates(kind, `?user_id=${user}&status=cancelled`)).map((x) => x.id);
        assert.deepEqual(got, all.filter((x) => x.user_id === user && x.status === 'cancelled').map((x) => x.id), kind);
      }
    });

    it('pages a filtered subscription list from the matches, with the count of matches', async () => {
      const active = (await mandates('subscriptions')).filter((s) => s.status === 'active');
      assert.ok(active.length >= 5, 'the seed has five active subscriptions');
      const r = await api(sb, `/api/v1/merchants/${m}/subscriptions?status=active&per_page=2&page=2`);
      assert.deepEqual((r.json as Array<{ id: string }>).map((s) => s.id), active.slice(2, 4).map((s) => s.id));
      assert.equal((JSON.parse(r.headers.get('x-pagination')!) as { records: number }).records, active.length);
    });

    it('Link lists its relations separated by ", " as in the spec\'s example', async () => {
      // Link: <https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="next",
      //      <https://gocardless.com/api/v1/merchants/XYZ/bills?page=2&per_page=10>; rel="last"
      const r = await api(sb, `/api/v1/merchants/${m}/bills?page=2&per_page=10`);
      const pages = Math.ceil(bills.length / 10);
      const url = (page: number): string => `<${sb.url}/api/v1/merchants/${m}/bills?page=${page}&per_page=10>`;
      assert.equal(r.headers.get('link'), `${url(1)}; rel="first", ${url(1)}; rel="prev", ${url(3)}; rel="next", ${url(pages)}; rel="last"`);
    });

    it('sends no X-Sandbox-Ignored-Params header when every parameter was used', async () => {
      const r = await api(sb, `/api/v1/merchants/${m}/subscriptions?status=active&per_page=2`);
      assert.equal(r.headers.get('x-sandbox-ignored-params'), null);
    });

    it('a name holding "&" is one filter value, not two filters (nor an answer kept for them)', async () => {
      const pre = (await mandates('pre_authorizations', '?status=active')).at(-1)!;
      const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00', pre_authorization_id: pre.id, name: 'Court 3' } } });
      assert.equal(created.status, 201);
      const both = asBills(await api(sb, `/api/v1/merchants/${m}/bills?name=Court%203&source_type=pre_authorization`));
      assert.deepEqual(both.map((b) => b.id), [(created.json as BillJson).id]);
      // The name filter "Requires an exact literal match with the resource name": no bill is named this.
      const literal = asBills(await api(sb, `/api/v1/merchants/${m}/bills?name=${encodeURIComponent('Court 3&source_type=pre_authorization')}`));
      assert.deepEqual(literal, []);
    });
  });

  describe('creating a bill: what the body must be', () => {
    let preId: string;
    before(async () => {
      preId = (await mandates('pre_authorizations', '?status=active')).at(-1)!.id;
    });
    const create = (bill: Record<string, unknown>): Promise<ApiResponse> => api(sb, '/api/v1/bills', { method: 'POST', body: { bill } });

    it('a "bill" that is not an object is refused (400), naming only the stray top-level fields', async () => {
      const r = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: '10.00', amount: '10.00' } });
      assert.equal(r.status, 400);
      assert.equal(errorMessage(r), 'Send the bill\'s fields inside a "bill" object: {"bill": {"amount": "10.00", "pre_authorization_id": "…"}} (got "amount" at the top level).');
      const empty = await api(sb, '/api/v1/bills', { method: 'POST', body: {} });
      assert.equal(errorMessage(empty), 'Send the bill\'s fields inside a "bill" object: {"bill": {"amount": "10.00", "pre_authorization_id": "…"}}.');
    });

    it('an empty or blank body is no fields at all, not broken JSON', async () => {
      for (const body of ['', '  \n']) {
        const r = await send('/api/v1/bills', body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(await errorOf(r), /^Send the bill's fields inside a "bill" object/);
      }
    });

    it('a body that is not JSON, or JSON but not an object, is refused (400) saying so', async () => {
      const broken = await send('/api/v1/bills', '{"bill": ');
      assert.equal(broken.status, 400);
      assert.equal(await errorOf(broken), 'The request body is not valid JSON (send Content-Type: application/json with a JSON object, or a form body).');
      for (const body of ['null', '5', '"bill"', '[{"bill": {}}]']) {
        const r = await send('/api/v1/bills', body);
        assert.equal(r.status, 400, body);
        assert.equal(await errorOf(r), 'The request body must be a JSON object.', body);
      }
    });

    it('reads a form body whose Content-Type has a space before its parameters', async () => {
      // "type/subtype ; charset=…": optional whitespace around ";" is allowed in a media type.
      const r = await send('/api/v1/bills', `bill[amount]=1.25&bill[pre_authorization_id]=${preId}`, 'application/x-www-form-urlencoded ; charset=UTF-8');
      assert.equal(r.status, 201);
      assert.equal(((await r.json()) as BillJson).amount, '1.25');
    });

    it('pre_authorization_id must be a non-empty string (422); an unknown one is 404 and another merchant\'s 403, each named', async () => {
      const blank = await create({ amount: '1', pre_authorization_id: '' });
      assert.equal(blank.status, 422);
      assert.equal(errorMessage(blank), 'pre_authorization_id is required: bills can only be created through the API under a pre-authorization.');
      const unknown = await create({ amount: '1', pre_authorization_id: 'NOPE' });
      assert.equal(unknown.status, 404);
      assert.equal(errorMessage(unknown), 'Pre-authorization NOPE not found.');
      const theirs = (await mandates('pre_authorizations', '?status=active', 'other'))[0]!;
      const foreign = await create({ amount: '1', pre_authorization_id: theirs.id });
      assert.equal(foreign.status, 403);
      assert.equal(errorMessage(foreign), `Pre-authorization ${theirs.id} belongs to another merchant.`);
    });

    it('a zero amount is refused (422), quoting what was sent', async () => {
      const r = await create({ amount: '0.00', pre_authorization_id: preId });
      assert.equal(r.status, 422);
      assert.equal(errorMessage(r), 'amount must be a positive amount with at most 2 decimals, such as "10.00" (got "0.00").');
    });

    it('name and description are kept; null or empty means none; a non-string is refused naming the field', async () => {
      const r = await create({ amount: '1', pre_authorization_id: preId, name: '', description: 'Court hire' });
      assert.equal(r.status, 201);
      assert.equal((r.json as BillJson).name, null);
      assert.equal((r.json as BillJson).description, 'Court hire');
      const nulls = await create({ amount: '1', pre_authorization_id: preId, name: null, description: null });
      assert.equal(nulls.status, 201);
      assert.equal((nulls.json as BillJson).name, null);
      const number = await create({ amount: '1', pre_authorization_id: preId, name: 5 });
      assert.equal(number.status, 422);
      assert.equal(errorMessage(number), 'name must be a string.');
    });

    it('charge_customer_at may be today on the sandbox clock; a malformed one is refused naming the field', async () => {
      const today = sb.now().toISOString().slice(0, 10);
      const r = await create({ amount: '1', pre_authorization_id: preId, charge_customer_at: today });
      assert.equal(r.status, 201);
      assert.equal((r.json as BillJson).charge_customer_at, today);
      const bad = await create({ amount: '1', pre_authorization_id: preId, charge_customer_at: 'soon' });
      assert.equal(bad.status, 422);
      assert.match(errorMessage(bad), /^charge_customer_at .*; it is a date, YYYY-MM-DD\.$/);
    });
  });

  describe('confirm', () => {
    const basic = (user: string, pass: string): string => Buffer.from(`${user}:${pass}`).toString('base64');
    const confirm = (authorization?: string): Promise<ApiResponse> =>
      api(sb, '/api/v1/confirm', { method: 'POST', token: null, body: {}, headers: authorization === undefined ? {} : { authorization } });

    it('401 without Basic credentials, with a challenge and a message saying what to send', async () => {
      // The spec: "You must confirm payments using Basic Authentication."
      const r = await confirm();
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('www-authenticate'), 'Basic realm="GoCardless sandbox"');
      assert.equal(errorMessage(r), 'Confirm with HTTP Basic authentication: your app ID as the user name and your app secret as the password.');
    });

    it('takes "Basic " and the encoded pair, with any run of spaces, but no other scheme ending in "basic"', async () => {
      // "The authorization method and a space i.e. \"Basic \" is then put before the encoded string."
      const pair = basic(sb.credentials.app_id, sb.credentials.app_secret);
      for (const header of [`Basic ${pair}`, `basic  ${pair}`]) {
        const r = await confirm(header);
        assert.equal(r.status, 400, header);
        assert.equal(errorMessage(r), 'resource_id and resource_type are required (the values from the redirect).');
      }
      assert.equal((await confirm(`NotBasic ${pair}`)).status, 401);
    });
  });

  describe('resources as rendered', () => {
    it('bills, subscriptions and pre-authorizations carry their own uri and their bills\' uri', async () => {
      const bill = (await api(sb, `/api/v1/bills/${bills[0]!.id}`)).json as { uri: string };
      assert.equal(bill.uri, `${sb.url}/api/v1/bills/${bills[0]!.id}`);
      for (const kind of ['subscriptions', 'pre_authorizations']) {
        const x = (await mandates(kind))[0]!;
        // The spec's example: "uri":"https://gocardless.com/api/v1/pre_authorizations/1609",
        // "sub_resource_uris":{ "bills":"https://gocardless.com/api/v1/merchants/06Z06JWQW1/bills?source_id=1609" }
        assert.equal(x.uri, `${sb.url}/api/v1/${kind}/${x.id}`);
        assert.equal(x.sub_resource_uris.bills, `${sb.url}/api/v1/merchants/${m}/bills?source_id=${x.id}`);
        const listed = asBills(await api(sb, x.sub_resource_uris.bills.slice(sb.url.length)));
        assert.ok(listed.every((b) => b.source_id === x.id));
      }
    });

    it('a bill webhook gives each bill\'s uri', async () => {
      // The spec's bill webhook example: "uri": "https://gocardless.com/api/v1/bills/AKJ398H8KA"
      const receiver = await startReceiver();
      try {
        const adminJson = (method: string, path: string, body: unknown): Promise<Response> =>
          fetch(`${sb.url}/admin${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal((await adminJson('PUT', '/webhook-url', { url: receiver.url })).status, 200);
        const preId = (await mandates('pre_authorizations', '?status=active')).at(-1)!.id;
        const id = ((await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '2.00', pre_authorization_id: preId } } })).json as BillJson).id;
        assert.equal((await adminJson('POST', `/bills/${id}/outcome`, { outcome: 'paid' })).status, 200);
        const hook = await waitForDelivery(sb, (d) => d.action === 'paid' && d.state === 'delivered' && d.body.includes(id));
        const sent = (JSON.parse(hook.body) as { payload: { bills: Array<{ id: string; uri: string }> } }).payload.bills;
        assert.deepEqual(sent.find((b) => b.id === id)?.uri, `${sb.url}/api/v1/bills/${id}`);
      } finally {
        await fetch(`${sb.url}/admin/webhook-url`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"url": null}' });
        await receiver.close();
      }
    });

    it('a payout lists the app it paid out for in app_ids', async () => {
      const payouts = (await api(sb, `/api/v1/merchants/${m}/payouts`)).json as Array<{ app_ids: string[] }>;
      assert.ok(payouts.length > 0);
      for (const p of payouts) assert.deepEqual(p.app_ids, [sb.credentials.app_id]);
    });

    it('can_be_refunded is true for paid and withdrawn bills only, once refunds are enabled', async () => {
      // "A bill can be refunded if its can_be_refunded attribute is true, and it has a status of paid or withdrawn."
      sb.setMerchantSettings({ refunds_enabled: true });
      try {
        const now = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
        for (const status of ['paid', 'withdrawn', 'pending', 'failed']) {
          const b = now.find((x) => x.status === status);
          assert.ok(b, `the seed has a ${status} bill`);
          assert.equal(b.can_be_refunded, status === 'paid' || status === 'withdrawn', status);
        }
      } finally {
        sb.setMerchantSettings({ refunds_enabled: false });
      }
    });

    it('a merchant with no paid bills has no next payout: date and amount are both null', async () => {
      const fresh = await authorizeNewMerchant(sb, 'Empty Shop');
      const merchant = (await api(sb, `/api/v1/merchants/${fresh.id}`, { token: fresh.token })).json as Record<string, unknown>;
      assert.equal(merchant['next_payout_date'], null);
      assert.equal(merchant['next_payout_amount'], null);
      const seeded = (await api(sb, `/api/v1/merchants/${m}`)).json as Record<string, unknown>;
      assert.match(String(seeded['next_payout_amount']), /^\d+\.\d{2}$/, 'the seeded merchant has one');
    });

    it('next_payout_date and next_payout_amount are the earliest payout to come and the bills it will hold', async () => {
      // "Merchants can use our API to check when and what their next payout from GoCardless will be.
      // The attributes next_payout_date and next_payout_amount on the merchant resource detail this."
      const adminPost = (path: string, body: unknown): Promise<Response> =>
        fetch(`${sb.url}/admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // The seeded bill paid earliest of those held for their withdrawal.
      const held = bills.find((b) => b.status === 'paid')!;
      // An old bill paid only now: listed before the others, not paid out before them.
      const old = bills.find((b) => b.status === 'failed' && b.created_at < held.created_at);
      assert.ok(old, 'the seed has a failed bill older than its paid ones');
      assert.equal((await adminPost(`/bills/${old.id}/outcome`, { outcome: 'retried' })).status, 200);
      assert.equal((await adminPost(`/bills/${old.id}/outcome`, { outcome: 'paid' })).status, 200);
      // Two bills made together are paid together, so one payout holds several bills.
      const preId = (await mandates('pre_authorizations', '?status=active')).at(-1)!.id;
      const together: string[] = [];
      for (const amount of ['3.00', '4.50']) {
        const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount, pre_authorization_id: preId } } });
        together.push((created.json as BillJson).id);
      }
      const roundOf = new Map<string, number>();
      const sizes: number[] = [];
      for (let round = 0; round < 6 && !together.every((id) => roundOf.has(id)); round++) {
        const merchant = (await api(sb, `/api/v1/merchants/${m}`)).json as { next_payout_date: string; next_payout_amount: string };
        const paid = asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=paid`));
        assert.equal((await adminPost('/clock', { to: `${merchant.next_payout_date}T00:00:00Z` })).status, 200);
        const withdrawn = new Set(asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=withdrawn`)).map((b) => b.id));
        const paidOut = paid.filter((b) => withdrawn.has(b.id));
        assert.ok(paidOut.length > 0, `round ${round}: the payout due holds bills`);
        const pence = paidOut.reduce((sum, b) => sum + Math.round(Number(b.amount_minus_fees) * 100), 0);
        assert.equal(Math.round(Number(merchant.next_payout_amount) * 100), pence, `round ${round}`);
        for (const b of paidOut) roundOf.set(b.id, round);
        sizes.push(paidOut.length);
      }
      assert.equal(roundOf.get(held.id), 0, 'the payout due first holds the bill paid earliest');
      assert.ok(roundOf.get(old.id)! >= roundOf.get(held.id)!, 'the old bill paid just now is not paid out before it');
      assert.ok(together.every((id) => roundOf.get(id) === roundOf.get(together[0]!)), 'the two bills made together are paid out together');
      assert.ok(roundOf.get(together[0]!)! > roundOf.get(old.id)!, 'after the old bill, paid days earlier');
      assert.ok(sizes.some((n) => n >= 2), `one payout holds several bills (${sizes.join(', ')})`);
    });

    it('can_be_cancelled turns false at the moment the bill is submitted (its charge date)', async () => {
      // "A pending bill can be cancelled if it has not yet been submitted to the banking system, which is the case if the can_be_cancelled attribute is true."
      const preId = (await mandates('pre_authorizations', '?status=active')).at(-1)!.id;
      const tomorrow = new Date(sb.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: preId, charge_customer_at: tomorrow } } });
      const id = (created.json as BillJson).id;
      assert.equal((created.json as BillJson).can_be_cancelled, true);
      const moved = await fetch(`${sb.url}/admin/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: `${tomorrow}T00:00:00Z` }) });
      assert.equal(moved.status, 200);
      const bill = (await api(sb, `/api/v1/bills/${id}`)).json as BillJson;
      assert.equal(bill.status, 'pending');
      assert.equal(bill.can_be_cancelled, false);
      assert.equal((await api(sb, `/api/v1/bills/${id}/cancel`, { method: 'PUT' })).status, 422, 'and cancelling is refused');
    });

    it('brings the sandbox up to the real clock before answering: a bill due to settle is paid when next read', async () => {
      const preId = (await mandates('pre_authorizations', '?status=active')).at(-1)!.id;
      const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1', pre_authorization_id: preId } } });
      const id = (created.json as BillJson).id;
      assert.equal((created.json as BillJson).status, 'pending');
      sb.clock.ms += 5 * 86_400_000; // real time passes; nothing has asked the sandbox to run what fell due
      const bill = (await api(sb, `/api/v1/bills/${id}`)).json as BillJson;
      assert.equal(bill.status, 'paid');
    });
  });
});
