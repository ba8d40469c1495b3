import * as vscode from 'vscode';
import { WEBHOOK_ACTIONS, type WebhookResourceType } from '../../core/api/models';
import { toCurl, type WebhookDelivery } from '../../core/webhooks';
import { deliveryLabel, summarizeDelivery } from '../present/deliveryRow';
import type { ExtensionDeps } from '../ExtensionDeps';
import { registerCommand } from '../commands/registerCommand';
import { CancelledError } from '../commands/CancelledError';
import { WebhookActions } from './WebhookActions';
import { WebhookDeliveryNode, type WebhookTreeNode } from './WebhookDeliveryNode';
import { WebhookDetailPanel, describeForward } from './WebhookDetailPanel';
import { describeFilter, type WebhookFilter } from './WebhookFilter';
import { WebhookService } from './WebhookService';
import { WebhookTreeProvider } from './WebhookTreeProvider';

export const WEBHOOKS_VIEW_ID = 'gocardless.webhooks';
const LISTENING_KEY = 'gocardless.webhooks.listening';

/** "Webhook received: bill paid BA1 +3 from 127.0.0.1, valid, answered 200" — no body, no header, no secret. */
export function describeDeliveryForLog(d: WebhookDelivery): string {
  const s = summarizeDelivery(d);
  return `Webhook received: ${deliveryLabel(d)} ${s.objects}${s.retry ? ` (${s.retry})` : ''} from ${d.remoteAddress}, ${d.verification.status}, answered ${d.response.status}`;
}

/** "Listening on http://127.0.0.1:8787/ · 14 deliveries", for the status bar and its actions. */
export function listenerSummary(listener: { url: string; forwardTo?: string | undefined } | undefined, deliveries: number): string {
  const state = listener
    ? `Listening on ${listener.url}${listener.forwardTo ? `, forwarding to ${listener.forwardTo}` : ''}`
    : 'Webhook listener stopped';
  return `${state} · ${deliveries} deliver${deliveries === 1 ? 'y' : 'ies'} kept`;
}

/**
 * The webhook listener and inspector: the "Webhooks" view (with a badge for
 * deliveries not yet seen), start/stop from commands and the status bar, a
 * detail panel per delivery, replay, edit-and-resend, test webhooks, fixtures.
 */
