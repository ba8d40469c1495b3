import * as vscode from 'vscode';
import type { WebhookDelivery } from '../../core/webhooks';
import { BURST_GAP_MS, BURST_MIN, WebhookBurstNode, WebhookDeliveryNode, type WebhookTreeNode } from './WebhookDeliveryNode';
import { matchesFilter, type WebhookFilter } from './WebhookFilter';
import type { WebhookService } from './WebhookService';

export const WEBHOOKS_VIEW_ID = 'gocardless.webhooks';

/** The "Webhooks" view: deliveries newest first, filtered. */
export class WebhookTreeProvider implements vscode.TreeDataProvider<WebhookTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WebhookTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listed = new vscode.EventEmitter<number>();
  /** Fires with the number of rows after each listing (the view's welcome shows only when it is 0). */
  readonly onDidList = this.listed.event;
  private shownCount: number | undefined;
  private filterValue: WebhookFilter = {};
  private readonly nodes = new Map<string, WebhookDeliveryNode>();
  private readonly bursts = new Map<string, WebhookBurstNode>();

  constructor(private readonly service: WebhookService) {}

  get filter(): WebhookFilter { return this.filterValue; }
  set filter(f: WebhookFilter) {
    this.filterValue = f;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: WebhookTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: WebhookTreeNode): Promise<WebhookTreeNode[]> {
    if (node) return node.kind === 'burst' ? node.children : [];
    await this.service.openStore();
    const shown: WebhookDelivery[] = [];
    const list = this.service.deliveries();
    const seen = new Set<string>();
    for (let i = list.length - 1; i >= 0; i--) {
      const d = list[i]!;
      seen.add(d.id);
      if (matchesFilter(d, this.filterValue)) shown.push(d);
    }
    // Newest first; runs of deliveries each within BURST_GAP_MS of the next are grouped under one row.
    const out: WebhookTreeNode[] = [];
    let run: WebhookDelivery[] = [];
    const flush = (): void => {
      if (run.length >= BURST_MIN) {
        const oldest = run[run.length - 1]!;
        // One instance per burst id, so a delivery's parent is the node VS Code holds.
        const burst = this.bursts.get(oldest.id) ?? new WebhookBurstNode(oldest.id);
        this.bursts.set(oldest.id, burst);
        burst.children.length = 0;
        for (const d of run) burst.children.push(this.deliveryNode(d, burst));
        out.push(burst);
      } else {
        for (const d of run) out.push(this.deliveryNode(d, undefined));
      }
      run = [];
    };
    for (const d of shown) {
      const previous = run[run.length - 1];
      if (previous && Date.parse(previous.receivedAt) - Date.parse(d.receivedAt) > BURST_GAP_MS) flush();
      run.push(d);
    }
    flush();
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    for (const id of this.bursts.keys()) if (!seen.has(id)) this.bursts.delete(id);
    if (this.shownCount !== out.length) {
      this.shownCount = out.length;
      this.listed.fire(out.length);
    }
    return out;
  }

  private deliveryNode(d: WebhookDelivery, parent: WebhookBurstNode | undefined): WebhookDeliveryNode {
    let n = this.nodes.get(d.id);
    if (!n || n.delivery !== d || n.parent !== parent) {
      n = new WebhookDeliveryNode(d, parent);
      this.nodes.set(d.id, n);
    }
    return n;
  }

  getParent(node: WebhookTreeNode): WebhookBurstNode | undefined {
    return node.kind === 'delivery' ? node.parent : undefined;
  }

  /** Rows shown at the last listing; undefined before the first. */
  get shown(): number | undefined {
    return this.shownCount;
  }

  dispose(): void {
    this.changed.dispose();
    this.listed.dispose();
  }
}
