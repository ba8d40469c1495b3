import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { WebhookActions } from './WebhookActions';
import { WebhookDetailPanel } from './WebhookDetailPanel';
import { describeFilter } from './WebhookFilter';
import { registerWebhookCommands } from './registerWebhookCommands';
import { WebhookService } from './WebhookService';
import { WebhookTreeProvider } from './WebhookTreeProvider';

export const WEBHOOKS_VIEW_ID = 'gocardless.webhooks';

/**
 * The webhook listener and inspector: the "Webhooks" view (with a badge for
 * deliveries not yet seen), start/stop from commands and the status bar, a
 * detail panel per delivery, replay, edit-and-resend, test webhooks, fixtures.
 */
export function registerWebhooks(context: vscode.ExtensionContext, deps: ExtensionDeps): WebhookService {
  const service = new WebhookService(context.globalStorageUri, deps, context.globalState);
  const tree = new WebhookTreeProvider(service);
  const view = vscode.window.createTreeView(WEBHOOKS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  const actions = new WebhookActions(service, deps);
  const status = vscode.window.createStatusBarItem('gocardless.webhooks.status', vscode.StatusBarAlignment.Left, 40);
  status.name = 'GoCardless webhook listener';
  let unseen = 0;

  const showBadge = (): void => {
    view.badge = unseen > 0 ? { value: unseen, tooltip: `${unseen} new webhook deliver${unseen === 1 ? 'y' : 'ies'}` } : undefined;
  };
  const updateStatus = (): void => {
    const l = service.listener;
    status.text = l ? `$(broadcast) Webhooks :${l.address.port}` : '$(circle-slash) Webhooks';
    status.tooltip = l ? `Webhook listener on ${l.url}${l.forwardTo ? `, forwarding to ${l.forwardTo}` : ''}. Click to stop.` : 'Webhook listener stopped. Click to start.';
    status.command = l ? 'gocardless.webhooks.stop' : 'gocardless.webhooks.start';
    void vscode.commands.executeCommand('setContext', 'gocardless.webhooks.listening', !!l);
    view.message = l ? `Listening on ${l.url}` : 'The listener is stopped.';
    const f = describeFilter(tree.filter);
    if (f) view.message += ` Filter: ${f}`;
  };
  updateStatus();
  status.show();

  context.subscriptions.push(
    service, tree, view, status,
    { dispose: () => WebhookDetailPanel.disposeAll() },
    service.onDidChangeState(updateStatus),
    service.onDidChangeDeliveries((d) => {
      if (d && !view.visible && d.response.status !== 405) { unseen++; showBadge(); }
      if (d?.verification.status === 'valid') deps.journey.mark('webhookReceived');
      tree.refresh();
    }),
    view.onDidChangeVisibility((e) => { if (e.visible) { unseen = 0; showBadge(); } }),
  );

  registerWebhookCommands(context, deps, { service, tree, view, actions, resetBadge: () => { unseen = 0; showBadge(); }, updateStatus });
  return service;
}
