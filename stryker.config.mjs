// @ts-check
/**
 * Mutation testing of src/core with the unit suite: `npm run test:mutation` (see docs/testing.md).
 * Not part of `npm test`: a full run takes long. Incremental: a re-run tests only the mutants whose code or
 * covering tests changed since the last run (reports/mutation/stryker-incremental.json). Narrow a run with
 * `npm run test:mutation -- --mutate 'src/core/signing/**\/*.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: ['src/core/**/*.ts', '!src/core/**/index.ts'],
  testRunner: 'mocha',
  // The root hooks (.mocharc.json) are left out: their leak check would see Stryker's own worker channel.
  mochaOptions: { 'no-config': true, spec: ['test/unit/**/*.test.ts'], extension: ['ts'], require: ['tsx/cjs'] },
  testRunnerNodeArgs: ['--import', 'tsx'],
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Only the tests that cover a mutant run against it.
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (constants, tables) each need the whole suite, and Stryker estimated them at most of
  // the time of a run of src/core/signing: left out (reported as Ignored, outside the score). Every test that uses
  // the tables they build exercises them anyway.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['media', 'bench', 'reports', 'dist', 'out'],
  // The machine is shared: two workers by default (`--concurrency 1` on a busy one).
  concurrency: 2,
  // Added to each mutant's expected run time before calling it a timeout. Several tests run real processes, but
  // 5 s was enough for every run of signing, links and webhooks; at 10 s the mutants that hang (an encoder's loop
  // that no longer advances) made up a fifth of a run.
  timeoutMS: 5000,
  thresholds: { high: 90, low: 80, break: null },
};
