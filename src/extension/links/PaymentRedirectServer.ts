// No `vscode` import: a plain node:http server, unit-tested over loopback.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type HttpServer } from '../../core/http/startHttpServer';
import { loopbackHosts, refuseNonNavigation } from '../loopback/navigationGuard';

export interface PaymentRedirectServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** Called with the full URL the customer was sent back to (verification happens in the extension, which holds the secret). */
  readonly onRedirect: (url: string) => void;
  readonly onCancel?: (url: string) => void;
  /** Per-request time limit. */
  readonly timeoutMs?: number;
}

export const REDIRECT_PATH = '/gocardless/redirect';
export const CANCEL_PATH = '/gocardless/cancel';
const MAX_URL = 8 * 1024;

/**
 * The loopback page the customer lands on after a sandbox payment page ("the
 * customer will be redirected back to the redirect URI"): it is registered as
 * the sandbox app's redirect (and cancel) URI, hands the URL to the extension
 * and tells the customer to go back to VS Code. It echoes no parameter,
 * accepts only GET without a body, and closes with dispose().
 */
export class PaymentRedirectServer {
  private constructor(private readonly http: HttpServer) {}

  get origin(): string {
    return this.http.origin;
  }

  get redirectUri(): string {
    return `${this.origin}${REDIRECT_PATH}`;
  }

  get cancelUri(): string {
    return `${this.origin}${CANCEL_PATH}`;
  }

  static async start(options: PaymentRedirectServerOptions): Promise<PaymentRedirectServer> {
    const host = options.host ?? '127.0.0.1';
    const requestTimeoutMs = options.timeoutMs ?? 10_000;
    const http = await startHttpServer(host, options.port ?? 0, { requestTimeoutMs, headersTimeoutMs: Math.min(requestTimeoutMs, 10_000), maxHeaderSize: 16 * 1024 });
    const allowedHosts = loopbackHosts(host, http.port);
    http.server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(req, res, http.origin, allowedHosts, options));
    return new PaymentRedirectServer(http);
  }

  dispose(): Promise<void> {
    return this.http.close();
  }
}

function handle(req: IncomingMessage, res: ServerResponse, origin: string, allowedHosts: readonly string[], options: PaymentRedirectServerOptions): void {
  const page = (status: number, title: string, text: string): void => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    // Fixed texts only: nothing from the request is written into the page.
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font:16px system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`);
  };
  const raw = req.url ?? '/';
  if (req.method !== 'GET') return page(405, 'Method not allowed', 'This page only receives redirects.');
  const refused = refuseNonNavigation(req, allowedHosts);
  // The reason is one of our fixed texts, never request data.
  if (refused) return page(403, 'Refused', refused);
  if (raw.length > MAX_URL) return page(414, 'URL too long', 'This page only receives GoCardless redirects.');
  const path = raw.split('?')[0];
  if (path === REDIRECT_PATH) {
    options.onRedirect(`${origin}${raw}`);
    return page(200, 'Back to VS Code', 'GoCardless Dev Tools received the redirect. Return to VS Code to verify its signature and confirm the resource.');
  }
  if (path === CANCEL_PATH) {
    options.onCancel?.(`${origin}${raw}`);
    return page(200, 'Cancelled', 'The customer cancelled the payment page. Nothing was created.');
  }
  return page(404, 'Not found', 'Nothing here.');
}
