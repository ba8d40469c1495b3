import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryStore, NotADeliveryStoreError, scanDeliveryLog, type DeliveryStoreChange, type ForwardResult, type WebhookDelivery } from '../../../src/core/webhooks';
import { toDeliveryLine } from '../../../src/core/webhooks/deliveryLine';
import { aDelivery } from './builders';

function forwardResult(body: string): ForwardResult {
  return { url: 'http://127.0.0.1:1/', at: '2026-01-01T00:00:00.000Z', status: 200, latencyMs: 1, slow: false, body, bodyTruncated: false, replay: false };
}

/** A delivery whose body is `chars` characters: it costs 2 × chars + 1024 bytes in memory. */
function ofBody(chars: number, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return aDelivery({ body: 'b'.repeat(chars), bodyBytes: chars, ...overrides });
}

describe('DeliveryStore: the memory bounds, at their edges', () => {
  it('counts each delivery as two bytes a character of its body and of its forward answer, plus 1,024', async () => {
    const store = await DeliveryStore.open();
    const d = ofBody(100);
    await store.append(d);
    assert.equal(store.memoryUsage, 2 * 100 + 1024);
    await store.updateForward(d.id, forwardResult('f'.repeat(30)));
    assert.equal(store.memoryUsage, 2 * (100 + 30) + 1024, 'the forward answer replaces the delivery, counted once');
    await store.append(ofBody(10));
    assert.equal(store.memoryUsage, 2 * (100 + 30) + 1024 + 2 * 10 + 1024);
    await store.close();
  });

  it('keeps deliveries whose cost is exactly memoryByteLimit and drops the oldest one byte past it', async () => {
    const cost = 2 * 10 + 1024;
    const store = await DeliveryStore.open({ memoryByteLimit: 2 * cost });
    const [a, b, c] = [ofBody(10), ofBody(10), ofBody(10)];
    await store.append(a);
    await store.append(b);
    assert.deepEqual(store.list().map((d) => d.id), [a.id, b.id], 'exactly at the bound: both kept');
    assert.equal(store.memoryUsage, 2 * cost);
    await store.append(c);
    assert.deepEqual(store.list().map((d) => d.id), [b.id, c.id]);
    assert.equal(store.get(a.id), undefined);
    assert.equal(store.memoryUsage, 2 * cost, 'the dropped delivery is no longer counted');
    await store.close();
  });

  it('always keeps the newest delivery, even one larger than the bound on its own', async () => {
    const store = await DeliveryStore.open({ memoryByteLimit: 100 });
    const [a, b] = [ofBody(10), ofBody(500)];
    await store.append(a);
    await store.append(b);
    assert.deepEqual(store.list().map((d) => d.id), [b.id]);
    assert.equal(store.memoryUsage, 2 * 500 + 1024);
    await store.close();
  });

  it('lists exactly the newest memoryLimit deliveries after each append, and finds no other', async () => {
    const store = await DeliveryStore.open({ memoryLimit: 5 });
    const all: WebhookDelivery[] = [];
    for (let n = 1; n <= 40; n++) {
      const d = aDelivery();
      all.push(d);
      await store.append(d);
      const newest = all.slice(-5);
      assert.deepEqual(store.list().map((x) => x.id), newest.map((x) => x.id), `after ${n}`);
      for (const x of all) assert.equal(store.get(x.id) !== undefined, newest.includes(x), `get(${x.id}) after ${n}`);
    }
    await store.close();
  });

  it('holds at most max(16, memoryLimit / 8) deliveries beyond memoryLimit in memory (the slack list() hides)', async () => {
    const store = await DeliveryStore.open({ memoryLimit: 5 });
    const cost = 2 * 10 + 1024;
    for (let i = 0; i < 21; i++) await store.append(ofBody(10));
    assert.equal(store.memoryUsage, 21 * cost, '5 + 16 kept');
    await store.append(ofBody(10));
    assert.equal(store.memoryUsage, 5 * cost, 'trimmed back to memoryLimit');
    const big = await DeliveryStore.open({ memoryLimit: 200 });
    for (let i = 0; i < 225; i++) await big.append(ofBody(10));
    assert.equal(big.memoryUsage, 225 * cost, '200 + 200 / 8');
    await big.append(ofBody(10));
    assert.equal(big.memoryUsage, 200 * cost);
    await store.close();
    await big.close();
  });

  it('keeps 1,000 deliveries by default, and at least one whatever the options say', async () => {
    const store = await DeliveryStore.open();
    for (let i = 0; i < 1001; i++) await store.append(ofBody(1));
    assert.equal(store.list().length, 1000);
    await store.close();
    const one = await DeliveryStore.open({ memoryLimit: 0, memoryByteLimit: 0 });
    await one.append(aDelivery());
    const last = aDelivery();
    await one.append(last);
    assert.deepEqual(one.list().map((d) => d.id), [last.id]);
    await one.close();
  });

  it('remembers 20,000 retry keys by default, and at least one', async () => {
    const store = await DeliveryStore.open();
    for (let i = 0; i <= 20_000; i++) store.classifyRetry(`k${i}`, `d${i}`);
    assert.deepEqual(store.classifyRetry('k1', 'y'), { retryOf: 'd1', attempt: 2 });
    assert.deepEqual(store.classifyRetry('k0', 'x'), { attempt: 1 }, 'the oldest of 20,001 forgotten');
    await store.close();
    const tiny = await DeliveryStore.open({ retryWindow: 0 });
    tiny.classifyRetry('a', 'd1');
    assert.deepEqual(tiny.classifyRetry('a', 'd2'), { retryOf: 'd1', attempt: 2 });
    await tiny.close();
  });
});

