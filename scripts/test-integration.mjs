#!/usr/bin/env node
// `npm run test:integration`: mocha inside the real VS Code extension host.
//   1. builds the extension (npm run build) unless --no-build
//   2. bundles test/integration/index.ts (mocha inside) and every **/*.test.ts of the
//      test dir into a private temp dir (scripts/host/bundleIntegrationTests.mjs)
//   3. installs the host if needed (scripts/host/install.mjs), then runs the tests in
//      VS Code server + headless Chromium and exits with the tests' code.
// Options: --no-build, --test-dir <dir> (default test/integration), --grep <re>,
//   --extension-path <dir> (run the extension from there, e.g. an unpacked .vsix; default the repo),
//   --settings <json> (workspace settings), --keep (keep temp dirs), --timeout <s>,
//   --verbose (also print the workbench's own log, always kept in <tmp>/logs/workbench.log).
// Env vars given to this runner reach the extension host (GCDEV_TEST=1 is always set).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleIntegrationTests } from './host/bundleIntegrationTests.mjs';
import { installHost } from './host/installHost.mjs';
import { REPO_ROOT } from './host/paths.mjs';
import { runExtensionTests } from './host/runExtensionTests.mjs';

const { values: opts } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'test-dir': { type: 'string', default: 'test/integration' },
    'extension-path': { type: 'string' },
    grep: { type: 'string' },
    settings: { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
  },
  strict: true,
});

let outDir;
function fail(message) {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  console.error(`test:integration: ${message}`);
  process.exit(1);
}

const started = Date.now();
process.chdir(REPO_ROOT);
if (!opts['no-build']) {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) fail('npm run build failed');
}

// A private bundle dir per run: engineers share this working tree, and a second run
// must not delete the files a first run's extension host is loading.
outDir = mkdtempSync(join(tmpdir(), 'gcdev-it-bundle-'));
let testFiles;
try {
  testFiles = await bundleIntegrationTests({ testDir: opts['test-dir'], outDir });
} catch (e) {
  fail(`bundling the tests failed: ${e instanceof Error ? e.message : String(e)}`);
}

let workspaceSettings;
if (opts.settings) {
  try { workspaceSettings = JSON.parse(opts.settings); } catch { fail('--settings is not valid JSON'); }
}

try {
  await installHost();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const extensionPath = opts['extension-path'] ?? REPO_ROOT;
if (!existsSync(join(extensionPath, 'dist', 'extension.js'))) fail(`${join(extensionPath, 'dist', 'extension.js')} is missing: run npm run build`);
console.log(`running ${testFiles.length} integration test file(s) in the real VS Code host…`);
const code = await runExtensionTests({
  extensionPath,
  testsIndex: join(outDir, 'index.js'),
  env: opts.grep ? { GCDEV_TEST_GREP: opts.grep } : {},
  workspaceSettings,
  timeoutMs: Number(opts.timeout) * 1000,
  keep: opts.keep,
  verbose: opts.verbose || process.env.GCDEV_VERBOSE === '1',
});
rmSync(outDir, { recursive: true, force: true });
console.log(`integration tests ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code);
