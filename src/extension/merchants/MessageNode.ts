import * as vscode from 'vscode';
import type { AccountInfo } from '../accounts/Account';
import type { ResourceNode } from './ResourceNode';

/** A leaf that explains something: an error, "No bills", the next payout. */
export class MessageNode {
  readonly kind = 'message';
  readonly id: string;

  constructor(
    readonly parent: ResourceNode,
    readonly account: AccountInfo,
    key: string,
    public label: string,
    public icon: vscode.ThemeIcon,
    public description?: string,
    public tooltip?: string,
    public command?: vscode.Command,
  ) {
    this.id = `${parent.id}/~${key}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.icon;
    item.description = this.description;
    item.tooltip = this.tooltip;
    item.command = this.command;
    item.contextValue = 'message';
    return item;
  }

  update(from: MessageNode): void {
    this.label = from.label;
    this.icon = from.icon;
    this.description = from.description;
    this.tooltip = from.tooltip;
    this.command = from.command;
  }

  children(): Promise<ResourceNode[]> {
    return Promise.resolve([]);
  }
}
