import * as vscode from 'vscode';
import { intervalPhrase } from '../../core/api/intervalPhrase';
import type { Subscription } from '../../core/api/models';
import { type AccountInfo, isLive } from '../accounts/Account';
import { subscriptionContextValue } from '../present/contextValues';
import { markdownFields } from '../present/escapeMarkdown';
import { formatAmount, formatDate } from '../present/formatAmount';
import { mandateStyle } from '../present/statusStyle';
import { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

export class SubscriptionNode {
  readonly kind = 'subscription';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public record: Subscription,
  ) {
    this.id = `${parent.id}/${record.id}`;
  }

  update(from: SubscriptionNode): void {
    this.record = from.record;
  }

  treeItem(): vscode.TreeItem {
    const s = this.record;
    const amount = formatAmount(s.amount, s.currency);
    const every = `every ${intervalPhrase(s.interval_length, s.interval_unit)}`;
    const item = new vscode.TreeItem(s.name ?? s.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const style = mandateStyle(s.status);
    item.iconPath = new vscode.ThemeIcon(style.icon, new vscode.ThemeColor(style.color));
    item.description = `${amount} ${every} · ${s.status}`;
    item.tooltip = new vscode.MarkdownString(
      markdownFields(`Subscription ${amount} ${every} (${s.status})`, [
        ['ID', s.id],
        ['Name', s.name],
        ['Description', s.description],
        ['User', s.user_id],
        ['Created', formatDate(s.created_at)],
        ['Next interval', s.next_interval_start ? formatDate(s.next_interval_start) : undefined],
        ['Expires', s.expires_at ? formatDate(s.expires_at) : undefined],
      ]),
    );
    item.contextValue = subscriptionContextValue(s, isLive(this.account));
    return item;
  }

  children(ctx: TreeContext): Promise<ResourceNode[]> {
    return Promise.resolve([ctx.intern(new CollectionNode(this, this.account, 'bills', { by: 'source_id', id: this.record.id }))]);
  }
}
