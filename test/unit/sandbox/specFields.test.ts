import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SPEC_PATH, specResponseFields, specWebhookObjectFields, type SpecResource } from './specExamples';
import { api, asBills, startTestSandbox, waitForDelivery } from './sandboxFixtures';

/**
 * Issue 17, item 6: a resource the sandbox returns carries only fields the spec
 * shows for that resource in some example response (list, get or action).
 * The field names are read from the spec's text, not copied into the test.
 */

/**
 * Fields the spec names in prose for a resource without an example showing them.
 * Each quotes the sentence that names it.
 */
const NAMED_IN_PROSE: Partial<Record<SpecResource, Record<string, string>>> = {
  bill: { can_be_refunded: 'A bill can be refunded if its can_be_refunded attribute is true, and it has a status of paid or withdrawn.' },
};

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [prefix + k, ...keysOf(v, `${prefix}${k}.`)]);
}

describe('sandbox responses carry only the fields the spec shows', () => {
  const spec = specResponseFields();

  it('reads every resource\'s fields from the spec\'s examples', () => {
    assert.ok(readFileSync(SPEC_PATH, 'utf8').includes('Using the REST API'), 'the fixture is the API reference');
    assert.deepEqual([...spec.keys()].sort(), ['bill', 'merchant', 'payout', 'pre_authorization', 'subscription', 'user']);
    // Spot checks that the reader sees what the examples show, and only that.
    assert.ok(spec.get('bill')!.has('charge_customer_at') && spec.get('bill')!.has('can_be_cancelled') && spec.get('bill')!.has('amount_minus_fees'));
    assert.ok(spec.get('merchant')!.has('sub_resource_uris.payouts'));
    assert.ok(spec.get('payout')!.has('app_ids'), 'app_ids is in the list example only, which is enough');
    for (const invented of ['setup_fee', 'start_at', 'calendar_intervals', 'interval_count']) {
      assert.ok(!spec.get('subscription')!.has(invented) && !spec.get('pre_authorization')!.has(invented), invented);
    }
  });

  it('every field of every REST response appears in the spec for that resource', async () => {
    const sb = await startTestSandbox({ refundsEnabled: true });
    try {
      const m = sb.credentials.merchant_id;
      const seen: Array<[SpecResource, string, unknown]> = [];
      const record = async (resource: SpecResource, path: string, init?: Parameters<typeof api>[2]): Promise<unknown> => {
        const r = await api(sb, path, init);
        assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status} ${r.text.slice(0, 200)}`);
        seen.push([resource, path, r.json]);
        return r.json;
      };
      await record('merchant', `/api/v1/merchants/${m}`);
      const bills = asBills(await api(sb, `/api/v1/merchants/${m}/bills`));
      seen.push(['bill', 'bills list', bills]);
      for (const [kind, resource] of [['subscriptions', 'subscription'], ['pre_authorizations', 'pre_authorization'], ['users', 'user'], ['payouts', 'payout']] as const) {
        const list = (await record(resource, `/api/v1/merchants/${m}/${kind}`)) as Array<{ id: string }>;
        if (kind !== 'users') await record(resource, `/api/v1/${kind}/${list[0]!.id}`);
      }
      await record('bill', `/api/v1/bills/${bills[0]!.id}`);
      const failed = bills.find((b) => b.status === 'failed')!;
      await record('bill', `/api/v1/bills/${failed.id}/retry`, { method: 'POST' });
      const paid = bills.find((b) => b.status === 'paid' || b.status === 'withdrawn')!;
      await record('bill', `/api/v1/bills/${paid.id}/refund`, { method: 'POST' });
      const pres = (await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string }>;
      const created = (await record('bill', '/api/v1/bills', { method: 'POST', body: { bill: { amount: '1.00', pre_authorization_id: pres[0]!.id } } })) as { id: string };
      await record('bill', `/api/v1/bills/${created.id}/cancel`, { method: 'PUT' });
      await record('pre_authorization', `/api/v1/pre_authorizations/${pres[0]!.id}/cancel`, { method: 'PUT' });
      const subs = (await api(sb, `/api/v1/merchants/${m}/subscriptions?status=active`)).json as Array<{ id: string }>;
      await record('subscription', `/api/v1/subscriptions/${subs[0]!.id}/cancel`, { method: 'PUT' });

      for (const [resource, path, json] of seen) {
        const allowed = new Set([...spec.get(resource)!, ...Object.keys(NAMED_IN_PROSE[resource] ?? {})]);
        for (const item of Array.isArray(json) ? json : [json]) {
          const invented = keysOf(item).filter((k) => !allowed.has(k));
          assert.deepEqual(invented, [], `${path} returns ${resource} fields the spec never shows: ${invented.join(', ')}`);
        }
      }
    } finally {
      await sb.dispose();
    }
  });

  it('every field of a webhook object appears in the spec\'s example webhook of that type', async () => {
    const hooks = specWebhookObjectFields();
    assert.deepEqual([...hooks.keys()].sort(), ['bill', 'pre_authorization', 'subscription']);
    const sb = await startTestSandbox();
    try {
      const m = sb.credentials.merchant_id;
      const pending = asBills(await api(sb, `/api/v1/merchants/${m}/bills?status=pending`))[0]!;
      await sb.triggerBillOutcome(pending.id, 'paid');
      const sub = ((await api(sb, `/api/v1/merchants/${m}/subscriptions?status=active`)).json as Array<{ id: string }>)[0]!;
      await api(sb, `/api/v1/subscriptions/${sub.id}/cancel`, { method: 'PUT' });
      const pre = ((await api(sb, `/api/v1/merchants/${m}/pre_authorizations?status=active`)).json as Array<{ id: string }>)[0]!;
      await api(sb, `/api/v1/pre_authorizations/${pre.id}/cancel`, { method: 'PUT' });
      for (const type of ['bill', 'subscription', 'pre_authorization'] as const) {
        const d = await waitForDelivery(sb, (x) => x.resourceType === type);
        const payload = (JSON.parse(d.body) as { payload: Record<string, unknown[]> }).payload;
        for (const object of payload[`${type}s`]!) {
          const invented = keysOf(object).filter((k) => !hooks.get(type)!.has(k));
          assert.deepEqual(invented, [], `${type} webhook objects carry fields the spec's example never shows: ${invented.join(', ')}`);
        }
      }
    } finally {
      await sb.dispose();
    }
  });
});
