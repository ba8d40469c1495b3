import type { WebhookDelivery } from '../../../src/core/webhooks';

let seq = 0;

/** A stored delivery with sensible defaults; override what a test is about. */
export function aDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  seq++;
  return {
    id: `wh_test${String(seq).padStart(6, '0')}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq % 60)).toISOString(),
    remoteAddress: '127.0.0.1',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
    body: `{"payload":{"resource_type":"bill","action":"paid","bills":[{"id":"B${seq}"}],"signature":"x"}}`,
    bodyBytes: 80,
    verification: { status: 'valid', account: { id: 'a', name: 'A' }, reason: 'ok' },
    resourceType: 'bill',
    action: 'paid',
    objectIds: [`B${seq}`],
    response: { status: 200 },
    attempt: 1,
    retryKey: `s:key${seq}`,
    ...overrides,
  };
}
