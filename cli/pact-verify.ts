import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../generator/errors.ts';

export function registerPactVerify(program: Command, setExit: (code: number) => void): void {
  program
    .command('pact-verify')
    .description('replay Pact files against a running provider (the Pact verifier), setting provider states first')
    .requiredOption('--provider-url <url>', 'the provider root, e.g. http://127.0.0.1:4010 (pact paths carry the basePath)')
    .option('--pacts <path...>', 'pact files or folders of them', ['contracts/pacts'])
    .option('--states-url <url>', 'provider-state setup URL; for `pwpkit mock --admin`: <url>/__admin/provider-states')
    .option('--token <token>', 'a real bearer token for requests whose pact accepts any token (default: $PWPKIT_PROVIDER_TOKEN); never printed')
    .option('--timeout <ms>', 'per-request timeout', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InputError(`--timeout: "${v}" is not a positive number of milliseconds`);
      return n;
    })
    .option('--junit <file>', 'also write the result as JUnit XML')
    .addHelpText('after', '\nExit codes: 0 every interaction verified, 1 a verification failed, 2 bad arguments, unreadable pacts or an unreachable provider.\n')
    .action(async (opts: { providerUrl: string; pacts: string[]; statesUrl?: string; token?: string; timeout?: number; junit?: string }) => {
      const { verifyPacts } = await import('../contracts/verify/verify-pacts.ts');
      const { formatVerifyText, toVerifyJUnit } = await import('../contracts/verify/report.ts');
      const token = opts.token ?? (process.env.PWPKIT_PROVIDER_TOKEN || undefined);
      const report = await verifyPacts({ providerUrl: opts.providerUrl, pacts: opts.pacts, statesUrl: opts.statesUrl, token, timeoutMs: opts.timeout });
      process.stdout.write(formatVerifyText(report));
      if (opts.junit) {
        try {
          await writeFile(opts.junit, toVerifyJUnit(report));
        } catch (error) {
          throw new InputError(`cannot write ${opts.junit}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
      }
      setExit(report.ok ? 0 : 1);
    });
}
