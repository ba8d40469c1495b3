import assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/core/sandbox';
import { request } from 'node:http';
import { authorizeNewMerchant } from './oauthSteps';
import { api, asBills, errorMessage, startTestSandbox, type BillJson } from './sandboxFixtures';

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
