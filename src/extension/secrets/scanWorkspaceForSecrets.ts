import * as vscode from 'vscode';
import { MAX_SCANNED_LENGTH, type SecretLeakDiagnostics } from './SecretLeakDiagnostics';

/** Dependency and build folders: not the user's code, and large. */
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/build/**,**/vendor/**,**/.venv/**}';
const MAX_FILES = 20_000;

export interface WorkspaceSecretScan {
  readonly files: number;
  readonly filesWithFindings: number;
  readonly findings: number;
}

/** Scans every workspace file (not only open editors), publishing warnings to the Problems panel. */
export async function scanWorkspaceForSecrets(diagnostics: SecretLeakDiagnostics, token?: vscode.CancellationToken): Promise<WorkspaceSecretScan> {
  const uris = await vscode.workspace.findFiles('**/*', EXCLUDE, MAX_FILES, token);
  let files = 0;
  let filesWithFindings = 0;
  let findings = 0;
  for (const uri of uris) {
    if (token?.isCancellationRequested) break;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SCANNED_LENGTH * 4) continue;
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    files += 1;
    const n = diagnostics.scanClosedFile(uri, text);
    if (n > 0) filesWithFindings += 1;
    findings += n;
  }
  return { files, filesWithFindings, findings };
}
