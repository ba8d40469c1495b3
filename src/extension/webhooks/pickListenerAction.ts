import type * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { CancelledError } from '../commands/CancelledError';
import { listenerSummary } from './listenerText';
import { WEBHOOKS_VIEW_ID } from './WebhookTreeProvider';

/** The status bar item's click: what one would do next with the listener, and how many deliveries it kept; cancelling throws CancelledError. */
export async function pickListenerAction(deps: Pick<ExtensionDeps, 'prompter'>, l: { url: string; forwardTo?: string | undefined } | undefined, deliveries: number): Promise<string> {
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
  const pick = await deps.prompter.showQuickPick(items, { title: listenerSummary(l, deliveries), placeHolder: 'Webhook listener' });
  if (!pick) throw new CancelledError();
  return pick.command;
}
