// The bounded request log (issue 19): the newest N records, kept in a 0600
// JSON-lines file across a reload (a new instance on the same file), a torn
// last line tolerated; and `gcdev sandbox --log FILE` as a real process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RequestLog, type RequestRecord } from '../../../src/core/sandbox';

const ROOT = resolve(__dirname, '../../..');

function aRecord(n: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return { id: `r${n}`, time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), method: 'GET', path: `/api/v1/bills/B${n}`, query: '', status: 200, durationMs: 1, area: 'api', source: 'sandbox', ...over };
}

function ids(log: RequestLog): string[] {
  return log.list().map((r) => r.id);
}

function lines(...records: RequestRecord[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}

/** The ids in the file, in order. */
async function idsInFile(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as RequestRecord).id);
}

/** Waits until the file holds `id` (written by the log's own timer, not by flush()); the test's timeout bounds the wait. */
async function untilFileHolds(file: string, id: string): Promise<void> {
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.includes(`"id":"${id}"`)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('RequestLog', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-requests-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the newest maxEntries, oldest first', () => {
    const log = new RequestLog({ maxEntries: 3 });
    for (let i = 1; i <= 7; i++) log.append(aRecord(i));
    assert.deepEqual(ids(log), ['r5', 'r6', 'r7']);
    assert.equal(log.size, 3);
    assert.throws(() => new RequestLog({ maxEntries: 0 }), /maxEntries must be a whole number ≥ 1/);
  });

  it('is read back by a new instance on the same file (a reload), as 0600', async () => {
    const file = join(dir, 'sub', 'requests.jsonl');
    const first = new RequestLog({ maxEntries: 5, file });
    await first.open();
    for (let i = 1; i <= 3; i++) first.append(aRecord(i, i === 2 ? { status: 401, error: 'bad token' } : {}));
    await first.flush();
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const second = new RequestLog({ maxEntries: 5, file });
    assert.deepEqual(ids(second), [], 'nothing is read before open() (activation stays cheap)');
    await second.open();
    assert.deepEqual(second.list(), first.list());
  });

  it('keeps records appended before the read, as the newest', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, [aRecord(1), aRecord(2)].map((r) => JSON.stringify(r) + '\n').join(''));
    const log = new RequestLog({ maxEntries: 10, file });
    log.append(aRecord(3));
    await log.open();
    await log.flush();
    assert.deepEqual(ids(log), ['r1', 'r2', 'r3']);
    const reread = new RequestLog({ maxEntries: 10, file });
    await reread.open();
    assert.deepEqual(ids(reread), ['r1', 'r2', 'r3'], 'each record once in the file');
  });

  it('tolerates a torn last line and keeps appending cleanly after it', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, JSON.stringify(aRecord(1)) + '\n' + JSON.stringify(aRecord(2)).slice(0, 30));
    const log = new RequestLog({ maxEntries: 10, file });
    await log.open();
    assert.deepEqual(ids(log), ['r1']);
    log.append(aRecord(3));
    await log.flush();
    const reread = new RequestLog({ maxEntries: 10, file });
    await reread.open();
    assert.deepEqual(ids(reread), ['r1', 'r3']);
  });

  it('trims the file to the bound once it holds twice as many lines', async () => {
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ maxEntries: 4, file });
    await log.open();
    for (let i = 1; i <= 9; i++) {
      log.append(aRecord(i));
      await log.flush();
    }
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.ok(lines.length <= 8, `the file holds at most twice the bound (${lines.length})`);
    const reread = new RequestLog({ maxEntries: 4, file });
    await reread.open();
    assert.deepEqual(ids(reread), ['r6', 'r7', 'r8', 'r9']);
  });

  it('clear() empties the log and the file, and tells listeners', async () => {
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ maxEntries: 4, file });
    log.append(aRecord(1));
    await log.flush();
    const heard: Array<string | undefined> = [];
    log.onChange((r) => heard.push(r?.id));
    await log.clear();
    assert.deepEqual(ids(log), []);
    assert.equal(await readFile(file, 'utf8'), '');
    assert.deepEqual(heard, [undefined]);
  });

  it('reports an unreadable file and keeps working in memory', async () => {
    const errors: string[] = [];
    await appendFile(join(dir, 'x'), '');
    const log = new RequestLog({ maxEntries: 2, file: join(dir, 'x', 'requests.jsonl'), onError: (m) => errors.push(m) });
    log.append(aRecord(1));
    await log.flush();
    assert.deepEqual(ids(log), ['r1']);
    assert.match(errors.join('\n'), /ENOTDIR|not a directory/i);
  });
});

