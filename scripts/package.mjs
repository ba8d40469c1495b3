#!/usr/bin/env node
// `npm run package`: a production build and a .vsix for a desktop VS Code
// (Extensions view → … → Install from VSIX…, or `code --install-extension <file>`).
import { spawnSync } from 'node:child_process';
import { packageVsix } from './host/packageVsix.mjs';
import { REPO_ROOT } from './host/paths.mjs';

const build = spawnSync('node', ['scripts/build.mjs', '--production'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('package: the production build failed');
  process.exit(1);
}
try {
  const { vsix, output } = packageVsix();
  process.stdout.write(output);
  console.log(`\nInstall in VS Code: code --install-extension ${vsix}`);
} catch (e) {
  console.error(`package: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
