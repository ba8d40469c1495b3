import { closeSync, fchmodSync, fdatasync, fstatSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseDeliveryLine, toDeliveryLine } from './deliveryLine';
import { isForwardResult, isWebhookDelivery, withoutExpectedSignature } from './isWebhookDelivery';
import type { ForwardResult, WebhookDelivery } from './WebhookDelivery';

export interface DeliveryStoreOptions {
  /** The JSON-lines file; rotated copies are `<file>.1` (newest) … `<file>.<maxFiles-1>`. Absent: memory only. */
  readonly file?: string;
  /** Rotate when the current file passes this size. Default 8 MiB. */
  readonly maxFileBytes?: number;
  /** Files kept, the current one included. Default 4, so at most about 32 MiB on disk. */
  readonly maxFiles?: number;
  /** Deliveries kept in memory for the inspector. Default 1,000. */
  readonly memoryLimit?: number;
  /**
   * Bytes of bodies (and forward answers) kept in memory, whatever their
   * count: the oldest go first past it. Default MEMORY_BYTE_LIMIT.
   */
  readonly memoryByteLimit?: number;
  /** Distinct events remembered for retry detection. Default 20,000. */
  readonly retryWindow?: number;
  /**
   * 'write' (default): a delivery is handed to the OS (write(2)) before it is
   * answered, so a crash or `kill -9` of the process loses nothing answered 200.
   * 'fsync': also fdatasync each batch, which survives power loss but bounds
   * throughput by the disk's flush rate. Batches are group-committed either way:
   * with 'write', one write per event-loop turn; with 'fsync', one write and
   * flush at a time, the deliveries arriving meanwhile forming the next batch.
   */
  readonly durability?: 'write' | 'fsync';
}

export interface LoadReport {
  readonly deliveries: number;
  /** Lines that were not valid records (a torn last line after a crash, a hand edit). */
  readonly skippedLines: number;
  /** Bytes cut from the end of the current file because the last line was torn. */
  readonly truncatedBytes: number;
}

/**
 * The in-memory history's byte bound: anyone who reaches the listener can
 * send bodies up to its limit, and a thousand of them would otherwise be
 * kept whatever their size.
 */
export const MEMORY_BYTE_LIMIT = 32 * 1024 * 1024;

/** What a kept delivery costs in memory, roughly: its strings (two bytes a character at worst) and a fixed overhead. */
function memoryCost(d: WebhookDelivery): number {
  return 2 * (d.body.length + (d.forward?.body.length ?? 0)) + 1024;
}

type StoreLine = WebhookDelivery | { readonly forwardOf: string; readonly forward: ForwardResult };

/** Called once the line is in the file (no error), or could not be written. */
type Written = (err: Error | undefined) => void;

export type DeliveryStoreChange =
  | { readonly kind: 'added'; readonly delivery: WebhookDelivery }
  | { readonly kind: 'updated'; readonly delivery: WebhookDelivery }
  | { readonly kind: 'cleared' };

/**
 * Append-only JSON-lines log of webhook deliveries, bounded on disk by
 * rotation and in memory by a count and a byte bound; read back on open.
 *
 * Appends are group-committed, so under load there is one system call per
 * batch rather than per delivery, and `append` resolves only once its line is
 * in the file: the listener answers 200 after that (see `durability`).
 */
export class DeliveryStore {
  private readonly memory: WebhookDelivery[] = [];
  /** memoryCost of everything in `memory`. */
  private memoryBytes = 0;
  private readonly byId = new Map<string, WebhookDelivery>();
  /** retry key → first delivery id and attempts seen. */
  private readonly retries = new Map<string, { readonly firstId: string; attempts: number }>();
  /**
   * The keys in insertion order, as a ring: evicting with `retries.keys().next()`
   * would walk V8's deleted-entry holes at the front of the map, a cost that
   * grows with every eviction.
   */
  private retryRing: Array<string | undefined> = [];
  private retryRingPos = 0;
  private readonly listeners = new Set<(change: DeliveryStoreChange) => void>();
  private queue: string[] = [];
  private waiters: Written[] = [];
  private writing = false;
  /** The length the file must be cut back to before the next write, when cutting it back after a failed write failed too. */
  private tornAt: number | undefined;
  private idle: Array<() => void> = [];
  private closed = false;

