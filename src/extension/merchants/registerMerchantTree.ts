import * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { RESOURCE_SCHEME } from './ResourceDocuments';
import type { ResourceNode } from './ResourceNode';
import type { MerchantTreeProvider } from './MerchantTreeProvider';

export const MERCHANTS_VIEW = 'gocardless.merchants';

/** The "Merchants" view; extension.ts creates it with the other services, so `deps.treeView` is there from the start. */
export function createMerchantsView(tree: MerchantTreeProvider): vscode.TreeView<ResourceNode> {
  return vscode.window.createTreeView<ResourceNode>(MERCHANTS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
}

/**
 * The "Merchants" view's description and message, the read-only JSON scheme,
 * and the context key that switches the welcome view on when no account exists.
 */
export function registerMerchantTree(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const view = deps.treeView;
  const syncContext = (): void => {
    const count = deps.accounts.list().length;
    void vscode.commands.executeCommand('setContext', 'gocardless.hasAccounts', count > 0);
    void vscode.commands.executeCommand('setContext', 'gocardless.hasLocalAccount', deps.accounts.list().some((a) => a.environment === 'local'));
    view.description = deps.accounts.active()?.environment === 'live' ? 'LIVE' : undefined;
  };
  const syncMessage = (): void => {
    view.message = deps.tree.describeFilters();
  };
  syncContext();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RESOURCE_SCHEME, deps.documents),
    deps.accounts.onDidChange((id) => {
      syncContext();
      // An account's data changed: forget what was loaded for it; a switch only redraws.
      if (id !== undefined) deps.tree.forgetAccount(id);
      deps.tree.redraw();
      syncMessage();
    }),
    deps.tree.onDidChangeFilters(syncMessage),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gocardless.tree.pageSize') || e.affectsConfiguration('gocardless.tree.order')) deps.tree.refresh();
    }),
  );
}
