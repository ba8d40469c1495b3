// `npm run test:mutation [-- stryker options]`: runs StrykerJS over src/core (stryker.config.mjs), then writes the
// per-folder summary into docs/quality.md. Options go to `stryker run`, e.g. --mutate 'src/core/signing/**/*.ts'
// --concurrency 1. Incremental: mutants outside --mutate keep their last results.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const core = dirname(require.resolve('@stryker-mutator/core/package.json'));
const args = process.argv.slice(2);
// Stryker's workers inherit the environment, so the shim reaches every process that loads the mocha runner.
const shim = pathToFileURL(join(import.meta.dirname, 'strykerMocha12.mjs')).href;
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${shim}`.trim() };
const run = spawnSync(process.execPath, [join(core, 'bin/stryker.js'), 'run', ...args], { stdio: 'inherit', env });
if (run.status !== 0) {
  console.error(`stryker run ended with ${run.signal ?? `exit code ${run.status}`}; docs/quality.md is left as it was.`);
  process.exit(run.status ?? 1);
}
const summary = spawnSync(process.execPath, [join(import.meta.dirname, 'mutationSummary.mjs'), ...(args.length ? ['--command', `npm run test:mutation -- ${args.join(' ')}`] : [])], { stdio: 'inherit' });
process.exit(summary.status ?? 1);