describe('DeliveryStore: changes, forwards and closing', () => {
  it('tells its subscribers of each added and updated delivery and of a clear; a throwing or disposed one does not matter', async () => {
    const store = await DeliveryStore.open();
    const seen: DeliveryStoreChange[] = [];
    store.onChange(() => { throw new Error('a subscriber bug'); });
    store.onChange((c) => seen.push(c));
    const gone = store.onChange(() => assert.fail('disposed'));
    gone.dispose();
    const d = aDelivery();
    await store.append(d);
    await store.updateForward(d.id, forwardResult('ok'));
    await store.updateForward('wh_unknown', forwardResult('ok'));
    await store.clear();
    assert.deepEqual(seen.map((c) => c.kind), ['added', 'updated', 'cleared'], 'no update for a delivery it does not hold');
    assert.equal((seen[0] as { delivery: WebhookDelivery }).delivery, d);
    assert.deepEqual((seen[1] as { delivery: WebhookDelivery }).delivery, { ...d, forward: forwardResult('ok') });
    assert.deepEqual(store.get(d.id), undefined);
    await store.close();
  });

  it('refuses appends and forward results once closed, saying so, and closes once', async () => {
    const store = await DeliveryStore.open();
    await store.close();
    await store.close();
    await assert.rejects(store.append(aDelivery()), { message: 'The delivery store is closed.' });
    await assert.rejects(store.updateForward('wh_1', forwardResult('x')), { message: 'The delivery store is closed.' });
    let told: Error | undefined;
    store.appendThen(aDelivery(), (err) => { told = err; });
    assert.equal(told?.message, 'The delivery store is closed.', 'synchronously');
  });

  it('answers appendThen synchronously when it keeps deliveries in memory only', async () => {
    const store = await DeliveryStore.open();
    let told: Error | undefined | 'not yet' = 'not yet';
    store.appendThen(aDelivery(), (err) => { told = err; });
    assert.equal(told, undefined);
    await store.flushed();
    await store.close();
  });
});

