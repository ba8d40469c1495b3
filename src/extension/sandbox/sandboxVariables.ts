import type * as vscode from 'vscode';
import type { ExtensionDeps } from '../ExtensionDeps';
import { registerCommand } from '../commands/registerCommand';
import { ensureLocalSandbox } from './useLocalSandbox';

/**
 * `${command:gocardless.sandbox.baseUrl}` and its siblings, for the user's own
 * launch configurations: their app's `env` reads the local sandbox's URL and
 * credentials without anyone copying a secret into a file. Only the embedded
 * local sandbox's values are offered (they are generated from its seed and
 * work nowhere else); a live account's secrets are never a variable.
 */
export const SANDBOX_VARIABLES = {
  'gocardless.sandbox.baseUrl': (s) => s.url,
  'gocardless.sandbox.appId': (s) => s.credentials.app_id,
  'gocardless.sandbox.appSecret': (s) => s.credentials.app_secret,
  'gocardless.sandbox.merchantId': (s) => s.credentials.merchant_id,
  'gocardless.sandbox.accessToken': (s) => s.credentials.access_token,
} as const satisfies Record<string, (s: import('../../core/sandbox/SandboxOptions').RunningSandbox) => string>;

export function registerSandboxVariables(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  for (const [id, read] of Object.entries(SANDBOX_VARIABLES)) {
    registerCommand(context, deps, id, async () => read(await ensureLocalSandbox(deps)));
  }
}
