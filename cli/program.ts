import { Command, CommanderError } from 'commander';
import { InputError } from '../input/errors.ts';
import { PWPKIT_VERSION } from '../generator/package-info.ts';

/** Adds one command; `argv` is the whole command line (a command that re-runs itself needs it). */
export type Register = (program: Command, setExit: (code: number) => void, argv: readonly string[]) => void;

/** One command: a one-line summary for `pwpkit --help`, and a loader for the module that registers it. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Register>;
}

/** Command name → its entry. */
export type CommandTable = Readonly<Record<string, CommandEntry>>;

/**
 * Runs the `pwpkit` command line over a table of commands, loading only the one invoked: the root
 * `--help`, `--version` and an unknown command load none (the help lists the summaries).
 * Returns the exit code; never prints a stack trace.
 */
export async function runProgram(argv: readonly string[], commands: CommandTable): Promise<number> {
  const program = new Command('pwpkit')
    .description('Contract testing and code generation for Swagger 2.0 / OpenAPI 3 APIs')
    .version(PWPKIT_VERSION, '-V, --version', 'print the pwpkit version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    // `pwpkit help <command>` is `pwpkit <command> --help`, so the command's full help loads.
    if (argv[0] === 'help' && argv[1] !== undefined && Object.hasOwn(commands, argv[1])) argv = [argv[1], '--help'];
    const name = argv[0];
    if (name !== undefined && Object.hasOwn(commands, name)) (await commands[name].load())(program, setExit, argv);
    else for (const [other, entry] of Object.entries(commands)) program.command(other).description(entry.summary);
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
