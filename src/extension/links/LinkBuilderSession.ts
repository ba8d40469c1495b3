import * as vscode from 'vscode';
import { fixedBaseUrl, type AccountInfo } from '../accounts/Account';
import { confirmResource, verifyRedirect, RedirectParseError } from '../../core/links';
import type { AccountSummary, LinkForm, RedirectCheck } from '../../core/protocol';
import type { SignatureDiagnosis } from '../../core/signing';
import type { ExtensionDeps } from '../ExtensionDeps';
import { PaymentRedirectServer } from './PaymentRedirectServer';
import { openLink } from './externalLink';
import type { LinkBuilderPorts, SigningAccount } from './linkBuilderHandlers';

/**
 * What the link builder needs from the extension, shared by the panel and the
 * quick commands: account summaries (never secrets), signing accounts
 * resolved from SecretStorage, and the loopback landing page registered as
 * the local sandbox app's redirect URI for the round trip.
 */
export class LinkBuilderSession implements vscode.Disposable {
  private landing: Promise<PaymentRedirectServer> | undefined;
  private readonly redirectListeners = new Set<(url: string) => void>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: ExtensionDeps) {
    // A restarted sandbox forgets its registered URIs: register the landing page again.
    this.subscriptions.push(deps.sandbox.onDidChange((running) => {
      if (running && this.landing) void this.landing.then((l) => running.setRedirectUris({ redirectUri: l.redirectUri, cancelUri: l.cancelUri }));
    }));
  }

  summaries(): { accounts: AccountSummary[]; activeAccountId: string | null } {
    const accounts = this.deps.accounts.list().map((a) => ({
      id: a.id, label: a.name, environment: a.environment, merchantId: a.merchantId, isLive: a.environment === 'live',
    }));
    return { accounts, activeAccountId: this.deps.accounts.active()?.id ?? null };
  }

  async signingAccount(accountId: string): Promise<SigningAccount> {
    const info = this.deps.accounts.get(accountId);
    if (!info) throw new Error('That account no longer exists.');
    const account = await this.deps.accounts.resolve(accountId);
    return { appId: account.appId, appSecret: account.appSecret, merchantId: account.merchantId, baseUrl: await this.baseUrlOf(info) };
  }

  private async baseUrlOf(info: AccountInfo): Promise<string> {
    if (info.environment !== 'local') {
      const url = fixedBaseUrl(info);
      if (!url) throw new Error(`Account "${info.name}" has no base URL.`);
      return url.replace(/\/+$/, '');
    }
    const account = await this.deps.accounts.resolve(info.id);
    const running = await this.deps.sandbox.ensureStarted({
      app_id: account.appId, app_secret: account.appSecret, merchant_id: account.merchantId, access_token: account.accessToken,
    });
    const landing = await this.ensureLanding();
    running.setRedirectUris({ redirectUri: landing.redirectUri, cancelUri: landing.cancelUri });
    return running.url.replace(/\/+$/, '');
  }

  /** The loopback landing page (started on first use of a local account). */
  ensureLanding(): Promise<PaymentRedirectServer> {
    this.landing ??= PaymentRedirectServer.start({
      onRedirect: async (url) => {
        this.deps.log.info('Connect redirect received on the landing page');
        for (const l of this.redirectListeners) l(url);
        // The customer's page says whether the signature holds (the same check the link builder shows).
        const { check } = await this.checkRedirect(url);
        return { valid: check.valid, reason: check.reason };
      },
      onCancel: () => this.deps.log.info('The customer cancelled a Connect payment page'),
    }).catch((e: unknown) => {
      this.landing = undefined;
      throw e;
    });
    return this.landing;
  }

  onRedirect(listener: (url: string) => void): vscode.Disposable {
    this.redirectListeners.add(listener);
    return new vscode.Disposable(() => this.redirectListeners.delete(listener));
  }

  /** Checks a redirect with every account's secret: the one that signed it is the account it belongs to. */
  async checkRedirect(url: string, preferred?: string): Promise<{ accountId: string | null; check: RedirectCheck; diagnosis?: SignatureDiagnosis; accountName?: string }> {
    const ids = this.deps.accounts.list().map((a) => a.id).sort((a, b) => Number(b === preferred) - Number(a === preferred));
    let first: { accountId: string | null; check: RedirectCheck; diagnosis?: SignatureDiagnosis; accountName?: string } | undefined;
    let diagnosis: SignatureDiagnosis | undefined;
    for (const id of ids) {
      const secrets = await this.deps.accounts.secretsOf(id);
      if (!secrets) continue;
      let check: RedirectCheck;
      try {
        const v = verifyRedirect(url, secrets.appSecret);
        diagnosis = v.diagnosis;
        // An unknown resource_type is reported, not shown as a resource (core verifies the signature anyway).
        if (v.problems.length > 0) return { accountId: null, check: { valid: false, resource: null, reason: v.reason } };
        const r = v.resource;
        check = {
          valid: v.valid,
          resource: { id: r.resource_id, type: r.resource_type, uri: r.resource_uri, state: r.state ?? null },
          reason: v.valid ? `Signed by the app of "${this.deps.accounts.get(id)?.name ?? id}".` : v.diagnosis.reason,
        };
      } catch (e) {
        if (e instanceof RedirectParseError) return { accountId: null, check: { valid: false, resource: null, reason: e.message } };
        throw e;
      }
      if (check.valid) {
        this.deps.journey.mark('redirectVerified');
        return { accountId: id, check };
      }
      first ??= { accountId: id, check, ...(diagnosis ? { diagnosis, accountName: this.deps.accounts.get(id)?.name ?? id } : {}) };
    }
    return first ?? { accountId: null, check: { valid: false, resource: null, reason: 'No account to check the signature with.' } };
  }

  async confirm(accountId: string, resourceId: string, resourceType: 'bill' | 'subscription' | 'pre_authorization'): Promise<string> {
    const account = await this.signingAccount(accountId);
    try {
      const r = await confirmResource({ baseUrl: account.baseUrl, appId: account.appId, appSecret: account.appSecret, resourceId, resourceType });
      this.deps.log.info(`POST /api/v1/confirm ${resourceType} ${resourceId} → ${r.status}`);
    } catch (e) {
      this.deps.log.warn(`POST /api/v1/confirm ${resourceType} ${resourceId} failed: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    this.confirmed();
    return `Confirmed ${resourceType.replace('_', '-')} ${resourceId}.`;
  }

  confirmed(): void {
    this.deps.journey.mark('resourceConfirmed');
    this.deps.tree.refresh();
  }

  ports(takePrefill: () => LinkForm | null): LinkBuilderPorts {
    return {
      accounts: () => this.summaries(),
      signingAccount: (id) => this.signingAccount(id),
      writeClipboard: async (text, what) => {
        await this.deps.prompter.writeClipboard(text);
        if (what === 'url') this.deps.journey.mark('linkCreated');
        vscode.window.setStatusBarMessage(what === 'url' ? 'Payment link copied' : `Copied the ${what}`, 3000);
      },
      openExternal: async (url) => {
        await openLink(this.deps.prompter, url);
        this.deps.journey.mark('linkCreated');
      },
      takePrefill,
      confirmed: () => this.confirmed(),
      redirectVerified: () => this.deps.journey.mark('redirectVerified'),
      log: (line) => this.deps.log.info(line),
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.redirectListeners.clear();
    void this.landing?.then((l) => l.dispose(), () => undefined);
    this.landing = undefined;
  }
}
