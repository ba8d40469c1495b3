import assert from 'node:assert/strict';
import {
  buildTestWebhook, DEFAULT_MAX_WEBHOOK_BODY_BYTES, DeliveryStore, MAX_DIAGNOSED_BODY_BYTES, MEMORY_BYTE_LIMIT, NOT_DIAGNOSED_REASON,
  WebhookListener, type WebhookAccount, type WebhookDelivery,
} from '../../../src/core/webhooks';
import { signParams, withoutSignature, type SignableParams } from '../../../src/core/signing';
import { next, post } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc', name: 'Merchant', secret: 'bounds-secret' };

/** A webhook of the spec's shape made `bytes` long by one object's padded field, signed with `secret`. */
function largeWebhook(bytes: number, secret: string): { json: string; payload: SignableParams } {
  const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['BIG1'], secret });
  const unsigned = withoutSignature(hook.body.payload);
  const bills = unsigned['bills'] as Array<Record<string, string>>;
  const padded = { ...unsigned, bills: [{ ...bills[0]!, description: 'd'.repeat(Math.max(0, bytes - hook.json.length)) }] };
  const payload = { ...padded, signature: signParams(padded, secret).signature };
  return { json: JSON.stringify({ payload }), payload };
}

describe('Listener: memory and CPU from the network are bounded (issue 16, item 6)', () => {
  it('keeps the in-memory history under its byte bound whatever the bodies, the newest kept', async () => {
    const byteLimit = 1024 * 1024;
    const store = await DeliveryStore.open({ memoryByteLimit: byteLimit });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
    try {
      const body = JSON.stringify({ payload: { resource_type: 'bill', action: 'paid', bills: [], pad: 'u'.repeat(200 * 1024) } });
      let last = '';
      for (let i = 0; i < 30; i++) {
        const answer = await post(listener.url, body);
        assert.equal(answer.status, 403, 'unsigned');
        last = (JSON.parse(answer.body) as { id: string }).id;
        assert.ok(store.memoryUsage <= byteLimit, `after ${i + 1} bodies the history holds ${store.memoryUsage} bytes`);
      }
      const kept = store.list();
      assert.ok(kept.length < 30 && kept.length >= 1, `${kept.length} of 30 kept`);
      assert.equal(kept.at(-1)!.id, last, 'the newest delivery is kept');
      assert.ok(kept.reduce((n, d) => n + d.body.length, 0) <= byteLimit);
    } finally {
      await listener.close();
      await store.close();
    }
  });

  it('bounds the default history by MEMORY_BYTE_LIMIT, not only by count', async () => {
    const store = await DeliveryStore.open();
    try {
      const body = 'x'.repeat(DEFAULT_MAX_WEBHOOK_BODY_BYTES);
      for (let i = 0; i < 200; i++) {
        await store.append({
          id: `wh_${i}`, receivedAt: new Date(0).toISOString(), remoteAddress: '127.0.0.1', method: 'POST', path: '/', headers: {},
          body, bodyBytes: body.length, verification: { status: 'malformed', reason: 'r' }, objectIds: [], response: { status: 400 }, attempt: 1,
        });
      }
      assert.ok(store.memoryUsage <= MEMORY_BYTE_LIMIT, `${store.memoryUsage} > ${MEMORY_BYTE_LIMIT}`);
      assert.ok(store.list().length < 200);
      assert.equal(store.list().at(-1)!.id, 'wh_199');
    } finally {
      await store.close();
    }
  });

  it('answers a large forged body without the diagnosis of signing mistakes, and says so; a small one is diagnosed', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      const large = largeWebhook(MAX_DIAGNOSED_BODY_BYTES + 10_000, 'not-the-secret');
      assert.ok(Buffer.byteLength(large.json) > MAX_DIAGNOSED_BODY_BYTES);
      const delivered = next<WebhookDelivery>((l) => listener.onDelivery(l));
      assert.equal((await post(listener.url, large.json)).status, 403);
      const d = await delivered;
      assert.equal(d.verification.status, 'invalid');
      assert.equal(d.verification.reason, NOT_DIAGNOSED_REASON);
      assert.equal(d.verification.diagnosis, undefined);

      const small = largeWebhook(2000, 'not-the-secret');
      const diagnosed = next<WebhookDelivery>((l) => listener.onDelivery(l));
      assert.equal((await post(listener.url, small.json)).status, 403);
      assert.equal((await diagnosed).verification.diagnosis?.verdict, 'unexplained');
    } finally {
      await listener.close();
    }
  });

  it('still verifies a large genuine body, by the fast path and, in upper-case hex, by the plain check', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      const genuine = largeWebhook(MAX_DIAGNOSED_BODY_BYTES + 10_000, ACCOUNT.secret);
      assert.equal((await post(listener.url, genuine.json)).status, 200);
      const upper = JSON.stringify({ payload: { ...genuine.payload, signature: String(genuine.payload['signature']).toUpperCase() } });
      assert.equal((await post(listener.url, upper)).status, 200);
    } finally {
      await listener.close();
    }
  });

  it('refuses bodies over the default limit of 256 KiB with 413 and accepts a webhook under it', async () => {
    assert.equal(DEFAULT_MAX_WEBHOOK_BODY_BYTES, 256 * 1024);
    const listener = await WebhookListener.start({ accounts: [ACCOUNT] });
    try {
      assert.equal((await post(listener.url, largeWebhook(DEFAULT_MAX_WEBHOOK_BODY_BYTES + 1, ACCOUNT.secret).json)).status, 413);
      assert.equal((await post(listener.url, largeWebhook(DEFAULT_MAX_WEBHOOK_BODY_BYTES - 1000, ACCOUNT.secret).json)).status, 200);
    } finally {
      await listener.close();
    }
  });
});
