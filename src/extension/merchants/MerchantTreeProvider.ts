import * as vscode from 'vscode';
import type { AccountInfo } from '../accounts/Account';
import type { AccountStore } from '../accounts/AccountStore';
import type { MerchantApi } from '../api/MerchantApi';
import { AccountNode } from './AccountNode';
import type { CollectionNode } from './CollectionNode';
import { describeFilter } from './CollectionKind';
import { CollectionState, type ResourceRecord } from './CollectionState';
import { isRecordNode, type RecordNode, type ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

/**
 * The "Merchants" view's data. Nodes are interned by id so that a change
 * event for a node reaches the instance VS Code holds; collections keep their
 * loaded pages in a CollectionState, so refreshing a parent never re-fetches
 * pages the user already loaded.
 */
export class MerchantTreeProvider implements vscode.TreeDataProvider<ResourceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResourceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ResourceNode>();
  private readonly states = new Map<string, CollectionState>();
  private readonly filtersChanged = new vscode.EventEmitter<void>();
  /** Fires when any collection's filters change (the view shows them in its message). */
  readonly onDidChangeFilters = this.filtersChanged.event;
  private readonly context: TreeContext;

  constructor(
    private readonly accounts: AccountStore,
    clientFor: (account: AccountInfo) => Promise<MerchantApi>,
  ) {
    this.context = {
      clientFor,
      stateOf: (node) => this.stateOf(node),
      intern: (node) => this.intern(node),
      get pageSize() {
        return Math.max(1, Math.min(500, vscode.workspace.getConfiguration('gocardless.tree').get<number>('pageSize', 50)));
      },
      get newestFirst() {
        return vscode.workspace.getConfiguration('gocardless.tree').get<string>('order', 'newest') !== 'api';
      },
      payoutScanPages: 10,
    };
  }

  getTreeItem(node: ResourceNode): vscode.TreeItem {
    return node.kind === 'collection' ? node.treeItem(this.context) : node.treeItem();
  }

  async getChildren(node?: ResourceNode): Promise<ResourceNode[]> {
    if (!node) {
      const active = this.accounts.active();
      return this.accounts.list().map((account) => this.intern(new AccountNode(account, account.id === active?.id)));
    }
    // No change event for a collection whose first page just arrived (to show the X-Pagination
    // total on it): VS Code's extension host forgets a node's children when the node changes,
    // and a change fired while the workbench is still taking in those children left them
    // unknown to it, so their context-menu commands ran with no node ("Open as JSON: choose a
    // resource"). The total shows on "Load more…" now and on the collection's next redraw.
    return node.children(this.context);
  }

  getParent(node: ResourceNode): ResourceNode | undefined {
    return node.parent;
  }

  stateOf(node: CollectionNode): CollectionState {
    let state = this.states.get(node.id);
    if (!state) {
      state = new CollectionState();
      this.states.set(node.id, state);
    }
    return state;
  }

  /**
   * Redraw a node: collections below it keep their pages. Without a node,
   * reload everything — every collection fetches its first page again, and
   * keeps its filters.
   */
  refresh(node?: ResourceNode): void {
    if (!node) {
      this.nodes.clear();
      for (const state of this.states.values()) state.reset();
    }
    this.changed.fire(node);
  }

  /** Redraw every node without reloading collections (e.g. the active account changed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Forget everything kept for an account (it was added, edited or removed). */
  forgetAccount(accountId: string): void {
    this.forgetBelow(`a:${accountId}`);
    this.nodes.delete(`a:${accountId}`);
  }

  /** Forget a collection's pages and load its first page again. */
  reload(node: CollectionNode): void {
    this.stateOf(node).reset();
    this.forgetBelow(node.id);
    this.changed.fire(node);
  }

  async loadMore(node: CollectionNode): Promise<void> {
    await node.loadNextPage(this.context);
    this.changed.fire(node);
  }

  setFilter(node: CollectionNode, filter: CollectionState['filter']): void {
    const state = this.stateOf(node);
    state.filter = filter;
    this.reload(node);
    this.filtersChanged.fire();
  }

  /** "Bills (Acme): status=paid; Subscriptions (Acme): name=Gym" for the view's message. */
  describeFilters(): string | undefined {
    const parts: string[] = [];
    for (const [id, state] of this.states) {
      const filter = describeFilter(state.filter);
      const node = this.nodes.get(id);
      if (filter && node?.kind === 'collection') parts.push(`${node.label} (${node.account.name}): ${filter}`);
    }
    return parts.length ? `Filtered — ${parts.join('; ')}` : undefined;
  }

  /** Loaded nodes standing for this resource id (a bill can appear under several parents). */
  findRecordNodes(resourceId: string): RecordNode[] {
    const found: RecordNode[] = [];
    for (const node of this.nodes.values()) if (isRecordNode(node) && node.record.id === resourceId) found.push(node);
    return found;
  }

  /** Every loaded collection node, for refreshing those a change may affect. */
  collections(accountId: string): CollectionNode[] {
    const found: CollectionNode[] = [];
    for (const node of this.nodes.values()) if (node.kind === 'collection' && node.account.id === accountId) found.push(node);
    return found;
  }

  /**
   * The node for `record` in the merchant's own list of its kind, placing it there if no loaded page holds it
   * (at the top: it is what the user asked for), so "Go to resource" and "Reveal" can select it. Loads the
   * account, merchant and collection nodes on the way, as expanding them would.
   */
  async placeRecord(accountId: string, kind: CollectionNode['collection'], record: ResourceRecord): Promise<RecordNode | undefined> {
    const account = (await this.getChildren(undefined)).find((n) => n.kind === 'account' && n.account.id === accountId);
    const merchant = account ? (await this.getChildren(account)).find((n) => n.kind === 'merchant') : undefined;
    const collection = merchant ? (await this.getChildren(merchant)).find((n): n is CollectionNode => n.kind === 'collection' && n.collection === kind && !n.scope) : undefined;
    if (!collection) return undefined;
    const inList = (nodes: ResourceNode[]): RecordNode | undefined => nodes.find((n): n is RecordNode => isRecordNode(n) && n.record.id === record.id);
    const shown = inList(await this.getChildren(collection));
    if (shown) return shown;
    const state = this.stateOf(collection);
    if (!state.records.some((r) => r.id === record.id)) state.records.unshift(record);
    this.changed.fire(collection);
    return inList(await this.getChildren(collection));
  }

  /** The merchant summary node of an account, if shown. */
  accountNode(accountId: string): AccountNode | undefined {
    const node = this.nodes.get(`a:${accountId}`);
    return node?.kind === 'account' ? node : undefined;
  }

  private intern<T extends ResourceNode>(node: T): T {
    const existing = this.nodes.get(node.id);
    if (existing && existing.kind === node.kind) {
      (existing as { update(from: T): void }).update(node);
      return existing as T;
    }
    this.nodes.set(node.id, node);
    return node;
  }

  private forgetBelow(id: string): void {
    const prefix = `${id}/`;
    for (const key of this.nodes.keys()) if (key.startsWith(prefix)) this.nodes.delete(key);
    for (const key of this.states.keys()) if (key.startsWith(prefix)) this.states.delete(key);
  }

  dispose(): void {
    this.changed.dispose();
    this.filtersChanged.dispose();
  }
}