describe('DeliveryStore: files', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcdev-store-bounds-'));
    file = join(dir, 'deliveries.jsonl');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('rotates once the file reaches maxFileBytes exactly, not before', async () => {
    const d = aDelivery();
    const bytes = Buffer.byteLength(toDeliveryLine(d, false) + '\n');
    const under = await DeliveryStore.open({ file, maxFileBytes: bytes + 1 });
    await under.append(d);
    await under.close();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl'], 'one byte under: not rotated');
    await rm(file);
    const at = await DeliveryStore.open({ file, maxFileBytes: bytes });
    await at.append(d);
    await at.close();
    assert.deepEqual((await readdir(dir)).sort(), ['deliveries.jsonl', 'deliveries.jsonl.1']);
    assert.equal((await stat(file)).size, 0, 'a fresh file after the rotation');
    assert.equal(await readFile(`${file}.1`, 'utf8'), toDeliveryLine(d, false) + '\n');
  });

  it('keeps four files by default, and with maxFiles 1 (or less) only a fresh current file', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 1 });
    for (let i = 0; i < 6; i++) await store.append(aDelivery());
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), ['deliveries.jsonl', 'deliveries.jsonl.1', 'deliveries.jsonl.2', 'deliveries.jsonl.3']);
    await rm(dir, { recursive: true });
    await mkdir(dir);
    const single = await DeliveryStore.open({ file, maxFileBytes: 1, maxFiles: 0 });
    for (let i = 0; i < 3; i++) await single.append(aDelivery());
    await single.close();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl']);
    assert.equal((await stat(file)).size, 0);
  });

  it('reads rotated files back oldest first, counting deliveries but not forward lines or blank lines', async () => {
    const [a, b, c] = [aDelivery(), aDelivery(), aDelivery()];
    await writeFile(`${file}.2`, toDeliveryLine(a, false) + '\n');
    await writeFile(`${file}.1`, toDeliveryLine(b, false) + '\n\n   \n' + JSON.stringify({ forwardOf: a.id, forward: forwardResult('fa') }) + '\n');
    await writeFile(file, toDeliveryLine(c, false) + '\n');
    const store = await DeliveryStore.open({ file, maxFiles: 3 });
    assert.deepEqual(store.list().map((d) => d.id), [a.id, b.id, c.id]);
    assert.equal(store.get(a.id)?.forward?.body, 'fa');
    assert.deepEqual(store.loaded, { deliveries: 3, skippedLines: 0, truncatedBytes: 0 });
    await store.close();
    const two = await DeliveryStore.open({ file, maxFiles: 2 });
    assert.deepEqual(two.list().map((d) => d.id), [b.id, c.id], 'a generation beyond maxFiles is not read');
    await two.close();
  });

  it('scanDeliveryLog reads a last line without its newline (a rotated generation is not cut back on open)', async () => {
    const [a, b] = [aDelivery(), aDelivery()];
    await writeFile(file, toDeliveryLine(a, false) + '\n' + toDeliveryLine(b, true));
    const ids: string[] = [];
    assert.equal(await scanDeliveryLog(file, 1, (l) => { if (!('forwardOf' in l)) ids.push(l.id); }), 0);
    assert.deepEqual(ids, [a.id, b.id]);
  });

  it('says which file it keeps, none when in memory only', async () => {
    const store = await DeliveryStore.open({ file });
    assert.equal(store.file, file);
    await store.close();
    const memory = await DeliveryStore.open();
    assert.equal(memory.file, undefined);
    await memory.close();
  });

  it('counts a stored retry\'s attempts on open, so the next retry continues the count', async () => {
    const first = aDelivery({ retryKey: 's:k' });
    const retry = aDelivery({ retryKey: 's:k', retryOf: first.id, attempt: 2 });
    await writeFile(file, [first, retry].map((d) => toDeliveryLine(d, false) + '\n').join(''));
    const store = await DeliveryStore.open({ file });
    assert.deepEqual(store.classifyRetry('s:k', 'wh_next'), { retryOf: first.id, attempt: 3 });
    await store.close();
    // The first delivery rotated away: its retry still names it.
    await writeFile(file, toDeliveryLine(aDelivery({ retryKey: 's:j', retryOf: 'wh_gone', attempt: 4 }), false) + '\n');
    const later = await DeliveryStore.open({ file });
    assert.deepEqual(later.classifyRetry('s:j', 'wh_next'), { retryOf: 'wh_gone', attempt: 5 });
    await later.close();
  });

  it('clears the rotated files and retries too, and starts the file\'s size again from zero', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 3000, maxFiles: 3 });
    const d = aDelivery({ retryKey: 's:c' });
    store.classifyRetry('s:c', d.id);
    for (let i = 0; i < 12; i++) await store.append(i === 0 ? d : aDelivery());
    assert.ok((await readdir(dir)).length > 1);
    await store.clear();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl']);
    assert.equal((await stat(file)).size, 0);
    assert.deepEqual(store.classifyRetry('s:c', 'wh_after'), { attempt: 1 }, 'a cleared delivery has no retries');
    assert.equal(store.memoryUsage, 0);
    await store.append(aDelivery());
    await store.close();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl'], 'one small delivery after a clear does not rotate');
  });

  it('counts the file from zero after a clear, so the next rotation comes only when the new file is full', async () => {
    const before = [aDelivery(), aDelivery(), aDelivery()];
    const written = before.reduce((n, d) => n + Buffer.byteLength(toDeliveryLine(d, false) + '\n'), 0);
    // One byte more than what is written before the clear: any append on top of it would rotate.
    const store = await DeliveryStore.open({ file, maxFileBytes: written + 1 });
    for (const d of before) await store.append(d);
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl']);
    await store.clear();
    await store.append(aDelivery());
    await store.close();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl']);
  });

  it('opens an empty file and a store whose only line is a forward result torn by a crash', async () => {
    await writeFile(file, '');
    const empty = await DeliveryStore.open({ file });
    assert.deepEqual(empty.loaded, { deliveries: 0, skippedLines: 0, truncatedBytes: 0 });
    await empty.close();
    await writeFile(file, '{"forwardOf":"wh_1","forw');
    const torn = await DeliveryStore.open({ file });
    assert.equal(torn.loaded.truncatedBytes, 25);
    await torn.close();
  });

  it('refuses what is not a store with an error naming the file and the reason, a rotated generation too', async () => {
    const refusal = (path: string, why: string) => ({
      name: 'NotADeliveryStoreError', file: path,
      message: `${path} is not a delivery store (${why}); it was left untouched. Choose a new file or an earlier store.`,
    });
    await writeFile(file, 'key=value');
    await assert.rejects(DeliveryStore.open({ file }), refusal(file, 'it does not start with a delivery record'));
    await writeFile(file, 'key=value\nmore\n');
    await assert.rejects(DeliveryStore.open({ file }), refusal(file, 'its first line is not JSON'));
    await writeFile(file, '{"level":"info"}\n');
    await assert.rejects(DeliveryStore.open({ file }), refusal(file, 'its first line is not a delivery record'));
    await rm(file);
    await mkdir(file);
    await assert.rejects(DeliveryStore.open({ file }), refusal(file, 'not a regular file'));
    await rm(file, { recursive: true });
    await writeFile(`${file}.3`, 'notes\n');
    await assert.rejects(DeliveryStore.open({ file }), (err: unknown) => err instanceof NotADeliveryStoreError && err.file === `${file}.3`);
    assert.equal(await readFile(`${file}.3`, 'utf8'), 'notes\n');
    // A forward result as the first line is a store's.
    await rm(`${file}.3`);
    await writeFile(file, JSON.stringify({ forwardOf: 'wh_1', forward: forwardResult('x') }) + '\n');
    const store = await DeliveryStore.open({ file });
    await store.close();
  });
});

