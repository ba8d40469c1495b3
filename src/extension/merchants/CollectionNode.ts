import * as vscode from 'vscode';
import type { Bill, Payout, PreAuthorization, Subscription, User } from '../../core/api/models';
import type { AccountInfo } from '../accounts/Account';
import type { Page, PageRequest } from '../../core/api/Page';
import { listResources, RESOURCE_TYPES } from '../../core/api/resourceTypes';
import type { ListFilter, MerchantApi } from '../api/MerchantApi';
import { BillNode } from './BillNode';
import { COLLECTION_FILTERS, COLLECTION_LABELS, COLLECTION_TYPES, type CollectionKind, type CollectionScope, describeFilter } from './CollectionKind';
import { CollectionState, type ResourceRecord } from './CollectionState';
import { describeError } from '../../core/api/describeError';
import { LoadMoreNode } from './LoadMoreNode';
import { MessageNode } from './MessageNode';
import { PayoutNode } from './PayoutNode';
import { PreAuthorizationNode } from './PreAuthorizationNode';
import type { RecordNode, ResourceNode } from './ResourceNode';
import { SubscriptionNode } from './SubscriptionNode';
import type { TreeContext } from './TreeContext';
import { UserNode } from './UserNode';

const numberFormat = new Intl.NumberFormat('en-GB');

/**
 * A list of one resource type: the merchant's, or nested under a
 * subscription, pre-authorization, user or payout (`scope`). Loads one page
 * at a time (per_page = the page-size setting) and ends with "Load more…".
 */
export class CollectionNode {
  readonly kind = 'collection';
  readonly id: string;

  constructor(
    readonly parent: ResourceNode,
    readonly account: AccountInfo,
    readonly collection: CollectionKind,
    readonly scope?: CollectionScope,
  ) {
    this.id = `${parent.id}/${collection}`;
  }

  update(): void {
    // Identity (parent, kind, scope) is all a collection holds; its pages live in CollectionState.
  }

  get label(): string {
    return COLLECTION_LABELS[this.collection];
  }

  get filterable(): boolean {
    return COLLECTION_FILTERS[this.collection].length > 0 && this.scope?.by !== 'payout';
  }

  treeItem(ctx: TreeContext): vscode.TreeItem {
    const state = ctx.stateOf(this);
    const filter = describeFilter(state.filter);
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(filter ? 'filter-filled' : RESOURCE_TYPES[COLLECTION_TYPES[this.collection]].icon);
    let count = state.totalRecords !== undefined ? numberFormat.format(state.totalRecords) : undefined;
    if (this.scope?.by === 'payout' && state.loadedOnce) {
      // Found by scanning the merchant's bills (no payout_id filter): say how many were found in how many scanned.
      const of = state.totalRecords !== undefined ? ` of ${numberFormat.format(state.totalRecords)}` : '';
      count = `${numberFormat.format(state.records.length)} found · ${numberFormat.format(state.scanned)}${of} bills scanned`;
    }
    item.description = [filter, count].filter(Boolean).join(' · ') || undefined;
    item.tooltip = filter ? `${this.label} filtered by ${filter}` : this.label;
    item.contextValue = `collection:${this.collection}${this.filterable ? ':filterable' : ''}${filter ? ':filtered' : ''}`;
    return item;
  }

