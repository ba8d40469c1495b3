import * as vscode from 'vscode';
import { useLocalSandbox } from '../commands/useLocalSandbox';
import type { ExtensionDeps } from '../ExtensionDeps';
import { describeError } from '../tree/describeError';

/**
 * `gocardless.sandbox.startOnActivation` (set by `npm start`): with no
 * account yet, start the local sandbox and add its account right after
 * activation — on a later tick, so command registration is never delayed.
 */
export function registerSandboxOnActivation(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  const enabled = vscode.workspace.getConfiguration('gocardless.sandbox').get<boolean>('startOnActivation', false);
  if (!enabled || deps.accounts.list().length > 0) return;
  const timer = setTimeout(() => {
    useLocalSandbox(deps).catch((error: unknown) => deps.log.error(`Could not start the local sandbox: ${describeError(error)}`));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
}
