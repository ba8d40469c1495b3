// Secret-leak warnings in the real host: a configured account's secret written
// into a workspace file raises a Problems-panel warning that does not show the
// secret, and the quick fix replaces it with an environment variable reference.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import { removeAllAccounts, testingDeps } from './prompts/testingDeps';
import { waitFor } from './support/extensionApi';

/** A secret of the real shape (64 base64 characters). */
function secretShaped(): string {
  for (;;) {
    const s = randomBytes(48).toString('base64');
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'GoCardless');
}

async function writeAndOpen(name: string, text: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

/** Our fixes' titles; other extensions (an AI assistant in code-server) add their own actions. */
const OUR_FIX = /^(Replace with |Remove the value and set )/;

async function applyQuickFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction> {
  // The command waits for every provider, TypeScript's too (10+ s while tsserver starts on a busy machine),
  // and is cancelled when the markers change under it, so ask until it answers.
  const fix = await waitFor(async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
    return actions.find((a) => OUR_FIX.test(a.title) && a.edit);
  }, { message: 'a GoCardless quick fix with an edit', timeoutMs: 45_000 });
  assert.ok(fix.edit);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  return fix;
}

describe('secret-leak warnings', () => {
  let deps: ExtensionDeps;
  const appSecret = secretShaped();
  const accessToken = secretShaped();

  before(async () => {
    deps = await testingDeps();
    await removeAllAccounts(deps);
    await deps.accounts.add({ name: 'Leak check', environment: 'sandbox', appId: 'APPIDLEAKCHECK', merchantId: 'MERCHANTLEAK' }, { appSecret, accessToken });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts(deps);
  });

  it('warns about a configured account’s app secret without showing it, and the quick fix removes it', async () => {
    const document = await writeAndOpen('leak.ts', `export const client = {\n  appId: 'APPIDLEAKCHECK',\n  secret: '${appSecret}',\n};\n`);
    const [diagnostic] = await waitFor(() => {
      const found = ours(document.uri);
      return found.length > 0 ? found : undefined;
    }, { message: 'a GoCardless diagnostic on leak.ts' });
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.code, 'known-app-secret');
    assert.equal(diagnostic.range.start.line, 2);
    assert.match(diagnostic.message, /app secret of the GoCardless account "Leak check"/);
    assert.ok(!diagnostic.message.includes(appSecret) && !diagnostic.message.includes(appSecret.slice(0, 10)));

    const fix = await applyQuickFix(document, diagnostic);
    assert.equal(fix.title, 'Replace with process.env.GOCARDLESS_APP_SECRET');
    assert.ok(!document.getText().includes(appSecret));
    assert.match(document.getText(), /^ {2}secret: process\.env\.GOCARDLESS_APP_SECRET,$/m);
    await waitFor(() => ours(document.uri).length === 0, { message: 'the warning to go away after the fix' });
  });

  it('warns about a secret-shaped value next to a GoCardless key in a .env file and empties it', async () => {
    const shaped = secretShaped();
    const document = await writeAndOpen('.env', `PORT=3000\nGOCARDLESS_APP_SECRET=${shaped}\n`);
    const [diagnostic] = await waitFor(() => {
      const found = ours(document.uri);
      return found.length > 0 ? found : undefined;
    }, { message: 'a GoCardless diagnostic on .env' });
    assert.ok(diagnostic);
    assert.equal(diagnostic.code, 'shaped-like-secret-near-key');
    // A .env is where local secrets belong while it is git-ignored: a reminder, not a warning.
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.match(diagnostic.message, /out of version control/);
    assert.ok(!diagnostic.message.includes(shaped));
    await applyQuickFix(document, diagnostic);
    assert.equal(document.getText(), 'PORT=3000\n# Set GOCARDLESS_APP_SECRET in your environment or secret store; secrets do not belong in committed files.\nGOCARDLESS_APP_SECRET=\n');
    await waitFor(() => ours(document.uri).length === 0, { message: 'the .env warning to go away' });
  });

  it('"Scan Workspace for Secrets" warns about files that are not open', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const closed = vscode.Uri.joinPath(folder.uri, 'config', 'gocardless.yml');
    await vscode.workspace.fs.writeFile(closed, Buffer.from(`gocardless:\n  app_id: APPIDLEAKCHECK\n  access_token: ${accessToken}\n`, 'utf8'));
    const ignored = vscode.Uri.joinPath(folder.uri, 'node_modules', 'dep', 'index.js');
    await vscode.workspace.fs.writeFile(ignored, Buffer.from(`module.exports = { app_secret: '${appSecret}' };\n`, 'utf8'));
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('gocardless.secrets.scanWorkspace');
    assert.ok(result.findings >= 1, JSON.stringify(result));
    const [diagnostic] = ours(closed);
    assert.equal(diagnostic?.code, 'known-access-token');
    assert.equal(diagnostic?.range.start.line, 2);
    assert.ok(!diagnostic?.message.includes(accessToken));
    assert.deepEqual(ours(ignored), [], 'node_modules is not scanned');
  });

  it('warns while typing, and stops when the setting is off', async () => {
    const document = await writeAndOpen('typed.py', 'import os\n');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), `GOCARDLESS_ACCESS_TOKEN = "${accessToken}"\n`));
    const [diagnostic] = await waitFor(() => {
      const found = ours(document.uri);
      return found.length > 0 ? found : undefined;
    }, { message: 'a diagnostic after typing' });
    assert.equal(diagnostic?.code, 'known-access-token');

    const config = vscode.workspace.getConfiguration('gocardless');
    await config.update('secretWarnings.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => ours(document.uri).length === 0, { message: 'warnings cleared when disabled' });
    } finally {
      await config.update('secretWarnings.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => ours(document.uri).length === 1, { message: 'warnings back when re-enabled' });
  });
});
