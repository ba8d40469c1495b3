import * as assert from 'node:assert/strict';
import type { WebhookDelivery } from '../../../src/core/webhooks';
import { deliveryLabel, summarizeDelivery } from '../../../src/extension/present/deliveryRow';
import { formatExpiry } from '../../../src/extension/present/formatExpiry';
import { loopbackNote } from '../../../src/webview/linkBuilder/loopbackNote';

function delivery(over: Partial<WebhookDelivery> & { payload?: unknown }): WebhookDelivery {
  const { payload, ...rest } = over;
  const body = payload === undefined ? '' : JSON.stringify({ payload });
  return {
    id: 'd1', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: '/', headers: {},
    body, bodyBytes: body.length, verification: { status: 'valid', reason: 'ok' } as WebhookDelivery['verification'],
    resourceType: 'bill', action: 'paid', objectIds: [], response: { status: 200 }, attempt: 1, ...rest,
  };
}

describe('webhook delivery rows', () => {
  it('show the first object id and how many more, the amount and the retry', () => {
    const d = delivery({ objectIds: ['BA1', 'BA2', 'BA3'], attempt: 3, payload: { resource_type: 'bill', action: 'paid', bills: [{ id: 'BA1', amount: '12.50' }] } });
    assert.deepEqual(summarizeDelivery(d), { objects: 'BA1 +2', amount: '12.50', retry: 'retry 2' });
    assert.equal(deliveryLabel(d), 'bill paid');
  });

  it('show no amount for a body that is not JSON, has no amount, or an odd one', () => {
    assert.equal(summarizeDelivery(delivery({ body: '{not json', objectIds: ['BA1'] })).amount, undefined);
    assert.equal(summarizeDelivery(delivery({ payload: { bills: [{ id: 'BA1' }] }, objectIds: ['BA1'] })).amount, undefined);
    assert.equal(summarizeDelivery(delivery({ payload: { bills: [{ id: 'BA1', amount: '<b>1</b>' }] }, objectIds: ['BA1'] })).amount, undefined);
    assert.equal(summarizeDelivery(delivery({ payload: { bills: 'x' }, objectIds: [] })).objects, 'no objects');
  });

  it('name a request that was no webhook by its method and path', () => {
    assert.equal(deliveryLabel(delivery({ resourceType: undefined, method: 'GET', path: '/x' })), 'GET /x');
    assert.equal(deliveryLabel(delivery({ resourceType: undefined, method: 'POST' })), 'not a webhook');
  });
});

describe('link expiry in words', () => {
  it('says the local time and how long is left, not the raw UTC timestamp', () => {
    const now = Date.parse('2026-01-01T10:00:30Z');
    const gb = (timeZone: string) => ({ timeZone, locale: 'en-GB' });
    assert.equal(formatExpiry('2026-01-01T13:00:00Z', now, gb('Europe/Paris')), 'at 14:00 (in 2 h 59 min)');
    assert.equal(formatExpiry('2026-01-01T10:20:00Z', now, gb('UTC')), 'at 10:20 (in 19 min)');
    assert.equal(formatExpiry('2026-01-01T09:00:00Z', now, gb('UTC')), 'at 09:00 (expired)');
    assert.equal(formatExpiry('not a date', now), 'at not a date');
  });
});

describe('QR note for loopback links', () => {
  it('speaks only for loopback hosts', () => {
    assert.match(loopbackNote('http://127.0.0.1:5000/connect/bills/new?x=1'), /127\.0\.0\.1 .*cannot open it/);
    assert.match(loopbackNote('http://localhost:5000/'), /localhost/);
    assert.equal(loopbackNote('https://connect-sandbox.gocardless.com/connect/bills/new'), '');
    assert.equal(loopbackNote('not a url'), '');
  });
});