  private constructor(
    private readonly options: Required<Omit<DeliveryStoreOptions, 'file'>> & { readonly file?: string },
    private fd: number | undefined,
    private size: number,
    /** What `open` found in the files. */
    public loaded: LoadReport,
  ) {}

  static async open(options: DeliveryStoreOptions = {}): Promise<DeliveryStore> {
    const resolved = {
      maxFileBytes: options.maxFileBytes ?? 8 * 1024 * 1024,
      maxFiles: Math.max(1, options.maxFiles ?? 4),
      memoryLimit: Math.max(1, options.memoryLimit ?? 1000),
      memoryByteLimit: Math.max(1, options.memoryByteLimit ?? MEMORY_BYTE_LIMIT),
      retryWindow: Math.max(1, options.retryWindow ?? 20_000),
      durability: options.durability ?? 'write',
      ...(options.file === undefined ? {} : { file: options.file }),
    };
    if (resolved.file === undefined) return new DeliveryStore(resolved, undefined, 0, { deliveries: 0, skippedLines: 0, truncatedBytes: 0 });

    const file = resolved.file;
    // Deliveries hold whatever was posted (payloads, headers): readable by this user only.
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    for (let i = 0; i < resolved.maxFiles; i++) await refuseForeignFile(i === 0 ? file : `${file}.${i}`);
    const truncatedBytes = await cutTornTail(file);
    let deliveries = 0;
    const store = new DeliveryStore(resolved, undefined, 0, { deliveries: 0, skippedLines: 0, truncatedBytes });
    const skippedLines = await scanDeliveryLog(file, resolved.maxFiles, (line) => {
      if ('forwardOf' in line) store.applyForward(line.forwardOf, line.forward);
      else { deliveries++; store.remember(line); }
    });
    store.loaded = { deliveries, skippedLines, truncatedBytes };
    store.size = await stat(file).then((s) => s.size, () => 0);
    store.fd = openStoreFile(file);
    return store;
  }

  get file(): string | undefined { return this.options.file; }

  /** Oldest first, at most `memoryLimit`. */
  list(): readonly WebhookDelivery[] {
    const excess = this.memory.length - this.options.memoryLimit;
    return excess > 0 ? this.memory.slice(excess) : this.memory;
  }

  get(id: string): WebhookDelivery | undefined {
    const d = this.byId.get(id);
    if (!d || this.memory.length <= this.options.memoryLimit) return d;
    // In the slack that list() hides: gone as far as callers can tell.
    return this.memory.length - this.memory.lastIndexOf(d) <= this.options.memoryLimit ? d : undefined;
  }

