// No `vscode` import: a plain node:http server, unit-tested over loopback.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type HttpServer } from '../../core/http/startHttpServer';
import { loopbackHosts, refuseNonNavigation } from '../loopback/navigationGuard';
import { LANDING_PAGE_CSP, landingPageHtml, type LandingPage, type RedirectVerdict } from './landingPage';

export interface PaymentRedirectServerOptions {
  readonly host?: string;
  readonly port?: number;
  /**
   * Called with the full URL the customer was sent back to. Verification happens in the extension, which holds the
   * secret; what it answers (within `verdictTimeoutMs`) is shown to the customer, without it the page says so.
   */
  readonly onRedirect: (url: string) => void | RedirectVerdict | Promise<void | RedirectVerdict>;
  readonly onCancel?: (url: string) => void;
  /** Per-request time limit. */
  readonly timeoutMs?: number;
  /** How long the page waits for onRedirect's verdict; default 3 s. */
  readonly verdictTimeoutMs?: number;
}

export const REDIRECT_PATH = '/gocardless/redirect';
export const CANCEL_PATH = '/gocardless/cancel';
const MAX_URL = 8 * 1024;

/**
 * The loopback page the customer lands on after a sandbox payment page ("the
 * customer will be redirected back to the redirect URI"): it is registered as
 * the sandbox app's redirect (and cancel) URI, hands the URL to the extension,
 * shows what came back (resource, state, the signature's verdict; every value
 * escaped, under a CSP that allows its one stylesheet by hash and no script)
 * and tells the customer to go back to VS Code. It accepts only GET without a
 * body, and closes with dispose().
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

/** The redirect's parameters the page lists (the signature itself is left out: it means nothing to a customer). */
const SHOWN_PARAMS = ['resource_type', 'resource_id', 'state'] as const;

function handle(req: IncomingMessage, res: ServerResponse, origin: string, allowedHosts: readonly string[], options: PaymentRedirectServerOptions): void {
  const page = (status: number, content: LandingPage): void => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': LANDING_PAGE_CSP,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(landingPageHtml(content));
  };
  const raw = req.url ?? '/';
  if (req.method !== 'GET') return page(405, { title: 'Method not allowed', text: 'This page only receives redirects.' });
  const refused = refuseNonNavigation(req, allowedHosts);
  // The reason is one of our fixed texts, never request data.
  if (refused) return page(403, { title: 'Refused', text: refused });
  if (raw.length > MAX_URL) return page(414, { title: 'URL too long', text: 'This page only receives GoCardless redirects.' });
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  if (path === REDIRECT_PATH) {
    const params = new URLSearchParams(query);
    const values = SHOWN_PARAMS.flatMap((k) => { const v = params.get(k); return v === null ? [] : [[k, v] as const]; });
    void verdictOf(() => options.onRedirect(`${origin}${raw}`), options.verdictTimeoutMs ?? 3000).then((verdict) => page(200, {
      title: 'Back to VS Code', values, verdict,
      text: verdict.valid === true
        ? 'GoCardless Dev Tools received the redirect. Return to VS Code to confirm the resource: until it is confirmed, GoCardless removes it.'
        : 'GoCardless Dev Tools received the redirect. Return to VS Code to see the signature check in full.',
    })).catch((e: unknown) => res.destroy(e instanceof Error ? e : new Error(String(e))));
    return;
  }
  if (path === CANCEL_PATH) {
    options.onCancel?.(`${origin}${raw}`);
    return page(200, { title: 'Cancelled', text: 'The customer cancelled the payment page. Nothing was created.' });
  }
  return page(404, { title: 'Not found', text: 'Nothing here.' });
}

/** The extension's verdict, or why there is none (no answer in time, or the check failed: its message). */
async function verdictOf(check: () => ReturnType<PaymentRedirectServerOptions['onRedirect']>, timeoutMs: number): Promise<NonNullable<LandingPage['verdict']>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      Promise.resolve().then(check),
      new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); }),
    ]);
    if (answer === 'timeout') return { valid: null, reason: 'VS Code did not answer in time; it checks the signature there.' };
    return answer ?? { valid: null, reason: 'VS Code checks the signature.' };
  } catch (e) {
    return { valid: null, reason: `The check failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}
