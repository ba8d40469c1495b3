import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/core/api/ApiError';
import { GoCardlessClient } from '../../../src/core/api/GoCardlessClient';
import { FILTERS_BY_RESOURCE } from '../../../src/core/api/encodeFilter';
import { BILL_STATUSES, MANDATE_STATUSES } from '../../../src/core/api/models';
import { getResource, listResources, RESOURCE_TYPE_NAMES, RESOURCE_TYPES } from '../../../src/core/api/resourceTypes';
import { buildAuthorizeUrl, exchangeAuthorizationCode, parseAuthorizeRedirect } from '../../../src/core/api/oauth';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';

/**
 * The client against the local sandbox (src/core/sandbox), end to end over loopback: every
 * record the sandbox serves must pass the client's guards, and every filter must mean what
 * the spec says. The fake server in the other tests checks the wire format; this checks the
 * two sides agree.
 */
describe('GoCardlessClient against the local sandbox', () => {
  const REDIRECT = 'https://merchant.example/oauth/callback';
  let sandbox: RunningSandbox;
  let client: GoCardlessClient;
  before(async () => {
    sandbox = await startSandbox({
      seed: 3, now: () => new Date(Date.UTC(2026, 0, 15, 10)), redirectUri: REDIRECT,
      scale: { bills: 240, subscriptions: 30, preAuthorizations: 30, users: 40, payouts: 12 },
      // On, so the refused refund below is refused for the bill's state (422), not the merchant's switch.
      refundsEnabled: true,
    });
    const { access_token: accessToken, merchant_id: merchantId, app_id: appId, app_secret: appSecret } = sandbox.credentials;
    client = new GoCardlessClient({ baseUrl: sandbox.url, accessToken, merchantId, appId, appSecret, retryDelay: () => 0 });
  });
  after(async () => {
    await client.close();
    await sandbox.dispose();
  });

  it('every list page-walks completely and every record passes the guards', async () => {
    const collect = async <T>(iterator: AsyncIterable<T>): Promise<T[]> => {
      const all: T[] = [];
      for await (const item of iterator) all.push(item);
      return all;
    };
    const first = await client.listBills({}, { perPage: 50 });
    const bills = await collect(client.iterateBills({}, 50));
    assert.equal(bills.length, first.totalRecords);
    assert.equal(new Set(bills.map((b) => b.id)).size, bills.length, 'no record twice across pages');
    assert.ok((await collect(client.iterateSubscriptions({}, 7))).length > 0);
    assert.ok((await collect(client.iteratePreAuthorizations({}, 7))).length > 0);
    assert.ok((await collect(client.iterateUsers({}, 7))).length > 0);
    assert.ok((await collect(client.iteratePayouts({}, 5))).length > 0);
    assert.equal((await client.getMerchant()).id, sandbox.credentials.merchant_id);
  });

  it('filters mean what the spec says', async () => {
    for (const status of BILL_STATUSES) {
      for await (const bill of client.iterateBills({ status })) assert.equal(bill.status, status);
    }
    for await (const bill of client.iterateBills({ paid: true })) assert.ok(bill.status === 'paid' || bill.status === 'withdrawn', bill.status);
    for await (const bill of client.iterateBills({ source_type: 'subscription' })) assert.equal(bill.source_type, 'subscription');
    for (const status of MANDATE_STATUSES) {
      for await (const subscription of client.iterateSubscriptions({ status })) assert.equal(subscription.status, status);
    }
    const someBill = (await client.listBills({}, { perPage: 1 })).records[0];
    assert.ok(someBill !== undefined);
    const byUser = (await client.listBills({ user_id: someBill.user_id })).records;
    assert.ok(byUser.length > 0 && byUser.every((b) => b.user_id === someBill.user_id));
    const after = new Date(Date.parse(someBill.created_at) - 1000);
    const before = new Date(Date.parse(someBill.created_at) + 1000);
    const window = (await client.listBills({ after, before })).records;
    assert.ok(window.some((b) => b.id === someBill.id));
    assert.ok(window.every((b) => Date.parse(b.created_at) > after.getTime() && Date.parse(b.created_at) < before.getTime()));
  });

  it('creates a bill under a pre-authorization, cancels it, and reports the refused refund with the server\'s message', async () => {
    const preAuthorization = (await client.listPreAuthorizations({ status: 'active' }, { perPage: 1 })).records[0];
    assert.ok(preAuthorization !== undefined);
    const bill = await client.createBill({ pre_authorization_id: preAuthorization.id, amount: '1.00', name: 'Court hire' });
    assert.equal(bill.source_id, preAuthorization.id);
    assert.equal((await client.getBill(bill.id)).name, 'Court hire');
    assert.equal((await client.cancelBill(bill.id)).status, 'cancelled');
    const refused = await client.refundBill(bill.id).catch((e: unknown) => e);
    assert.ok(refused instanceof ApiError);
    assert.equal(refused.status, 422);
    assert.match(refused.serverMessage, /refund/i);
  });

  it('the partner OAuth flow: authorize URL → approval → code exchange → a client for the new merchant', async () => {
    const state = 'state-123';
    const url = buildAuthorizeUrl({
      baseUrl: sandbox.url, clientId: sandbox.credentials.app_id, redirectUri: REDIRECT, state,
      merchant: { name: 'Dr Roy', merchant_type: 'business', user: { email: 'roy@example.com', first_name: 'Roy', last_name: 'Roy' } },
    });
    const page = await fetch(url);
    const html = await page.text();
    assert.equal(page.status, 200, html.slice(0, 300));
    assert.match(html, /value="Dr Roy"/, 'the prefill reached the page');
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const approve = await fetch(new URL('/oauth/authorize', sandbox.url), {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, decision: 'approve', merchant: 'new', name: 'Dr Roy', email: 'roy@example.com', first_name: 'Roy', last_name: 'Roy' }).toString(),
    });
    const redirect = parseAuthorizeRedirect(approve.headers.get('location') ?? '', state);
    assert.ok(redirect.ok);
    const granted = await exchangeAuthorizationCode({
      baseUrl: sandbox.url, clientId: sandbox.credentials.app_id, clientSecret: sandbox.credentials.app_secret, code: redirect.code, redirectUri: REDIRECT,
    });
    assert.notEqual(granted.merchantId, sandbox.credentials.merchant_id);
    const merchantClient = new GoCardlessClient({ baseUrl: sandbox.url, accessToken: granted.accessToken, merchantId: granted.merchantId });
    try {
      assert.equal((await merchantClient.getMerchant()).name, 'Dr Roy');
    } finally {
      await merchantClient.close();
    }
    // Codes are single-use.
    await assert.rejects(exchangeAuthorizationCode({
      baseUrl: sandbox.url, clientId: sandbox.credentials.app_id, clientSecret: sandbox.credentials.app_secret, code: redirect.code, redirectUri: REDIRECT,
    }), (e: unknown) => e instanceof ApiError && e.status >= 400 && e.status < 500);
  });

  /**
   * RESOURCE_TYPES is the one table of resource types: the names it gives (paths, client
   * methods, filters) must be the ones the spec, the client and the sandbox use.
   */
  describe('RESOURCE_TYPES, the table of resource types', () => {
    it('names each list by the path the merchant\'s sub_resource_uris give it', async () => {
      // The spec's merchant example: "sub_resource_uris": { "users": ".../merchants/MERCHANT_ID/users", "bills": …, "payouts": … }
      const merchant = await client.getMerchant();
      const paths = RESOURCE_TYPE_NAMES.map((type) => RESOURCE_TYPES[type].path);
      assert.deepEqual(Object.keys(merchant.sub_resource_uris).sort(), [...paths].sort());
      for (const path of paths) {
        assert.ok((merchant.sub_resource_uris as Record<string, string>)[path]?.endsWith(`/merchants/${merchant.id}/${path}`), `${path} is listed under the merchant`);
      }
    });

    for (const type of RESOURCE_TYPE_NAMES) {
      it(`lists ${type} records and fetches one by id through the methods the table names`, async () => {
        const page = await listResources(client, type, {}, { page: 1, perPage: 3 });
        const first = page.records[0];
        assert.ok(first, `the sandbox serves ${RESOURCE_TYPES[type].path}`);
        const fetched = getResource(client, type, first.id);
        if (type === 'user') {
          // The spec documents GET /merchants/:id/users only, no GET /users/:id.
          assert.equal(fetched, undefined);
          assert.equal(RESOURCE_TYPES[type].get, undefined);
        } else {
          assert.ok(fetched);
          assert.deepEqual(await fetched, first, 'GET by id answers the record the list showed');
        }
      });
    }

    it('gives the client the Filtering table\'s filters ("Available on": Bill, Subscription, Pre_Authorization)', async () => {
      assert.deepEqual(Object.keys(FILTERS_BY_RESOURCE), RESOURCE_TYPE_NAMES.map((type) => RESOURCE_TYPES[type].path));
      assert.deepEqual(Object.keys(FILTERS_BY_RESOURCE.subscriptions), ['user_id', 'before', 'after', 'name', 'description', 'status']);
      assert.deepEqual(Object.keys(FILTERS_BY_RESOURCE.users), [], 'the spec lists no filter for users');
      // A filter the table does not give a list is refused before sending, whichever way the list is called.
      await assert.rejects(listResources(client, 'payout', { status: 'paid' }, { page: 1 }), /payouts cannot be filtered/);
      await assert.rejects(listResources(client, 'subscription', { paid: true }, { page: 1 }), /paid is not a filter for subscriptions/);
    });
  });
});
