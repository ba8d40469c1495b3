import * as vscode from 'vscode';
import { explanationLine, isErrorRecord, requestSummary } from '../../core/sandbox/requestPresentation';
import type { RequestRecord } from '../../core/sandbox/requestRecord';

/** A request in the "Requests" tree: method and path; status, duration and merchant; an error icon and message for errors. */
export class RequestNode {
  readonly kind = 'request';
  constructor(readonly record: RequestRecord) {}

  toTreeItem(): vscode.TreeItem {
    const r = this.record;
    const item = new vscode.TreeItem(`${r.method} ${r.path}`, vscode.TreeItemCollapsibleState.None);
    item.id = r.id;
    const error = isErrorRecord(r);
    item.description = `${requestSummary(r)}${r.error ? ` · ${r.error}` : ''}`;
    item.iconPath = error
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
      : new vscode.ThemeIcon(r.source === 'sandbox' ? 'arrow-swap' : 'cloud', new vscode.ThemeColor('testing.iconPassed'));
    // appendText: the path, query and message come from the network and must not become markup.
    const tooltip = new vscode.MarkdownString(undefined, false);
    const explanation = explanationLine(r);
    tooltip.appendText(`${r.method} ${r.path}${r.query ? `?${r.query}` : ''}\n${requestSummary(r)} · ${r.time}${r.error ? `\n${r.error}` : ''}${explanation ? `\n${explanation}` : ''}`);
    item.tooltip = tooltip;
    item.contextValue = r.source === 'sandbox' ? 'request.sandbox' : 'request.client';
    item.command = { command: 'gocardless.requests.open', title: 'Open request', arguments: [this] };
    return item;
  }
}

/** The last row while more (filtered) requests exist than are shown. */
export class MoreRequestsNode {
  readonly kind = 'more';
  constructor(readonly remaining: number) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Show more (${this.remaining} older)`, vscode.TreeItemCollapsibleState.None);
    item.id = 'gocardless.requests.more';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'requestsMore';
    item.command = { command: 'gocardless.requests.showMore', title: 'Show more requests' };
    return item;
  }
}

export type RequestTreeNode = RequestNode | MoreRequestsNode;
