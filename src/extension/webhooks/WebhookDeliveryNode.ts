import * as vscode from 'vscode';
import type { WebhookDelivery } from '../../core/webhooks';
import { deliveryLabel, summarizeDelivery } from '../present/deliveryRow';

const RESOURCE_ICONS: Readonly<Record<string, string>> = { bill: 'credit-card', subscription: 'sync', pre_authorization: 'key' };

/**
 * A delivery in the "Webhooks" tree: action and type, then what tells it from its neighbours — the first
 * object's id and how many more, the amount, the retry — and the verdict and time.
 */
export class WebhookDeliveryNode {
  readonly kind = 'delivery';
  constructor(readonly delivery: WebhookDelivery, readonly parent?: WebhookBurstNode) {}

  toTreeItem(): vscode.TreeItem {
    const d = this.delivery;
    const label = deliveryLabel(d);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = d.id;
    const time = new Date(d.receivedAt).toLocaleTimeString();
    const summary = summarizeDelivery(d);
    const verdict = d.verification.status;
    const mark = verdict === 'valid' ? '✓' : verdict === 'not-checked' ? '·' : '✗';
    item.description = [
      summary.objects, summary.amount, summary.retry, `${mark} ${verdict}`, time,
      d.forward ? `app ${d.forward.status ?? 'failed'}` : undefined,
    ].filter((p): p is string => !!p).join(' · ');
    const color = verdict === 'valid' ? 'testing.iconPassed' : verdict === 'not-checked' ? 'disabledForeground' : 'testing.iconFailed';
    item.iconPath = new vscode.ThemeIcon(RESOURCE_ICONS[d.resourceType ?? ''] ?? 'question', new vscode.ThemeColor(color));
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${label} — ${verdict}\n${d.verification.reason}\nAnswered ${d.response.status} at ${d.receivedAt}\nObjects: ${d.objectIds.join(', ') || 'none'}`);
    item.tooltip = tooltip;
    item.contextValue = `webhookDelivery.${verdict}`;
    item.command = { command: 'gocardless.webhooks.openDelivery', title: 'Open delivery', arguments: [this] };
    return item;
  }
}

/**
 * Deliveries that arrived together — a sandbox clock advance sends one webhook per merchant, type and action at
 * once — under one row: "14 deliveries at 1:12:29 AM", "bill paid ×10 · bill created ×4". Expanded by default.
 */
export class WebhookBurstNode {
  readonly kind = 'burst';
  readonly children: WebhookDeliveryNode[] = [];
  /** The oldest delivery's id: stays the same while newer ones join the burst. */
  constructor(readonly id: string) {}

  toTreeItem(): vscode.TreeItem {
    const newest = this.children[0]?.delivery;
    const time = newest ? new Date(newest.receivedAt).toLocaleTimeString() : '';
    const item = new vscode.TreeItem(`${this.children.length} deliveries at ${time}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `burst:${this.id}`;
    const counts = new Map<string, number>();
    for (const c of this.children) counts.set(deliveryLabel(c.delivery), (counts.get(deliveryLabel(c.delivery)) ?? 0) + 1);
    item.description = [...counts].map(([label, n]) => `${label} ×${n}`).join(' · ');
    const invalid = this.children.filter((c) => c.delivery.verification.status !== 'valid').length;
    item.iconPath = new vscode.ThemeIcon('layers', new vscode.ThemeColor(invalid > 0 ? 'testing.iconFailed' : 'testing.iconPassed'));
    item.tooltip = `${this.children.length} deliveries received within ${BURST_GAP_MS / 1000} s of each other${invalid > 0 ? `, ${invalid} not valid` : ''}`;
    item.contextValue = 'webhookBurst';
    return item;
  }
}

/** Deliveries closer than this to the previous one belong to the same burst. */
export const BURST_GAP_MS = 2000;
/** Fewer deliveries than this in a burst stay rows of their own. */
export const BURST_MIN = 3;

export type WebhookTreeNode = WebhookDeliveryNode | WebhookBurstNode;
