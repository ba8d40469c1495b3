import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxWebhookDelivery } from '../../../src/core/sandbox';

/** A sandbox with a fixed real clock the test can move (no sleeps), closed by the returned dispose. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox & { clock: { ms: number } }> {
  const clock = { ms: Date.UTC(2026, 0, 15, 10, 0, 0) };
  const sandbox = await startSandbox({ now: () => new Date(clock.ms), seed: 7, redirectUri: 'https://merchant.example/return', ...options });
  return Object.assign(sandbox, { clock });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** A request to the sandbox's REST API as the default merchant. */
export async function api(sb: RunningSandbox, path: string, init: { method?: string; body?: unknown; token?: string | null; accept?: string | null; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.accept !== null) headers['accept'] = init.accept ?? 'application/json';
  if (init.token !== null) headers['authorization'] = `bearer ${init.token ?? sb.credentials.access_token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sb.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export function errorMessage(r: ApiResponse): string {
  const body = r.json as { error?: unknown };
  return Array.isArray(body?.error) ? String(body.error[0]) : '';
}

export interface BillJson { id: string; status: string; source_type: string; source_id: string; user_id: string; created_at: string; amount: string; can_be_retried: boolean; can_be_cancelled: boolean; can_be_refunded: boolean; payout_id: string | null; name: string | null; description: string | null; is_setup_fee: boolean; charge_customer_at: string | null; amount_minus_fees: string }

export function asBills(r: ApiResponse): BillJson[] {
  if (!Array.isArray(r.json)) throw new Error(`expected an array, got ${r.text.slice(0, 200)}`);
  return r.json as BillJson[];
}

/** A real webhook receiver: answers with the statuses given in turn (then 200), records every body. */
export interface WebhookReceiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

export async function startReceiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const bodies: string[] = [];
  const queue = [...statuses];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(queue.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    bodies,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Resolves with the first delivery (as reported after an attempt) that satisfies the predicate. */
export function waitForDelivery(sb: RunningSandbox, predicate: (d: SandboxWebhookDelivery) => boolean): Promise<SandboxWebhookDelivery> {
  return new Promise((resolve) => {
    const existing = sb.webhookDeliveries().find(predicate);
    if (existing) return resolve(existing);
    const sub = sb.onWebhookDelivery((d) => {
      if (predicate(d)) {
        sub.dispose();
        resolve(d);
      }
    });
  });
}
