import * as vscode from 'vscode';
import type { User } from '../../core/api/models';
import type { AccountInfo } from '../accounts/Account';
import { markdownFields } from '../present/escapeMarkdown';
import { formatDate } from '../present/formatAmount';
import { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

export class UserNode {
  readonly kind = 'user';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public record: User,
  ) {
    this.id = `${parent.id}/${record.id}`;
  }

  update(from: UserNode): void {
    this.record = from.record;
  }

  treeItem(): vscode.TreeItem {
    const u = this.record;
    const name = `${u.first_name} ${u.last_name}`.trim() || u.id;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('person');
    item.description = u.email;
    item.tooltip = new vscode.MarkdownString(markdownFields(`User ${name}`, [['ID', u.id], ['Email', u.email], ['Created', formatDate(u.created_at)]]));
    item.contextValue = 'user';
    return item;
  }

  /** The spec filters bills, subscriptions and pre-authorizations by user_id. */
  children(ctx: TreeContext): Promise<ResourceNode[]> {
    const scope = { by: 'user_id', id: this.record.id } as const;
    return Promise.resolve(
      (['bills', 'subscriptions', 'preAuthorizations'] as const).map((kind) => ctx.intern(new CollectionNode(this, this.account, kind, scope))),
    );
  }
}
