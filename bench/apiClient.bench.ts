/**
 * The REST client over loopback against a server in another process (bench/apiClientServer.ts):
 *  - walking 10,000 bills in pages of 100 (100 requests), and
 *  - 1,000 sequential GET /api/v1/bills/:id,
 * with our GoCardlessClient (keep-alive pool, guards on every record, pagination headers parsed),
 * the official gocardless@1.0.0-beta6 client (request@2.27, JSON.parse only), and bare undici
 * (keep-alive Pool + JSON.parse, no checks: the floor). Writes bench/results/apiClient.json.
 */
import { spawn } from 'node:child_process';

import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GoCardlessClient } from '../src/core/api/GoCardlessClient';
import { writeResult } from './writeResult';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';

const TOTAL = 10_000;
const PER_PAGE = 100;
const GETS = 1_000;
const ROUNDS = 7;
const MERCHANT = '06Z06JWQW1';

interface OfficialClient {
  config: { baseUrl: string };
  bill: {
    index(params: Record<string, unknown>, cb: (error: unknown, response: { statusCode: number; headers: Record<string, string> }, body: string) => void): void;
    get(params: { id: string }, cb: (error: unknown, response: { statusCode: number }, body: string) => void): void;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const configure = require('gocardless') as (options: Record<string, unknown>) => OfficialClient;

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'apiClientServer.ts'), String(TOTAL)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [url] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [String(r.value)]);
  return { url: url ?? '', stop: () => child.stdin.end() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function main(): Promise<void> {
  const server = await startServer();
  const client = new GoCardlessClient({ baseUrl: server.url, accessToken: 'bench-token', merchantId: MERCHANT });
  const pool = new Pool(server.url, { connections: 8 });
  const official = configure({ appId: 'a', appSecret: 's', token: 'bench-token', merchantId: MERCHANT, sandbox: true });
  official.config.baseUrl = server.url;

  const walks: Record<string, () => Promise<number>> = {
    'gcdev GoCardlessClient.iterateBills': async () => {
      let n = 0;
      for await (const _bill of client.iterateBills(undefined, PER_PAGE)) n++;
      return n;
    },
    'official gocardless client (bill.index)': async () => {
      let n = 0;
      for (let page: number | undefined = 1; page !== undefined;) {
        const { headers, body } = await new Promise<{ headers: Record<string, string>; body: string }>((resolve, reject) => {
          official.bill.index({ page, per_page: PER_PAGE }, (error, response, text) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve({ headers: response.headers, body: text })));
        });
        n += (JSON.parse(body) as unknown[]).length;
        page = (JSON.parse(headers['x-pagination'] ?? '{}') as { links?: { next?: number } }).links?.next;
      }
      return n;
    },
    'bare undici Pool + JSON.parse': async () => {
      let n = 0;
      for (let page: number | undefined = 1; page !== undefined;) {
        const response: Dispatcher.ResponseData = await pool.request({ method: 'GET', path: `/api/v1/merchants/${MERCHANT}/bills?page=${page}&per_page=${PER_PAGE}`, headers: { accept: 'application/json', authorization: 'bearer bench-token' } });
        n += ((await response.body.json()) as unknown[]).length;
        page = (JSON.parse(String(response.headers['x-pagination'])) as { links?: { next?: number } }).links?.next;
      }
      return n;
    },
  };
  const gets: Record<string, () => Promise<void>> = {
    'gcdev GoCardlessClient.getBill': async () => {
      await client.getBill('BILL00000000');
    },
    'official gocardless client (bill.get)': () => new Promise<void>((resolve, reject) => {
      official.bill.get({ id: 'BILL00000000' }, (error, _response, body) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else {
          JSON.parse(body);
          resolve();
        }
      });
    }),
    'bare undici Pool + JSON.parse': async () => {
      const response = await pool.request({ method: 'GET', path: '/api/v1/bills/BILL00000000', headers: { accept: 'application/json' } });
      await response.body.json();
    },
  };

  console.log(`params: ${TOTAL} bills in pages of ${PER_PAGE} (${TOTAL / PER_PAGE} requests) per walk, median of ${ROUNDS} walks after a warm-up; ${GETS} sequential single-bill GETs, after ${GETS / 10} warm-up`);
  const results: Record<string, unknown> = { params: { bills: TOTAL, perPage: PER_PAGE, gets: GETS, rounds: ROUNDS }, walk: {}, get: {} };
  // Rounds interleave the clients, so drift on a shared machine does not favour one of them.
  // CPU time of this process (the server runs in another) is the client's own cost, and is far less
  // disturbed than wall time by other processes on a shared machine.
  const times: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const [name, walk] of Object.entries(walks)) {
    if ((await walk()) !== TOTAL) throw new Error(`${name} did not see every bill`);
    times[name] = [];
    cpu[name] = [];
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, walk] of Object.entries(walks)) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await walk();
      const c = process.cpuUsage(c0);
      times[name]?.push(performance.now() - t0);
      cpu[name]?.push((c.user + c.system) / 1000);
    }
  }
  for (const name of Object.keys(walks)) {
    const ms = median(times[name] ?? []);
    const cpuMs = median(cpu[name] ?? []);
    (results['walk'] as Record<string, unknown>)[name] = { medianMs: Math.round(ms), medianCpuMs: Math.round(cpuMs), billsPerSecond: Math.round(TOTAL / (ms / 1000)) };
    console.log(`walk 10,000 bills  ${name.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms wall ${cpuMs.toFixed(0).padStart(6)} ms CPU  ${Math.round(TOTAL / (ms / 1000)).toLocaleString('en-GB').padStart(9)} bills/s`);
  }
  for (const [name, get] of Object.entries(gets)) {
    for (let i = 0; i < GETS / 10; i++) await get();
    const latencies: number[] = [];
    for (let i = 0; i < GETS; i++) {
      const t0 = performance.now();
      await get();
      latencies.push(performance.now() - t0);
    }
    const p50 = median(latencies);
    const p99 = percentile(latencies, 0.99);
    (results['get'] as Record<string, unknown>)[name] = { p50Ms: Number(p50.toFixed(3)), p99Ms: Number(p99.toFixed(3)) };
    console.log(`GET one bill       ${name.padEnd(42)} p50 ${p50.toFixed(2).padStart(6)} ms  p99 ${p99.toFixed(2).padStart(6)} ms`);
  }
  const walk = results['walk'] as Record<string, { medianCpuMs: number }>;
  const ours = walk['gcdev GoCardlessClient.iterateBills']?.medianCpuMs ?? NaN;
  const ratios = {
    officialCpuOverOurs: Number(((walk['official gocardless client (bill.index)']?.medianCpuMs ?? NaN) / ours).toFixed(2)),
    oursCpuOverBareUndici: Number((ours / (walk['bare undici Pool + JSON.parse']?.medianCpuMs ?? NaN)).toFixed(2)),
  };
  results['ratios'] = ratios;
  console.log(`walk, client CPU: the official client uses ${ratios.officialCpuOverOurs}× gcdev's; gcdev uses ${ratios.oursCpuOverBareUndici}× bare undici's (which checks no record)`);

  await client.close();
  await pool.close();
  server.stop();
  // No goal: the figures say where the client's CPU goes against the official client and bare undici.
  writeResult('apiClient', [], results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
