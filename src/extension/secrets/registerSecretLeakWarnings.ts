import * as vscode from 'vscode';
import { registerCommand } from '../commands/registerCommand';
import type { ExtensionDeps } from '../ExtensionDeps';
import { knownSecretsOf } from './knownSecretsOf';
import { SecretLeakDiagnostics } from './SecretLeakDiagnostics';
import { SecretLeakQuickFix } from './SecretLeakQuickFix';
import { scanWorkspaceForSecrets } from './scanWorkspaceForSecrets';

const SETTING = 'gocardless.secretWarnings.enabled';

/**
 * Warns in the Problems panel when an open document holds a configured
 * account's app secret or access token, or a string shaped like one next to a
 * GoCardless key name, with a quick fix to read it from the environment.
 */
export function registerSecretLeakWarnings(context: vscode.ExtensionContext, deps: Pick<ExtensionDeps, 'accounts' | 'log' | 'prompter'>): SecretLeakDiagnostics {
  const enabled = () => vscode.workspace.getConfiguration().get<boolean>(SETTING, true);
  const diagnostics = new SecretLeakDiagnostics(enabled);
  const refresh = async () => {
    try {
      diagnostics.setKnownSecrets(await knownSecretsOf(deps.accounts));
    } catch (error) {
      deps.log.warn(`Secret-leak warnings: could not read account secrets (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new SecretLeakQuickFix(diagnostics), { providedCodeActionKinds: SecretLeakQuickFix.kinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new SecretLeakQuickFix(diagnostics), { providedCodeActionKinds: SecretLeakQuickFix.kinds }),
    deps.accounts.onDidChange(() => void refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) diagnostics.rescanAll();
    }),
  );
  registerCommand(context, deps, 'gocardless.secrets.scanWorkspace', async () => {
    await refresh();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Scanning the workspace for GoCardless secrets', cancellable: true },
      (_progress, token) => scanWorkspaceForSecrets(diagnostics, token),
    );
    const summary = result.findings === 0
      ? `No GoCardless secrets found in ${result.files} files.`
      : `${result.findings} possible GoCardless secret${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} file${result.filesWithFindings === 1 ? '' : 's'} (of ${result.files}): see the Problems panel.`;
    void deps.prompter.showInformationMessage(summary);
    return result;
  });
  // Shape-based warnings need no secrets: scan what is open now, then again once the secrets are read.
  diagnostics.rescanAll();
  void refresh();
  return diagnostics;
}
