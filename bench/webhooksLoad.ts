/**
 * The load generator of bench/webhooks.bench.ts, run as its own process so the
 * sender does not take event-loop time from the server being measured.
 * Argument: one JSON object (LoadSpec). Output, one JSON line each:
 * `{"ids":[...]}` batches of delivery ids answered 200 (when reportIds), then
 * `{"summary":{...}}`.
 */
import { appendFileSync } from 'node:fs';
import { Pool } from 'undici';
import { buildTestWebhook } from '../src/core/webhooks';

export interface LoadSpec {
  readonly url: string;
  readonly secret: string;
  /** Requests always in flight (a closed loop; the latency part's fixed rate is webhooksRateLoad.ts). */
  readonly concurrency: number;
  readonly total: number;
  /** fixed: the same two-bill webhook every time; unique: a fresh one (new ids, new signature) per request. */
  readonly bodies: 'fixed' | 'unique';
  /**
   * Unique bodies signed before the clock starts, so the sender spends no more
   * per request than with one fixed body; numbered from `firstBody`, so two runs against one listener
   * send different events rather than retries of each other's.
   */
  readonly presign?: boolean;
  readonly firstBody?: number;
  readonly reportIds?: boolean;
  /** Append the ids answered 200 to this file (one a line) instead of printing them, so the measured process holds none. */
  readonly idsFile?: string;
  /** Keep going until the server goes away (the kill -9 test). */
  readonly untilError?: boolean;
}

interface Summary {
  sent: number; ok: number; other: number; errors: number;
  elapsedMs: number; rps: number; p50: number; p99: number; max: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const origin = new URL(spec.url).origin;
  const pool = new Pool(origin, { connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const fixed = twoBills(spec.secret, 0);
  const first = spec.firstBody ?? 1_000_000;
  const prepared = spec.bodies === 'unique' && spec.presign ? Array.from({ length: spec.total }, (_, i) => twoBills(spec.secret, first + i)) : undefined;
  let seq = 0;
  const latencies = new Float64Array(spec.total);
  let sent = 0, ok = 0, other = 0, errors = 0, done = 0;
  let ids: string[] = [];
  let stop = false;
  const flushIds = (): void => {
    if (ids.length === 0) return;
    if (spec.idsFile) appendFileSync(spec.idsFile, ids.join('\n') + '\n');
    else process.stdout.write(JSON.stringify({ ids }) + '\n');
    ids = [];
  };

  const one = async (): Promise<void> => {
    const body = spec.bodies === 'fixed' ? fixed : prepared?.[sent] ?? twoBills(spec.secret, ++seq);
    const i = sent++;
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: '/webhooks', method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const text = await res.body.text();
      latencies[i] = performance.now() - t0;
      if (res.statusCode === 200) {
        ok++;
        if (spec.reportIds || spec.idsFile) {
          const m = /"id":"([^"]+)"/.exec(text);
          if (m) ids.push(m[1]!);
          if (ids.length >= 500) flushIds();
        }
      } else other++;
    } catch {
      latencies[i] = performance.now() - t0;
      errors++;
      if (spec.untilError) stop = true;
    }
    done++;
  };

  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (!stop && sent < spec.total) await one();
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  flushIds();
  const measured = Array.from(latencies.subarray(0, done)).sort((a, b) => a - b);
  const pct = (p: number): number => measured[Math.min(measured.length - 1, Math.floor(p * measured.length))] ?? NaN;
  const summary: Summary = {
    sent, ok, other, errors, elapsedMs: Math.round(elapsedMs), rps: Math.round((done / elapsedMs) * 1000),
    p50: round(pct(0.5)), p99: round(pct(0.99)), max: round(measured.at(-1) ?? NaN),
  };
  process.stdout.write(JSON.stringify({ summary }) + '\n');
  await pool.close();
}

function round(x: number): number { return Math.round(x * 100) / 100; }

function twoBills(secret: string, n: number): string {
  const a = `BA${n.toString(36).toUpperCase().padStart(8, '0')}`;
  const b = `BB${n.toString(36).toUpperCase().padStart(8, '0')}`;
  return buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [a, b], secret, now: new Date(Date.UTC(2026, 0, 1)) }).json;
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
