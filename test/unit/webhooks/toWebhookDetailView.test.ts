import assert from 'node:assert/strict';
import { hmacHex, normalizeParams, type SignableParams } from '../../../src/core/signing';
import { buildTestWebhook, resignPayload, toWebhookDetailView, verifyWebhookDelivery, type WebhookDelivery } from '../../../src/core/webhooks';
import { aDelivery } from './builders';

const SECRET = 'detail-secret';
const ACCOUNT = { id: 'acc', name: 'Detail merchant', secret: SECRET };

/** A delivery as the listener records `body`, with its verdict against ACCOUNT. */
function received(body: string, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  const check = verifyWebhookDelivery(body, [ACCOUNT]);
  return aDelivery({
    body, bodyBytes: Buffer.byteLength(body), verification: check.verification, objectIds: [...check.objectIds],
    resourceType: check.resourceType, action: check.action, retryOf: undefined, ...overrides,
  });
}

describe('toWebhookDetailView', () => {
  it('shows a valid delivery field by field, with the expected normalized string when given the secret', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET, now: new Date('2011-12-01T12:00:00Z') });
    const d = received(hook.json, { retryOf: 'wh_first', attempt: 2, path: '/hooks', headers: { 'content-type': 'application/json' } });
    const view = toWebhookDetailView(d, { secret: SECRET, forwardTo: 'http://127.0.0.1:3000/' });
    assert.deepEqual(view, {
      id: d.id, receivedAt: d.receivedAt, method: 'POST', path: '/hooks', remoteAddress: '127.0.0.1', responseStatus: 200,
      verification: 'valid', resourceType: 'bill', action: 'paid', objectIds: ['B1'], retryOf: 'wh_first', attempt: 2,
      payload: JSON.stringify(hook.body, null, 2),
      objects: [{
        id: 'B1', status: 'paid', source_type: 'subscription', source_id: 'KKJ398H8K8', amount: '20.0', amount_minus_fees: '19.8',
        paid_at: '2011-12-01T12:00:00Z', uri: 'https://gocardless.com/api/v1/bills/B1',
      }],
      headers: { 'content-type': 'application/json' },
      warnings: [],
      signature: {
        verdict: 'valid', reason: 'Signed with the app secret of Detail merchant.', account: 'Detail merchant',
        expectedNormalized: hook.normalized, expectedSignature: null, received: hook.signature, variant: null, variantNormalized: null,
      },
      forward: null,
      forwardTo: 'http://127.0.0.1:3000/',
    });
  });

  it('without the secret, shows no verdict or expected string for a valid delivery, but still the signature received', () => {
    const hook = buildTestWebhook({ resourceType: 'subscription', action: 'cancelled', ids: ['S1'], secret: SECRET });
    const view = toWebhookDetailView(received(hook.json));
    assert.deepEqual(view.signature, {
      verdict: null, reason: 'Signed with the app secret of Detail merchant.', account: 'Detail merchant',
      expectedNormalized: null, expectedSignature: null, received: hook.signature, variant: null, variantNormalized: null,
    });
    assert.equal(view.forwardTo, null);
    assert.deepEqual(view.objects, [{ id: 'S1', status: 'cancelled', uri: 'https://gocardless.com/api/v1/subscriptions/S1' }]);
  });

  it('shows the stored diagnosis of a signing mistake: the variant, its normalized string, and what was received', () => {
    const unsigned: SignableParams = { resource_type: 'bill', action: 'paid', bills: [{ id: 'B1' }] };
    const wrong = hmacHex(normalizeParams({ payload: unsigned }), SECRET);
    const d = received(JSON.stringify({ payload: { ...unsigned, signature: wrong } }));
    const view = toWebhookDetailView(d, { secret: SECRET });
    assert.equal(view.verification, 'invalid');
    assert.equal(view.signature.verdict, 'variant');
    assert.equal(view.signature.variant, 'The payload wrapper was signed');
    assert.equal(view.signature.variantNormalized, normalizeParams({ payload: unsigned }));
    assert.equal(view.signature.received, wrong);
    assert.equal(view.signature.expectedNormalized, normalizeParams(unsigned));
    assert.equal(view.signature.expectedSignature, null, 'never the signature the secret gives a body someone else chose');
  });

  it('computes no diagnosis for an invalid delivery that has none stored (a large body), even with the secret', () => {
    const d = received(JSON.stringify({ payload: { ...resignPayload({ resource_type: 'bill', action: 'paid', bills: [] }, 'other'), pad: 'x' } }),
      { verification: { status: 'invalid', reason: 'not diagnosed' } });
    const view = toWebhookDetailView(d, { secret: SECRET });
    assert.equal(view.signature.verdict, null);
    assert.equal(view.signature.expectedNormalized, null);
  });

  it('reads nothing of a request that was not checked, whatever its body', () => {
    const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['B1'], secret: SECRET });
    const d = aDelivery({ body: hook.json, verification: { status: 'not-checked', reason: 'Refused' }, resourceType: 'bill' });
    const view = toWebhookDetailView(d, { secret: SECRET });
    assert.deepEqual(view.objects, []);
    assert.equal(view.signature.received, null);
    assert.equal(view.signature.verdict, null);
  });

  it('shows a body that is not JSON as received, and nulls for what a delivery lacks', () => {
    const d = received('not json {', { resourceType: undefined, action: undefined, retryOf: undefined });
    const view = toWebhookDetailView(d);
    assert.equal(view.payload, 'not json {');
    assert.deepEqual([view.resourceType, view.action, view.retryOf, view.signature.received, view.signature.account], [null, null, null, null, null]);
    assert.deepEqual(view.objects, []);
  });

  it('shows each object as text fields, skipping entries that are not objects, and none for a type the spec does not list', () => {
    const payload = resignPayload({ resource_type: 'bill', action: 'paid', bills: [{ id: 'B1', amount: 20, nested: { a: [1] }, off: false, none: null }, 'B2', ['B3'], null] }, SECRET);
    const view = toWebhookDetailView(received(JSON.stringify({ payload })));
    assert.deepEqual(view.objects, [{ id: 'B1', amount: '20', nested: '{"a":[1]}', off: 'false', none: 'null' }]);
    assert.deepEqual(view.warnings, ['An object in payload.bills has no string id.', 'An object in payload.bills has no string id.', 'An object in payload.bills has no string id.']);
    const payout = resignPayload({ resource_type: 'payout', action: 'paid', payouts: [{ id: 'P1' }], bills: [{ id: 'B1' }] }, SECRET);
    assert.deepEqual(toWebhookDetailView(received(JSON.stringify({ payload: payout }))).objects, []);
  });

  it('bounds what it shows: 100 fields an object, 10,000 characters a field, path and header, 1,000 objects, 200 headers, 10,000 ids', () => {
    const wide = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${String(i).padStart(3, '0')}`, 'v']));
    const bills = [{ id: 'B0', long: 'l'.repeat(10_001), ...wide }, ...Array.from({ length: 1000 }, (_, i) => ({ id: `B${i + 1}` }))];
    const payload = resignPayload({ resource_type: 'bill', action: 'paid', bills }, SECRET);
    const headers = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`x-h${i}`, i === 0 ? 'h'.repeat(10_001) : 'v']));
    const ids = Array.from({ length: 10_001 }, (_, i) => `I${i}`);
    const d = received(JSON.stringify({ payload }), { path: '/' + 'p'.repeat(10_000), headers, objectIds: ids });
    const view = toWebhookDetailView(d);
    assert.equal(view.objects.length, 1000);
    assert.equal(Object.keys(view.objects[0]!).length, 100);
    assert.equal(view.objects[0]!['long'], 'l'.repeat(10_000));
    assert.equal(view.path.length, 10_000);
    assert.equal(Object.keys(view.headers).length, 200);
    assert.equal(view.headers['x-h0'], 'h'.repeat(10_000));
    assert.equal(view.objectIds.length, 10_000);
    assert.equal(view.objectIds.at(-1), 'I9999');
  });

  it('shows a forward\'s result, with nulls for a failed one', () => {
    const forward = { url: 'http://127.0.0.1:3000/', at: '2026-01-01T00:00:00.000Z', error: 'Connection refused: is your app running?', latencyMs: 1.5, slow: false, body: '', bodyTruncated: false, replay: true };
    const view = toWebhookDetailView(aDelivery({ forward }));
    assert.deepEqual(view.forward, { ...forward, status: null });
    const ok = toWebhookDetailView(aDelivery({ forward: { ...forward, error: undefined, status: 204 } }));
    assert.deepEqual([ok.forward?.status, ok.forward?.error], [204, null]);
  });

  it('copies the delivery\'s warnings', () => {
    const d = aDelivery({ verification: { status: 'valid', reason: 'ok', warnings: ['w1', 'w2'] } });
    const view = toWebhookDetailView(d);
    assert.deepEqual(view.warnings, ['w1', 'w2']);
    assert.notEqual(view.warnings, d.verification.warnings);
  });

  it('shows a record marked valid whose body is no webhook (a hand-edited store line) without recomputing a diagnosis', () => {
    // The store file is the user's to edit: its records are read back as they are, and the view must still be built.
    const d = aDelivery({ body: 'not a webhook', bodyBytes: 13 });
    assert.equal(d.verification.status, 'valid');
    const view = toWebhookDetailView(d, { secret: SECRET });
    assert.deepEqual({ payload: view.payload, verdict: view.signature.verdict, expectedNormalized: view.signature.expectedNormalized, received: view.signature.received },
      { payload: 'not a webhook', verdict: null, expectedNormalized: null, received: null });
  });
});
