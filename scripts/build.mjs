// Bundles the extension host (node/cjs, `vscode` external), the gcdev CLI, and
// one browser bundle per webview entry found in src/webview/*/main.ts.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { undiciFromVendor, undiciVendorTarget } from './undiciVendor.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

const nodeTargets = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciFromVendor] },
  undiciVendorTarget,
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [undiciFromVendor] },
].filter((t) => existsSync(t.entryPoints[0]));

const webviewEntries = existsSync('src/webview')
  ? readdirSync('src/webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join('src/webview', d.name, 'main.ts')))
      .map((d) => ({ in: join('src/webview', d.name, 'main.ts'), out: d.name }))
  : [];

const configs = [
  ...nodeTargets.map((t) => ({ ...common, ...t, platform: 'node', format: 'cjs', target: 'node20' })),
  ...(webviewEntries.length
    ? [{ ...common, entryPoints: webviewEntries, outdir: 'dist/webview', platform: 'browser', format: 'esm', target: 'es2022' }]
    : []),
];

if (watch) {
  for (const c of configs) (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
