import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confirmResource, verifyRedirect } from '../../../src/core/links';
import { verifySignedParams, type SignableParams } from '../../../src/core/signing';

/** A small app under test, listening on loopback; `url` is its webhook endpoint. */
export interface TestApp {
  readonly url: string;
  /** Every body received, in arrival order. */
  readonly received: string[];
  close(): Promise<void>;
}

type Handler = (payload: Record<string, unknown> | undefined, req: IncomingMessage, res: ServerResponse, rawBody: string) => void;

export async function startApp(handle: Handler): Promise<TestApp> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push(raw);
      handle(payloadOf(raw), req, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/gocardless`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function payloadOf(raw: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(raw);
    if (typeof body !== 'object' || body === null || !('payload' in body)) return undefined;
    const payload = body.payload;
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

/** Does what the spec asks: re-signs the payload with core signing, 200 if it matches, 403 otherwise. */
export function correctApp(secret: string): Promise<TestApp> {
  return startApp((payload, _req, res) => {
    const ok = payload !== undefined && verifySignedParams(payload as SignableParams, secret);
    answer(res, ok ? 200 : 403, ok ? 'ok' : 'invalid signature');
  });
}

/** Accepts anything without checking; bill webhooks are answered only after `slowMs`. */
export function acceptAnythingApp(slowMs: number): Promise<TestApp> {
  return startApp((payload, req, res) => {
    if (payload?.['resource_type'] !== 'bill') return answer(res, 200, 'ok');
    const timer = setTimeout(() => answer(res, 200, 'ok, eventually'), slowMs);
    req.socket.once('close', () => clearTimeout(timer));
  });
}

/** Verifies correctly but refuses a webhook it has already seen (a common idempotency mistake). */
export function duplicateRejectingApp(secret: string): Promise<TestApp> {
  const seen = new Set<string>();
  return startApp((payload, _req, res, raw) => {
    if (payload === undefined || !verifySignedParams(payload as SignableParams, secret)) return answer(res, 403, 'invalid signature');
    if (seen.has(raw)) return answer(res, 409, 'duplicate');
    seen.add(raw);
    answer(res, 200, 'ok');
  });
}

/** Verifies correctly but crashes (500) on anything it cannot verify, echoing markup in its error page. */
export function crashingOnForgeryApp(secret: string): Promise<TestApp> {
  return startApp((payload, _req, res) => {
    if (payload !== undefined && verifySignedParams(payload as SignableParams, secret)) return answer(res, 200, 'ok');
    answer(res, 500, '<script>alert(1)</script> | `boom` ```\nTraceback: signature mismatch');
  });
}

/** Redirects every request to https, as a misconfigured web server does. */
export function redirectingApp(): Promise<TestApp> {
  return startApp((_payload, _req, res) => {
    res.writeHead(301, { location: 'https://example.com/webhooks/gocardless' }).end();
  });
}

export interface RedirectAppBehaviour {
  /** Re-sign the redirect's params and refuse a mismatch with 403. */
  readonly verify: boolean;
  /** POST /api/v1/confirm for the resource. */
  readonly confirm: boolean;
}

/**
 * An app with a webhook endpoint (correct) and a Connect redirect page that
 * verifies and confirms against the local sandbox as told.
 */
export function connectApp(sandbox: { url: string; credentials: { app_id: string; app_secret: string } }, behaviour: RedirectAppBehaviour): Promise<TestApp> {
  const secret = sandbox.credentials.app_secret;
  return startApp((payload, req, res) => {
    if (req.method === 'POST') {
      const ok = payload !== undefined && verifySignedParams(payload as SignableParams, secret);
      return answer(res, ok ? 200 : 403, ok ? 'ok' : 'invalid signature');
    }
    const url = `http://127.0.0.1${req.url ?? '/'}`;
    if (behaviour.verify && !verifyRedirect(url, secret).valid) return answer(res, 403, 'tampered redirect');
    const id = new URL(url).searchParams.get('resource_id') ?? '';
    if (!behaviour.confirm) return answer(res, 200, 'thanks');
    confirmResource({ baseUrl: sandbox.url, appId: sandbox.credentials.app_id, appSecret: secret, resourceId: id, resourceType: 'bill' })
      .then(() => answer(res, 200, 'thanks, confirmed'), () => answer(res, 500, 'confirm failed'));
  });
}
