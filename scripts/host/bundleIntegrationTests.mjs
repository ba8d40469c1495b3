// Bundles test/integration/index.ts (mocha inside) and every **/*.test.ts of a test dir
// into outDir (cjs, node, `vscode` external): the shape VS Code's --extensionTestsPath
// loads, used by both runners (code-server: test-integration.mjs; desktop VS Code:
// test-electron.mjs and the "Extension Tests" launch configuration).
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './paths.mjs';

/** @returns {Promise<string[]>} the test files bundled (repo-relative); throws when there are none */
export async function bundleIntegrationTests({ testDir = 'test/integration', outDir }) {
  const testFiles = readdirSync(resolve(REPO_ROOT, testDir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(relative(REPO_ROOT, e.parentPath), e.name));
  if (testFiles.length === 0) throw new Error(`no *.test.ts files under ${testDir}`);
  const common = {
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode'], logLevel: 'warning', absWorkingDir: REPO_ROOT,
    // mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
  await esbuild.build({ ...common, entryPoints: ['test/integration/index.ts'], outfile: join(outDir, 'index.js') });
  await esbuild.build({ ...common, entryPoints: testFiles, outbase: testDir, outdir: outDir });
  return testFiles;
}
