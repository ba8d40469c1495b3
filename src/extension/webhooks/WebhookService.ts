import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { DEFAULT_MAX_WEBHOOK_BODY_BYTES, DeliveryStore, isLoopbackHost, WebhookListener, type WebhookAccount, type WebhookDelivery } from '../../core/webhooks';
import { plainMessageText } from '../present/messageText';
import { machineSetting } from '../settings/machineSetting';
import { ForwardConsent } from './forwardConsent';

export interface WebhookSettings {
  readonly host: string;
  readonly port: number;
  readonly forwardTo: string | undefined;
  readonly acceptAll: boolean;
  readonly maxStoredDeliveries: number;
  readonly maxBodyBytes: number;
}

export function readWebhookSettings(): WebhookSettings {
  const c = vscode.workspace.getConfiguration('gocardless.webhooks');
  // Where webhooks go, which interface listens and whether forgeries pass: the user's settings only.
  const forwardTo = String(machineSetting<string>('gocardless.webhooks', 'forwardTo', '')).trim();
  return {
    host: String(machineSetting<string>('gocardless.webhooks', 'host', '127.0.0.1')) || '127.0.0.1',
    port: c.get<number>('port', 8787),
    forwardTo: forwardTo === '' ? undefined : forwardTo,
    acceptAll: machineSetting<boolean>('gocardless.webhooks', 'acceptAll', false) === true,
    maxStoredDeliveries: Math.max(10, c.get<number>('maxStoredDeliveries', 1000)),
    maxBodyBytes: Math.max(1024, c.get<number>('maxBodyBytes', DEFAULT_MAX_WEBHOOK_BODY_BYTES)),
  };
}

/**
 * The webhook listener of the extension: started and stopped by command,
 * verifying with the app secret of every configured account (read from the
 * secret storage, never from settings), keeping deliveries in the extension's
 * global storage, and pointing the local sandbox's webhook URI at itself.
 */
export class WebhookService implements vscode.Disposable {
  private listenerValue: WebhookListener | undefined;
  private store: DeliveryStore | undefined;
  private storeOpening: Promise<DeliveryStore> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the listener starts or stops. */
  readonly onDidChangeState = this.changed.event;
  private readonly deliveriesChanged = new vscode.EventEmitter<WebhookDelivery | undefined>();
  /** Fires with a new or updated delivery, or undefined when the list was cleared or reloaded. */
  readonly onDidChangeDeliveries = this.deliveriesChanged.event;
  private readonly deliveryReceived = new vscode.EventEmitter<WebhookDelivery>();
  /** Fires once per delivery received, before onDidChangeDeliveries; not when a forward or replay's answer is added to it. */
  readonly onDidReceiveDelivery = this.deliveryReceived.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly consent: ForwardConsent;

