#!/usr/bin/env node
// `npm run host:install`: installs (once) the real VS Code host used by
// `npm start`, `npm run test:integration` and `npm run screenshots`.
import { installHost } from './installHost.mjs';
import { HOST_DIR } from './paths.mjs';

try {
  const m = await installHost();
  console.log(`VS Code host ready in ${HOST_DIR}: code-server ${m.codeServerVersion} (VS Code ${m.vscodeVersion}), Node ${m.nodeVersion}`);
} catch (e) {
  console.error(`host install failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
