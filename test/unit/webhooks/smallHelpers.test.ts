import assert from 'node:assert/strict';
import { WEBHOOK_ACTIONS } from '../../../src/core/api/models';
import { hmacHex, normalizeParams, signParams, type SignableParams } from '../../../src/core/signing';
import {
  buildTestWebhook, expectedWebhookSignature, exportFixtures, generateResourceId, isLoopbackHost, isWebhookAction, isWebhookResourceType, toCurl,
} from '../../../src/core/webhooks';
import { aDelivery } from './builders';

const SECRET = 'helpers-secret';

describe('buildTestWebhook: the template, field by field', () => {
  it('returns the body, its JSON, the ids, and the normalized string and signature core signing gives', () => {
    const hook = buildTestWebhook({ resourceType: 'subscription', action: 'cancelled', ids: ['S1'], secret: SECRET });
    const unsigned: SignableParams = { resource_type: 'subscription', action: 'cancelled', subscriptions: [{ id: 'S1', status: 'cancelled', uri: 'https://gocardless.com/api/v1/subscriptions/S1' }] };
    assert.deepEqual(hook.body, { payload: { ...unsigned, signature: signParams(unsigned, SECRET).signature } });
    assert.equal(hook.json, JSON.stringify(hook.body));
    assert.deepEqual(hook.ids, ['S1']);
    assert.equal(hook.normalized, normalizeParams(unsigned));
    assert.equal(hook.signature, hmacHex(normalizeParams(unsigned), SECRET));
  });

  it('gives pre-authorization objects the action as status and a URI under the base URL, slashes trimmed and the id encoded', () => {
    const hook = buildTestWebhook({ resourceType: 'pre_authorization', action: 'expired', ids: ['P/1 x'], secret: SECRET, baseUrl: 'http://127.0.0.1:8787///' });
    assert.deepEqual(hook.body.payload['pre_authorizations'], [{ id: 'P/1 x', status: 'expired', uri: 'http://127.0.0.1:8787/api/v1/pre_authorizations/P%2F1%20x' }]);
  });

  it('fills a bill from the spec\'s template: source subscription KKJ398H8K8, £20, 19.8 after fees, unless told otherwise', () => {
    // Spec: "All test webhooks are created from a template, so the amount will always equal £20. The resource ID,
    // source ID and status will be set to those given in the webhook tester."
    const [bill] = buildTestWebhook({ resourceType: 'bill', action: 'failed', ids: ['B1'], secret: SECRET }).body.payload['bills'] as SignableParams[];
    assert.deepEqual(bill, { id: 'B1', status: 'failed', source_type: 'subscription', source_id: 'KKJ398H8K8', amount: '20.0', amount_minus_fees: '19.8', uri: 'https://gocardless.com/api/v1/bills/B1' });
    const [fromPreauth] = buildTestWebhook({ resourceType: 'bill', action: 'created', ids: ['B2'], secret: SECRET, sourceType: 'pre_authorization', sourceId: 'PA1' }).body.payload['bills'] as SignableParams[];
    assert.deepEqual([fromPreauth!['source_type'], fromPreauth!['source_id'], fromPreauth!['status']], ['pre_authorization', 'PA1', 'pending']);
  });

  it('gives a bill paid_at, to the second, exactly when its status says money moved', () => {
    const now = new Date('2026-03-04T05:06:07.891Z');
    const moved = new Set(['paid', 'withdrawn', 'refunded', 'chargedback']);
    for (const action of WEBHOOK_ACTIONS.bill) {
      const [bill] = buildTestWebhook({ resourceType: 'bill', action, ids: ['B1'], secret: SECRET, now }).body.payload['bills'] as SignableParams[];
      assert.equal(bill!['paid_at'], moved.has(action) ? '2026-03-04T05:06:07Z' : undefined, action);
    }
  });

  it('generates one id when given none or an empty list', () => {
    for (const ids of [undefined, []]) {
      const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: SECRET, ...(ids ? { ids } : {}) });
      assert.equal(hook.ids.length, 1);
      assert.equal((hook.body.payload['bills'] as SignableParams[])[0]!['id'], hook.ids[0]);
    }
  });

  it('generates ids of ten upper-case letters and digits without I, O or U, as the spec\'s AKJ398H8KA', () => {
    const ids = Array.from({ length: 200 }, generateResourceId);
    for (const id of ids) assert.match(id, /^[A-HJ-NP-TV-Z0-9]{10}$/);
    assert.ok(new Set(ids).size > 190, 'random');
  });

  it('names the actions the spec lists when refusing another', () => {
    assert.throws(() => buildTestWebhook({ resourceType: 'subscription', action: 'paid' as 'cancelled', secret: SECRET }),
      { name: 'RangeError', message: '"paid" is not a subscription webhook action; expected one of cancelled, expired' });
  });

  it('knows the spec\'s resource types and their actions only', () => {
    // Spec: resource_type is 'A string: "bill", "pre_authorization", or "subscription".'
    assert.deepEqual(['bill', 'pre_authorization', 'subscription', 'payout', 'toString', ''].map(isWebhookResourceType), [true, true, true, false, false, false]);
    assert.equal(isWebhookAction('bill', 'retried'), true);
    assert.equal(isWebhookAction('subscription', 'retried'), false);
  });
});

