import * as vscode from 'vscode';
import { intervalPhrase } from '../../core/api/intervalPhrase';
import type { PreAuthorization } from '../../core/api/models';
import { type AccountInfo, isLive } from '../accounts/Account';
import { preAuthorizationContextValue } from '../present/contextValues';
import { markdownFields } from '../present/escapeMarkdown';
import { formatAmount, formatDate } from '../present/formatAmount';
import { mandateStyle } from '../present/statusStyle';
import { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

export class PreAuthorizationNode {
  readonly kind = 'preAuthorization';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public record: PreAuthorization,
  ) {
    this.id = `${parent.id}/${record.id}`;
  }

  update(from: PreAuthorizationNode): void {
    this.record = from.record;
  }

  treeItem(): vscode.TreeItem {
    const p = this.record;
    const max = formatAmount(p.max_amount, p.currency);
    const per = `per ${intervalPhrase(p.interval_length, p.interval_unit)}`;
    const item = new vscode.TreeItem(p.name ?? p.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const style = mandateStyle(p.status);
    item.iconPath = new vscode.ThemeIcon(style.icon, new vscode.ThemeColor(style.color));
    item.description = `up to ${max} ${per} · ${formatAmount(p.remaining_amount, p.currency)} left · ${p.status}`;
    item.tooltip = new vscode.MarkdownString(
      markdownFields(`Pre-authorization up to ${max} ${per} (${p.status})`, [
        ['ID', p.id],
        ['Name', p.name],
        ['Description', p.description],
        ['Remaining this interval', formatAmount(p.remaining_amount, p.currency)],
        ['User', p.user_id],
        ['Created', formatDate(p.created_at)],
        ['Next interval', p.next_interval_start ? formatDate(p.next_interval_start) : undefined],
        ['Expires', p.expires_at ? formatDate(p.expires_at) : undefined],
      ]),
    );
    item.contextValue = preAuthorizationContextValue(p, isLive(this.account));
    return item;
  }

  children(ctx: TreeContext): Promise<ResourceNode[]> {
    return Promise.resolve([ctx.intern(new CollectionNode(this, this.account, 'bills', { by: 'source_id', id: this.record.id }))]);
  }
}
