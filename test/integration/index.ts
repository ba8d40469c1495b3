// Entry point that VS Code's extension host calls with --extensionTestsPath
// (the standard extension-test shape: export run(), settle when mocha is done).
// scripts/test-integration.mjs bundles this file (with mocha inside) and every
// test/integration/**/*.test.ts next to it in out/test/integration/.
//
// To add an integration test: create test/integration/<feature>.test.ts using
// mocha's bdd globals (describe/it), `import * as vscode from 'vscode'`, and the
// helpers in ./support/extensionApi.ts; `npm run test:integration` picks it up.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/**
 * The workbench forwards its own logs and the extension host's console through the
 * same channel (window.codeAutomationLog); this mark tells the runner which lines
 * are mocha's report. Only mocha's Base.consoleLog can carry it: VS Code's
 * extension host makes the console methods read-only. Keep in sync with
 * scripts/host/runExtensionTests.mjs.
 */
const REPORT_MARK = '@@gcdev-report@@';

function markReport(): () => void {
  const base = Mocha.reporters.Base;
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    console.log(REPORT_MARK + format(...args));
  };
  return () => {
    base.consoleLog = original;
  };
}

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // the report travels as plain text through codeAutomationLog
    // Generous: each test drives a real workbench and the machine's CPU is shared.
    timeout: Number(process.env.GCDEV_TEST_TIMEOUT_MS ?? 60_000),
    ...(process.env.GCDEV_TEST_GREP ? { grep: process.env.GCDEV_TEST_GREP } : {}),
  });
  const files = testFilesUnder(__dirname);
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  for (const f of files) mocha.addFile(f);
  // test:electron's VS Code prints the extension host's console on its own terminal: no mark needed.
  const unmark = process.env.GCDEV_TEST_REPORT === 'plain' ? () => undefined : markReport();
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  }).finally(unmark);
}
