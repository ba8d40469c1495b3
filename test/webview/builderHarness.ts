import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { HostMessenger, linkBuilderProtocol, type AccountSummary, type LinkBuilderProtocol, type LinkForm } from '../../src/core/protocol';
import { createLinkBuilderHandlers, type SigningAccount } from '../../src/extension/links/linkBuilderHandlers';
import { linkBuilderHtml } from '../../src/extension/links/linkBuilderHtml';

/**
 * Stands in for the extension host: serves the real page (same HTML and CSP
 * as the panel) and the BUILT bundle over loopback, defines
 * `acquireVsCodeApi` before the bundle runs, and answers the webview's
 * messages with the panel's real handlers (real signing, with a test secret).
 */

const ROOT = resolve(__dirname, '../..');
// Where npm test installs it on Debian; GCDEV_CHROMIUM elsewhere (as scripts/host/paths.mjs).
const CHROMIUM = process.env.GCDEV_CHROMIUM ?? '/usr/bin/chromium';
export const HARNESS_SECRET = 'harness-app-secret';
export const HARNESS_ACCOUNT: AccountSummary = { id: 'acc-1', label: 'Harness sandbox', environment: 'local', merchantId: 'MERCHANT1', isLive: false };

export interface ConnectPageReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export class BuilderHarness {
  readonly clipboard: { text: string; what: string }[] = [];
  readonly opened: string[] = [];
  readonly hostLog: string[] = [];
  /** The page's console and uncaught errors, shown when a test fails to start. */
  readonly pageLog: string[] = [];
  prefill: LinkForm | null = null;
  /** Authorization headers of the confirm requests the fake API received. */
  readonly confirms: string[] = [];
  /** What the fake payment page answers to "Test the link". */
  connectReply: ConnectPageReply = { status: 200, body: '<h1>Pay</h1>' };
  host!: HostMessenger<LinkBuilderProtocol>;
  page!: Page;
  private server!: Server;
  private browser!: Browser;
  private context!: BrowserContext;
  origin = '';

  async start(): Promise<void> {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
    const bundle = join(ROOT, 'dist/webview/linkBuilder.js');
    if (!existsSync(bundle)) throw new Error('dist/webview/linkBuilder.js is missing: run npm run build (npm run test:webview does).');
    this.server = createServer((req, res) => this.serve(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      // launch() gives every run a fresh temporary profile (a --user-data-dir argument is refused here).
    });
  }

  /** A fresh page (and a fresh host end) for each test. */
  async open(): Promise<Page> {
    this.context = await this.browser.newContext();
    const page = await this.context.newPage();
    this.page = page;
    page.on('console', (m) => this.pageLog.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => this.pageLog.push(`pageerror: ${e.message}`));
    const ports = {
      accounts: () => ({ accounts: [HARNESS_ACCOUNT], activeAccountId: HARNESS_ACCOUNT.id }),
      signingAccount: (id: string): Promise<SigningAccount> => {
        if (id !== HARNESS_ACCOUNT.id) return Promise.reject(new Error(`unknown account ${id}`));
        return Promise.resolve({ appId: 'APP1', appSecret: HARNESS_SECRET, merchantId: HARNESS_ACCOUNT.merchantId, baseUrl: this.origin });
      },
      writeClipboard: (text: string, what: string) => {
        this.clipboard.push({ text, what });
        return Promise.resolve();
      },
      openExternal: (url: string) => {
        this.opened.push(url);
        return Promise.resolve();
      },
      takePrefill: () => {
        const p = this.prefill;
        this.prefill = null;
        return p;
      },
      confirmed: () => {},
    };
    const host = new HostMessenger({
      protocol: linkBuilderProtocol, handlers: createLinkBuilderHandlers(ports), readyRequest: 'ready',
      log: (l) => this.hostLog.push(l),
      post: (m) => void page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => {}),
    });
    this.host = host;
    await page.exposeFunction('__toHost', (m: unknown) => host.receive(m));
    // VS Code injects acquireVsCodeApi before the page's scripts; state lives in sessionStorage so a reload restores it as the serializer does.
    // (A string, not a function: tsx would wrap named functions in helpers the page does not have.)
    await page.addInitScript(`
      (() => {
        let acquired = false;
        window.acquireVsCodeApi = () => {
          if (acquired) throw new Error('acquireVsCodeApi called twice');
          acquired = true;
          return {
            postMessage: (m) => window.__toHost(JSON.parse(JSON.stringify(m))),
            getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
            setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
          };
        };
      })();
    `);
    await page.goto(`${this.origin}/`);
    try {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    } catch (e) {
      throw new Error(`the webview never became ready: ${(e as Error).message}\npage log:\n${this.pageLog.join('\n')}\nhost log:\n${this.hostLog.join('\n')}`, { cause: e });
    }
    return page;
  }

  async closePage(): Promise<void> {
    await this.context?.close();
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (path === '/') {
      return send(200, 'text/html; charset=utf-8', linkBuilderHtml({
        cspSource: this.origin, nonce: randomBytes(16).toString('base64'),
        scriptUri: `${this.origin}/dist/webview/linkBuilder.js`, styleUri: `${this.origin}/media/linkBuilder.css`,
      }));
    }
    if (path === '/dist/webview/linkBuilder.js') return send(200, 'text/javascript', readFileSync(join(ROOT, path)));
    if (path === '/media/linkBuilder.css') return send(200, 'text/css', readFileSync(join(ROOT, path)));
    if (path.startsWith('/connect/')) return send(this.connectReply.status, 'text/html', this.connectReply.body, this.connectReply.headers);
    if (path === '/api/v1/confirm' && req.method === 'POST') {
      this.confirms.push(req.headers.authorization ?? '');
      return send(200, 'application/json', '{"success":true}');
    }
    return send(404, 'text/plain', 'not found');
  }
}
