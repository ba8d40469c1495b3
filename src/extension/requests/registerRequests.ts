import * as vscode from 'vscode';
import { describeRequestFilter, requestToCurl } from '../../core/sandbox/requestPresentation';
import { REQUEST_RESOURCES, type RequestRecord, type RequestResource } from '../../core/sandbox/requestRecord';
import type { Account } from '../accounts/Account';
import type { AccountRequestEvent } from '../api/ClientPool';
import { CancelledError } from '../commands/CancelledError';
import { registerCommand } from '../commands/registerCommand';
import type { ExtensionDeps } from '../ExtensionDeps';
import { RequestDocuments, REQUEST_SCHEME } from './RequestDocuments';
import { RequestNode } from './RequestNode';
import { RequestsService } from './RequestsService';
import { RequestsTreeProvider } from './RequestsTreeProvider';
import { resendRequest } from './sendAgain';

export const REQUESTS_VIEW_ID = 'gocardless.requests';
/** Tree refreshes per second at most, however fast requests arrive. */
const REFRESH_MS = 250;

/** What the integration tests reach through the test API's `requests`. */
export interface RequestsView {
  readonly service: RequestsService;
  readonly tree: RequestsTreeProvider;
  readonly view: vscode.TreeView<unknown>;
}

/**
 * The "Requests" view: every request the local sandbox serves (and, for
 * remote accounts, the extension's own), newest first, with filters, a
 * read-only document per request, "Copy as curl" and "Send again".
 */
export function registerRequests(context: vscode.ExtensionContext, deps: ExtensionDeps, onClientRequest: vscode.Event<AccountRequestEvent>): RequestsView {
  const service = new RequestsService(context.globalStorageUri, deps, onClientRequest);
  const tree = new RequestsTreeProvider(service);
  const view = vscode.window.createTreeView(REQUESTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  const documents = new RequestDocuments(service);
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = (): void => {
    if (timer) return;
    timer = setTimeout(() => { timer = undefined; tree.refresh(); }, REFRESH_MS);
  };
  const showFilter = (): void => {
    const f = describeRequestFilter(tree.filter);
    view.message = f ? `Filter: ${f}` : undefined;
    void vscode.commands.executeCommand('setContext', 'gocardless.requests.filtered', f !== '');
  };
  context.subscriptions.push(
    service, tree, view,
    vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, documents),
    service.onDidChange(() => { if (view.visible) refreshSoon(); }),
    view.onDidChangeVisibility((e) => { if (e.visible) tree.refresh(); }),
    { dispose: () => { if (timer) clearTimeout(timer); } },
  );

  const recordOf = (arg: unknown): RequestRecord => {
    const node = arg instanceof RequestNode ? arg : view.selection[0];
    const record = node instanceof RequestNode ? service.find(node.record.id) ?? node.record : typeof arg === 'string' ? service.find(arg) : undefined;
    if (!record) throw new Error('Select a request in the Requests view first.');
    return record;
  };

  registerCommand(context, deps, 'gocardless.requests.open', async (arg) => {
    const record = recordOf(arg);
    const doc = await vscode.workspace.openTextDocument(RequestDocuments.uriFor(record.id));
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc.getText();
  });
  registerCommand(context, deps, 'gocardless.requests.copyAsCurl', async (arg) => {
    const record = recordOf(arg);
    const curl = requestToCurl(record, originOf(record, deps));
    await deps.prompter.writeClipboard(curl);
    return curl;
  });
  registerCommand(context, deps, 'gocardless.requests.sendAgain', async (arg) => {
    const record = recordOf(arg);
    const sandbox = deps.sandbox.current;
    if (record.source !== 'sandbox') throw new Error('Send again works only against the local sandbox; this request went to a remote GoCardless.');
    if (!sandbox) throw new Error('The local sandbox is not running: start it (GoCardless: Use Local Sandbox) and send again.');
    const { url, init } = resendRequest(record, sandbox.url, await localAccountFor(record, deps));
    if (new URL(url).origin !== new URL(sandbox.url).origin) throw new Error('Send again goes only to the local sandbox.');
    const res = await fetch(url, init);
    await res.arrayBuffer();
    const message = `Sent ${record.method} ${record.path} again to the local sandbox: ${res.status}.`;
    void deps.prompter.showInformationMessage(message);
    return res.status;
  });
  registerCommand(context, deps, 'gocardless.requests.showMore', () => {
    tree.showMore();
    return Promise.resolve();
  });
  registerCommand(context, deps, 'gocardless.requests.filterErrors', () => {
    tree.filter = { ...tree.filter, errorsOnly: !tree.filter.errorsOnly };
    showFilter();
    return Promise.resolve(tree.filter);
  });
  registerCommand(context, deps, 'gocardless.requests.filterResource', async () => {
    const items: Array<vscode.QuickPickItem & { resource: RequestResource | undefined }> = [
      { label: 'All resources', resource: undefined },
      ...REQUEST_RESOURCES.map((r) => ({ label: r, resource: r })),
    ];
    const pick = await deps.prompter.showQuickPick(items, { title: 'Show requests for' });
    if (!pick) throw new CancelledError();
    tree.filter = { ...tree.filter, resource: pick.resource };
    showFilter();
    return tree.filter;
  });
  registerCommand(context, deps, 'gocardless.requests.filterText', async () => {
    const text = await deps.prompter.showInputBox({ title: 'Show requests whose path contains', value: tree.filter.text ?? '', placeHolder: '/bills' });
    if (text === undefined) throw new CancelledError();
    tree.filter = { ...tree.filter, text: text.trim() || undefined };
    showFilter();
    return tree.filter;
  });
  registerCommand(context, deps, 'gocardless.requests.clearFilter', () => {
    tree.filter = {};
    showFilter();
    return Promise.resolve(tree.filter);
  });
  registerCommand(context, deps, 'gocardless.requests.clear', async () => {
    await service.clear();
    tree.refresh();
  });

  return { service, tree, view: view as vscode.TreeView<unknown> };
}

/** Where "Copy as curl" points: the running sandbox (not the Host header a client sent), or the account's base URL. */
function originOf(record: RequestRecord, deps: Pick<ExtensionDeps, 'sandbox'>): string {
  if (record.source === 'client' && record.origin) return record.origin;
  const current = deps.sandbox.current?.url;
  if (current) return current;
  const host = record.request?.headers['host'] ?? '';
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? `http://${host}` : 'http://127.0.0.1';
}

/** The local account whose merchant made the request, else the first local one. */
async function localAccountFor(record: RequestRecord, deps: Pick<ExtensionDeps, 'accounts'>): Promise<Account | undefined> {
  const locals = deps.accounts.list().filter((a) => a.environment === 'local');
  const info = locals.find((a) => a.merchantId === record.merchantId) ?? (record.merchantId ? undefined : locals[0]);
  return info ? deps.accounts.resolve(info.id) : undefined;
}
