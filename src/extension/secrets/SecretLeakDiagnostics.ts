import * as vscode from 'vscode';
import { looksBinary, scanTextForSecrets, type KnownSecret, type SecretFinding } from '../../core/secrets';

/** Larger documents (bundles, lock files, data dumps) are not scanned. */
export const MAX_SCANNED_LENGTH = 1_000_000;
const DEBOUNCE_MS = 300;
export const DIAGNOSTIC_SOURCE = 'GoCardless';

/**
 * Problems-panel warnings for GoCardless credentials written into open
 * documents. Scans on open and, debounced, on change; keeps each document's
 * findings so the quick fix can find the one behind a diagnostic.
 */
export class SecretLeakDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('gocardless-secrets');
  private readonly findings = new Map<string, { version: number; findings: SecretFinding[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private known: readonly KnownSecret[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly scanned = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were updated (tests wait on it instead of sleeping). */
  readonly onDidScan = this.scanned.event;

  constructor(private readonly enabled: () => boolean) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.scan(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  /** New known secrets (accounts changed): rescan every open document. */
  setKnownSecrets(known: readonly KnownSecret[]): void {
    this.known = known;
    this.rescanAll();
  }

  rescanAll(): void {
    for (const d of vscode.workspace.textDocuments) this.scan(d);
  }

  /** The finding behind a diagnostic of ours, if the document has not changed since. */
  findingAt(document: vscode.TextDocument, range: vscode.Range): SecretFinding | undefined {
    const entry = this.findings.get(document.uri.toString());
    if (!entry || entry.version !== document.version) return undefined;
    return entry.findings.find((f) => f.range.start.line === range.start.line && f.range.start.character === range.start.character && f.range.end.line === range.end.line && f.range.end.character === range.end.character);
  }

  scan(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.enabled() || !isScannable(document)) {
      this.forget(document.uri);
      return;
    }
    const text = document.getText();
    if (text.length > MAX_SCANNED_LENGTH || looksBinary(text)) {
      this.forget(document.uri);
      return;
    }
    const findings = scanTextForSecrets(text, { knownSecrets: this.known });
    this.findings.set(key, { version: document.version, findings });
    this.collection.set(document.uri, findings.map((f) => toDiagnostic(f, document.uri)));
    this.scanned.fire(document.uri);
  }

  /**
   * Scans a file that is not open (the workspace scan). Its quick fix becomes
   * available once the file is opened and scanned as a document.
   */
  scanClosedFile(uri: vscode.Uri, text: string): number {
    if (!this.enabled() || text.length > MAX_SCANNED_LENGTH || looksBinary(text) || /[\\/]node_modules[\\/]/.test(uri.path)) return 0;
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return this.findings.get(uri.toString())?.findings.length ?? 0;
    const findings = scanTextForSecrets(text, { knownSecrets: this.known });
    this.collection.set(uri, findings.map((f) => toDiagnostic(f, uri)));
    this.scanned.fire(uri);
    return findings.length;
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scan(document);
    }, DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.findings.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.scanned.dispose();
  }
}

/** Files on disk and unsaved editors; not git/diff views or output channels, and nothing under node_modules. */
function isScannable(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
  return !/[\\/]node_modules[\\/]/.test(document.uri.path);
}

/**
 * A git-ignored `.env` is where local secrets belong, so there the finding is
 * information with a reminder rather than a warning; everywhere else it is a warning.
 */
function toDiagnostic(f: SecretFinding, uri: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
  const envFile = /^\.env(\..*)?$/.test(uri.path.split('/').pop() ?? '');
  const d = envFile
    ? new vscode.Diagnostic(range, `${f.message} In a .env file that is fine only while the file stays out of version control (.gitignore) and out of shared images.`, vscode.DiagnosticSeverity.Information)
    : new vscode.Diagnostic(range, f.message, vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.kind;
  return d;
}
