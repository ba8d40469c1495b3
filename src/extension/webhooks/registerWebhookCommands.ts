import * as vscode from 'vscode';
import { toCurl } from '../../core/webhooks';
import type { ExtensionDeps } from '../ExtensionDeps';
import { registerCommand } from '../commands/registerCommand';
import type { WebhookActions } from './WebhookActions';
import { WebhookDeliveryNode, type WebhookTreeNode } from './WebhookDeliveryNode';
import { WebhookDetailPanel } from './WebhookDetailPanel';
import { describeForward } from './listenerText';
import { pickListenerAction } from './pickListenerAction';
import { pickWebhookFilter } from './pickWebhookFilter';
import type { WebhookService } from './WebhookService';
import type { WebhookTreeProvider } from './WebhookTreeProvider';

/** What the webhook commands act on, from registerWebhooks. */
export interface WebhookCommandTargets {
  readonly service: WebhookService;
  readonly tree: WebhookTreeProvider;
  readonly view: vscode.TreeView<WebhookTreeNode>;
  readonly actions: WebhookActions;
  /** The deliveries were cleared: no unseen ones left for the badge. */
  readonly resetBadge: () => void;
  /** The filter changed: the view's message shows it. */
  readonly updateStatus: () => void;
  /** Remembers the user's choice to listen, for the next window. */
  readonly rememberListening: (on: boolean) => Thenable<void>;
}

/** The gocardless.webhooks.* commands: the listener's, then those on one delivery. */
export function registerWebhookCommands(context: vscode.ExtensionContext, deps: ExtensionDeps, targets: WebhookCommandTargets): void {
  registerListenerCommands(context, deps, targets);
  registerDeliveryCommands(context, deps, targets);
}

function registerListenerCommands(context: vscode.ExtensionContext, deps: ExtensionDeps, { service, tree, actions, resetBadge, updateStatus, rememberListening }: WebhookCommandTargets): void {
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
  registerCommand(context, deps, 'gocardless.webhooks.listenerActions', async () => {
    await service.openStore();
    const command = await pickListenerAction(deps, service.listener, service.deliveries().length);
    await vscode.commands.executeCommand(command);
    return command;
  });
  registerCommand(context, deps, 'gocardless.webhooks.clear', async () => {
    await service.clear();
    resetBadge();
  });
  registerCommand(context, deps, 'gocardless.webhooks.filter', async () => {
    tree.filter = await pickWebhookFilter(deps, tree.filter);
    updateStatus();
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
}

function registerDeliveryCommands(context: vscode.ExtensionContext, deps: ExtensionDeps, { service, view, actions }: WebhookCommandTargets): void {
  const nodeOrSelection = (arg: unknown): WebhookDeliveryNode | undefined => {
    if (arg instanceof WebhookDeliveryNode) return arg;
    const selected = view.selection[0];
    return selected instanceof WebhookDeliveryNode ? selected : undefined;
  };

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
    void deps.prompter.showInformationMessage(`Replayed: ${describeForward(r)}`);
    return r;
  });
  registerCommand(context, deps, 'gocardless.webhooks.copyAsCurl', async (arg) => {
    const d = nodeOrSelection(arg)?.delivery;
    if (!d) throw new Error('Choose a delivery in the Webhooks view.');
    const url = service.listener?.forwardTo ?? service.listener?.url ?? 'http://127.0.0.1:8787/';
    await deps.prompter.writeClipboard(toCurl(d, url));
  });
}
