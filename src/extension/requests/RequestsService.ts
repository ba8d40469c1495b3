import * as vscode from 'vscode';
import { RequestLog } from '../../core/sandbox/RequestLog';
import { areaOf, type RequestRecord } from '../../core/sandbox/requestRecord';
import type { AccountRequestEvent } from '../api/ClientPool';
import type { ExtensionDeps } from '../ExtensionDeps';

export const DEFAULT_MAX_ENTRIES = 10_000;
const FILE_NAME = 'requests.jsonl';

/** The bound from the user's settings; a bad value (a cloned workspace's, say) falls back to the default. */
export function readMaxEntries(): number {
  const v = vscode.workspace.getConfiguration('gocardless.requests').get<unknown>('maxEntries', DEFAULT_MAX_ENTRIES);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100_000 ? v : DEFAULT_MAX_ENTRIES;
}

/**
 * The request log behind the Requests view: every request the embedded
 * sandbox serves (its own redacted records), and for remote accounts the
 * extension's own API requests (method, path, status, duration). Kept in
 * `requests.jsonl` under the extension's global storage, read lazily.
 */
export class RequestsService implements vscode.Disposable {
  log: RequestLog;
  private readonly subscriptions: vscode.Disposable[] = [];
  private sandboxSubscription: { dispose(): void } | undefined;
  private readonly changed = new vscode.EventEmitter<RequestRecord | undefined>();
  /** A record arrived (or the log was cleared or read back: undefined). */
  readonly onDidChange = this.changed.event;
  private logSubscription: { dispose(): void };
  private counter = 0;

  constructor(
    private readonly storageDir: vscode.Uri,
    private readonly deps: Pick<ExtensionDeps, 'sandbox' | 'log'>,
    onClientRequest: vscode.Event<AccountRequestEvent>,
  ) {
    this.log = this.createLog(readMaxEntries());
    this.logSubscription = this.log.onChange((r) => this.changed.fire(r));
    this.watchSandbox(deps.sandbox.current);
    this.subscriptions.push(
      deps.sandbox.onDidChange((sandbox) => this.watchSandbox(sandbox)),
      onClientRequest((e) => this.recordClientRequest(e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('gocardless.requests.maxEntries')) void this.resize(readMaxEntries());
      }),
    );
  }

  get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.storageDir, FILE_NAME);
  }

  open(): Promise<void> {
    return this.log.open();
  }

  find(id: string): RequestRecord | undefined {
    const list = this.log.list();
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.id === id) return list[i];
    return undefined;
  }

  clear(): Promise<void> {
    return this.log.clear();
  }

  private createLog(maxEntries: number): RequestLog {
    return new RequestLog({ maxEntries, file: this.file.fsPath, onError: (m) => this.deps.log.warn(m) });
  }

  /** A new bound: the next log reads the same file, keeping the newest records. */
  private async resize(maxEntries: number): Promise<void> {
    if (maxEntries === this.log.maxEntries) return;
    await this.log.flush();
    this.logSubscription.dispose();
    this.log = this.createLog(maxEntries);
    this.logSubscription = this.log.onChange((r) => this.changed.fire(r));
    await this.log.open();
    this.changed.fire(undefined);
  }

  private watchSandbox(sandbox: ExtensionDeps['sandbox']['current']): void {
    this.sandboxSubscription?.dispose();
    this.sandboxSubscription = sandbox?.onRequest((record) => this.log.append(record));
  }

  /** The local sandbox records its own requests (with headers and bodies); only remote accounts' are taken from the client. */
  private recordClientRequest({ account, baseUrl, event, startedMs }: AccountRequestEvent): void {
    if (account.environment === 'local') return;
    // A custom base URL that is the embedded sandbox: the sandbox records these itself, with more detail.
    const sandbox = this.deps.sandbox.current;
    if (sandbox && baseUrl.replace(/\/+$/, '') === sandbox.url) return;
    const q = event.path.indexOf('?');
    const path = q < 0 ? event.path : event.path.slice(0, q);
    const status = event.status ?? 0;
    this.log.append({
      id: `c${startedMs.toString(36)}-${(this.counter++).toString(36)}`,
      time: new Date(startedMs).toISOString(),
      method: event.method,
      path,
      query: q < 0 ? '' : event.path.slice(q + 1),
      status,
      durationMs: Math.round(event.durationMs * 10) / 10,
      area: areaOf(path),
      source: 'client',
      origin: baseUrl.replace(/\/+$/, ''),
      merchantId: account.merchantId,
      ...(event.status === undefined ? { error: `No answer (${event.outcome})${event.willRetry ? '; the client will try again' : ''}` } : {}),
    });
  }

  dispose(): void {
    this.sandboxSubscription?.dispose();
    this.logSubscription.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    void this.log.flush();
  }
}
