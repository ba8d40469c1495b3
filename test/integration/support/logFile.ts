// The GoCardless log channel as written to disk: VS Code keeps each log output channel of an extension in a
// file under its context.logUri, which the extension exposes to tests as deps.logUri.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionDeps } from '../../../src/extension/ExtensionDeps';

export function gocardlessLog(deps: ExtensionDeps): string {
  const dir = deps.logUri?.fsPath;
  if (!dir) throw new Error('deps.logUri is not set');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    return '';
  }
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}