describe('RequestLog bounds and file, case by case', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'gcdev-requests-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('accepts a bound of one record and refuses a fraction', () => {
    const log = new RequestLog({ maxEntries: 1 });
    log.append(aRecord(1));
    log.append(aRecord(2));
    assert.deepEqual(ids(log), ['r2']);
    assert.throws(() => new RequestLog({ maxEntries: 2.5 }), /maxEntries must be a whole number ≥ 1 \(got 2\.5\)/);
  });

  it('shows exactly maxEntries between its batched trims, and counts fewer as they are', () => {
    const log = new RequestLog({ maxEntries: 20 });
    log.append(aRecord(1));
    assert.equal(log.size, 1);
    for (let i = 2; i <= 21; i++) log.append(aRecord(i));
    assert.equal(log.list().length, 20);
    assert.equal(log.list()[0]!.id, 'r2');
    assert.equal(log.size, 20);
  });

  it('stops telling a disposed listener, and reports a failing listener while telling the others', () => {
    const errors: string[] = [];
    const log = new RequestLog({ maxEntries: 5, onError: (m) => errors.push(m) });
    const heard: string[] = [];
    const gone: string[] = [];
    log.onChange(() => { throw new Error('view gone'); });
    const sub = log.onChange((r) => gone.push(r!.id));
    log.onChange((r) => heard.push(r!.id));
    log.append(aRecord(1));
    sub.dispose();
    log.append(aRecord(2));
    assert.deepEqual(heard, ['r1', 'r2']);
    assert.deepEqual(gone, ['r1']);
    assert.deepEqual(errors, ['request log listener failed: view gone', 'request log listener failed: view gone']);
  });

  it('writes appended records by itself after writeDelayMs, batch after batch, without flush()', async () => {
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ maxEntries: 10, file, writeDelayMs: 1 });
    log.append(aRecord(1));
    await untilFileHolds(file, 'r1');
    log.append(aRecord(2));
    await untilFileHolds(file, 'r2');
    assert.deepEqual(await idsInFile(file), ['r1', 'r2']);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('does no file work on flush() when nothing was appended (the file is not even read)', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, lines(aRecord(1)));
    const log = new RequestLog({ maxEntries: 10, file });
    await log.flush();
    assert.deepEqual(ids(log), []);
  });

  it('reports a write that fails with the file\'s name, and keeps the records in memory', async () => {
    const file = join(dir, 'requests.jsonl');
    await symlink(join(dir, 'missing', 'target.jsonl'), file); // reads as "no file yet", writes fail
    const errors: string[] = [];
    const log = new RequestLog({ maxEntries: 3, file, onError: (m) => errors.push(m) });
    await log.open();
    assert.equal(errors.length, 0, `a file not there yet is no error: ${errors.join('; ')}`);
    log.append(aRecord(1));
    await log.flush();
    assert.deepEqual(ids(log), ['r1']);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]!.startsWith(`request log ${file}: `) && /ENOENT/.test(errors[0]!), errors[0]);
  });

  it('appends until the file holds twice the bound, then rewrites it with the kept records only', async () => {
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ maxEntries: 4, file });
    await log.open();
    const counts: number[] = [];
    for (let i = 1; i <= 11; i++) {
      log.append(aRecord(i));
      await log.flush();
      counts.push((await idsInFile(file)).length);
    }
    assert.deepEqual(counts, [1, 2, 3, 4, 5, 6, 7, 8, 4, 5, 6]);
    assert.deepEqual(await idsInFile(file), ['r6', 'r7', 'r8', 'r9', 'r10', 'r11']);
  });

  it('removes the temporary copy of a rewrite it could not finish, and says why', async () => {
    const file = join(dir, 'requests.jsonl');
    await mkdir(join(file, 'in-the-way'), { recursive: true }); // a folder where the file should be: the rename fails
    const errors: string[] = [];
    const log = new RequestLog({ maxEntries: 3, file, onError: (m) => errors.push(m) });
    log.append(aRecord(1));
    await log.clear();
    await assert.rejects(stat(`${file}.${process.pid}.tmp`), { code: 'ENOENT' }); // no stray copy of the records
    assert.match(errors.join('\n'), /could not be read/);
    assert.match(errors.join('\n'), new RegExp(`request log ${file}: .*(EISDIR|ENOTEMPTY|EEXIST)`));
  });

  it('makes its folder again when it was removed while the log was open', async () => {
    const file = join(dir, 'storage', 'requests.jsonl');
    const errors: string[] = [];
    const log = new RequestLog({ maxEntries: 10, file, onError: (m) => errors.push(m) });
    log.append(aRecord(1));
    await log.flush();
    await rm(join(dir, 'storage'), { recursive: true }); // e.g. the extension's storage folder cleared
    log.append(aRecord(2));
    await log.flush();
    assert.deepEqual([await idsInFile(file), errors], [['r2'], []]);
    assert.equal((await stat(join(dir, 'storage'))).mode & 0o777, 0o700);
  });

  it('reads a missing file as an empty log, silently', async () => {
    const errors: string[] = [];
    const log = new RequestLog({ maxEntries: 3, file: join(dir, 'none.jsonl'), onError: (m) => errors.push(m) });
    const heard: unknown[] = [];
    log.onChange((r) => heard.push(r));
    await log.open();
    assert.deepEqual([ids(log), errors, heard], [[], [], []]);
  });

  it('reads an empty file as an empty log, with nothing for listeners to redraw', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, '');
    const log = new RequestLog({ maxEntries: 3, file });
    const heard: unknown[] = [];
    log.onChange((r) => heard.push(r));
    await log.open();
    assert.deepEqual([ids(log), heard], [[], []]);
  });

  it('reads a well-formed file of exactly maxEntries lines without rewriting it, and tells listeners once', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, lines(aRecord(1), aRecord(2), aRecord(3)), { mode: 0o600 });
    const before = await stat(file);
    const log = new RequestLog({ maxEntries: 3, file });
    const heard: unknown[] = [];
    log.onChange((r) => heard.push(r));
    await log.open();
    assert.deepEqual(ids(log), ['r1', 'r2', 'r3']);
    assert.deepEqual(heard, [undefined], 'read back: the view redraws once');
    assert.equal((await stat(file)).ino, before.ino, 'the same file, not a rewritten copy');
  });

  it('drops a torn line in the middle from the file when it opens', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, JSON.stringify(aRecord(1)) + '\n' + JSON.stringify(aRecord(2)).slice(0, 30) + '\n' + JSON.stringify(aRecord(3)) + '\n');
    const log = new RequestLog({ maxEntries: 10, file });
    await log.open();
    assert.deepEqual(ids(log), ['r1', 'r3']);
    assert.equal(await readFile(file, 'utf8'), lines(aRecord(1), aRecord(3)));
  });

  it('ends a last record that lacks its newline before appending, so both are read back', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, JSON.stringify(aRecord(1)));
    const log = new RequestLog({ maxEntries: 10, file });
    await log.open();
    log.append(aRecord(2));
    await log.flush();
    assert.deepEqual(await idsInFile(file), ['r1', 'r2']);
  });

  it('trims a file holding more than maxEntries records when it opens', async () => {
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, lines(...[1, 2, 3, 4, 5, 6].map((n) => aRecord(n))));
    const log = new RequestLog({ maxEntries: 4, file });
    await log.open();
    assert.deepEqual(await idsInFile(file), ['r3', 'r4', 'r5', 'r6']);
  });

  it('skips lines that are JSON but not records: each required field missing or of the wrong type', async () => {
    const file = join(dir, 'requests.jsonl');
    const good = aRecord(1);
    const broken = [
      { ...good, id: 7 }, { ...good, time: undefined }, { ...good, method: null }, { ...good, path: ['/'] },
      { ...good, status: '200' }, { ...good, durationMs: '1' }, 'a string', null, [good],
    ];
    await writeFile(file, [...broken.map((b) => JSON.stringify(b) + '\n'), lines(good)].join(''));
    const log = new RequestLog({ maxEntries: 20, file });
    await log.open();
    assert.deepEqual(log.list(), [good]);
    assert.equal(await readFile(file, 'utf8'), lines(good), 'the file keeps the record only');
  });
});

