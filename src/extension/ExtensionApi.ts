import * as vscode from 'vscode';
import type { ClientPool } from './api/ClientPool';
import type { ExtensionDeps } from './ExtensionDeps';
import type { RequestsView } from './requests/registerRequests';
import type { WebhooksView } from './webhooks/registerWebhooks';

/**
 * What integration tests may reach: the dependencies every registerX got
 * (read-only; swap the Prompter with `deps.prompter.use()`), the Requests and
 * Webhooks views, and the one supported way to change where a client goes.
 */
export interface ExtensionTesting {
  readonly deps: ExtensionDeps;
  readonly requests: RequestsView;
  readonly webhooks: WebhooksView;
  /** Serve this account from the embedded sandbox, whatever its environment, until disposed (`ClientPool.serveFromSandbox`). */
  serveFromSandbox(accountId: string): vscode.Disposable;
}

/** What activate() built that the test API exposes. */
export interface ExtensionParts {
  readonly deps: ExtensionDeps;
  readonly clients: ClientPool;
  readonly requests: RequestsView;
  readonly webhooks: WebhooksView;
}

/**
 * What `activate()` returns. `activationTimings` (ms since activate() began,
 * per phase) is always there for the benchmark. `testing` only exists when
 * VS Code runs the extension's tests or GCDEV_TEST=1, because exports are
 * visible to every other extension and deps can read account secrets.
 */
export interface ExtensionApi {
  readonly activationTimings: Readonly<Record<string, number>>;
  readonly testing?: ExtensionTesting;
}

export function createExtensionApi(context: vscode.ExtensionContext, parts: ExtensionParts, timings: Record<string, number>): ExtensionApi {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test || process.env.GCDEV_TEST === '1';
  if (!testMode) return { activationTimings: timings };
  const { deps, clients, requests, webhooks } = parts;
  return { activationTimings: timings, testing: { deps, requests, webhooks, serveFromSandbox: (accountId) => clients.serveFromSandbox(accountId) } };
}