  async children(ctx: TreeContext): Promise<ResourceNode[]> {
    const state = ctx.stateOf(this);
    if (!state.loadedOnce) await this.loadNextPage(ctx);
    const nodes: ResourceNode[] = state.records.map((record) => ctx.intern(this.nodeFor(record)));
    if (state.error !== undefined) {
      nodes.push(
        ctx.intern(
          new MessageNode(this, this.account, 'error', describeError(state.error), new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')), undefined, 'Click to retry', {
            command: 'gocardless.merchants.loadMore',
            title: 'Retry',
            arguments: [this],
          }),
        ),
      );
    } else if (state.nextPage !== undefined) {
      const of = state.totalRecords !== undefined ? ` of ${numberFormat.format(state.totalRecords)}` : '';
      const scanned = this.scope?.by === 'payout' ? `${numberFormat.format(state.scanned)}${of} bills scanned` : `${numberFormat.format(state.records.length)}${of}`;
      nodes.push(ctx.intern(new LoadMoreNode(this, this.account, scanned)));
    } else if (state.records.length === 0) {
      const filtered = describeFilter(state.filter);
      nodes.push(ctx.intern(new MessageNode(this, this.account, 'empty', `No ${this.label.toLowerCase()}${filtered ? ' match the filters' : ''}`, new vscode.ThemeIcon('info'))));
    }
    return nodes;
  }

  /** Fetches the next page into the state; errors are kept in the state and shown as a node. */
  loadNextPage(ctx: TreeContext): Promise<void> {
    const state = ctx.stateOf(this);
    if (!state.loading) {
      const loading = this.fetchNextPage(ctx).finally(() => {
        if (state.loading === loading) state.loading = undefined;
      });
      state.loading = loading;
    }
    return state.loading;
  }

  private async fetchNextPage(ctx: TreeContext): Promise<void> {
    const state = ctx.stateOf(this);
    const page = state.nextPage;
    if (page === undefined) return;
    try {
      const client = await ctx.clientFor(this.account);
      state.error = undefined;
      if (this.scope?.by === 'payout') {
        await this.scanPayoutBills(client, ctx);
        return;
      }
      const filter: ListFilter = { ...state.filter };
      if (this.scope) filter[this.scope.by] = this.scope.id;
      if (ctx.newestFirst) {
        await this.fetchNewestFirst(client, filter, ctx);
        return;
      }
      const result = await this.list(client, filter, { page, perPage: ctx.pageSize });
      // The first page of a refreshed collection replaces what was there.
      if (!state.started) state.records = [];
      state.started = true;
      state.append(result.records);
      state.totalRecords = result.totalRecords;
      state.nextPage = result.next ?? (result.totalPages !== undefined && page < result.totalPages ? page + 1 : undefined);
    } catch (error) {
      state.error = error;
    }
  }

  /**
   * Newest first: the API lists in creation order (oldest first) and has no sort parameter, so the first load
   * reads page 1 for the page count, then the last page (and the one before it when the last is short), each
   * reversed; "Load more…" then walks the pages backwards to page 1.
   */
  private async fetchNewestFirst(client: MerchantApi, filter: ListFilter, ctx: TreeContext): Promise<void> {
    const state = ctx.stateOf(this);
    const perPage = ctx.pageSize;
    if (state.started) {
      const page = state.nextPage;
      if (page === undefined) return;
      const result = await this.list(client, filter, { page, perPage });
      if (result.totalRecords !== undefined) state.totalRecords = result.totalRecords;
      state.append([...result.records].reverse());
      state.nextPage = page > 1 ? page - 1 : undefined;
      return;
    }
    // The first view is built aside and shown whole: a reader during the load must not see half of it.
    const first = await this.list(client, filter, { page: 1, perPage });
    const last = first.totalPages ?? first.last ?? (first.next === undefined ? 1 : undefined);
    const view = new CollectionState();
    view.totalRecords = first.totalRecords;
    if (last === undefined) {
      // No page count from the server: keep its order rather than read every page to find the end.
      view.append(first.records);
      view.nextPage = first.next;
    } else if (last <= 1) {
      view.append([...first.records].reverse());
      view.nextPage = undefined;
    } else {
      let page: number | undefined = last;
      // A short last page (3 of 50) is topped up with the page before it, so the first view is a full one.
      while (page !== undefined && view.records.length < perPage) {
        // Page 1 was read for the count: two pages with a short last one need no third request.
        const result = page === 1 ? first : await this.list(client, filter, { page, perPage });
        if (result.totalRecords !== undefined) view.totalRecords = result.totalRecords;
        view.append([...result.records].reverse());
        page = page > 1 ? page - 1 : undefined;
      }
      view.nextPage = page;
    }
    state.records = view.records;
    state.totalRecords = view.totalRecords;
    state.nextPage = view.nextPage;
    state.started = true;
  }

  /**
   * The spec has no payout_id filter: scan the merchant's bills created
   * before the payout (`payoutScanPages` pages of 100 per call, never
   * everything) and keep those paid out in it. "Load more…" continues.
   */
  private async scanPayoutBills(client: MerchantApi, ctx: TreeContext): Promise<void> {
    const state = ctx.stateOf(this);
    const scope = this.scope;
    if (scope?.by !== 'payout') return;
    for (let i = 0; i < ctx.payoutScanPages && state.nextPage !== undefined; i++) {
      const page = state.nextPage;
      const result = await client.listBills({ before: scope.createdAt }, { page, perPage: 100 });
      state.scanned += result.records.length;
      state.totalRecords = result.totalRecords;
      state.started = true;
      state.records.push(...result.records.filter((b) => b.payout_id === scope.id));
      state.nextPage = result.next ?? (result.totalPages !== undefined && page < result.totalPages ? page + 1 : undefined);
    }
  }

  private list(client: MerchantApi, filter: ListFilter, page: PageRequest): Promise<Page<ResourceRecord>> {
    return listResources(client, COLLECTION_TYPES[this.collection], filter, page);
  }

  private nodeFor(record: ResourceRecord): RecordNode {
    switch (this.collection) {
      case 'bills':
        return new BillNode(this, this.account, record as Bill);
      case 'subscriptions':
        return new SubscriptionNode(this, this.account, record as Subscription);
      case 'preAuthorizations':
        return new PreAuthorizationNode(this, this.account, record as PreAuthorization);
      case 'users':
        return new UserNode(this, this.account, record as User);
      case 'payouts':
        return new PayoutNode(this, this.account, record as Payout);
    }
  }
}
