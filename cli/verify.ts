import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../generator/errors.ts';
import { runVerify } from '../verifier/engine/run-verify.ts';
import { readFixtureFile } from '../verifier/fixture.ts';
import { progressReporter } from '../verifier/reporters/progress.ts';
import { verifyText, writeVerifyFiles } from '../verifier/reporters/write.ts';

interface VerifyCliOptions {
  baseUrl: string;
  spec?: string[];
  fixture?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  junit?: string;
  json?: string;
  only?: string[];
  concurrency?: string;
  scenarios: boolean;
  failuresOnly?: boolean;
  statesUrl?: string;
}

export function registerVerify(program: Command, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description('check that a provider honours the spec: documented answers, schemas, error codes, refusals, behaviour (exit 0 pass, 1 broken, 2 could not run)')
    .requiredOption('--base-url <url>', 'the provider, with or without the basePath (http://localhost:4010 or …/api)')
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--fixture <file>', "what verify may enrol (the mock's fixture shape); default: the mock's default fixture")
    .option('--token <bearer>', 'a bearer token to send instead of fetching one')
    .option('--client-id <id>', 'OAuth2 client id (also sent as the client-id header)')
    .option('--client-secret <secret>', 'OAuth2 client secret')
    .option('--token-url <url>', 'token endpoint (default <base-url>/api/clientCredentials/oauth2/token/sg/gcb)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--only <operation...>', 'limit the run to these operations (or scenario:<producer>)')
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .option('--no-scenarios', 'skip the behavioural scenarios')
    .option('--states-url <url>', 'a Pact-style provider-state endpoint (pwpkit mock --admin: <mock>/__admin/provider-states); adds outage and expired-code checks')
    .option('--failures-only', 'leave passing checks out of the printed report')
    .action(async (opts: VerifyCliOptions) => {
      if (opts.token && opts.clientSecret) throw new InputError('give either --token or --client-id/--client-secret, not both');
      if (opts.clientSecret && !opts.clientId) throw new InputError('--client-secret needs --client-id');
      if (opts.clientId && !opts.clientSecret && !opts.token) throw new InputError('--client-id needs --client-secret (or give --token)');
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`--concurrency ${opts.concurrency}: expected a positive integer`);
      const specs = opts.spec ?? (await readGenerateConfig(process.cwd())).spec;
      if (specs.length === 0) throw new InputError('no spec: give --spec or list them in package.json#/pwpkit/spec');
      const report = await runVerify({
        baseUrl: opts.baseUrl,
        specs,
        ...(opts.fixture ? { fixture: await readFixtureFile(opts.fixture) } : {}),
        token: opts.token,
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        tokenUrl: opts.tokenUrl,
        only: opts.only,
        concurrency,
        scenarios: opts.scenarios,
        ...(opts.statesUrl !== undefined ? { statesUrl: opts.statesUrl } : {}),
        onEvent: progressReporter(process.stderr),
      });
      process.stdout.write(verifyText(report, opts.failuresOnly));
      await writeVerifyFiles(report, { junit: opts.junit, json: opts.json });
      setExit(report.exitCode);
    });
}
