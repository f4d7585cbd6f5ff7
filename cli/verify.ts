import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../input/errors.ts';
import { parseDuration, parseSize } from '../input/option-values.ts';
import { providerUrlOf, withProviderUrl } from './provider-url.ts';
import { runVerify } from '../verifier/engine/run-verify.ts';
import { DEFAULT_STATE_FILE } from '../verifier/engine/run-state.ts';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from '../verifier/http/send.ts';
import { maskText } from '../verifier/mask.ts';
import { couldNotRunReport } from '../verifier/could-not-run.ts';
import { verifyReportFormats } from '../reporting/verify.ts';
import { progressReporter } from '../reporting/verify-progress.ts';
import { writeReports } from '../reporting/write-reports.ts';
import { loadFixture } from '../domain/pay-with-points/fixture.ts';
import { payWithPointsVerifyPlugin } from '../domain/pay-with-points/verify/plugin.ts';

interface VerifyCliOptions {
  providerUrl?: string;
  baseUrl?: string;
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
  /** A path, or false with --no-state-file. */
  stateFile: string | false;
  timeout: string;
  requestTimeout: string;
  maxBody: string;
}

/** The whole run's default deadline: 10 minutes. */
const DEFAULT_RUN_TIMEOUT = '600s';

export function registerVerify(program: Command, setExit: (code: number) => void): void {
  withProviderUrl(
    program.command('verify'),
    'the provider, with or without the basePath (http://localhost:4010 or …/api)',
    '--base-url',
  )
    .description(
      'check that a provider honours the spec: documented answers, schemas, error codes, refusals, behaviour ' +
        '(exit 0 pass, 1 broken, 2 could not run)',
    )
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--fixture <file>', "what verify may enrol (the mock's fixture shape); default: the mock's default fixture")
    .option('--token <bearer>', 'a bearer token to send instead of fetching one')
    .option('--client-id <id>', 'OAuth2 client id (also sent as the client-id header)')
    .option('--client-secret <secret>', 'OAuth2 client secret')
    .option('--token-url <url>', "token endpoint (default: the spec's client-credentials grant under <provider-url>)")
    .option('--junit <file>', 'write a JUnit XML report ("-": on stdout, in place of the text report)')
    .option('--json <file>', 'write a JSON report ("-": on stdout, in place of the text report)')
    .option('--only <operation...>', 'limit the run to these operations (or scenario:<producer>)')
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .option('--no-scenarios', 'skip the behavioural scenarios')
    .option(
      '--state-file <file>',
      'where verify remembers what it could not clean up at the provider (a card left enrolled and its link), ' +
        'reused by the next run',
      DEFAULT_STATE_FILE,
    )
    .option('--no-state-file', 'remember nothing between runs')
    .option(
      '--states-url <url>',
      'a Pact-style provider-state endpoint (pwpkit mock --admin: <mock>/__admin/provider-states); ' +
        'adds outage and expired-code checks',
    )
    .option('--failures-only', 'leave passing checks out of the printed report')
    .option(
      '--timeout <duration>',
      'deadline for the whole run: 90 (seconds), 90s, 1500ms, 2m; 0 = none. Past it verify stops and exits 2',
      DEFAULT_RUN_TIMEOUT,
    )
    .option(
      '--request-timeout <duration>',
      'deadline for each exchange, first byte sent to last byte read (not an idle timeout); past it the check fails',
      `${DEFAULT_TIMEOUT_MS / 1000}s`,
    )
    .option(
      '--max-body <size>',
      'read at most this much of an answer: bytes, or 512kb, 4mb; a longer answer is a finding',
      `${DEFAULT_MAX_BODY_BYTES / 1024 / 1024}mb`,
    )
    .action(async (options: VerifyCliOptions) => {
      const opts = { ...options, baseUrl: providerUrlOf(options, '--base-url') };
      if (opts.token && opts.clientSecret)
        throw new InputError('give either --token or --client-id/--client-secret, not both');
      if (opts.clientSecret && !opts.clientId) throw new InputError('--client-secret needs --client-id');
      if (opts.clientId && !opts.clientSecret && !opts.token)
        throw new InputError('--client-id needs --client-secret (or give --token)');
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new InputError(`--concurrency ${opts.concurrency}: expected a positive integer`);
      const runTimeoutMs = parseDuration(opts.timeout, '--timeout', true);
      const timeoutMs = parseDuration(opts.requestTimeout, '--request-timeout', false);
      const maxBodyBytes = parseSize(opts.maxBody, '--max-body');
      const config = await readGenerateConfig(process.cwd());
      const specs = opts.spec ?? config.spec;
      if (specs.length === 0) throw new InputError('no spec: give --spec or list them in package.json#/pwpkit/spec');
      const secrets = [opts.token, opts.clientSecret].filter((s): s is string => s !== undefined);
      const couldNotRun = async (reason: string) => {
        const masked = maskText(reason, secrets);
        await writeReports(verifyReportFormats(couldNotRunReport({ baseUrl: opts.baseUrl, specs }, masked)), {
          junit: opts.junit,
          json: opts.json,
        });
        return masked;
      };
      let report: Awaited<ReturnType<typeof runVerify>>;
      try {
        report = await runVerify({
          baseUrl: opts.baseUrl,
          specs,
          generatedDir: resolve(config.out),
          // Pay with Points' cards, scenarios and provider states; on any other spec its scenarios skip.
          plugin: payWithPointsVerifyPlugin(
            opts.fixture ? await loadFixture(opts.fixture, `--fixture ${opts.fixture}`) : undefined,
          ),
          token: opts.token,
          clientId: opts.clientId,
          clientSecret: opts.clientSecret,
          tokenUrl: opts.tokenUrl,
          only: opts.only,
          concurrency,
          scenarios: opts.scenarios,
          timeoutMs,
          maxBodyBytes,
          ...(runTimeoutMs > 0 ? { runTimeoutMs } : {}),
          ...(opts.statesUrl !== undefined ? { statesUrl: opts.statesUrl } : {}),
          ...(opts.stateFile !== false ? { stateFile: opts.stateFile } : {}),
          onEvent: progressReporter(process.stderr),
        });
      } catch (error) {
        // Could not run (unreachable provider, refused credentials, bad spec or fixture): one line, and the
        // files still say why.
        if (error instanceof InputError) throw new InputError(await couldNotRun(error.message));
        throw error;
      }
      // `--json -` / `--junit -`: that report is stdout, in place of the text report.
      await writeReports(verifyReportFormats(report, opts.failuresOnly), { junit: opts.junit, json: opts.json });
      if (report.couldNotRun !== undefined) throw new InputError(`verify could not run: ${report.couldNotRun}`);
      setExit(report.exitCode);
    });
}