/** What registerWebhooks gives activate(): the service (for the debug configuration), and the view and its rows (for the test API). */
export interface WebhooksView {
  readonly service: WebhookService;
  readonly tree: WebhookTreeProvider;
  readonly view: vscode.TreeView<WebhookTreeNode>;
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
    service.onDidChangeDeliveries((d) => {
      if (d) deps.log.info(describeDeliveryForLog(d));
      if (d && !view.visible && d.response.status !== 405) { unseen++; showBadge(); }
      if (d?.verification.status === 'valid') {
        deps.journey.mark('webhookReceived');
        // A genuine webhook says these objects changed: open JSON documents of them read their state again.
        const ids = new Set(d.objectIds);
        if (ids.size > 0) deps.documents.refreshOpen((_account, _type, id) => ids.has(id));
      }
      tree.refresh();
      updateStatus();
    }),
    view.onDidChangeVisibility((e) => { if (e.visible) { unseen = 0; showBadge(); updateStatus(); } }),
  );
  const nodeOrSelection = (arg: unknown): WebhookDeliveryNode | undefined => {
    if (arg instanceof WebhookDeliveryNode) return arg;
    const selected = view.selection[0];
    return selected instanceof WebhookDeliveryNode ? selected : undefined;
  };

  // The user's choice to listen survives a window reload: remembered by the start and stop commands (not by
  // the listener closing when the window goes away), and the listener started again on activation.
  const rememberListening = (on: boolean): Thenable<void> => context.globalState.update(LISTENING_KEY, on);
  if (context.globalState.get<boolean>(LISTENING_KEY) === true) {
    const timer = setTimeout(() => {
      service.start().then(
        (l) => deps.log.info(`Webhook listener restarted on ${l.url} (it was running before the reload)`),
        (e: unknown) => deps.log.error(`Could not restart the webhook listener: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, 0);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }

  registerCommand(context, deps, 'gocardless.webhooks.start', async () => {
    const l = await service.start();
    await rememberListening(true);
    void deps.prompter.showInformationMessage(`Webhook listener on ${l.url}${deps.sandbox.current ? ' (the local sandbox sends its webhooks here)' : ''}.`);
    return l.url;
  });
  registerCommand(context, deps, 'gocardless.webhooks.stop', async () => {
    await service.stop();
    await rememberListening(false);
  });
  registerCommand(context, deps, 'gocardless.webhooks.copyUrl', async () => {
    const l = service.listener ?? await service.start();
    await deps.prompter.writeClipboard(l.url);
    return l.url;
  });
  // The status bar item's click: what one would do next with the listener, and how many deliveries it kept.
  registerCommand(context, deps, 'gocardless.webhooks.listenerActions', async () => {
    await service.openStore();
    const l = service.listener;
    type Action = vscode.QuickPickItem & { command: string };
    const items: Action[] = l
      ? [
          { label: '$(copy) Copy listener URL', description: l.url, command: 'gocardless.webhooks.copyUrl' },
          { label: '$(list-unordered) Show the Webhooks view', command: `${WEBHOOKS_VIEW_ID}.focus` },
          { label: '$(send) Send a test webhook…', command: 'gocardless.webhooks.sendTest' },
          { label: '$(debug-stop) Stop the listener', command: 'gocardless.webhooks.stop' },
        ]
      : [
          { label: '$(play) Start the listener', command: 'gocardless.webhooks.start' },
          { label: '$(list-unordered) Show the Webhooks view', command: `${WEBHOOKS_VIEW_ID}.focus` },
          { label: '$(send) Send a test webhook…', command: 'gocardless.webhooks.sendTest' },
        ];
    const pick = await deps.prompter.showQuickPick(items, { title: listenerSummary(l, service.deliveries().length), placeHolder: 'Webhook listener' });
    if (!pick) throw new CancelledError();
    await vscode.commands.executeCommand(pick.command);
    return pick.command;
  });
  registerCommand(context, deps, 'gocardless.webhooks.clear', async () => {
    await service.clear();
    unseen = 0;
    showBadge();
  });
  registerCommand(context, deps, 'gocardless.webhooks.filter', async () => {
    const types = (Object.keys(WEBHOOK_ACTIONS) as WebhookResourceType[]);
    const items = [
      { label: 'All', filter: {} as WebhookFilter },
      { label: 'Valid only', filter: { ...tree.filter, validity: 'valid' } as WebhookFilter },
      { label: 'Not valid only', filter: { ...tree.filter, validity: 'not-valid' } as WebhookFilter },
      ...types.map((t) => ({ label: `Type: ${t}`, filter: { ...tree.filter, resourceType: t, action: undefined } as WebhookFilter })),
      ...types.flatMap((t) => WEBHOOK_ACTIONS[t].map((a) => ({ label: `Action: ${t} ${a}`, filter: { ...tree.filter, resourceType: t, action: a } as WebhookFilter }))),
      { label: 'Text…', filter: undefined },
    ];
    const pick = await deps.prompter.showQuickPick(items, { title: 'Filter webhook deliveries' });
    if (!pick) throw new CancelledError();
    if (pick.filter) tree.filter = pick.filter;
    else {
      const text = await deps.prompter.showInputBox({ title: 'Show deliveries containing (ids, body, path)', value: tree.filter.text ?? '' });
      if (text === undefined) throw new CancelledError();
      tree.filter = { ...tree.filter, text: text.trim() || undefined };
    }
    updateStatus();
  });
  registerCommand(context, deps, 'gocardless.webhooks.openDelivery', async (arg) => {
    const node = nodeOrSelection(arg);
    const id = typeof arg === 'string' ? arg : node?.delivery.id;
    const d = id ? service.get(id) : undefined;
    if (!d) throw new Error('Choose a delivery in the Webhooks view.');
    WebhookDetailPanel.show(context.extensionUri, deps, service, actions, d);
    return d.id;
  });
  registerCommand(context, deps, 'gocardless.webhooks.replay', async (arg) => {
    const d = typeof arg === 'string' ? service.get(arg) : nodeOrSelection(arg)?.delivery;
    if (!d) throw new Error('Choose a delivery in the Webhooks view.');
    const r = await actions.replay(d);
    deps.log.info(`Webhook replay of ${d.id}: ${describeForward(r)}`);
    void deps.prompter.showInformationMessage(`Replayed: ${describeForward(r)}`);
    return r;
  });
  registerCommand(context, deps, 'gocardless.webhooks.copyAsCurl', async (arg) => {
    const d = nodeOrSelection(arg)?.delivery;
    if (!d) throw new Error('Choose a delivery in the Webhooks view.');
    const url = service.listener?.forwardTo ?? service.listener?.url ?? 'http://127.0.0.1:8787/';
    await deps.prompter.writeClipboard(toCurl(d, url));
  });
  registerCommand(context, deps, 'gocardless.webhooks.exportFixtures', async () => {
    await service.openStore();
    const saved = await actions.saveFixtures([...service.deliveries()]);
    if (saved) void deps.prompter.showInformationMessage(`Exported ${service.deliveries().length} deliveries to ${saved}.`);
    return saved;
  });
  registerCommand(context, deps, 'gocardless.webhooks.sendTest', async () => {
    const message = await actions.sendTest();
    deps.log.info(`Test webhook: ${message}`);
    void deps.prompter.showInformationMessage(message);
    return message;
  });
  return { service, tree, view };
}