  constructor(private readonly storageDir: vscode.Uri, private readonly deps: Pick<ExtensionDeps, 'accounts' | 'log' | 'sandbox' | 'prompter'>, globalState: vscode.Memento) {
    this.consent = new ForwardConsent(globalState, deps.prompter);
    this.disposables.push(
      this.changed, this.deliveriesChanged, this.deliveryReceived,
      deps.accounts.onDidChange(() => void this.refreshAccounts()),
      deps.sandbox.onDidChange((sandbox) => { if (sandbox && this.listenerValue) this.pointSandbox(); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('gocardless.webhooks')) void this.applySettings();
      }),
    );
  }

  get listener(): WebhookListener | undefined { return this.listenerValue; }

  /** The delivery store, opened (and read back) on first use. */
  openStore(): Promise<DeliveryStore> {
    this.storeOpening ??= (async () => {
      const settings = readWebhookSettings();
      const dir = vscode.Uri.joinPath(this.storageDir, 'webhooks');
      await vscode.workspace.fs.createDirectory(dir);
      const store = await DeliveryStore.open({
        file: vscode.Uri.joinPath(dir, 'deliveries.jsonl').fsPath,
        memoryLimit: settings.maxStoredDeliveries,
        // Rotated at about a quarter of the kept deliveries each, 4 files: the setting bounds the disk too.
        maxFileBytes: Math.max(256 * 1024, Math.ceil(settings.maxStoredDeliveries / 4) * 4096),
        maxFiles: 4,
      });
      if (store.loaded.skippedLines > 0) this.deps.log.warn(`Webhook store: skipped ${store.loaded.skippedLines} unreadable line(s) (a torn write after a crash is expected to leave one).`);
      store.onChange((c) => {
        if (c.kind === 'added') this.deliveryReceived.fire(c.delivery);
        this.deliveriesChanged.fire(c.kind === 'cleared' ? undefined : c.delivery);
      });
      this.store = store;
      return store;
    })();
    return this.storeOpening;
  }

  deliveries(): readonly WebhookDelivery[] {
    return this.store?.list() ?? [];
  }

  get(id: string): WebhookDelivery | undefined {
    return this.store?.get(id);
  }

  async start(): Promise<WebhookListener> {
    if (this.listenerValue) return this.listenerValue;
    const settings = readWebhookSettings();
    if (!isLoopbackHost(settings.host)) {
      void vscode.window.showWarningMessage(plainMessageText(`The webhook listener listens on ${settings.host}, not loopback: anyone who can reach this machine can send it webhooks. Set gocardless.webhooks.host to 127.0.0.1 unless you need this.`));
    }
    const forwardTo = await this.consent.approve(settings.forwardTo);
    if (settings.forwardTo && !forwardTo) this.deps.log.warn(`Not forwarding webhooks to ${settings.forwardTo}: not approved.`);
    const store = await this.openStore();
    const listener = await WebhookListener.start({
      host: settings.host, port: settings.port, store,
      accounts: await this.accountsWithSecrets(),
      acceptAll: settings.acceptAll,
      maxBodyBytes: settings.maxBodyBytes,
      ...(forwardTo ? { forwardTo } : {}),
    });
    this.listenerValue = listener;
    this.deps.log.info(`Webhook listener on ${listener.url}${forwardTo ? `, forwarding to ${forwardTo}` : ''}`);
    this.pointSandbox();
    this.changed.fire();
    return listener;
  }

  async stop(): Promise<void> {
    const listener = this.listenerValue;
    if (!listener) return;
    this.listenerValue = undefined;
    await listener.close();
    this.deps.sandbox.current?.setWebhookUrl(null);
    this.deps.log.info('Webhook listener stopped');
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await (await this.openStore()).clear();
  }

  /** Every configured account with its app secret, for verification only. */
  async accountsWithSecrets(): Promise<WebhookAccount[]> {
    const out: WebhookAccount[] = [];
    for (const info of this.deps.accounts.list()) {
      const secrets = await this.deps.accounts.secretsOf(info.id);
      if (secrets?.appSecret) out.push({ id: info.id, name: info.name, secret: secrets.appSecret });
    }
    // The local sandbox signs with its own app secret even before an account for it is added.
    const sandbox = this.deps.sandbox.current;
    // eslint-disable-next-line no-restricted-syntax -- removing a duplicate of our own secrets, none is received text.
    if (sandbox && !out.some((a) => a.secret === sandbox.credentials.app_secret)) {
      out.push({ id: 'local-sandbox', name: 'Local sandbox', secret: sandbox.credentials.app_secret });
    }
    return out;
  }

  async secretOf(accountId: string): Promise<string | undefined> {
    return (await this.accountsWithSecrets()).find((a) => a.id === accountId)?.secret;
  }

  private async refreshAccounts(): Promise<void> {
    if (this.listenerValue) this.listenerValue.setAccounts(await this.accountsWithSecrets());
  }

  private async applySettings(): Promise<void> {
    const listener = this.listenerValue;
    if (!listener) return;
    const s = readWebhookSettings();
    listener.acceptAll = s.acceptAll;
    const forwardTo = await this.consent.approve(s.forwardTo);
    if (this.listenerValue !== listener) return;
    listener.setForwardTo(forwardTo);
    const a = listener.address;
    if (s.host !== a.address || (s.port !== 0 && s.port !== a.port)) {
      await this.stop();
      await this.start();
    }
  }

  private pointSandbox(): void {
    const sandbox = this.deps.sandbox.current;
    const listener = this.listenerValue;
    if (!sandbox || !listener) return;
    sandbox.setWebhookUrl(listener.url);
    void this.refreshAccounts();
    this.deps.log.info(`Local sandbox webhooks now go to ${listener.url}`);
  }

  dispose(): void {
    void this.listenerValue?.close();
    this.listenerValue = undefined;
    void this.store?.close();
    for (const d of this.disposables) d.dispose();
  }
}
