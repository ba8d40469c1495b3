import * as vscode from 'vscode';
import { WebhookDeliveryNode, type WebhookTreeNode } from './WebhookDeliveryNode';
import { matchesFilter, type WebhookFilter } from './WebhookFilter';
import type { WebhookService } from './WebhookService';

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
    if (node) return [];
    await this.service.openStore();
    const out: WebhookTreeNode[] = [];
    const list = this.service.deliveries();
    const seen = new Set<string>();
    for (let i = list.length - 1; i >= 0; i--) {
      const d = list[i]!;
      seen.add(d.id);
      if (!matchesFilter(d, this.filterValue)) continue;
      let n = this.nodes.get(d.id);
      if (!n || n.delivery !== d) { n = new WebhookDeliveryNode(d); this.nodes.set(d.id, n); }
      out.push(n);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    if (this.shownCount !== out.length) {
      this.shownCount = out.length;
      this.listed.fire(out.length);
    }
    return out;
  }

  getParent(): undefined {
    return undefined;
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