describe('DeliveryStore: when appends are answered, and what it reads, keeps and removes (survivors of the webhooks mutation run)', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcdev-store-edges-'));
    file = join(dir, 'deliveries.jsonl');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const forwardLine = (forwardOf: string | undefined): string => JSON.stringify({ forwardOf, forward: forwardResult('f') });

  it('no longer calls a subscriber once it is disposed', async () => {
    const store = await DeliveryStore.open();
    const seen: string[] = [];
    const sub = store.onChange((c) => seen.push(c.kind));
    await store.append(aDelivery());
    sub.dispose();
    await store.append(aDelivery());
    await store.clear();
    assert.deepEqual(seen, ['added']);
    await store.close();
  });

  it('flushed() waits for a line that is queued but not yet written', async () => {
    const store = await DeliveryStore.open({ file });
    const d = aDelivery();
    const appended = store.append(d);
    await store.flushed();
    assert.equal(await readFile(file, 'utf8'), toDeliveryLine(d, false) + '\n');
    await appended;
    await store.close();
  });

  it('answers a write-durability append in the turn that writes its batch, and an fsync one only after the flush', async () => {
    // The listener answers 200 from this callback: with 'fsync' the line must be flushed first.
    const answeredByNextImmediate = async (durability: 'write' | 'fsync', name: string): Promise<boolean> => {
      const store = await DeliveryStore.open({ file: join(dir, name), durability });
      let answered = false;
      const done = new Promise<void>((resolve, reject) => store.appendThen(aDelivery(), (err) => { answered = true; if (err) reject(err); else resolve(); }));
      // Queued after the store's own write, in the same turn of the event loop.
      const seen = await new Promise<boolean>((resolve) => setImmediate(() => resolve(answered)));
      await done;
      await store.close();
      return seen;
    };
    assert.equal(await answeredByNextImmediate('write', 'w.jsonl'), true, 'write: answered once the line is handed to the OS');
    assert.equal(await answeredByNextImmediate('fsync', 'f.jsonl'), false, 'fsync: not answered before fdatasync has returned');
  });

  it('with fsync, writes a delivery that arrives during a flush after that flush, as the next batch, and flushed() waits for it', async () => {
    const store = await DeliveryStore.open({ file, durability: 'fsync' });
    // A first batch of about a megabyte, so that its flush takes a while.
    const batch = Array.from({ length: 100 }, () => ofBody(10_000));
    const batchBytes = batch.reduce((n, d) => n + Buffer.byteLength(toDeliveryLine(d, false) + '\n'), 0);
    const b = aDelivery();
    let fileSizeWhenFirstAnswered = -1;
    const first = Promise.all(batch.map((d, i) => new Promise<void>((resolve, reject) => store.appendThen(d, (err) => {
      if (i === 0) fileSizeWhenFirstAnswered = statSync(file).size;
      if (err) reject(err); else resolve();
    }))));
    let bSettled = false;
    await new Promise<void>((resolve, reject) => setImmediate(() => {
      // The store's first batch is written and being flushed: b waits for the next batch.
      void store.append(b).then(() => { bSettled = true; }, reject);
      store.flushed().then(() => resolve(), reject);
    }));
    assert.equal(bSettled, true, 'b is written and flushed when flushed() resolves');
    await first;
    assert.equal(fileSizeWhenFirstAnswered, batchBytes, 'b was not written before the first batch was flushed and answered');
    await store.close();
    assert.equal(await readFile(file, 'utf8'), [...batch, b].map((d) => toDeliveryLine(d, false) + '\n').join(''));
  });

  it('leaves the files alone when cleared after it was closed', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 500, maxFiles: 3 });
    for (let i = 0; i < 4; i++) await store.append(aDelivery());
    await store.close();
    const before = await Promise.all([file, `${file}.1`].map((f) => readFile(f, 'utf8')));
    await store.clear();
    assert.deepEqual(await Promise.all([file, `${file}.1`].map((f) => readFile(f, 'utf8'))), before);
  });

  it('neither reads, refuses, renames nor removes a file numbered maxFiles or more (not one of its generations)', async () => {
    const stray = `${file}.4`;
    await writeFile(stray, 'my notes\n');
    const store = await DeliveryStore.open({ file, maxFileBytes: 1, maxFiles: 4 });
    for (let i = 0; i < 5; i++) await store.append(aDelivery());
    assert.deepEqual((await readdir(dir)).sort(), ['deliveries.jsonl', 'deliveries.jsonl.1', 'deliveries.jsonl.2', 'deliveries.jsonl.3', 'deliveries.jsonl.4']);
    assert.equal(await readFile(stray, 'utf8'), 'my notes\n', 'not renamed to .5 by a rotation');
    await store.clear();
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), ['deliveries.jsonl', 'deliveries.jsonl.4']);
    assert.equal(await readFile(stray, 'utf8'), 'my notes\n');
  });

  it('drops its oldest generation at a rotation even when the one before it is missing', async () => {
    const old = aDelivery();
    await writeFile(`${file}.3`, toDeliveryLine(old, false) + '\n');
    const store = await DeliveryStore.open({ file, maxFileBytes: 1, maxFiles: 4 });
    assert.deepEqual(store.list().map((d) => d.id), [old.id]);
    await store.append(aDelivery());
    await store.close();
    assert.deepEqual((await readdir(dir)).sort(), ['deliveries.jsonl', 'deliveries.jsonl.1'], 'no fifth file kept beyond maxFiles');
  });

  it('with maxFiles 1, starts a fresh file at a rotation even when the old one was deleted from under it', async () => {
    const store = await DeliveryStore.open({ file, maxFileBytes: 1, maxFiles: 1 });
    await store.append(aDelivery());
    await rm(file);
    await store.append(aDelivery());
    await store.close();
    assert.deepEqual(await readdir(dir), ['deliveries.jsonl']);
    assert.equal((await stat(file)).size, 0);
  });

  it('reads at most 4 MiB to judge a file: a longer first line is judged by how it starts', async () => {
    // A record torn by a crash is cut on open; here the 4 MiB first line only starts like one.
    const long = '{"id":"' + 'x'.repeat(4 * 1024 * 1024) + '\n' + toDeliveryLine(aDelivery(), false) + '\n';
    await writeFile(file, long);
    const store = await DeliveryStore.open({ file });
    assert.deepEqual(store.loaded, { deliveries: 1, skippedLines: 1, truncatedBytes: 0 });
    await store.close();
  });

  it('opens its own store torn just after the first field name\'s opening quote', async () => {
    await writeFile(file, '{"id":"');
    const store = await DeliveryStore.open({ file });
    assert.deepEqual(store.loaded, { deliveries: 0, skippedLines: 0, truncatedBytes: 7 });
    await store.close();
  });

  it('refuses a file whose first line is blank, which no store of its own starts with', async () => {
    await writeFile(file, '\n' + toDeliveryLine(aDelivery(), false) + '\n');
    await assert.rejects(DeliveryStore.open({ file }), {
      name: 'NotADeliveryStoreError',
      message: `${file} is not a delivery store (its first line is not JSON); it was left untouched. Choose a new file or an earlier store.`,
    });
  });

  it('scanDeliveryLog reads every record after a blank first line', async () => {
    const [a, b] = [aDelivery(), aDelivery()];
    await writeFile(file, '\n' + toDeliveryLine(a, false) + '\n' + toDeliveryLine(b, false) + '\n');
    const ids: string[] = [];
    assert.equal(await scanDeliveryLog(file, 1, (l) => { if (!('forwardOf' in l)) ids.push(l.id); }), 0);
    assert.deepEqual(ids, [a.id, b.id]);
  });

  it('skips, and counts, a null line and a forward result that names no delivery', async () => {
    const d = aDelivery();
    await writeFile(file, [toDeliveryLine(d, false), 'null', forwardLine(undefined), forwardLine(d.id)].join('\n') + '\n');
    const store = await DeliveryStore.open({ file });
    assert.deepEqual(store.loaded, { deliveries: 1, skippedLines: 2, truncatedBytes: 0 });
    assert.equal(store.get(d.id)?.forward?.body, 'f', 'the forward line that names it still applies');
    await store.close();
  });
});