describe('expectedWebhookSignature', () => {
  it('gives the signature and normalized string the secret gives the delivery\'s payload, whatever signature it carries', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    assert.deepEqual(expectedWebhookSignature({ body: hook.json }, SECRET), { normalized: hook.normalized, signature: hook.signature });
    const forged = JSON.stringify({ payload: { ...hook.body.payload, signature: '0'.repeat(64) } });
    assert.deepEqual(expectedWebhookSignature({ body: forged }, SECRET), { normalized: hook.normalized, signature: hook.signature });
    const unsigned = JSON.stringify({ payload: { ...hook.body.payload, signature: undefined } });
    assert.equal(expectedWebhookSignature({ body: unsigned }, SECRET)?.signature, hook.signature);
  });

  it('is undefined for a body without a payload', () => {
    assert.equal(expectedWebhookSignature({ body: 'not json' }, SECRET), undefined);
    assert.equal(expectedWebhookSignature({ body: '{"resource_type":"bill"}' }, SECRET), undefined);
  });
});

describe('isLoopbackHost', () => {
  it('is true for localhost, ::1 and 127.0.0.0/8 only', () => {
    for (const host of ['localhost', '::1', '127.0.0.1', '127.255.3.4']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '128.0.0.1', '10.127.0.1', '127.example.com', '127', '::ffff:7f00:1', 'localhost.example', '192.168.1.2']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('toCurl', () => {
  it('writes the command on lines joined by backslash-newlines, with the delivery\'s content type', () => {
    const d = aDelivery({ body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(toCurl(d, 'http://127.0.0.1:3000/hooks'),
      "curl -sS -X POST \\\n  -H 'Content-Type: application/json; charset=utf-8' \\\n  --data-binary '{\"a\":1}' \\\n  'http://127.0.0.1:3000/hooks'");
  });

  it('sends application/json when the delivery had no content type, and quotes every single quote', () => {
    const cmd = toCurl(aDelivery({ body: "it's", headers: {} }), "http://h/'x'");
    assert.equal(cmd, "curl -sS -X POST \\\n  -H 'Content-Type: application/json' \\\n  --data-binary 'it'\\''s' \\\n  'http://h/'\\''x'\\'''");
  });
});

describe('exportFixtures', () => {
  it('writes each delivery as a fixture with every field, two-space indented, ending with a newline', () => {
    const d = aDelivery({ headers: { 'content-type': 'application/json; charset=utf-8' } });
    const text = exportFixtures([d]);
    assert.ok(text.endsWith('}\n]\n'));
    assert.equal(text, JSON.stringify([{
      name: 'bill-paid-1', resource_type: 'bill', action: 'paid', valid: true, object_ids: d.objectIds,
      received_at: d.receivedAt, content_type: 'application/json; charset=utf-8', body: d.body,
    }], null, 2) + '\n');
  });

  it('names fixtures without a type "unknown", makes odd names safe for a file, and counts each name on its own', () => {
    const base = { verification: { status: 'malformed' as const, reason: 'r' }, headers: {} };
    const a = aDelivery({ ...base, resourceType: undefined, action: undefined });
    const b = aDelivery({ ...base, resourceType: '../etc', action: 'pa id' });
    const c = aDelivery({ ...base, resourceType: undefined, action: undefined });
    const fixtures = JSON.parse(exportFixtures([a, b, c])) as Array<Record<string, unknown>>;
    assert.deepEqual(fixtures.map((f) => f['name']), ['unknown-unknown-1', '___etc-pa_id-1', 'unknown-unknown-2']);
    assert.deepEqual([fixtures[0]!['resource_type'], fixtures[0]!['action'], fixtures[0]!['valid'], fixtures[0]!['content_type']], [null, null, false, 'application/json']);
  });

  it('writes an empty list for no deliveries', () => {
    assert.equal(exportFixtures([]), '[]\n');
  });
});
