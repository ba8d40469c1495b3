import * as vscode from 'vscode';
import type { ExtensionDeps } from './ExtensionDeps';

/**
 * What `activate()` returns. `activationTimings` (ms since activate() began,
 * per phase) is always there for the benchmark. `testing` — the deps, so
 * integration tests can swap the Prompter and reach the tree — only exists
 * when VS Code runs the extension's tests or GCDEV_TEST=1, because exports
 * are visible to every other extension and deps can read account secrets.
 */
export interface ExtensionApi {
  readonly activationTimings: Readonly<Record<string, number>>;
  readonly testing?: ExtensionDeps;
}

export function createExtensionApi(context: vscode.ExtensionContext, deps: ExtensionDeps, timings: Record<string, number>): ExtensionApi {
  const testing = context.extensionMode === vscode.ExtensionMode.Test || process.env.GCDEV_TEST === '1';
  return testing ? { activationTimings: timings, testing: deps } : { activationTimings: timings };
}
