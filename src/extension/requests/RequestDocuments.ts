import * as vscode from 'vscode';
import { requestDocument } from '../../core/sandbox/requestPresentation';
import type { RequestsService } from './RequestsService';

export const REQUEST_SCHEME = 'gocardless-request';

/** Read-only Markdown documents, one per request record: `gocardless-request:/<id>.md`. */
export class RequestDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly service: RequestsService) {}

  static uriFor(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REQUEST_SCHEME, path: `/${encodeURIComponent(id)}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    const record = this.service.find(id);
    return record ? requestDocument(record) : `# Request ${id}\n\nThis request is no longer in the log (it keeps the newest entries; see gocardless.requests.maxEntries).\n`;
  }
}
