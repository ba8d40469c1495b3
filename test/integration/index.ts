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
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
