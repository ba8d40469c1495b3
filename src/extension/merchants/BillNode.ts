import * as vscode from 'vscode';
import type { Bill } from '../../core/api/models';
import type { AccountInfo } from '../accounts/Account';
import { billContextValue } from '../present/contextValues';
import { markdownFields } from '../present/escapeMarkdown';
import { formatAmount, formatDate } from '../present/formatAmount';
import { billStyle } from '../present/statusStyle';
import type { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';

export class BillNode {
  readonly kind = 'bill';
  readonly id: string;

  constructor(
    readonly parent: CollectionNode,
    readonly account: AccountInfo,
    public record: Bill,
  ) {
    this.id = `${parent.id}/${record.id}`;
  }

  update(from: BillNode): void {
    this.record = from.record;
  }

  treeItem(): vscode.TreeItem {
    const b = this.record;
    const amount = formatAmount(b.amount, b.currency);
    const item = new vscode.TreeItem(b.name ? `${amount} ${b.name}` : amount, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const style = billStyle(b.status);
    item.iconPath = new vscode.ThemeIcon(style.icon, new vscode.ThemeColor(style.color));
    item.description = `${b.status} · ${formatDate(b.charge_customer_at ?? b.created_at)}`;
    item.tooltip = new vscode.MarkdownString(
      markdownFields(`Bill ${amount} (${b.status})`, [
        ['ID', b.id],
        ['Name', b.name],
        ['Description', b.description],
        ['Amount', amount],
        ['Fees', `${formatAmount(b.gocardless_fees, b.currency)} GoCardless, ${formatAmount(b.partner_fees, b.currency)} partner`],
        ['Amount minus fees', b.amount_minus_fees ? formatAmount(b.amount_minus_fees, b.currency) : undefined],
        ['Source', `${b.source_type} ${b.source_id}`],
        ['User', b.user_id],
        ['Created', formatDate(b.created_at)],
        ['Charge date', b.charge_customer_at ? formatDate(b.charge_customer_at) : undefined],
        ['Paid', b.paid_at ? formatDate(b.paid_at) : undefined],
        ['Payout', b.payout_id],
        ['Setup fee', b.is_setup_fee ? 'yes' : undefined],
      ]),
    );
    item.contextValue = billContextValue(b, this.account.environment);
    item.command = { command: 'gocardless.merchants.openJson', title: 'Open as JSON', arguments: [this] };
    return item;
  }

  children(): Promise<ResourceNode[]> {
    return Promise.resolve([]);
  }
}
