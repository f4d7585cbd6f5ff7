import { runProgram, type CommandTable } from './program.ts';

/**
 * Each command's module, loaded only when that command runs: `generate` does not pay for loading
 * fastify, pact-js and the verifier, and `pwpkit --help` loads none of them.
 */
const COMMANDS: CommandTable = {
  generate: {
    summary: 'normalize the spec(s) and emit types, operations, validators, error catalog and client',
    load: async () => (await import('./generate.ts')).registerGenerate,
  },
  mock: {
    summary: 'start the stateful sandbox mock on loopback',
    load: async () => (await import('./mock.ts')).registerMock,
  },
  verify: {
    summary: 'check that a provider honours the spec (exit 0 pass, 1 broken, 2 could not run)',
    load: async () => (await import('./verify.ts')).registerVerify,
  },
  proxy: {
    summary: 'a validation proxy between a client and a provider: proves the client honours the spec',
    load: async () => (await import('./proxy.ts')).registerProxy,
  },
  'pact-check': {
    summary: 'check Pact files against the spec(s), before any provider runs them',
    load: async () => (await import('./pact-check.ts')).registerPactCheck,
  },
  'pact-verify': {
    summary: 'replay Pact files against a running provider, setting provider states first',
    load: async () => (await import('./pact-verify.ts')).registerPactVerify,
  },
  demo: {
    summary: 'showcase: start the mock in-process, verify it against the spec(s), print the report',
    load: async () => (await import('./demo.ts')).registerDemo,
  },
};

/** The `pwpkit` command line. Returns the process exit code; never prints a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'generate') {
    // openapi-typescript loads in its worker thread while the spec is read and normalized.
    const { prewarmTypesWorker } = await import('../generator/emit/types-worker/client.js');
    prewarmTypesWorker();
  }
  return runProgram(argv, COMMANDS);
}
