import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WebhookListener, buildTestWebhook, verifyWebhookDelivery } from '../../../src/core/webhooks';
import { post } from './loopback';

const ACCOUNT = { id: 'a', name: 'A', secret: 'fuzz-secret' };

describe('Fuzzed bodies', () => {
  it('verifyWebhookDelivery never throws, whatever the body', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ payload: v })), fc.uint8Array().map((b) => Buffer.from(b).toString('latin1'))), (body) => {
      const check = verifyWebhookDelivery(body, [ACCOUNT]);
      assert.ok(['valid', 'invalid', 'unsigned', 'malformed'].includes(check.verification.status));
      assert.notEqual(check.verification.status, 'valid');
    }), { numRuns: 500 });
  });

  it('the listener answers every fuzzed body with a 4xx and keeps answering', async () => {
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], maxBodyBytes: 4096 });
    try {
      await fc.assert(fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ payload: v })),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ payload: { resource_type: 'bill', action: 'paid', bills: [v], signature: v } })),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        async (body) => {
          const answer = await post(listener.url, body);
          assert.ok([400, 403, 413].includes(answer.status), `${answer.status} for ${body}`);
        },
      ), { numRuns: 150 });
      const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', secret: ACCOUNT.secret });
      assert.equal((await post(listener.url, hook.json)).status, 200, 'still verifying genuine webhooks after the fuzzing');
    } finally {
      await listener.close();
    }
  });
});
