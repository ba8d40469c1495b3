import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { describeDeliveryForLog, listenerSummary } from './listenerText';
import { registerWebhookCommands } from './registerWebhookCommands';
import { WebhookActions } from './WebhookActions';
import { WebhookDetailPanel } from './WebhookDetailPanel';
import type { WebhookTreeNode } from './WebhookDeliveryNode';
import { describeFilter } from './WebhookFilter';
import { WebhookService } from './WebhookService';
import { WEBHOOKS_VIEW_ID, WebhookTreeProvider } from './WebhookTreeProvider';

const LISTENING_KEY = 'gocardless.webhooks.listening';

/**
 * The webhook listener and inspector: the "Webhooks" view (with a badge for
 * deliveries not yet seen), start/stop from commands and the status bar, a
 * detail panel per delivery, replay, edit-and-resend, test webhooks, fixtures.
 */
/**
 * What registerWebhooks gives activate(): the service (for the debug configuration), and the view, its rows and the
 * actions the view and the detail panel run (for the test API).
 */
export interface WebhooksView {
  readonly service: WebhookService;
  readonly tree: WebhookTreeProvider;
  readonly view: vscode.TreeView<WebhookTreeNode>;
  readonly actions: WebhookActions;
}

export function registerWebhooks(context: vscode.ExtensionContext, deps: ExtensionDeps): WebhooksView {
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
    const count = service.deliveries().length;
    const summary = listenerSummary(l, count);
    status.text = l ? `$(broadcast) Webhooks :${l.address.port} · ${count}` : `$(circle-slash) Webhooks · ${count}`;
    status.tooltip = `${summary}${unseen > 0 ? ` (${unseen} new)` : ''}. Click for actions.`;
    // Clicking asks (copy the URL, show the view, stop…): a stray click no longer stops the listener.
    status.command = 'gocardless.webhooks.listenerActions';
    void vscode.commands.executeCommand('setContext', 'gocardless.webhooks.listening', !!l);
    const f = describeFilter(tree.filter);
    // A message hides the view's welcome (Start, Send test webhook), so an empty unfiltered list shows none.
    if (tree.shown === 0 && !f) view.message = undefined;
    else view.message = `${l ? `Listening on ${l.url}` : 'The listener is stopped.'}${f ? ` Showing ${f}.` : ''}`;
  };
  updateStatus();
  status.show();

  context.subscriptions.push(
    service, tree, view, status,
    { dispose: () => WebhookDetailPanel.disposeAll() },
    service.onDidChangeState(updateStatus),
    tree.onDidList(updateStatus),
    // Once per delivery received: a forward's or a replay's answer stored on it later is not a new delivery
    // (it used to log "Webhook received" and count in the badge again).
    service.onDidReceiveDelivery((d) => {
      deps.log.info(describeDeliveryForLog(d));
      if (!view.visible && d.response.status !== 405) { unseen++; showBadge(); }
      if (d.verification.status === 'valid') {
        deps.journey.mark('webhookReceived');
        // A genuine webhook says these objects changed: open JSON documents of them read their state again.
        const ids = new Set(d.objectIds);
        if (ids.size > 0) deps.documents.refreshOpen((_account, _type, id) => ids.has(id));
      }
    }),
    service.onDidChangeDeliveries(() => {
      tree.refresh();
      updateStatus();
    }),
    view.onDidChangeVisibility((e) => { if (e.visible) { unseen = 0; showBadge(); updateStatus(); } }),
  );

  // The user's choice to listen survives a window reload: remembered by the start and stop commands (not by
  // the listener closing when the window goes away), and the listener started again on activation.
  const rememberListening = (on: boolean): Thenable<void> => context.globalState.update(LISTENING_KEY, on);
  if (context.globalState.get<boolean>(LISTENING_KEY) === true) restartListener(context, deps, service);

  registerWebhookCommands(context, deps, { service, tree, view, actions, resetBadge: () => { unseen = 0; showBadge(); }, updateStatus, rememberListening });
  return { service, tree, view, actions };
}

/** Starts the listener again after a reload, once activation is done (it was running before). */
function restartListener(context: vscode.ExtensionContext, deps: ExtensionDeps, service: WebhookService): void {
  const timer = setTimeout(() => {
    service.start().then(
      (l) => deps.log.info(`Webhook listener restarted on ${l.url} (it was running before the reload)`),
      (e: unknown) => deps.log.error(`Could not restart the webhook listener: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
}