  onChange(listener: (change: DeliveryStoreChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Looks up and registers `key` in one step (so two retries racing in the
   * same tick cannot both count as first): the first delivery with this key
   * and this one's attempt number.
   */
  classifyRetry(key: string, id: string): { readonly retryOf?: string; readonly attempt: number } {
    const seen = this.retries.get(key);
    if (seen) {
      seen.attempts++;
      return { retryOf: seen.firstId, attempt: seen.attempts };
    }
    this.addRetryKey(key, id, 1);
    return { attempt: 1 };
  }

  /** Resolves once the delivery is in the file (or at once, memory only). */
  append(delivery: WebhookDelivery): Promise<void> {
    return new Promise((resolve, reject) => this.appendThen(delivery, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * `append` for the listener's hot path: `done` is called once the delivery
   * is in the file (with the rest of its batch, from the batch's write), or
   * with the error; synchronously when the store is memory only or closed.
   * No promise per delivery. `bodyIsJson`: the body parsed as JSON, so the
   * line can hold it as it is (see toDeliveryLine).
   */
  appendThen(delivery: WebhookDelivery, done: Written, bodyIsJson = false): void {
    if (this.closed) { done(new Error('The delivery store is closed.')); return; }
    this.keepInMemory(delivery);
    if (this.listeners.size > 0) this.emit({ kind: 'added', delivery });
    if (this.options.file === undefined) done(undefined);
    else this.enqueue(toDeliveryLine(delivery, bodyIsJson) + '\n', done);
  }

  /** Records the result of forwarding or replaying a delivery (a new line; the log stays append-only). */
  updateForward(id: string, forward: ForwardResult): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The delivery store is closed.'));
    const updated = this.applyForward(id, forward);
    if (updated) this.emit({ kind: 'updated', delivery: updated });
    if (this.options.file === undefined) return Promise.resolve();
    const line = JSON.stringify({ forwardOf: id, forward }) + '\n';
    return new Promise((resolve, reject) => this.enqueue(line, (err) => (err ? reject(err) : resolve())));
  }

  /** Forgets every delivery, on disk and in memory. */
  async clear(): Promise<void> {
    await this.flushed();
    this.memory.length = 0;
    this.memoryBytes = 0;
    this.byId.clear();
    this.retries.clear();
    this.retryRing = [];
    this.retryRingPos = 0;
    const file = this.options.file;
    if (file !== undefined && this.fd !== undefined) {
      for (let i = 1; i < this.options.maxFiles; i++) await rm(`${file}.${i}`, { force: true });
      await truncate(file, 0);
      this.size = 0;
    }
    this.emit({ kind: 'cleared' });
  }

  /** Waits until every queued line is written. */
  flushed(): Promise<void> {
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushed();
    if (this.fd !== undefined) { closeSync(this.fd); this.fd = undefined; }
    this.listeners.clear();
  }

  private emit(change: DeliveryStoreChange): void {
    for (const l of this.listeners) {
      try { l(change); } catch { /* a listener's bug must not break storage */ }
    }
  }

  private remember(d: WebhookDelivery): void {
    this.keepInMemory(d);
    if (d.retryKey !== undefined) {
      const seen = this.retries.get(d.retryKey);
      if (seen) seen.attempts = Math.max(seen.attempts, d.attempt);
      else this.addRetryKey(d.retryKey, d.retryOf ?? d.id, d.attempt);
    }
  }

  private addRetryKey(key: string, firstId: string, attempts: number): void {
    const evicted = this.retryRing[this.retryRingPos];
    if (evicted !== undefined) this.retries.delete(evicted);
    this.retryRing[this.retryRingPos] = key;
    this.retryRingPos = (this.retryRingPos + 1) % this.options.retryWindow;
    this.retries.set(key, { firstId, attempts });
  }

  private keepInMemory(d: WebhookDelivery): void {
    this.memory.push(d);
    this.byId.set(d.id, d);
    this.memoryBytes += memoryCost(d);
    // Trimmed in chunks (list() hides the slack): one shift per delivery moves the whole array each time.
    const limit = this.options.memoryLimit;
    if (this.memory.length > limit + Math.max(16, limit >> 3)) this.dropOldest(this.memory.length - limit);
    // The byte bound holds at once, slack included: the newest delivery is always kept.
    if (this.memoryBytes > this.options.memoryByteLimit) {
      let bytes = this.memoryBytes;
      let n = 0;
      while (n < this.memory.length - 1 && bytes > this.options.memoryByteLimit) bytes -= memoryCost(this.memory[n++]!);
      this.dropOldest(n);
    }
  }

  private dropOldest(n: number): void {
    const dropped = this.memory.splice(0, n);
    for (const x of dropped) {
      this.byId.delete(x.id);
      this.memoryBytes -= memoryCost(x);
    }
  }

  /** Bytes the in-memory history holds, as counted against memoryByteLimit. */
  get memoryUsage(): number { return this.memoryBytes; }

  private applyForward(id: string, forward: ForwardResult): WebhookDelivery | undefined {
    const d = this.byId.get(id);
    if (!d) return undefined;
    const updated: WebhookDelivery = { ...d, forward };
    this.byId.set(id, updated);
    const i = this.memory.lastIndexOf(d);
    if (i >= 0) {
      this.memory[i] = updated;
      this.memoryBytes += memoryCost(updated) - memoryCost(d);
    }
    return updated;
  }

  private enqueue(line: string, done: Written): void {
    this.queue.push(line);
    this.waiters.push(done);
    if (this.writing) return;
    this.writing = true;
    // Everything that arrives in this turn of the event loop goes out in one write.
    setImmediate(this.writeBatches);
  }

  /**
   * The one append path. Each batch is one synchronous write(2): into the
   * page cache it takes microseconds, less than the hop through libuv's
   * thread pool an asynchronous write costs every delivery while it waits for
   * its answer. 'fsync' durability then flushes it (fdatasync, off the event
   * loop) before its deliveries are answered, the deliveries arriving
   * meanwhile forming the next batch. Rotation happens between batches, so
   * no write or flush is in flight on the old descriptor.
   */
  private readonly writeBatches = (): void => {
    while (this.queue.length > 0) {
      const text = this.queue.join('');
      const waiters = this.waiters;
      this.queue = [];
      this.waiters = [];
      const before = this.size;
      const err = this.appendText(text);
      if (err === undefined && this.options.durability === 'fsync') {
        fdatasync(this.fd!, (flushErr) => {
          // Not known to be on disk: answered 503 (retry), so it must not read back as a delivery either.
          if (flushErr) this.cutBack(before);
          else this.rotateBetweenBatches();
          notify(waiters, flushErr ?? undefined);
          this.writeBatches();
        });
        return;
      }
      if (err === undefined) this.rotateBetweenBatches();
      notify(waiters, err);
    }
    this.writing = false;
    const idle = this.idle;
    this.idle = [];
    for (const r of idle) r();
  };

  /**
   * Appends `text` at the end of the file, or fails leaving the file as it
   * was: a write that fails part way (ENOSPC, EIO) leaves a torn line, and a
   * later batch appended to it would make the deliveries it holds unreadable
   * after a restart although they were answered 200. So after any failure the
   * file is cut back to its last good length (ftruncate); if even that fails,
   * nothing more is written until it succeeds.
   */
  private appendText(text: string): Error | undefined {
    let before: number | undefined;
    try {
      const fd = this.descriptor();
      if (this.tornAt !== undefined) {
        ftruncateSync(fd, this.tornAt);
        this.size = this.tornAt;
        this.tornAt = undefined;
      }
      before = this.size;
      // The string goes to write(2) as it is: Node encodes it into its own scratch memory, where a
      // Buffer per batch would be one more copy and, past 4 KiB, an allocation outside the heap.
      const bytes = Buffer.byteLength(text, 'utf8');
      const written = writeSync(fd, text, null, 'utf8');
      if (written < bytes) {
        const buf = Buffer.from(text, 'utf8');
        for (let offset = written; offset < bytes;) offset += writeSync(fd, buf, offset, bytes - offset);
      }
      this.size += bytes;
      return undefined;
    } catch (err) {
      if (before !== undefined) this.cutBack(before);
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Truncates the current file to `length`, its size before a failed batch; remembered if that fails too. */
  private cutBack(length: number): void {
    if (this.fd === undefined) return;
    try {
      ftruncateSync(this.fd, length);
      this.size = length;
      this.tornAt = undefined;
    } catch {
      this.tornAt = length;
    }
  }

  private rotateBetweenBatches(): void {
    try { this.rotateIfFull(); } catch { /* keep writing to the current file; rotation is retried on the next batch */ }
  }

  /**
   * The open file. Reopened if a rotation failed half way (closed the old
   * file, could not open the new one): without this the deliveries after it
   * would be answered 200 and written nowhere; if it cannot be opened, the
   * batch fails and its deliveries are answered 503.
   */
  private descriptor(): number {
    if (this.fd !== undefined) return this.fd;
    const file = this.options.file;
    if (file === undefined) throw new Error('The delivery store has no file.');
    const fd = openStoreFile(file);
    this.size = fstatSync(fd).size;
    this.fd = fd;
    return fd;
  }

  /** Between batches, so no write is in flight on the old descriptor. */
  private rotateIfFull(): void {
    const file = this.options.file;
    if (file === undefined || this.fd === undefined || this.size < this.options.maxFileBytes) return;
    closeSync(this.fd);
    this.fd = undefined;
    const last = this.options.maxFiles - 1;
    if (last === 0) rmSync(file, { force: true });
    else {
      rmSync(`${file}.${last}`, { force: true });
      for (let i = last - 1; i >= 1; i--) {
        try { renameSync(`${file}.${i}`, `${file}.${i + 1}`); } catch { /* that generation does not exist yet */ }
      }
      renameSync(file, `${file}.1`);
    }
    this.fd = openStoreFile(file);
    this.size = 0;
  }
}

/** Opens a store file for appending, created 0600, and made 0600 if an earlier version created it readable by others. */
function openStoreFile(file: string): number {
  const fd = openSync(file, 'a', 0o600);
  try { fchmodSync(fd, 0o600); } catch { /* a filesystem without modes */ }
  return fd;
}

/** Thrown by DeliveryStore.open for a file that is not a delivery store, which it leaves as it is. */
export class NotADeliveryStoreError extends Error {
  constructor(readonly file: string, why: string) {
    super(`${file} is not a delivery store (${why}); it was left untouched. Choose a new file or an earlier store.`);
    this.name = 'NotADeliveryStoreError';
  }
}

/**
 * Refuses an existing, non-empty file whose first line is not a store record:
 * opening it would cut its "torn" last line and append deliveries to it. A
 * first line torn by a crash still starts the way every record does.
 */
async function refuseForeignFile(file: string): Promise<void> {
  let handle;
  try { handle = await open(file, 'r'); } catch { return; }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new NotADeliveryStoreError(file, 'not a regular file');
    if (st.size === 0) return;
    const head = Buffer.alloc(Math.min(st.size, 4 * 1024 * 1024));
    await handle.read(head, 0, head.length, 0);
    const nl = head.indexOf(0x0a);
    const first = head.subarray(0, nl < 0 ? head.length : nl).toString('utf8');
    if (nl < 0) {
      if (!first.startsWith('{"id":"') && !first.startsWith('{"forwardOf":"')) throw new NotADeliveryStoreError(file, 'it does not start with a delivery record');
      return;
    }
    let value: unknown;
    try { value = parseDeliveryLine(first); } catch { throw new NotADeliveryStoreError(file, 'its first line is not JSON'); }
    if (!isWebhookDelivery(value) && !isForwardLine(value)) throw new NotADeliveryStoreError(file, 'its first line is not a delivery record');
  } finally {
    await handle.close();
  }
}

/** Tells every waiter of a batch; one waiter's bug must not keep the others from their answer. */
function notify(waiters: readonly Written[], err: Error | undefined): void {
  for (const w of waiters) {
    try { w(err); } catch { /* the caller's bug */ }
  }
}

/** Cuts an incomplete last line (a write torn by a crash) so new lines do not join it. */
async function cutTornTail(file: string): Promise<number> {
  let handle;
  try { handle = await open(file, 'r+'); } catch { return 0; }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    // Look back far enough to find the previous newline of any sane record.
    const window = Math.min(size, 4 * 1024 * 1024);
    const buf = Buffer.alloc(window);
    await handle.read(buf, 0, window, size - window);
    if (buf[window - 1] === 0x0a) return 0;
    const lastNl = buf.lastIndexOf(0x0a);
    const keep = lastNl < 0 ? size - window : size - window + lastNl + 1;
    await handle.truncate(keep);
    return size - keep;
  } finally {
    await handle.close();
  }
}

/**
 * Reads every stored record, oldest file first, calling `onLine` for each valid
 * one; returns the number of lines skipped as invalid.
 */
export async function scanDeliveryLog(file: string, maxFiles: number, onLine: (line: StoreLine) => void): Promise<number> {
  let skipped = 0;
  for (let i = maxFiles - 1; i >= 0; i--) {
    const path = i === 0 ? file : `${file}.${i}`;
    let text: string;
    try { text = await readFile(path, 'utf8'); } catch { continue; }
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const raw = text.slice(start, end);
      start = end + 1;
      if (raw.trim() === '') continue;
      let value: unknown;
      try { value = parseDeliveryLine(raw); } catch { skipped++; continue; }
      if (isWebhookDelivery(value)) onLine(withoutExpectedSignature(value));
      else if (isForwardLine(value)) onLine(value);
      else skipped++;
    }
  }
  return skipped;
}

function isForwardLine(v: unknown): v is { forwardOf: string; forward: ForwardResult } {
  return typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)['forwardOf'] === 'string'
    && isForwardResult((v as Record<string, unknown>)['forward']);
}
