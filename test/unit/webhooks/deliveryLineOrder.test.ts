import assert from 'node:assert/strict';
import { parseDeliveryLine, toDeliveryLine } from '../../../src/core/webhooks/deliveryLine';
import { aDelivery } from './builders';

describe('deliveryLine: the line\'s layout', () => {
  it('writes the fields in their fixed order, id first (what the store recognises its files by), the body last', () => {
    const d = aDelivery({
      id: 'wh_1', receivedAt: '2026-01-01T00:00:00.000Z', remoteAddress: '127.0.0.1', method: 'POST', path: '/', headers: { a: 'b' },
      body: '{"payload":{}}', bodyBytes: 14, verification: { status: 'unsigned', reason: 'r' }, resourceType: 'bill', action: 'paid',
      objectIds: ['B1'], response: { status: 403 }, retryOf: 'wh_0', attempt: 2, retryKey: 'b:k',
      forward: { url: 'u', at: 't', status: 200, latencyMs: 1, slow: false, body: '', bodyTruncated: false, replay: false },
    });
    const fields = '{"id":"wh_1","receivedAt":"2026-01-01T00:00:00.000Z","remoteAddress":"127.0.0.1","method":"POST","path":"/","headers":{"a":"b"},'
      + '"bodyBytes":14,"verification":{"status":"unsigned","reason":"r"},"resourceType":"bill","action":"paid","objectIds":["B1"],"response":{"status":403},'
      + '"retryOf":"wh_0","attempt":2,"retryKey":"b:k","forward":{"url":"u","at":"t","status":200,"latencyMs":1,"slow":false,"body":"","bodyTruncated":false,"replay":false}';
    assert.equal(toDeliveryLine(d, true), `${fields},"bodyJson":{"payload":{}}}`);
    assert.equal(toDeliveryLine(d, false), `${fields},"body":"{\\"payload\\":{}}"}`);
  });

  it('leaves out the optional fields a delivery does not have', () => {
    const d = aDelivery({ resourceType: undefined, action: undefined, retryOf: undefined, retryKey: undefined, forward: undefined });
    const line = toDeliveryLine(d, false);
    for (const name of ['resourceType', 'action', 'retryOf', 'retryKey', 'forward']) assert.ok(!line.includes(`"${name}":`), name);
    assert.deepEqual(parseDeliveryLine(line), JSON.parse(JSON.stringify(d)));
  });

  it('reads a line whose end was touched by an editor (a carriage return, trailing spaces)', () => {
    const d = aDelivery();
    for (const tail of ['\r', '  ', ' \t\r']) assert.deepEqual(parseDeliveryLine(toDeliveryLine(d, true) + tail), d, JSON.stringify(tail));
  });

  it('finds the body key of the line itself, not the same text in a nested object before it', () => {
    const d = aDelivery({ headers: { x: 'y', bodyJson: '1' }, verification: { status: 'invalid', reason: 'r', warnings: ['a', ',"bodyJson":{}'] } });
    const line = toDeliveryLine(d, true);
    assert.deepEqual(parseDeliveryLine(line), d);
  });
});
