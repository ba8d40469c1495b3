import { strict as assert } from 'node:assert';
import { GoCardlessClient } from '../../../src/core/api/GoCardlessClient';
import { FILTERS_BY_RESOURCE } from '../../../src/core/api/encodeFilter';
import { getResource, listResources, RESOURCE_TYPE_NAMES, RESOURCE_TYPES } from '../../../src/core/api/resourceTypes';
import { startSandbox, type RunningSandbox } from '../../../src/core/sandbox';

/**
 * RESOURCE_TYPES is the one table of resource types: the names it gives (paths, client
 * methods, filters) must be the ones the spec and the client use. Checked end to end
 * against the local sandbox, whose routes read the same table.
 */
describe('RESOURCE_TYPES, the table of resource types', () => {
  let sandbox: RunningSandbox;
  let client: GoCardlessClient;
  before(async () => {
    sandbox = await startSandbox({ seed: 5, scale: { bills: 30, subscriptions: 6, preAuthorizations: 6, users: 6, payouts: 4 } });
    const { access_token: accessToken, merchant_id: merchantId, app_id: appId, app_secret: appSecret } = sandbox.credentials;
    client = new GoCardlessClient({ baseUrl: sandbox.url, accessToken, merchantId, appId, appSecret, retryDelay: () => 0 });
  });
  after(async () => {
    await client.close();
    await sandbox.dispose();
  });

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
