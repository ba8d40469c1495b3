import * as vscode from 'vscode';
import type { AccountInfo } from '../accounts/Account';
import type { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';

/** "Load more…": fetches the collection's next page (from X-Pagination's next link). */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public description: string,
  ) {
    this.id = `${parent.id}/~more`;
  }

  update(from: LoadMoreNode): void {
    this.description = from.description;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.description = this.description;
    item.contextValue = 'loadMore';
    item.command = { command: 'gocardless.merchants.loadMore', title: 'Load more', arguments: [this] };
    return item;
  }

  children(): Promise<ResourceNode[]> {
    return Promise.resolve([]);
  }
}
