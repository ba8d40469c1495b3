// Reach the extension's dependencies through its exported test API (present
// because the runner sets GCDEV_TEST=1 / runs in test mode) and small helpers
// to walk the Merchants tree the way VS Code does (getChildren/getTreeItem).
import type * as vscode from 'vscode';
import type { ExtensionTesting } from '../../../src/extension/ExtensionApi';
import type { ExtensionDeps } from '../../../src/extension/ExtensionDeps';
import type { ResourceNode } from '../../../src/extension/merchants/ResourceNode';
import { activateExtension, hasKey } from '../support/extensionApi';
import { ScriptedPrompter } from './ScriptedPrompter';

export async function testingApi(): Promise<ExtensionTesting> {
  const api = await activateExtension();
  if (!hasKey(api, 'testing') || typeof api.testing !== 'object' || api.testing === null || !hasKey(api.testing, 'deps')) {
    throw new Error('the extension exports no testing API (is GCDEV_TEST=1 set?)');
  }
  return api.testing as unknown as ExtensionTesting;
}

export async function testingDeps(): Promise<ExtensionDeps> {
  return (await testingApi()).deps;
}

/** Installs a fresh scripted prompter; dispose() restores the window's. */
export function scripted(deps: ExtensionDeps): { prompter: ScriptedPrompter; restore: vscode.Disposable } {
  const prompter = new ScriptedPrompter();
  return { prompter, restore: deps.prompter.use(prompter) };
}

export async function removeAllAccounts(deps: ExtensionDeps): Promise<void> {
  for (const account of deps.accounts.list()) await deps.accounts.remove(account.id);
}

export async function children(deps: ExtensionDeps, node?: ResourceNode): Promise<ResourceNode[]> {
  return (await deps.tree.getChildren(node)) ?? [];
}

export function labelOf(deps: ExtensionDeps, node: ResourceNode): string {
  const label = deps.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

export function itemOf(deps: ExtensionDeps, node: ResourceNode): vscode.TreeItem {
  return deps.tree.getTreeItem(node) as vscode.TreeItem;
}

/** Account → merchant → the collection with this label ("Bills", "Subscriptions"…). */
export async function collection(deps: ExtensionDeps, accountId: string, label: string): Promise<ResourceNode> {
  const account = (await children(deps)).find((n) => n.kind === 'account' && n.account.id === accountId);
  if (!account) throw new Error(`no account node ${accountId}`);
  const merchant = (await children(deps, account)).find((n) => n.kind === 'merchant');
  if (!merchant) throw new Error(`account ${accountId} shows no merchant: ${(await children(deps, account)).map((n) => labelOf(deps, n)).join(', ')}`);
  const found = (await children(deps, merchant)).find((n) => n.kind === 'collection' && labelOf(deps, n) === label);
  if (!found) throw new Error(`no collection ${label}`);
  return found;
}
