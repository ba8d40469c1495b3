import * as vscode from 'vscode';
import type { AccountInfo } from '../accounts/Account';
import type { AccountStore } from '../accounts/AccountStore';
import type { MerchantApi } from '../api/MerchantApi';
import { getResource, isResourceType, type ResourceType } from '../../core/api/resourceTypes';

export const RESOURCE_SCHEME = 'gocardless';
/** What a JSON document can show: any resource type of `RESOURCE_TYPES`, or the merchant. */
export type DocumentType = ResourceType | 'merchant';

/**
 * Resources as read-only JSON documents: `gocardless:/<account id>/<type>/<id>.json`.
 * Content providers give read-only documents; reopening re-fetches (the spec
 * has no GET for a single user, so users show the copy seen in the list).
 */
export class ResourceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly seen = new Map<string, unknown>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly accounts: AccountStore,
    private readonly clientFor: (account: AccountInfo) => Promise<MerchantApi>,
  ) {}

  static uriFor(accountId: string, type: DocumentType, id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RESOURCE_SCHEME, path: `/${accountId}/${type}/${encodeURIComponent(id)}.json` });
  }

  /** Open (or refresh) the JSON of a resource; `known` is its latest copy, if the caller has one. */
  async open(account: AccountInfo, type: DocumentType, id: string, known?: unknown): Promise<vscode.TextEditor> {
    const uri = ResourceDocuments.uriFor(account.id, type, id);
    if (known !== undefined) {
      this.seen.set(uri.toString(), known);
      this.changed.fire(uri);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: true });
  }

  /** A fresher copy of a resource (after an action): an open JSON document of it redraws. */
  remember(accountId: string, type: DocumentType, id: string, value: unknown): void {
    const uri = ResourceDocuments.uriFor(accountId, type, id);
    this.seen.set(uri.toString(), value);
    this.changed.fire(uri);
  }

  /**
   * Redraws the open resource documents that `matches` picks (re-fetched by the content provider), after a
   * change the caller cannot name a fresh copy for: a sandbox clock advance, a webhook about these ids.
   */
  refreshOpen(matches: (accountId: string, type: string, id: string) => boolean): number {
    let count = 0;
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== RESOURCE_SCHEME || document.isClosed) continue;
      const match = /^\/([^/]+)\/([a-z_]+)\/([^/]+)\.json$/.exec(document.uri.path);
      if (!match) continue;
      const [, accountId = '', type = '', rawId = ''] = match;
      if (!matches(accountId, type, decodeURIComponent(rawId))) continue;
      this.changed.fire(document.uri);
      count++;
    }
    return count;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const match = /^\/([^/]+)\/([a-z_]+)\/([^/]+)\.json$/.exec(uri.path);
    if (!match) return `// Not a GoCardless resource address: ${uri.toString()}`;
    const [, accountId = '', type = '', rawId = ''] = match;
    const id = decodeURIComponent(rawId);
    const known = this.seen.get(uri.toString());
    const account = this.accounts.get(accountId);
    if (!account) return known !== undefined ? stringify(known) : '// The account of this resource was removed.';
    try {
      return stringify(await this.fetch(account, type, id));
    } catch (error) {
      if (known !== undefined) return stringify(known);
      throw error;
    }
  }

  private async fetch(account: AccountInfo, type: string, id: string): Promise<unknown> {
    const known = this.seen.get(ResourceDocuments.uriFor(account.id, type as DocumentType, id).toString());
    const client = await this.clientFor(account);
    if (type === 'merchant') return client.getMerchant();
    const fetched = isResourceType(type) ? getResource(client, type, id) : undefined;
    if (fetched) return fetched;
    if (known !== undefined) return known;
    throw new Error(`Cannot fetch a single ${type}: the API has no such endpoint.`);
  }

  dispose(): void {
    this.changed.dispose();
    this.seen.clear();
  }
}

function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
