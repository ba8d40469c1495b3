/**
 * The request log's cost (issue 19): sandbox requests per second with the
 * log on (a redacted record per request, appended to a JSON-lines RequestLog
 * file, as the extension keeps it) against off, in the same run, in
 * interleaved rounds (on, off, off, on, …) so the machine's other load falls
 * on both alike. One sandbox serves both sides (two sandboxes differ by a few
 * percent on their own, whichever is measured first): "on" rounds run with
 * the log listening, "off" rounds with no listener, when the sandbox builds
 * no record at all (as without the requestLog option). Each round sends the same mix over loopback with 8 requests
 * in flight: a page of 50 bills, one bill, and a refused token (401).
 * Guard: with the log, at least 90% of the requests per second without,
 * counted per second of this process's CPU (client and server run here, one
 * side at a time): on a small machine shared with other work, wall-clock
 * rounds swing with the neighbours' load, CPU time far less. The wall-clock
 * figures are written too.
 * Writes bench/results/requestLog.json (see writeResult).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { RequestLog, startSandbox, type RunningSandbox } from '../src/core/sandbox';
import { writeResult } from './writeResult';

const ROUNDS = 12;
/**
 * Rounds per side before measuring: the first few rounds still compile (the
 * JIT), and would count against whichever side runs first (the "on" side,
 * by about 10%, with identical work on both sides).
 */
const WARM_UP_ROUNDS = 4;
const PER_ROUND = 600;
const IN_FLIGHT = 8;

interface Side {
  name: 'on' | 'off';
  sandbox: RunningSandbox;
  pool: Pool;
  paths: Array<{ path: string; token: string }>;
  ms: number;
  cpuMs: number;
  requests: number;
}

/** CPU milliseconds this process used (user + system). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function side(name: 'on' | 'off', sandbox: RunningSandbox): Promise<Side> {
  const { merchant_id: merchant, access_token: token } = sandbox.credentials;
  const pool = new Pool(sandbox.url, { connections: IN_FLIGHT });
  const first = await pool.request({ path: `/api/v1/merchants/${merchant}/bills?per_page=1`, method: 'GET', headers: { accept: 'application/json', authorization: `bearer ${token}` } });
  const billId = ((await first.body.json()) as Array<{ id: string }>)[0]!.id;
  const paths = [
    { path: `/api/v1/merchants/${merchant}/bills?per_page=50`, token },
    { path: `/api/v1/bills/${billId}`, token },
    { path: `/api/v1/merchants/${merchant}`, token: 'not-a-token' },
  ];
  return { name, sandbox, pool, paths, ms: 0, cpuMs: 0, requests: 0 };
}

/**
 * A round of the "on" side listens to the sandbox's records for its duration,
 * and counts writing them to the file: the round ends once they are in it
 * (otherwise the last write, up to 100 ms later, would fall in the next round).
 */
async function timedRound(s: Side, log: RequestLog): Promise<void> {
  const sub = s.name === 'on' ? s.sandbox.onRequest((r) => log.append(r)) : undefined;
  try {
    await round(s, sub ? () => log.flush() : async () => undefined);
  } finally {
    sub?.dispose();
  }
}

async function round(s: Side, finish: () => Promise<void>): Promise<void> {
  let next = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < PER_ROUND) {
      const { path, token } = s.paths[next++ % s.paths.length]!;
      const res = await s.pool.request({ path, method: 'GET', headers: { accept: 'application/json', authorization: `bearer ${token}` } });
      await res.body.text();
      if (res.statusCode !== 200 && res.statusCode !== 401) throw new Error(`${path} → ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await finish();
  s.ms += performance.now() - t0;
  s.cpuMs += cpuMs() - c0;
  s.requests += PER_ROUND;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gcdev-requestlog-bench-'));
  const log = new RequestLog({ maxEntries: 10_000, file: join(dir, 'requests.jsonl') });
  await log.open();
  const sandbox = await startSandbox({ seed: 1, requestLog: true });
  const on = await side('on', sandbox);
  const off = await side('off', sandbox);
  try {
    // Warm-up: JIT, connections, the log file.
    for (let i = 0; i < WARM_UP_ROUNDS; i++) { await timedRound(on, log); await timedRound(off, log); }
    for (const s of [on, off]) { s.ms = 0; s.cpuMs = 0; s.requests = 0; }
    const wallRatios: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const order = i % 2 === 0 ? [on, off] : [off, on];
      const before = { on: on.ms, off: off.ms };
      for (const s of order) await timedRound(s, log);
      wallRatios.push((off.ms - before.off) / (on.ms - before.on));
    }
    await log.flush();
    const rps = (s: Side): number => s.requests / (s.ms / 1000);
    const rpsCpu = (s: Side): number => s.requests / (s.cpuMs / 1000);
    const ratio = rpsCpu(on) / rpsCpu(off);
    console.log(`requests per CPU second: log on ${Math.round(rpsCpu(on))}, off ${Math.round(rpsCpu(off))}; per wall second: on ${Math.round(rps(on))}, off ${Math.round(rps(off))} (${ROUNDS} interleaved rounds of ${PER_ROUND}, ${IN_FLIGHT} in flight); records kept ${log.size}`);
    writeResult('requestLog', [{
      what: 'Sandbox requests per (CPU) second with the request log on, against off (same run, interleaved rounds)',
      goal: '≥ 90% of off',
      measured: `${(ratio * 100).toFixed(1)}% (${Math.round(rpsCpu(on))} vs ${Math.round(rpsCpu(off))} requests per CPU second)`,
      met: ratio >= 0.9,
    }], {
      rounds: ROUNDS, perRound: PER_ROUND, inFlight: IN_FLIGHT,
      rpsCpuOn: Math.round(rpsCpu(on)), rpsCpuOff: Math.round(rpsCpu(off)),
      rpsWallOn: Math.round(rps(on)), rpsWallOff: Math.round(rps(off)),
      wallRoundRatios: wallRatios.map((r) => Number(r.toFixed(3))),
      recordsKept: log.size,
    });
  } finally {
    for (const s of [on, off]) await s.pool.close();
    await sandbox.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
