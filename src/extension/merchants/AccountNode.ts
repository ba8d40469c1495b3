import * as vscode from 'vscode';
import { type AccountInfo, ENVIRONMENT_LABELS, isLive } from '../accounts/Account';
import { describeError } from '../../core/api/describeError';
import { MerchantNode } from './MerchantNode';
import { MessageNode } from './MessageNode';
import type { ResourceNode } from './ResourceNode';
import type { TreeContext } from './TreeContext';

/** A top-level node: one configured account. Live accounts are marked in the label, description and icon colour. */
export class AccountNode {
  readonly kind = 'account';
  readonly parent = undefined;
  readonly id: string;

  constructor(
    public account: AccountInfo,
    public isActive: boolean,
  ) {
    this.id = `a:${account.id}`;
  }

  update(from: AccountNode): void {
    this.account = from.account;
    this.isActive = from.isActive;
  }

  treeItem(): vscode.TreeItem {
    const live = isLive(this.account);
    const item = new vscode.TreeItem(live ? `${this.account.name} — LIVE` : this.account.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    // "Local sandbox  Local sandbox · active" said the name twice: the environment only when the name is not it.
    const env = ENVIRONMENT_LABELS[this.account.environment];
    item.description = [this.account.name === env ? undefined : env, this.isActive ? 'active' : undefined].filter(Boolean).join(' · ') || undefined;
    item.iconPath = live
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(this.account.environment === 'local' ? 'beaker' : 'account', this.isActive ? new vscode.ThemeColor('charts.blue') : undefined);
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(live ? '$(warning) **LIVE account: actions move real money.**\n\n' : '');
    tooltip.supportThemeIcons = true;
    tooltip.appendText(`${this.account.name}\n${ENVIRONMENT_LABELS[this.account.environment]}${this.account.baseUrl ? ` (${this.account.baseUrl})` : ''}\nApp ${this.account.appId} · Merchant ${this.account.merchantId}`);
    item.tooltip = tooltip;
    item.contextValue = `account:${this.account.environment}${this.isActive ? ':active' : ''}`;
    return item;
  }

  async children(ctx: TreeContext): Promise<ResourceNode[]> {
    try {
      const client = await ctx.clientFor(this.account);
      const merchant = await client.getMerchant();
      return [ctx.intern(new MerchantNode(this, this.account, merchant))];
    } catch (error) {
      return [
        ctx.intern(
          new MessageNode(this, this.account, 'error', describeError(error), new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')), undefined, 'Click to retry', {
            command: 'gocardless.merchants.refreshNode',
            title: 'Retry',
            arguments: [this],
          }),
        ),
      ];
    }
  }
}
