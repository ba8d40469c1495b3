import * as assert from 'node:assert/strict';
import { isWebhookDetailView, WEBHOOK_DETAIL_LIMITS } from '../../../src/core/protocol';
import { verifyWebhookDelivery, resignPayload, toWebhookDetailView, type WebhookDelivery } from '../../../src/core/webhooks';
import { clampDetailView, clampText } from '../../../src/extension/webhooks/clampDetailView';

const SECRET = 'clamp-secret';

/** A delivery as the listener records it, with `bills` objects of `fields` fields each and `headerCount` headers. */
function delivery(options: { bills: number; fields: number; nameLength: number; headerCount: number; pathLength: number }): WebhookDelivery {
  const bills = Array.from({ length: options.bills }, (_, i) => ({
    id: `B${i}`, status: 'paid', name: 'n'.repeat(options.nameLength),
    ...Object.fromEntries(Array.from({ length: options.fields }, (_, f) => [`extra_${f}`, 'x'])),
  }));
  const body = JSON.stringify({ payload: resignPayload({ resource_type: 'bill', action: 'paid', bills }, SECRET) });
  const check = verifyWebhookDelivery(body, [{ id: 'acc', name: 'Account', secret: SECRET }]);
  return {
    id: 'wh_big', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: `/${'p'.repeat(options.pathLength)}`,
    headers: Object.fromEntries(Array.from({ length: options.headerCount }, (_, i) => [`x-h-${i}`, 'v'])), body, bodyBytes: body.length,
    verification: check.verification, resourceType: check.resourceType, action: check.action, objectIds: check.objectIds,
    response: { status: 200 }, attempt: 1,
  };
}

describe('clampDetailView (a delivery larger than the detail panel\'s messages still shows)', () => {
  it('clampText keeps short text and cuts long text to the limit, saying how much was cut', () => {
    assert.equal(clampText('abc', 10), 'abc');
    const cut = clampText('a'.repeat(300_000), 1000);
    assert.ok(cut.length <= 1000);
    assert.match(cut, /… 299,080 more characters not shown$/);
  });

  it('a big delivery fails the protocol as it is, and passes once clamped, with every cut named', () => {
    const base = toWebhookDetailView(delivery({ bills: 3, fields: 2, nameLength: 10, headerCount: 3, pathLength: 5 }), { secret: SECRET });
    // And a pretty-printed body over the text limit (the listener's body limit is a setting).
    const view = { ...base, payload: `${base.payload}${' '.repeat(WEBHOOK_DETAIL_LIMITS.text)}` };
    assert.equal(isWebhookDetailView(view), false, 'the premise: the raw view exceeds the limits');
    const clamped = clampDetailView(view);
    assert.equal(isWebhookDetailView(clamped), true);
    assert.ok(clamped.payload.length <= WEBHOOK_DETAIL_LIMITS.text);
    assert.match(clamped.payload, /… [\d,]+ more characters not shown$/);
    assert.ok(clamped.payload.startsWith(base.payload), 'the start is shown as it was');
  });

  it('cuts lists, records and fields over their limits, the last entry saying how many more', () => {
    const base = toWebhookDetailView(delivery({ bills: 1, fields: 0, nameLength: 1, headerCount: 0, pathLength: 1 }), { secret: SECRET });
    const ids = Array.from({ length: WEBHOOK_DETAIL_LIMITS.list + 5 }, (_, i) => `B${i}`);
    const objects = Array.from({ length: WEBHOOK_DETAIL_LIMITS.objects + 1 }, (_, i) => ({ id: `B${i}` }));
    const headers = Object.fromEntries(Array.from({ length: WEBHOOK_DETAIL_LIMITS.headers + 50 }, (_, i) => [`x-h-${i}`, 'v'.repeat(i === 0 ? WEBHOOK_DETAIL_LIMITS.short + 1 : 1)]));
    const clamped = clampDetailView({ ...base, objectIds: ids, objects, headers });
    assert.equal(isWebhookDetailView(clamped), true);
    assert.equal(clamped.headers['…'], '51 more fields not shown');
    assert.match(clamped.headers['x-h-0'] ?? '', /… 81 more characters not shown$/);
    assert.equal(clamped.objectIds.at(-1), '… 6 more ids not shown');
    assert.deepEqual(clamped.objects.at(-1), { '…': '2 more objects not shown' });
  });

  it('leaves a view within the limits unchanged', () => {
    const view = toWebhookDetailView(delivery({ bills: 2, fields: 3, nameLength: 10, headerCount: 3, pathLength: 5 }), { secret: SECRET });
    assert.deepEqual(clampDetailView(view), view);
  });
});
