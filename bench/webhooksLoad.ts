/**
 * The load generator of bench/webhooks.bench.ts, run as its own process so the
 * sender does not take event-loop time from the server being measured.
 * Argument: one JSON object (LoadSpec). Output, one JSON line each:
 * `{"ids":[...]}` batches of delivery ids answered 200 (when reportIds), then
 * `{"summary":{...}}`.
 */
import { appendFileSync } from 'node:fs';
import { Pool } from 'undici';
import { summarize } from './loadSummary';
import { twoBillWebhook } from './twoBillWebhook';

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

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const origin = new URL(spec.url).origin;
  const pool = new Pool(origin, { connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const fixed = twoBillWebhook(spec.secret, 0);
  const first = spec.firstBody ?? 1_000_000;
  const prepared = spec.bodies === 'unique' && spec.presign ? Array.from({ length: spec.total }, (_, i) => twoBillWebhook(spec.secret, first + i)) : undefined;
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
    const body = spec.bodies === 'fixed' ? fixed : prepared?.[sent] ?? twoBillWebhook(spec.secret, ++seq);
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
  const summary = summarize({ sent, ok, other, errors }, latencies.subarray(0, done), elapsedMs);
  process.stdout.write(JSON.stringify({ summary }) + '\n');
  await pool.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
