/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after
 * another (so they do not compete for the two cores), and prints their figures.
 * `npm run bench -- signing` runs only the benches whose name contains "signing".
 * Then docs/performance.md is written anew from bench/results/*.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2];
const benches = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(__dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
// The document people read is made from the results just written (see scripts/performance-doc.mjs).
spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'performance-doc.mjs')], { stdio: 'inherit' });
if (failed) {
  process.stderr.write(`${failed} benchmark(s) failed\n`);
  process.exitCode = 1;
}
