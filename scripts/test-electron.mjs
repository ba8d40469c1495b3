#!/usr/bin/env node
// `npm run test:electron`: the integration suite (test/integration) in a desktop VS Code
// that @vscode/test-electron downloads into .vscode-test/, the usual way extension tests
// run on a machine with a display and access to update.code.visualstudio.com. Not part
// of `npm test`, whose integration suite runs offline in code-server (test-integration.mjs).
// Options: --no-build, --grep <re>, --vscode-version <x.y.z|stable|insiders> (default stable),
//   --vscode-executable <path> (a VS Code already on this machine: no download),
//   --bundle-only (write the bundle to out/integration-tests and stop: the
//   "Extension Tests" launch configuration runs it from there).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { bundleIntegrationTests } from './host/bundleIntegrationTests.mjs';
import { REPO_ROOT } from './host/paths.mjs';

const BUNDLE_DIR = join(REPO_ROOT, 'out', 'integration-tests');

function fail(message) {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      grep: { type: 'string' },
      'vscode-version': { type: 'string', default: 'stable' },
      'vscode-executable': { type: 'string' },
      'bundle-only': { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

process.chdir(REPO_ROOT);
if (!opts['no-build'] && spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) fail('npm run build failed');

rmSync(BUNDLE_DIR, { recursive: true, force: true });
let testFiles;
try {
  testFiles = await bundleIntegrationTests({ outDir: BUNDLE_DIR });
} catch (e) {
  fail(`bundling the tests failed: ${e instanceof Error ? e.message : String(e)}`);
}
if (opts['bundle-only']) {
  console.log(`bundled ${testFiles.length} integration test file(s) into ${BUNDLE_DIR}`);
  process.exit(0);
}

let vscodeExecutablePath = opts['vscode-executable'];
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: opts['vscode-version'], cachePath: join(REPO_ROOT, '.vscode-test'), timeout: 30_000 });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    fail(`could not download VS Code ${opts['vscode-version']} (${reason}): this route needs update.code.visualstudio.com; ` +
      'pass --vscode-executable <path> to use an installed VS Code, or run the same suite offline with npm run test:integration');
  }
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.warn('test:electron: no DISPLAY: desktop VS Code needs one; on a server run it under xvfb-run -a npm run test:electron');
}

// The same workspace the code-server runner gives the tests: an empty folder with workspace settings.
const tmp = mkdtempSync(join(tmpdir(), 'gcdev-electron-'));
const workspace = join(tmp, 'workspace');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
writeFileSync(join(workspace, '.vscode', 'settings.json'), '{}\n');

let code;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(BUNDLE_DIR, 'index.js'),
    extensionTestsEnv: {
      GCDEV_TEST: '1',
      // mocha's report goes straight to this terminal, not through the workbench's log channel.
      GCDEV_TEST_REPORT: 'plain',
      ...(opts.grep ? { GCDEV_TEST_GREP: opts.grep } : {}),
    },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(tmp, 'user-data')],
  });
} catch (e) {
  // runTests rejects with TestRunFailedError when VS Code exits non-zero (a failed test included).
  console.error(`test:electron: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
}
rmSync(tmp, { recursive: true, force: true });
console.log(`integration tests in desktop VS Code ${code === 0 ? 'passed' : 'FAILED'}`);
process.exit(code);
