import { defaultExclude, defaultInclude, defineConfig } from 'vitest/config';

/**
 * Three groups, run one after the other (`sequence.groupOrder`); files within a group run in parallel.
 *
 * 0. `unit`: every test file in the repo (vitest's default pattern), including the Pact consumer
 *    tests (`*.pact.test.ts`), which write contracts/pacts/.
 * 1. `provider`: `*.verify.test.ts`, the provider verification of the pacts group 0 wrote.
 * 2. `pact-check`: `*.written.test.ts`, checks of the written pacts (spec, determinism, secrets).
 *
 * A single project raced: the verifier could read a pact file while the consumer was rewriting it.
 * `downstream` (pack → install → tsc → node in a temp project) runs beside `unit`.
 *
 * Timeouts are generous everywhere (60 s a test, more where a test says so): the suite runs on
 * loaded 2-core machines, and no test may depend on how fast a process starts.
 */
const VERIFY = '**/*.verify.test.ts';
const WRITTEN = '**/*.written.test.ts';
const DOWNSTREAM = 'test/downstream/**/*.test.ts';

export default defineConfig({
  test: {
    env: { PACT_DO_NOT_TRACK: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: defaultInclude,
          exclude: [...defaultExclude, VERIFY, WRITTEN, DOWNSTREAM],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'downstream',
          include: [DOWNSTREAM],
          exclude: defaultExclude,
          sequence: { groupOrder: 0 },
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'provider',
          include: [VERIFY],
          exclude: defaultExclude,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'pact-check',
          include: [WRITTEN],
          exclude: defaultExclude,
          sequence: { groupOrder: 2 },
          testTimeout: 30_000,
        },
      },
    ],
  },
});
