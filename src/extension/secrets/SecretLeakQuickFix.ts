import * as vscode from 'vscode';
import { environmentVariableReplacement } from '../../core/secrets';
import { DIAGNOSTIC_SOURCE, type SecretLeakDiagnostics } from './SecretLeakDiagnostics';

/** Offers, for each secret-leak warning, to replace the literal with an environment variable reference. */
export class SecretLeakQuickFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: SecretLeakDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.diagnostics.findingAt(document, diagnostic.range);
      if (!finding) continue;
      const replacement = environmentVariableReplacement(finding, languageIdFor(document));
      if (!replacement) continue;
      const action = new vscode.CodeAction(replacement.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of replacement.edits) {
        edit.replace(document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      }
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

/** `.env`, `.env.local`… are KEY=value files whatever language VS Code gives them. */
export function languageIdFor(document: vscode.TextDocument): string {
  const name = document.uri.path.split('/').pop() ?? '';
  return /^\.env(\..*)?$/.test(name) || name.endsWith('.env') ? 'dotenv' : document.languageId;
}
