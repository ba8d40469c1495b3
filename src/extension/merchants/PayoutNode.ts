import * as vscode from 'vscode';
import type { Payout } from '../../core/api/models';
import type { AccountInfo } from '../accounts/Account';
import { markdownFields } from '../present/escapeMarkdown';
import { formatAmount, formatDate } from '../present/formatAmount';
import { payoutStyle } from '../present/statusStyle';
import { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

export class PayoutNode {
  readonly kind = 'payout';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public record: Payout,
  ) {
    this.id = `${parent.id}/${record.id}`;
  }

  update(from: PayoutNode): void {
    this.record = from.record;
  }

  treeItem(): vscode.TreeItem {
    const p = this.record;
    const amount = formatAmount(p.amount);
    const item = new vscode.TreeItem(amount, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const style = payoutStyle(p.paid_at, new Date());
    item.iconPath = new vscode.ThemeIcon(style.icon, new vscode.ThemeColor(style.color));
    item.description = `${p.paid_at ? `reaches bank ${formatDate(p.paid_at)}` : 'not yet paid'} · ${p.bank_reference}`;
    item.tooltip = new vscode.MarkdownString(
      markdownFields(`Payout ${amount}`, [
        ['ID', p.id],
        ['Bank reference', p.bank_reference],
        ['Transaction fees', formatAmount(p.transaction_fees)],
        ['Created', formatDate(p.created_at)],
        ['Reaches the bank', p.paid_at ? formatDate(p.paid_at) : undefined],
      ]),
    );
    item.contextValue = 'payout';
    return item;
  }

  children(ctx: TreeContext): Promise<ResourceNode[]> {
    return Promise.resolve([ctx.intern(new CollectionNode(this, this.account, 'bills', { by: 'payout', id: this.record.id, createdAt: this.record.created_at }))]);
  }
}
