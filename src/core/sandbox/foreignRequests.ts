import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { SandboxHttpError } from './SandboxHttpError';

/**
 * Other local processes and any web page in the user's browser can reach the
 * sandbox's port. A page can send, without a CORS preflight, a GET, or a POST
 * with a form, multipart or text/plain body; and after DNS rebinding its
 * requests carry the attacker's host name in Host. GoCardless clients (the
 * official Node, Ruby, Python and PHP libraries, curl, our own client) send
 * none of the browser's marks, so refusing those costs them nothing.
 */

/**
 * Whether the Host header names this sandbox: its own host:port, localhost, or
 * an IP literal on its port (an address typed by someone, never a rebound
 * name; a sandbox bound to 0.0.0.0 is reached by its LAN or Docker address).
 */
export function addressedToSandbox(hostHeader: string | undefined, baseUrl: string): boolean {
  const own = new URL(baseUrl);
  if (hostHeader === undefined) return false;
  const host = hostHeader.toLowerCase();
  if (host === own.host || host === `localhost:${own.port}`) return true;
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
  return m !== null && m[2] === own.port && isIP(m[1]!.replace(/^\[|\]$/g, '')) !== 0;
}

/** 403 unless Host names the sandbox and an Origin header, if any, is the sandbox's own. */
export function refuseForeignHostOrOrigin(req: IncomingMessage, baseUrl: string, what: string, allowOwnOrigin: boolean): void {
  if (!addressedToSandbox(req.headers.host, baseUrl)) throw new SandboxHttpError(403, `${what} only answer requests addressed to the sandbox itself (the Host header names another server: DNS rebinding is refused).`);
  const origin = req.headers.origin;
  if (origin !== undefined && !(allowOwnOrigin && origin === new URL(baseUrl).origin)) {
    throw new SandboxHttpError(403, `${what} refuse requests with an Origin header: they come from a script on a web page, not from a GoCardless client.`);
  }
}

/**
 * /api/v1: browser marks are refused (Host, Origin, Sec-Fetch-Site of another
 * site), and a body must be JSON — or a form, which the legacy PHP client
 * sends (curl's default for POST fields). A text/plain or multipart body, the
 * other two a page can send without a preflight, is refused; so is a body of
 * no declared type. Bodiless POSTs and PUTs (retry, cancel) pass.
 */
export function refuseBrowserApiRequest(req: IncomingMessage, baseUrl: string): void {
  refuseForeignHostOrOrigin(req, baseUrl, 'API endpoints', false);
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new SandboxHttpError(403, 'API endpoints refuse requests a browser made for another site (Sec-Fetch-Site).');
  }
  if (!declaresBody(req)) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
    throw new SandboxHttpError(415, 'API requests with a body take Content-Type: application/json (or application/x-www-form-urlencoded); other body types are refused.');
  }
}

function declaresBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > 0;
}
