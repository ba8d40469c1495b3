// @ts-check
/**
 * Mutation testing of src/core/sandbox (`npm run test:mutation -- stryker.sandbox.config.mjs`): the base
 * configuration, with the test files that start a process per test (the spawned `gcdev` commands, the snippets in
 * other languages, the sample app) left out. A survivor runs every test that covers it, and most of the sandbox is
 * covered by those: with them a run of this folder takes hours on two cores. Without them a mutant only they
 * would kill counts as a survivor, so the score is a lower bound. The sandbox's own tests run first, so that a
 * mutant they kill is not first run against the slower ones.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
import base from './stryker.config.mjs';

export default {
  ...base,
  mutate: ['src/core/sandbox/**/*.ts', '!src/core/sandbox/index.ts'],
  mochaOptions: {
    ...base.mochaOptions,
    spec: ['test/unit/sandbox/**/*.test.ts', 'test/unit/**/*.test.ts'],
    ignore: [
      'test/unit/cli/restCommands.test.ts', 'test/unit/cli/signingCommands.test.ts', 'test/unit/cli/webhookCommands.test.ts',
      'test/unit/sample/**', 'test/unit/snippets/**',
    ],
  },
};
