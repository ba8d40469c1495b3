import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type HttpServer } from '../../core/http/startHttpServer';
import { loopbackHosts, refuseNonNavigation } from '../loopback/navigationGuard';

/** What the authorize step sent back: a code, or the error the user/server chose. */
export type AuthorizeResult = { code: string; state: string | undefined } | { error: string; description: string | undefined; state: string | undefined };

/**
 * The one-shot redirect_uri of the Partner API's authorization step, for
 * connecting a merchant against the local sandbox ("the user will be
 * redirected to the redirect_uri ... with an authorization code"):
 * listens on 127.0.0.1 (any port), accepts only a browser's top-level GET
 * navigation to <path> addressed to its own host:port (see
 * refuseNonNavigation), answers a small page, and resolves with the first
 * redirect carrying our `state`. Bounded:
 * URLs over 8 KB are refused and it gives up after `timeoutMs`. vscode-free.
 */
export class AuthorizationRedirectServer {
  private settle: ((result: AuthorizeResult | Error) => void) | undefined;
  readonly result: Promise<AuthorizeResult>;
  private timer: NodeJS.Timeout | undefined;
  readonly redirectUri: string;
  private readonly allowedHosts: string[];

  private constructor(
    private readonly http: HttpServer,
    host: string,
    private readonly path: string,
    private readonly expectedState: string,
  ) {
    this.result = new Promise<AuthorizeResult>((resolve, reject) => {
      this.settle = (value) => (value instanceof Error ? reject(value) : resolve(value));
    });
    // Callers may dispose before anyone awaits the result.
    this.result.catch(() => undefined);
    this.redirectUri = `${http.origin}${path}`;
    this.allowedHosts = loopbackHosts(host, http.port);
    http.server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
  }

  get port(): number {
    return this.http.port;
  }

  static async start(options: { expectedState: string; path?: string; timeoutMs?: number; host?: string; port?: number }): Promise<AuthorizationRedirectServer> {
    const host = options.host ?? '127.0.0.1';
    const http = await startHttpServer(host, options.port ?? 0, { requestTimeoutMs: 10_000, headersTimeoutMs: 10_000 });
    const redirect = new AuthorizationRedirectServer(http, host, options.path ?? '/oauth/callback', options.expectedState);
    redirect.timer = setTimeout(() => redirect.finish(new Error('Timed out waiting for the authorization redirect.')), options.timeoutMs ?? 5 * 60_000);
    return redirect;
  }

  /**
   * Also accept requests addressed to `authority` (host:port): the address a
   * remote window's browser reaches this server through (vscode.env.asExternalUri).
   */
  allowHost(authority: string): void {
    this.allowedHosts.push(authority);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const raw = req.url ?? '';
    if (req.method !== 'GET' || raw.length > 8192) {
      res.writeHead(req.method !== 'GET' ? 405 : 414, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not accepted.');
      return;
    }
    const refused = refuseNonNavigation(req, this.allowedHosts);
    if (refused) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(refused);
      return;
    }
    // A forwarding proxy may send `//oauth/callback` (code-server's /proxy/<port>/ does): one leading slash.
    const url = new URL(raw.replace(/^\/+/, '/'), 'http://127.0.0.1');
    if (url.pathname !== this.path) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.');
      return;
    }
    const state = url.searchParams.get('state') ?? undefined;
    if (state !== this.expectedState) {
      // Another tab or a forged request: not ours, keep waiting.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This redirect does not match the pending authorization (state differs).');
      return;
    }
    const code = url.searchParams.get('code');
    const error = url.searchParams.get('error');
    const result: AuthorizeResult | undefined = code
      ? { code, state }
      : error
        ? { error, description: url.searchParams.get('error_description') ?? undefined, state }
        : undefined;
    if (!result) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The redirect carries neither a code nor an error.');
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' })
      .end(`<!doctype html><meta charset="utf-8"><title>GoCardless Dev Tools</title><p>${'code' in result ? 'Merchant connected.' : 'Authorization was not granted.'} You can close this tab and return to VS Code.</p>`);
    this.finish(result);
  }

  private finish(result: AuthorizeResult | Error): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(result);
    void this.dispose();
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.settle?.(new Error('The authorization was abandoned.'));
    this.settle = undefined;
    await this.http.close();
  }
}
