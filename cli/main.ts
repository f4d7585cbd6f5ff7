import { Command, CommanderError } from 'commander';
import { InputError } from '../generator/errors.ts';

type Register = (program: Command, setExit: (code: number) => void) => void;

/**
 * Each command's module, loaded only when that command runs: `generate` should not pay for
 * loading fastify, pact-js and the verifier. `--help` (or an unknown command) loads them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  generate: async () => (await import('./generate.ts')).registerGenerate,
  mock: async () => (await import('./mock.ts')).registerMock,
  'pact-check': async () => (await import('./pact-check.ts')).registerPactCheck,
  'pact-verify': async () => (await import('./pact-verify.ts')).registerPactVerify,
  verify: async () => (await import('./verify.ts')).registerVerify,
  proxy: async () => (await import('./proxy.ts')).registerProxy,
  demo: async () => (await import('./demo.ts')).registerDemo,
};

/** The `pwpkit` command line. Returns the process exit code; never prints a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('pwpkit')
    .description('Contract testing and code generation for Swagger 2.0 / OpenAPI 3 APIs')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    const command = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
    for (const register of await Promise.all(command.map((name) => COMMANDS[name]()))) register(program, setExit);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      process.stderr.write(`pwpkit: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`pwpkit: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.PWPKIT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
}