describe('gcdev sandbox --log', () => {
  it('appends one redacted JSON line per request to the file, created 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcdev-sandbox-log-'));
    const file = join(dir, 'requests.jsonl');
    await writeFile(file, '{"earlier":"line"}\n', { mode: 0o644 });
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'sandbox', '--quiet', '--seed', '3', '--scale', 'bills=5,users=2', '--log', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let out = '';
      const info = await new Promise<Record<string, string>>((resolveInfo) => child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolveInfo(JSON.parse(out.slice(0, nl)) as Record<string, string>);
      }));
      const ok = await fetch(`${info['url']}/api/v1/merchants/${info['merchant_id']}/bills`, { headers: { accept: 'application/json', authorization: `bearer ${info['access_token']}` } });
      assert.equal(ok.status, 200);
      await ok.arrayBuffer();
      const bad = await fetch(`${info['url']}/api/v1/merchants/${info['merchant_id']}`, { headers: { accept: 'application/json', authorization: 'bearer wrong-token-123' } });
      assert.equal(bad.status, 401);
      await bad.arrayBuffer();
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const text = await readFile(file, 'utf8');
      const lines = text.trim().split('\n');
      assert.equal(lines[0], '{"earlier":"line"}', 'appended, not replaced');
      const records = lines.slice(1).map((l) => JSON.parse(l) as RequestRecord);
      assert.deepEqual(records.map((r) => [r.method, r.path, r.status]), [
        ['GET', `/api/v1/merchants/${info['merchant_id']}/bills`, 200],
        ['GET', `/api/v1/merchants/${info['merchant_id']}`, 401],
      ]);
      assert.equal(records[0]!.merchantId, info['merchant_id']);
      assert.match(records[1]!.error ?? '', /access token is not valid/);
      assert.ok(!text.includes(info['access_token']!) && !text.includes('wrong-token-123'), 'no token in the file');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
