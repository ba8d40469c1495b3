import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/api/ApiError';
import { GoCardlessClient } from '../../../src/core/api/GoCardlessClient';
import type { Bill } from '../../../src/core/api/models';
import type { RunningSandbox } from '../../../src/core/sandbox';
import { startTestSandbox } from './sandboxFixtures';

describe('core GoCardlessClient against the sandbox', () => {
  let sb: RunningSandbox;
  let client: GoCardlessClient;
  before(async () => {
    sb = await startTestSandbox({ scale: { bills: 1200 }, refundsEnabled: true });
    client = new GoCardlessClient({
      baseUrl: sb.url, accessToken: sb.credentials.access_token, merchantId: sb.credentials.merchant_id,
      appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, retryDelay: () => 0,
    });
  });
  after(async () => {
    await client.close();
    await sb.dispose();
  });

  it('reads the merchant', async () => {
    const merchant = await client.getMerchant();
    assert.equal(merchant.id, sb.credentials.merchant_id);
  });

  it('lists bills with filters and pages through them with the iterator', async () => {
    const page = await client.listBills({ paid: true }, { page: 2, perPage: 100 });
    assert.equal(page.paginated, true);
    assert.equal(page.page, 2);
    assert.equal(page.records.length, 100);
    assert.ok(page.records.every((b) => b.status === 'paid' || b.status === 'withdrawn'));
    const all: Bill[] = [];
    for await (const bill of client.iterateBills({ paid: true }, 250)) all.push(bill);
    assert.equal(all.length, page.totalRecords);
    assert.equal(new Set(all.map((b) => b.id)).size, all.length, 'no bill twice');
    assert.deepEqual(all.slice(100, 200).map((b) => b.id), page.records.map((b) => b.id));
    const window = await client.listBills({ after: all[10]!.created_at, before: all[20]!.created_at, paid: true });
    assert.deepEqual(window.records.map((b) => b.id), all.filter((b) => b.created_at > all[10]!.created_at && b.created_at < all[20]!.created_at).map((b) => b.id));
  });

  it('runs the actions and surfaces refusals as ApiError with the server message', async () => {
    const failed = (await client.listBills({ status: 'failed' })).records[0]!;
    assert.equal((await client.retryBill(failed.id)).status, 'pending');
    await assert.rejects(client.retryBill(failed.id), (e: unknown) => e instanceof ApiError && e.status === 422 && /only failed bills can be retried/.test(e.serverMessage));
    const withdrawn = (await client.listBills({ status: 'withdrawn' })).records[0]!;
    assert.equal((await client.refundBill(withdrawn.id)).status, 'refunded');
    const pre = (await client.listPreAuthorizations({ status: 'active' })).records[0]!;
    const bill = await client.createBill({ amount: '1.00', pre_authorization_id: pre.id });
    assert.equal(bill.source_id, pre.id);
    assert.equal((await client.cancelBill(bill.id)).status, 'cancelled');
    assert.equal((await client.cancelPreAuthorization(pre.id)).status, 'cancelled');
    await assert.rejects(client.createBill({ amount: '1.00', pre_authorization_id: pre.id }), (e: unknown) => e instanceof ApiError && e.status === 422);
    await assert.rejects(client.getBill('NOPE'), (e: unknown) => e instanceof ApiError && e.status === 404);
  });
});
