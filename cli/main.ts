import { runProgram, type CommandTable } from './program.ts';

/**
 * Each command's module, loaded only when that command runs: `generate` should not pay for
 * loading fastify, pact-js and the verifier. `--help` (or an unknown command) loads them all.
 */
const COMMANDS: CommandTable = {
  generate: async () => (await import('./generate.ts')).registerGenerate,
  mock: async () => (await import('./mock.ts')).registerMock,
  'pact-check': async () => (await import('./pact-check.ts')).registerPactCheck,
  'pact-verify': async () => (await import('./pact-verify.ts')).registerPactVerify,
  verify: async () => (await import('./verify.ts')).registerVerify,
  proxy: async () => (await import('./proxy.ts')).registerProxy,
  demo: async () => (await import('./demo.ts')).registerDemo,
};

/** The `pwpkit` command line. Returns the process exit code; never prints a stack trace. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, COMMANDS);
}
