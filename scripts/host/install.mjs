#!/usr/bin/env node
// `npm run host:install`: installs (once) the real VS Code host used by
// `npm start`, `npm run test:integration` and `npm run screenshots`, after the
// system packages its build needs (the same as npm start's).
import { installHost, readHostMarker } from './installHost.mjs';
import { ensureSystemPackages } from './systemPackages.mjs';

try {
  ensureSystemPackages('start', { hostInstalled: readHostMarker() !== undefined });
  await installHost(); // says "host ready in …" after an install, "reusing …" when there was nothing to do
} catch (e) {
  console.error(`host install failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
