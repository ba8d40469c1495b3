#!/usr/bin/env node
// `node scripts/setup.mjs --for test` (the first step of `npm test`; `npm start` calls
// ensureSystemPackages itself): installs the system packages that command needs when it
// can do so unattended (root, or sudo -n), else stops with the exact command to run.
// See scripts/host/systemPackages.mjs for what each command needs and why.
import { parseArgs } from 'node:util';
import { readHostMarker } from './host/installHost.mjs';
import { ensureSystemPackages, prerequisitesFor } from './host/systemPackages.mjs';

let purpose;
try {
  purpose = parseArgs({ options: { for: { type: 'string' } }, strict: true }).values.for;
  if (purpose !== 'start' && purpose !== 'test') throw new Error(`--for must be "start" or "test", got ${JSON.stringify(purpose ?? '')}`);
} catch (e) {
  console.error(`setup: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}

const hostInstalled = readHostMarker() !== undefined;
try {
  const outcome = ensureSystemPackages(purpose, { hostInstalled });
  const names = prerequisitesFor(purpose, { hostInstalled }).map((p) => p.pkg);
  if (outcome === 'present' && names.length > 0) console.log(`npm ${purpose}: system packages present: ${names.join(', ')}`);
  if (outcome === 'installed') console.log(`npm ${purpose}: system packages installed`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
