import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestWebhook, DeliveryStore, WebhookListener, type WebhookAccount } from '../../../src/core/webhooks';
import { aDelivery } from './builders';
import { post } from './loopback';

const ACCOUNT: WebhookAccount = { id: 'acc_s', name: 'Store test', secret: 'store-test-secret-0123' };

/**
 * POSTs `body` and, the moment the status line arrives (before the body is
 * read, with no await in between), reads the store's file synchronously.
 */
function postAndReadFile(url: string, body: string, file: string): Promise<{ status: number; fileAtAnswer: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const fileAtAnswer = readFileSync(file, 'utf8');
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, fileAtAnswer }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('WebhookListener and its store', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-listener-store-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  // In one process, 'write' durability writes the batch in the same event-loop turn's check phase, before this
  // client can read any answer, so only the 'fsync' case (write and fdatasync on the thread pool) can catch an
  // answer sent before the write; tried: answering first fails it on every run. 'write' states the contract.
  for (const durability of ['write', 'fsync'] as const) {
    it(`answers 200 only once the delivery is in the file (${durability} durability)`, async () => {
      const file = join(dir, 'deliveries.jsonl');
      const store = await DeliveryStore.open({ file, durability });
      const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
      try {
        // Several, so an answer sent before the write would be seen on at least one (the file is read the instant it arrives).
        for (let i = 0; i < 20; i++) {
          const id = `STORED${durability}${i}`;
          const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [id], secret: ACCOUNT.secret });
          const { status, fileAtAnswer } = await postAndReadFile(listener.url, hook.json, file);
          assert.equal(status, 200);
          assert.ok(fileAtAnswer.includes(`"${id}"`), `delivery ${i} was answered 200 before its line was in the file`);
        }
      } finally {
        await listener.close();
        await store.close();
      }
    });
  }

  it('answers 503 (not 200) to a genuine webhook its store cannot write, and says so', async () => {
    const sub = join(dir, 'sub');
    const file = join(sub, 'deliveries.jsonl');
    // Rotated after every write: each batch closes the file and opens it again by name.
    const store = await DeliveryStore.open({ file, maxFileBytes: 1, maxFiles: 2 });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
    try {
      // The directory replaced by a file: the next write still goes to the descriptor already open, whose rotation
      // then fails; from there on no file can be opened, so every write fails.
      await rm(sub, { recursive: true });
      await writeFile(sub, 'not a directory');
      await store.append(aDelivery());
      const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['UNSTORED1'], secret: ACCOUNT.secret });
      const answer = await post(listener.url, hook.json);
      assert.equal(answer.status, 503, 'a delivery that could not be stored is not acknowledged: GoCardless retries it');
      assert.equal((JSON.parse(answer.body) as { error: string }).error, 'not_stored');
    } finally {
      await listener.close();
      await store.close();
    }
  });

  it('answers 503 to a genuine webhook once its store is closed (e.g. while the extension shuts down)', async () => {
    const store = await DeliveryStore.open({ file: join(dir, 'deliveries.jsonl') });
    const listener = await WebhookListener.start({ accounts: [ACCOUNT], store });
    try {
      await store.close();
      const hook = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: ['UNSTORED2'], secret: ACCOUNT.secret });
      const answer = await post(listener.url, hook.json);
      assert.equal(answer.status, 503);
      assert.equal((JSON.parse(answer.body) as { error: string }).error, 'not_stored');
    } finally {
      await listener.close();
    }
  });
});
