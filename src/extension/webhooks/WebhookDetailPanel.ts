import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { HostMessenger, WEBHOOK_DETAIL_VIEW_TYPE, webhookDetailProtocol, type WebhookDetailProtocol } from '../../core/protocol';
import { toCurl, toWebhookDetailView, type WebhookDelivery } from '../../core/webhooks';
import type { ExtensionDeps } from '../ExtensionDeps';
import { clampDetailView } from './clampDetailView';
import { deliveryLabel, summarizeDelivery } from '../present/deliveryRow';
import { webhookDetailHtml } from './webhookDetailHtml';
import { currentStatuses } from './currentStatuses';
import { describeForward } from './listenerText';
import type { WebhookActions } from './WebhookActions';
import type { WebhookService } from './WebhookService';

/** One panel per delivery; opening it again reveals the existing one. */
export class WebhookDetailPanel implements vscode.Disposable {
  private static readonly open = new Map<string, WebhookDetailPanel>();
  private readonly messenger: HostMessenger<WebhookDetailProtocol>;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, deps: Pick<ExtensionDeps, 'log' | 'prompter' | 'revealResource' | 'accounts' | 'clientFor'>, service: WebhookService, actions: WebhookActions, delivery: WebhookDelivery): WebhookDetailPanel {
    const existing = WebhookDetailPanel.open.get(delivery.id);
    if (existing) { existing.panel.reveal(); return existing; }
    const panel = vscode.window.createWebviewPanel(WEBHOOK_DETAIL_VIEW_TYPE, WebhookDetailPanel.titleFor(delivery), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    const p = new WebhookDetailPanel(panel, extensionUri, deps, service, actions, delivery.id);
    WebhookDetailPanel.open.set(delivery.id, p);
    return p;
  }

  /**
   * "Webhook bill paid BA1 +13 · 1:12:29 AM": the tab says which delivery it shows. Two open panels never share a title
   * (the same event retried within a second would): the later one adds its delivery id.
   */
  static titleFor(delivery: WebhookDelivery): string {
    const summary = summarizeDelivery(delivery);
    const title = ['Webhook', deliveryLabel(delivery), summary.objects, summary.retry].filter(Boolean).join(' ') + ` · ${new Date(delivery.receivedAt).toLocaleTimeString()}`;
    const taken = [...WebhookDetailPanel.open.values()].some((p) => p.deliveryId !== delivery.id && p.panel.title === title);
    return taken ? `${title} (${delivery.id})` : title;
  }

  static disposeAll(): void {
    for (const p of [...WebhookDetailPanel.open.values()]) p.dispose();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    deps: Pick<ExtensionDeps, 'log' | 'prompter' | 'revealResource' | 'accounts' | 'clientFor'>,
    private readonly service: WebhookService,
    actions: WebhookActions,
    readonly deliveryId: string,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'gocardless.svg');
    const current = (): WebhookDelivery => {
      const d = service.get(deliveryId);
      if (!d) throw new Error('This delivery is no longer kept (cleared, or beyond gocardless.webhooks.maxStoredDeliveries).');
      return d;
    };
    this.messenger = new HostMessenger({
      protocol: webhookDetailProtocol,
      readyRequest: 'ready',
      post: (m) => panel.webview.postMessage(m),
      log: (line) => deps.log.warn(`[webhook detail] ${line}`),
      handlers: {
        ready: () => this.view(current()),
        replay: async () => {
          // WebhookActions logs the replay's line.
          return { message: describeForward(await actions.replay(current())) };
        },
        resend: async ({ payload, target }) => {
          return { message: await actions.resignAndSend(current(), payload, target === 'app' ? 'app' : 'listener') };
        },
        copyCurl: async () => {
          const d = current();
          const url = service.listener?.forwardTo ?? service.listener?.url ?? 'http://127.0.0.1:8787/';
          await deps.prompter.writeClipboard(toCurl(d, url));
          return { message: `Copied a curl command that posts this body to ${url}.` };
        },
        exportFixture: async () => {
          const saved = await actions.saveFixtures([current()]);
          return { message: saved ? `Saved ${saved}.` : 'Not saved.' };
        },
        currentStatuses: () => currentStatuses(deps, current()),
        expectedSignature: () => actions.expectedSignature(current()),
        reveal: async ({ id }) => ({ message: (await deps.revealResource(id)) ? `Revealed ${id} in the Merchants tree.` : `${id} is not loaded in the Merchants tree (expand its merchant first).` }),
      },
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.messenger.receive(m)),
      service.onDidChangeDeliveries((d) => {
        if (d?.id !== deliveryId) return;
        this.view(d).then((v) => this.messenger.emit('update', v)).catch((e: unknown) => deps.log.error(`[webhook detail] update of ${deliveryId}: ${e instanceof Error ? e.message : String(e)}`));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = webhookDetailHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'webhookDetail.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webhookDetail.css')).toString(),
    });
  }

  private async view(d: WebhookDelivery) {
    const accountId = d.verification.account?.id;
    const secret = accountId ? await this.service.secretOf(accountId) : undefined;
    return clampDetailView(toWebhookDetailView(d, { ...(secret ? { secret } : {}), ...(this.service.listener?.forwardTo ? { forwardTo: this.service.listener.forwardTo } : {}) }));
  }

  dispose(): void {
    WebhookDetailPanel.open.delete(this.deliveryId);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

