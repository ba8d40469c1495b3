import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryStore, scanDeliveryLog, type WebhookDelivery } from '../../../src/core/webhooks';
import { aDelivery } from './builders';

describe('DeliveryStore', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcdev-store-'));
    file = join(dir, 'deliveries.jsonl');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('has the line in the file when append resolves', async () => {
    const store = await DeliveryStore.open({ file });
    const d = aDelivery();
    await store.append(d);
    const text = await readFile(file, 'utf8');
    assert.deepEqual(JSON.parse(text.trim()), d);
    await store.close();
  });

  it('group-commits appends made together, in order', async () => {
    const store = await DeliveryStore.open({ file });
    const ds = Array.from({ length: 200 }, () => aDelivery());
    await Promise.all(ds.map((d) => store.append(d)));
    const ids: string[] = [];
    await scanDeliveryLog(file, 4, (l) => { if (!('forwardOf' in l)) ids.push(l.id); });
    assert.deepEqual(ids, ds.map((d) => d.id));
    await store.close();
  });

  it('with fsync durability, group-commits too and keeps every line', async () => {
    const store = await DeliveryStore.open({ file, durability: 'fsync' });
    const ds = Array.from({ length: 50 }, () => aDelivery());
    await Promise.all(ds.map((d) => store.append(d)));
    await store.close();
    const reopened = await DeliveryStore.open({ file });
    assert.deepEqual(reopened.list().map((d) => d.id), ds.map((d) => d.id));
    await reopened.close();
  });

  it('reads deliveries and forward results back on open', async () => {
    const store = await DeliveryStore.open({ file });
    const a = aDelivery();
    const b = aDelivery();
    await store.append(a);
    await store.append(b);
    await store.updateForward(a.id, { url: 'http://127.0.0.1:1/', at: a.receivedAt, status: 204, latencyMs: 3, slow: false, body: '', bodyTruncated: false, replay: false });
    await store.close();

    const reopened = await DeliveryStore.open({ file });
    assert.deepEqual(reopened.list().map((d) => d.id), [a.id, b.id]);
    assert.equal(reopened.get(a.id)?.forward?.status, 204);
    assert.equal(reopened.loaded.deliveries, 2);
    assert.equal(reopened.loaded.skippedLines, 0);
    await reopened.close();
  });

  it('tolerates a torn last line after a crash, and appends after it cleanly', async () => {
    const store = await DeliveryStore.open({ file });
    const a = aDelivery();
    await store.append(a);
    await store.close();
    const torn = JSON.stringify(aDelivery()).slice(0, 57);
    await appendFile(file, torn);

    const reopened = await DeliveryStore.open({ file });
    assert.equal(reopened.loaded.truncatedBytes, torn.length);
    assert.deepEqual(reopened.list().map((d) => d.id), [a.id]);
    const b = aDelivery();
    await reopened.append(b);
    await reopened.close();

    const again = await DeliveryStore.open({ file });
    assert.deepEqual(again.list().map((d) => d.id), [a.id, b.id]);
    assert.equal(again.loaded.skippedLines, 0);
    await again.close();
  });

  it('skips lines that are not records (hand edits, other versions)', async () => {
    const a = aDelivery();
    await writeFile(file, `${JSON.stringify(a)}\n{"id":3}\nnot json\n${JSON.stringify({ ...aDelivery(), verification: { status: 'maybe', reason: '' } })}\n`);
    const store = await DeliveryStore.open({ file });
    assert.deepEqual(store.list().map((d) => d.id), [a.id]);
    assert.equal(store.loaded.skippedLines, 3);
    await store.close();
  });

  it('rotates by size and keeps at most maxFiles files, newest deliveries kept', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 2000, maxFiles: 3 });
    const all: WebhookDelivery[] = [];
    for (let i = 0; i < 60; i++) {
      const d = aDelivery();
      all.push(d);
      await store.append(d);
    }
    await store.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['deliveries.jsonl', 'deliveries.jsonl.1', 'deliveries.jsonl.2']);
    for (const f of files) assert.ok((await stat(join(dir, f))).size < 2000 + 1000, `${f} is bounded`);

    const ids: string[] = [];
    await scanDeliveryLog(file, 3, (l) => { if (!('forwardOf' in l)) ids.push(l.id); });
    assert.ok(ids.length > 0 && ids.length < 60, `kept ${ids.length}`);
    assert.deepEqual(ids, all.slice(60 - ids.length).map((d) => d.id), 'the newest, in order, with no gap');
  });

  it('keeps writing after a rotation that failed half way, instead of answering for lines written nowhere', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 1000, maxFiles: 2 });
    await store.append(aDelivery());
    // Deleted from under the store: the rotation that passing 1,000 bytes starts cannot rename it, after closing it.
    await rm(file);
    for (let i = 0; i < 3; i++) await store.append(aDelivery());
    const after = aDelivery();
    await store.append(after);
    await store.close();
    const ids: string[] = [];
    await scanDeliveryLog(file, 2, (l) => { if (!('forwardOf' in l)) ids.push(l.id); });
    assert.ok(ids.includes(after.id), 'a delivery whose append resolved is in the file');
  });

  it('rejects appends it cannot write, so the listener answers 503 rather than 200', async () => {
    const sub = join(dir, 'sub');
    const store = await DeliveryStore.open({ file: join(sub, 'deliveries.jsonl'), maxFileBytes: 1000, maxFiles: 2 });
    await store.append(aDelivery());
    // Its directory replaced by a file: once a rotation has closed the open file, no file can be opened there.
    await rm(sub, { recursive: true });
    await writeFile(sub, 'not a directory');
    let rejected = 0;
    for (let i = 0; i < 10; i++) await store.append(aDelivery()).catch(() => { rejected++; });
    assert.ok(rejected > 0, 'appends after the rotation are refused');
    await store.close();
  });

  it('bounds the in-memory list', async () => {
    const store = await DeliveryStore.open({ memoryLimit: 5 });
    const ds = Array.from({ length: 12 }, () => aDelivery());
    for (const d of ds) await store.append(d);
    assert.deepEqual(store.list().map((d) => d.id), ds.slice(7).map((d) => d.id));
    assert.equal(store.get(ds[0]!.id), undefined);
    await store.close();
  });

  it('remembers retries across a restart', async () => {
    const store = await DeliveryStore.open({ file });
    const first = aDelivery({ retryKey: 's:same' });
    assert.deepEqual(store.classifyRetry('s:same', first.id), { attempt: 1 });
    await store.append(first);
    await store.close();
    const reopened = await DeliveryStore.open({ file });
    assert.deepEqual(reopened.classifyRetry('s:same', 'wh_later'), { retryOf: first.id, attempt: 2 });
    assert.deepEqual(reopened.classifyRetry('s:other', 'wh_other'), { attempt: 1 });
    await reopened.close();
  });

  it('forgets the oldest retry keys beyond the window', async () => {
    const store = await DeliveryStore.open({ retryWindow: 2 });
    store.classifyRetry('k1', 'a');
    store.classifyRetry('k2', 'b');
    store.classifyRetry('k3', 'c');
    assert.deepEqual(store.classifyRetry('k1', 'd'), { attempt: 1 });
    assert.deepEqual(store.classifyRetry('k3', 'e'), { retryOf: 'c', attempt: 2 });
    await store.close();
  });

  it('keeps exactly the newest retryWindow keys after many evictions', async () => {
    const store = await DeliveryStore.open({ retryWindow: 100 });
    for (let i = 0; i < 1000; i++) store.classifyRetry(`k${i}`, `d${i}`);
    assert.deepEqual(store.classifyRetry('k899', 'x'), { attempt: 1 }, 'evicted');
    assert.deepEqual(store.classifyRetry('k999', 'y'), { retryOf: 'd999', attempt: 2 });
    assert.deepEqual(store.classifyRetry('k902', 'z'), { retryOf: 'd902', attempt: 2 });
    await store.close();
  });

  it('clears files and memory', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 500, maxFiles: 3 });
    for (let i = 0; i < 10; i++) await store.append(aDelivery());
    const changes: string[] = [];
    store.onChange((c) => changes.push(c.kind));
    await store.clear();
    assert.equal(store.list().length, 0);
    assert.deepEqual(changes, ['cleared']);
    await store.append(aDelivery());
    await store.close();
    const reopened = await DeliveryStore.open({ file, maxFileBytes: 500, maxFiles: 3 });
    assert.equal(reopened.list().length, 1);
    await reopened.close();
  });

  it('rejects appends after close', async () => {
    const store = await DeliveryStore.open({ file });
    await store.close();
    await assert.rejects(store.append(aDelivery()), /closed/);
  });
});
