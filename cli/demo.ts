import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../input/errors.ts';
import { startPayWithPointsSandbox } from '../domain/pay-with-points/index.ts';
import { runVerify } from '../verifier/engine/run-verify.ts';
import { verifyText } from '../reporting/verify.ts';
import { progressReporter } from '../reporting/verify-progress.ts';
import { payWithPointsVerifyPlugin } from '../domain/pay-with-points/verify/plugin.ts';

/**
 * `pwpkit demo` (`npm start`): the whole toolkit on its embedded defaults, offline. Starts the
 * stateful mock in-process on a free port (admin API on, for its provider states), runs the
 * conformance verifier against it with the default fixture and `--states-url`, prints the report
 * and the coverage table, stops, and exits with verify's code.
 */
export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('showcase: start the mock in-process, verify it against the spec(s), print the report and coverage')
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--failures-only', 'leave passing checks out of the printed report')
    .action(async (opts: { spec?: string[]; failuresOnly?: boolean }) => {
      const specs = opts.spec ?? (await readGenerateConfig(process.cwd())).spec;
      if (specs.length === 0) throw new InputError('no spec: give --spec or list them in package.json#/pwpkit/spec');
      const mock = await startPayWithPointsSandbox({ port: 0, admin: true });
      try {
        const say = (line: string) => process.stdout.write(`${line}\n`);
        say(
          `pwpkit demo: the sandbox mock is listening on ${mock.url}/api (default fixture: ` +
            'cards …7411 and …5212, client sandbox-client, customers chan.taiman and lee.siuming)',
        );
        say(
          `pwpkit demo: verifying it against ${specs.join(', ')}, with its provider states for outages, ` +
            'expired codes, refused orders and expired customer tokens',
        );
        say(
          'pwpkit demo: the Authorize API (spec/authorize.swagger.yaml) runs its OAuth rules as scenarios: ' +
            'consent page → code → token, refresh, revoke, card enrol → OTP → activate\n',
        );
        const statesUrl = `${mock.url}/__admin/provider-states`;
        const report = await runVerify({
          baseUrl: mock.url,
          specs,
          plugin: payWithPointsVerifyPlugin(),
          statesUrl,
          onEvent: progressReporter(process.stderr),
        });
        process.stdout.write(verifyText(report, opts.failuresOnly));
        say('');
        say(
          'Next: `npx pwpkit mock` for a sandbox to build against, ' +
            '`npx pwpkit verify --provider-url <url>` to check a provider,',
        );
        say('`npx pwpkit proxy --provider-url <url>` to check a client; `npx pwpkit --help` lists every command.');
        setExit(report.exitCode);
      } finally {
        await mock.close();
      }
    });
}
