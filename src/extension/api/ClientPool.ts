import * as vscode from 'vscode';
import { type AccountInfo, fixedBaseUrl } from '../accounts/Account';
import type { AccountStore } from '../accounts/AccountStore';
import type { EmbeddedSandbox } from '../sandbox/EmbeddedSandbox';
import type { MerchantApi } from './MerchantApi';
import { CLIENT_VERSION } from '../../core/api/userAgent';
import type { ApiRequestEvent } from '../../core/api/GoCardlessClient';

/** One attempt of an account's client, for the Requests view (no headers, no bodies: the client gives none). */
export interface AccountRequestEvent {
  readonly account: AccountInfo;
  readonly baseUrl: string;
  readonly event: ApiRequestEvent;
  /** When it started (the event arrives once it ended). */
  readonly startedMs: number;
}

/** Names the extension (not the CLI) and its version, from package.json at build time. */
const USER_AGENT = `gocardless-devtools-vscode/${CLIENT_VERSION}`;

/**
 * One API client per account, created on first use (the client module is
 * loaded lazily so activation stays cheap) and closed when the account
 * changes or the extension deactivates. Requests are logged — method, path,
 * status and time only; the client never hands us headers or tokens.
 */
export class ClientPool implements vscode.Disposable {
  private readonly clients = new Map<string, { key: string; client: Promise<MerchantApi> }>();
  /** Accounts the embedded sandbox serves whatever their environment: only ever set by `serveFromSandbox`. */
  private readonly servedBySandbox = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private readonly requested = new vscode.EventEmitter<AccountRequestEvent>();
  /** Every attempt of every account's client, once it ended. */
  readonly onDidRequest = this.requested.event;

  constructor(
    private readonly accounts: AccountStore,
    private readonly sandbox: EmbeddedSandbox,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Secrets or base URL may have changed: drop the changed account's client.
    this.subscription = accounts.onDidChange((id) => {
      if (id !== undefined) this.forget(id);
    });
  }

  async clientFor(info: AccountInfo): Promise<MerchantApi> {
    const baseUrl = await this.baseUrlOf(info);
    const key = `${baseUrl}|${info.appId}|${info.merchantId}`;
    const cached = this.clients.get(info.id);
    if (cached && cached.key === key) return cached.client;
    if (cached) void this.closeQuietly(cached.client);
    const client = this.create(info, baseUrl);
    this.clients.set(info.id, { key, client });
    client.catch(() => this.clients.delete(info.id));
    return client;
  }

  /**
   * Serves an account from the embedded sandbox, whatever its environment,
   * until disposed. Reached only through the test-mode `ExtensionApi.testing`:
   * a LIVE-marked account then shows its confirmations while nothing real is
   * ever called. The account needs the sandbox's credentials.
   */
  serveFromSandbox(accountId: string): vscode.Disposable {
    this.servedBySandbox.add(accountId);
    this.forget(accountId);
    return new vscode.Disposable(() => {
      this.servedBySandbox.delete(accountId);
      this.forget(accountId);
    });
  }

  /** Base URL of an account; for the local sandbox this starts it if needed. */
  async baseUrlOf(info: AccountInfo): Promise<string> {
    if (info.environment === 'local' || this.servedBySandbox.has(info.id)) {
      const account = await this.accounts.resolve(info.id);
      const running = await this.sandbox.ensureStarted({
        app_id: account.appId,
        app_secret: account.appSecret,
        merchant_id: account.merchantId,
        access_token: account.accessToken,
      });
      return running.url;
    }
    const url = fixedBaseUrl(info);
    if (!url) throw new Error(`Account "${info.name}" has no base URL.`);
    return url;
  }

  private async create(info: AccountInfo, baseUrl: string): Promise<MerchantApi> {
    const account = await this.accounts.resolve(info.id);
    const { GoCardlessClient } = await import('../../core/api/GoCardlessClient.js');
    const log = this.log;
    const requested = this.requested;
    const client = new GoCardlessClient({
      baseUrl,
      accessToken: account.accessToken,
      merchantId: account.merchantId,
      appId: account.appId,
      appSecret: account.appSecret,
      userAgent: USER_AGENT,
      onRequest(event) {
        const status = event.status ?? event.outcome;
        const retry = event.willRetry ? ', will retry' : '';
        log.info(`${event.method} ${event.path} → ${status} (${Math.round(event.durationMs)} ms${retry}) [${info.name}]`);
        requested.fire({ account: info, baseUrl, event, startedMs: Date.now() - event.durationMs });
      },
    });
    return client;
  }

  forget(id: string): void {
    const entry = this.clients.get(id);
    if (!entry) return;
    this.clients.delete(id);
    void this.closeQuietly(entry.client);
  }

  private async closeQuietly(client: Promise<MerchantApi>): Promise<void> {
    try {
      await (await client).close();
    } catch {
      // A client that failed to construct has nothing to close.
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.requested.dispose();
    for (const entry of this.clients.values()) void this.closeQuietly(entry.client);
    this.clients.clear();
  }
}
