// No `vscode` import: shared by the loopback servers, unit-tested over real sockets.
import type { IncomingMessage } from 'node:http';

/**
 * Why a request to a loopback redirect target is refused, or undefined when it
 * looks like what a browser sends for a top-level navigation to the URL we
 * handed out.
 *
 * These servers receive the browser's redirect back from GoCardless, so a
 * browser is expected; but only as a top-level navigation. Real browsers send,
 * for that: method GET, no `Origin` header (Origin is sent on POSTs and on
 * fetch/XHR, not on navigating GETs), `Sec-Fetch-Mode: navigate` and
 * `Sec-Fetch-Dest: document` (older browsers send no Sec-Fetch-* at all). A
 * script on another page can only reach the port with fetch/XHR/img/iframe
 * (Origin, or a mode other than navigate, or a dest other than document), and
 * a DNS-rebound name shows up in the Host header — which must be the
 * host:port we bound (or an address the caller registered, e.g. the
 * forwarded URI of a remote window).
 */
export function refuseNonNavigation(req: IncomingMessage, allowedHosts: readonly string[]): string | undefined {
  if (req.method !== 'GET') return 'Only GET is accepted: this page only receives a browser redirect.';
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts.some((h) => h.toLowerCase() === host)) return 'The Host header does not name this server (a DNS-rebound name is refused).';
  if (req.headers.origin !== undefined) return 'Requests carrying an Origin header come from a script on a web page and are refused.';
  const mode = header(req, 'sec-fetch-mode');
  if (mode !== undefined && mode !== 'navigate') return 'Only top-level navigations are accepted (Sec-Fetch-Mode is not "navigate").';
  const dest = header(req, 'sec-fetch-dest');
  if (dest !== undefined && dest !== 'document') return 'Only top-level navigations are accepted (this page is not shown in frames).';
  return undefined;
}

/** `host:port` and `localhost:port` for a server bound to `host` (an IP literal) on `port`. */
export function loopbackHosts(host: string, port: number): string[] {
  const literal = host.includes(':') ? `[${host}]` : host;
  return [`${literal}:${port}`, `localhost:${port}`];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}
