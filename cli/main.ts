import { Command, CommanderError } from 'commander';
import { InputError } from '../generator/errors.ts';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerMock } from './mock.ts';
import { registerPactCheck } from './pact-check.ts';
import { registerPactVerify } from './pact-verify.ts';
import { registerProxy } from './proxy.ts';
import { registerVerify } from './verify.ts';

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
  registerGenerate(program, setExit);
  registerMock(program, setExit);
  registerPactCheck(program, setExit);
  registerPactVerify(program, setExit);
  registerVerify(program, setExit);
  registerProxy(program, setExit);
  registerDemo(program, setExit);
  try {
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
