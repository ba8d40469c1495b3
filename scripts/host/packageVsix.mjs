// Packages the built extension as a .vsix with vsce. dist/ is a self-contained
// esbuild bundle, so --no-dependencies; .vscodeignore keeps the package to
// dist/, media/, package.json, README, CHANGELOG and LICENSE.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

export function packageVsix({ outDir = join(REPO_ROOT, 'out') } = {}) {
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, `${pkg.name}-${pkg.version}.vsix`);
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository',
    // README images (media/screenshots) ship inside the .vsix; there is no public repository to rewrite them to.
    '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}${r.stderr}`);
  return { vsix, output: r.stdout };
}
