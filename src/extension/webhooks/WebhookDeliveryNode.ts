import * as vscode from 'vscode';
import { RESOURCE_TYPES } from '../../core/api/resourceTypes';
import { isWebhookResourceType, type WebhookDelivery } from '../../core/webhooks';

/** A delivery in the "Webhooks" tree: action and type, a verdict badge, time and object count. */
export class WebhookDeliveryNode {
  readonly kind = 'delivery';
  constructor(readonly delivery: WebhookDelivery) {}

  toTreeItem(): vscode.TreeItem {
    const d = this.delivery;
    const label = d.resourceType ? `${d.resourceType} ${d.action ?? '?'}` : d.method === 'POST' ? 'not a webhook' : `${d.method} ${d.path}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = d.id;
    const time = new Date(d.receivedAt).toLocaleTimeString();
    const n = d.objectIds.length;
    const verdict = d.verification.status;
    const mark = verdict === 'valid' ? '✓' : verdict === 'not-checked' ? '·' : '✗';
    item.description = `${mark} ${verdict} · ${time} · ${n} object${n === 1 ? '' : 's'}${d.retryOf ? ` · retry ${d.attempt}` : ''}${d.forward ? ` · app ${d.forward.status ?? 'failed'}` : ''}`;
    const color = verdict === 'valid' ? 'testing.iconPassed' : verdict === 'not-checked' ? 'disabledForeground' : 'testing.iconFailed';
    item.iconPath = new vscode.ThemeIcon((d.resourceType !== undefined && isWebhookResourceType(d.resourceType) ? RESOURCE_TYPES[d.resourceType].icon : 'question'), new vscode.ThemeColor(color));
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${label} — ${verdict}\n${d.verification.reason}\nAnswered ${d.response.status} at ${d.receivedAt}\nObjects: ${d.objectIds.join(', ') || 'none'}`);
    item.tooltip = tooltip;
    item.contextValue = `webhookDelivery.${verdict}`;
    item.command = { command: 'gocardless.webhooks.openDelivery', title: 'Open delivery', arguments: [this] };
    return item;
  }
}

export type WebhookTreeNode = WebhookDeliveryNode;
