import * as vscode from 'vscode';
import type { Merchant } from '../../core/api/models';
import type { AccountInfo } from '../accounts/Account';
import { markdownFields } from '../present/escapeMarkdown';
import { formatAmount, formatDate } from '../present/formatAmount';
import type { AccountNode } from './AccountNode';
import { CollectionNode } from './CollectionNode';
import { COLLECTION_KINDS } from './CollectionKind';
import { MessageNode } from './MessageNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

/** The merchant summary: name, balance, pending balance, next payout; its children are the collections. */
export class MerchantNode {
  readonly kind = 'merchant';
  readonly id: string;

  constructor(
    readonly parent: AccountNode,
    readonly account: AccountInfo,
    public merchant: Merchant,
  ) {
    this.id = `${parent.id}/m`;
  }

  update(from: MerchantNode): void {
    this.merchant = from.merchant;
  }

  treeItem(): vscode.TreeItem {
    const m = this.merchant;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('home');
    item.description = `balance ${formatAmount(m.balance)} · pending ${formatAmount(m.pending_balance)}`;
    item.tooltip = new vscode.MarkdownString(
      markdownFields(`Merchant ${m.name}`, [
        ['ID', m.id],
        ['Email', m.email],
        ['Balance', formatAmount(m.balance)],
        ['Pending balance', formatAmount(m.pending_balance)],
        ['Next payout', m.next_payout_date ? `${formatAmount(m.next_payout_amount)} on ${formatDate(m.next_payout_date)}` : 'none scheduled'],
        ['Created', formatDate(m.created_at)],
      ]),
    );
    item.contextValue = 'merchant';
    return item;
  }

  children(ctx: TreeContext): Promise<ResourceNode[]> {
    const m = this.merchant;
    const nextPayout = m.next_payout_date
      ? `${formatAmount(m.next_payout_amount)} on ${formatDate(m.next_payout_date)}`
      : 'none scheduled';
    return Promise.resolve([
      ctx.intern(new MessageNode(this, this.account, 'payout', 'Next payout', new vscode.ThemeIcon('calendar'), nextPayout)),
      ...COLLECTION_KINDS.map((kind) => ctx.intern(new CollectionNode(this, this.account, kind))),
    ]);
  }
}
