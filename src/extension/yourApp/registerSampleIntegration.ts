import { join } from 'node:path';
import * as vscode from 'vscode';
import { SAMPLE_FOLDER, writeSample } from '../../core/sample/writeSample';
import type { ExtensionDeps } from '../ExtensionDeps';
import { registerCommand } from '../commands/registerCommand';

/**
 * "Start with a Sample Integration": writes the sample Node app (shipped in
 * the extension's samples/node) into a folder the user picks, then offers to
 * open it. Tests pass the folder as an argument.
 */
export function registerSampleIntegration(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.yourApp.startSample', async (arg) => {
    const target = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : (await pickFolder())?.fsPath;
    if (!target) return undefined;
    const files = await writeSample(join(context.extensionPath, SAMPLE_FOLDER), target);
    deps.log.info(`Sample integration written to ${target}: ${files.join(', ')}`);
    void deps.prompter.showInformationMessage(`The sample integration is in ${target}. Open it, then Run and Debug → "Sample app + GoCardless sandbox".`, 'Open Folder').then((choice) => {
      if (choice === 'Open Folder') void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), { forceNewWindow: true });
    });
    return files;
  });
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Where should the sample integration go? (an empty folder)',
    openLabel: 'Write the sample here',
    canSelectFiles: false, canSelectFolders: true, canSelectMany: false,
  });
  return picked?.[0];
}
