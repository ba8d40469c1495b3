import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { CollectionNode } from '../merchants/CollectionNode';
import { machineSetting } from '../settings/machineSetting';

/**
 * Marks the walkthrough steps whose outcome is a state, not one command: an account exists, bills were listed
 * (a Bills list expanded in the tree, by click, "Show Bills" or a reveal), a forwarding URL is set. Checked now
 * and on every change, so a step done before this version, or in another window, completes too.
 */
export function registerJourney(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const checkAccounts = (): void => {
    if (deps.accounts.list().length > 0) deps.journey.mark('accountAdded');
  };
  const checkForwarding = (): void => {
    const forwardTo = machineSetting<string>('gocardless.webhooks', 'forwardTo', '');
    if (typeof forwardTo === 'string' && forwardTo.trim() !== '') deps.journey.mark('forwardingSet');
  };
  checkAccounts();
  checkForwarding();
  context.subscriptions.push(
    deps.accounts.onDidChange(checkAccounts),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gocardless.webhooks.forwardTo')) checkForwarding();
    }),
  );
  context.subscriptions.push(deps.treeView.onDidExpandElement((e) => {
    if (e.element instanceof CollectionNode && e.element.collection === 'bills') deps.journey.mark('billsBrowsed');
  }));
}
