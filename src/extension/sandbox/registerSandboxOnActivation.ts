import type * as vscode from 'vscode';
import { useLocalSandbox } from './useLocalSandbox';
import type { ExtensionDeps } from '../ExtensionDeps';
import { machineSetting } from '../settings/machineSetting';
import { describeError } from '../../core/api/describeError';

/**
 * `gocardless.sandbox.startOnActivation` (set by `npm start`): with no
 * account yet, start the local sandbox and add its account right after
 * activation — on a later tick, so command registration is never delayed.
 */
export function registerSandboxOnActivation(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  // Opens a port unasked: only the user's settings may turn it on, not a cloned repository's.
  const enabled = machineSetting<boolean>('gocardless.sandbox', 'startOnActivation', false) === true;
  if (!enabled || deps.accounts.list().length > 0) return;
  const timer = setTimeout(() => {
    useLocalSandbox(deps).catch((error: unknown) => deps.log.error(`Could not start the local sandbox: ${describeError(error)}`));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
}
