import { appendFile, chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RequestRecord } from './requestRecord';

export interface RequestLogOptions {
  /** How many records are kept (the newest). */
  readonly maxEntries: number;
  /** A JSON-lines file the log is kept in across restarts (0600); none keeps it in memory only. */
  readonly file?: string;
  /** Told when the file cannot be read or written (the log keeps working in memory). */
  readonly onError?: (message: string) => void;
  /** Records are written together at most this often (default 100 ms): one write for many, not one per request. */
  readonly writeDelayMs?: number;
}

/**
 * The newest `maxEntries` request records, oldest first, optionally kept in a
 * JSON-lines file: appended in one write per `writeDelayMs`, rewritten with
 * only the kept records once it holds twice as many lines, read back lazily on
 * `open()`. A torn last line (a crash mid-write) is skipped on reading.
 */
export class RequestLog {
  private items: RequestRecord[] = [];
  private readonly listeners = new Set<(record: RequestRecord | undefined) => void>();
  private loading: Promise<void> | undefined;
  /** Appended, not yet in the file: serialized when written, one batch per writeDelayMs. */
  private pending: RequestRecord[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private linesInFile = 0;
  readonly maxEntries: number;

  constructor(private readonly options: RequestLogOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError(`maxEntries must be a whole number ≥ 1 (got ${options.maxEntries}).`);
    this.maxEntries = options.maxEntries;
  }

  /** Reads the file once (later calls share the first read). Records appended before then stay, as the newest. */
  open(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** The kept records, oldest first. */
  list(): readonly RequestRecord[] {
    return this.items.length > this.maxEntries ? this.items.slice(-this.maxEntries) : this.items;
  }

  get size(): number {
    return Math.min(this.items.length, this.maxEntries);
  }

  append(record: RequestRecord): void {
    this.items.push(record);
    // Trim in batches: one copy per tenth of the bound rather than one per record.
    if (this.items.length >= this.maxEntries + Math.max(1, Math.ceil(this.maxEntries / 10))) this.items = this.items.slice(-this.maxEntries);
    if (this.options.file) {
      this.pending.push(record);
      this.schedule();
    }
    this.emit(record);
  }

  /** Fires with each new record, and with undefined when the log was cleared or read back. */
  onChange(listener: (record: RequestRecord | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  async clear(): Promise<void> {
    await this.open();
    this.items = [];
    this.pending = [];
    await this.enqueue(() => this.rewrite());
    this.emit(undefined);
  }

  /** Resolves once every record appended so far is in the file. */
  async flush(): Promise<void> {
    if (!this.options.file) return;
    if (this.scheduled) {
      this.scheduled = false;
      await this.enqueue(() => this.writePending());
    }
    await this.writing;
  }

  private emit(record: RequestRecord | undefined): void {
    for (const l of this.listeners) {
      try {
        l(record);
      } catch (e) {
        this.options.onError?.(`request log listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const timer = setTimeout(() => {
      if (!this.scheduled) return;
      this.scheduled = false;
      void this.enqueue(() => this.writePending());
    }, this.options.writeDelayMs ?? 100);
    // flush() (on dispose) writes what is pending; the timer alone must not keep a process alive.
    timer.unref();
  }

  /** File work runs one step at a time, after the file was read. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(() => this.open()).then(step).catch((e: unknown) => {
      this.options.onError?.(`request log ${this.options.file ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.writing;
  }

  private async writePending(): Promise<void> {
    const file = this.options.file;
    if (!file || this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    if (this.linesInFile + records.length > 2 * this.maxEntries) {
      await this.rewrite();
      return;
    }
    // Every batch, not once: the folder may have been removed since (a cleared storage folder); then it comes back.
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await appendFile(file, records.map((r) => JSON.stringify(r) + '\n').join(''), { mode: 0o600 });
    this.linesInFile += records.length;
  }

  /** Replaces the file with the kept records (tmp + rename: never half a file). */
  private async rewrite(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    this.pending = [];
    const kept = this.list();
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, kept.map((r) => JSON.stringify(r) + '\n').join(''), { mode: 0o600 });
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }); // no stray copy of the records beside the file
      throw e;
    }
    await chmod(file, 0o600);
    this.linesInFile = kept.length;
  }

  private async load(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.options.onError?.(`request log ${file} could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const read: RequestRecord[] = [];
    let bad = 0;
    const lines = text.split('\n');
    for (const line of lines) {
      if (line === '') continue;
      const record = parseRecord(line);
      if (record) read.push(record);
      else bad++;
    }
    this.linesInFile = read.length + bad;
    const appendedMeanwhile = this.items;
    this.items = [...read, ...appendedMeanwhile].slice(-this.maxEntries);
    // A torn line would glue itself to the next append; an oversized file is trimmed now. The rewrite
    // holds what was appended before the read too; otherwise those are still pending and follow.
    if (bad > 0 || !text.endsWith('\n') || read.length > this.maxEntries) await this.rewrite();
    if (read.length > 0) this.emit(undefined);
  }
}

/** A line of the file, if it is a record (a torn or foreign line is not). */
function parseRecord(line: string): RequestRecord | undefined {
  try {
    const v = JSON.parse(line) as Partial<RequestRecord> | null;
    if (v && typeof v === 'object' && typeof v.id === 'string' && typeof v.time === 'string' && typeof v.method === 'string'
      && typeof v.path === 'string' && typeof v.status === 'number' && typeof v.durationMs === 'number') {
      return v as RequestRecord;
    }
  } catch {
    // A torn line: skipped.
  }
  return undefined;
}
