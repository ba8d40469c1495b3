import * as vscode from 'vscode';
import { matchesRequestFilter, type RequestFilter } from '../../core/sandbox/requestPresentation';
import { MoreRequestsNode, RequestNode, type RequestTreeNode } from './RequestNode';
import type { RequestsService } from './RequestsService';

/** Rows shown at first and added by "Show more": a page, so 10,000 kept records open quickly. */
export const REQUESTS_PAGE_SIZE = 200;

/** The "Requests" view: newest first, filtered, a page at a time. */
export class RequestsTreeProvider implements vscode.TreeDataProvider<RequestTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RequestTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterValue: RequestFilter = {};
  private shown = REQUESTS_PAGE_SIZE;
  private readonly nodes = new Map<string, RequestNode>();

  constructor(private readonly service: RequestsService) {}

  get filter(): RequestFilter { return this.filterValue; }
  set filter(f: RequestFilter) {
    this.filterValue = f;
    this.shown = REQUESTS_PAGE_SIZE;
    this.refresh();
  }

  showMore(): void {
    this.shown += REQUESTS_PAGE_SIZE;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: RequestTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: RequestTreeNode): Promise<RequestTreeNode[]> {
    if (node) return [];
    await this.service.open();
    return this.page();
  }

  /** The rows shown now (the log must be open). */
  page(): RequestTreeNode[] {
    const list = this.service.log.list();
    const out: RequestTreeNode[] = [];
    const keep = new Set<string>();
    let matching = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i]!;
      if (!matchesRequestFilter(r, this.filterValue)) continue;
      matching++;
      if (out.length >= this.shown) continue;
      let n = this.nodes.get(r.id);
      if (!n || n.record !== r) { n = new RequestNode(r); this.nodes.set(r.id, n); }
      keep.add(r.id);
      out.push(n);
    }
    for (const id of this.nodes.keys()) if (!keep.has(id)) this.nodes.delete(id);
    if (matching > out.length) out.push(new MoreRequestsNode(matching - out.length));
    return out;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
