import { Command, CommanderError } from 'commander';
import { InputError } from '../generator/errors.ts';

export type Register = (program: Command, setExit: (code: number) => void) => void;

/** Command name → a loader for the module that registers it. */
export type CommandTable = Record<string, () => Promise<Register>>;

/**
 * Runs the `pwpkit` command line over a table of commands, loading only the one invoked (all of
 * them for `--help` or an unknown command). Returns the exit code; never prints a stack trace.
 */
export async function runProgram(argv: readonly string[], commands: CommandTable): Promise<number> {
  const program = new Command('pwpkit')
    .description('Contract testing and code generation for Swagger 2.0 / OpenAPI 3 APIs')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    const names = argv[0] !== undefined && Object.hasOwn(commands, argv[0]) ? [argv[0]] : Object.keys(commands);
    for (const register of await Promise.all(names.map((name) => commands[name]()))) register(program, setExit);
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
