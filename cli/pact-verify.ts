import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { InputError } from '../input/errors.ts';
import { PWPKIT_BIN } from '../generator/package-info.ts';
import { writeReports } from '../reporting/write-reports.ts';

export function registerPactVerify(program: Command, setExit: (code: number) => void, argv: readonly string[]): void {
  program
    .command('pact-verify')
    .description('replay Pact files against a running provider (the Pact verifier), setting provider states first')
    .argument('[pact...]', 'pact files, or folders of them (or --pacts); default contracts/pacts')
    .requiredOption(
      '--provider-url <url>',
      'the provider root, e.g. http://127.0.0.1:4010 (pact paths carry the basePath)',
    )
    .option('--pacts <path...>', 'pact files or folders of them (the same as the arguments)')
    .option('--states-url <url>', 'provider-state setup URL; for `pwpkit mock --admin`: <url>/__admin/provider-states')
    .option(
      '--token <token>',
      'a real bearer token for requests whose pact accepts any token (default: $PWPKIT_PROVIDER_TOKEN); never printed',
    )
    .option(
      '--client-id <id>',
      'with --client-secret: real client credentials (HTTP Basic) for requests whose pact accepts any ' +
        '(default: $PWPKIT_CLIENT_ID)',
    )
    .option(
      '--client-secret <secret>',
      'the client secret for --client-id (default: $PWPKIT_CLIENT_SECRET); never printed',
    )
    .option('--timeout <ms>', 'per-request timeout', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0)
        throw new InputError(`--timeout: "${v}" is not a positive number of milliseconds`);
      return n;
    })
    .option('--json <file>', 'also write the result as JSON')
    .option('--junit <file>', 'also write the result as JUnit XML')
    .addHelpText(
      'after',
      '\nExit codes: 0 every interaction verified, 1 a verification failed, ' +
        '2 bad arguments, unreadable pacts or an unreachable provider.\n',
    )
    .action(
      async (
        pactArgs: string[],
        opts: {
          providerUrl: string;
          pacts?: string[];
          statesUrl?: string;
          token?: string;
          clientId?: string;
          clientSecret?: string;
          timeout?: number;
          json?: string;
          junit?: string;
        },
      ) => {
        if (plainOutputWanted()) {
          setExit(await runWithoutColour(argv));
          return;
        }
        const pacts = [...pactArgs, ...(opts.pacts ?? [])];
        // The Pact verifier prints its own report on stdout, so no machine format can have it.
        for (const [flag, value] of [
          ['--json', opts.json],
          ['--junit', opts.junit],
        ] as const) {
          if (value === '-')
            throw new InputError(
              `pact-verify ${flag} -: the Pact verifier prints its own report on stdout; give a file`,
            );
        }
        const { verifyPacts } = await import('../contracts/verify/verify-pacts.ts');
        const { pactVerifyReportFormats } = await import('../reporting/pact-verify.ts');
        const token = opts.token ?? (process.env.PWPKIT_PROVIDER_TOKEN || undefined);
        const clientId = opts.clientId ?? (process.env.PWPKIT_CLIENT_ID || undefined);
        const clientSecret = opts.clientSecret ?? (process.env.PWPKIT_CLIENT_SECRET || undefined);
        if ((clientId === undefined) !== (clientSecret === undefined))
          throw new InputError('pact-verify: give --client-id and --client-secret together');
        const basic =
          clientId !== undefined && clientSecret !== undefined
            ? `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
            : undefined;
        const report = await verifyPacts({
          providerUrl: opts.providerUrl,
          pacts: pacts.length > 0 ? pacts : ['contracts/pacts'],
          statesUrl: opts.statesUrl,
          token,
          basic,
          timeoutMs: opts.timeout,
        });
        await writeReports(pactVerifyReportFormats(report), opts);
        setExit(report.ok ? 0 : 1);
      },
    );
}

const CHILD = 'PWPKIT_PACT_VERIFY_PLAIN';

/** Output for machines: no colour when stdout is not a terminal or NO_COLOR is set. */
function plainOutputWanted(): boolean {
  if (process.env[CHILD] !== undefined) return false;
  return !process.stdout.isTTY || Boolean(process.env.NO_COLOR);
}

/**
 * The Pact verifier (native code) writes coloured text straight to stdout, with no option to stop
 * it. For plain output the command runs again in a child process whose output is passed on with
 * the colour codes taken out. Resolves the child's exit code.
 */
function runWithoutColour(argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PWPKIT_BIN, ...argv], {
      env: { ...process.env, [CHILD]: '1' },
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    const pass = (from: NodeJS.ReadableStream, to: NodeJS.WritableStream) =>
      from.on('data', (chunk: Buffer) => to.write(stripAnsi(chunk.toString())));
    pass(child.stdout, process.stdout);
    pass(child.stderr, process.stderr);
    child.on('error', (error) => {
      process.stderr.write(`pwpkit: pact-verify could not start its plain-output run (${error.message})\n`);
      resolve(2);
    });
    child.on('close', (code) => resolve(code ?? 2));
  });
}

function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}
