import { resolve } from 'node:path';
import type { Command } from 'commander';
import { rules } from '../contracts/check/rules/index.ts';
import { expandPactPaths } from '../contracts/pact-files.ts';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../input/errors.ts';
import { writeReports } from '../reporting/write-reports.ts';

export function registerPactCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command('pact-check')
    .description('check Pact files (V2/V3/V4, any consumer) against the spec(s), before any provider runs them')
    .argument('[pact...]', 'pact files, or folders of them (or --pacts)')
    .option('--pacts <path...>', 'pact files or folders of them (the same as the arguments)')
    .option(
      '--spec <file...>',
      'spec file(s) the interactions are matched against; ' +
        'default: every spec in pwpkit.config.json or package.json#/pwpkit',
    )
    .option('--json <file>', 'also write the report as JSON ("-" for stdout instead of the text report)')
    .option('--junit <file>', 'also write the report as JUnit XML ("-" for stdout)')
    .addHelpText(
      'after',
      `\nRules:\n${rules.map((r) => `  ${r.name.padEnd(20)} ${r.summary}`).join('\n')}\n\n` +
        'Exit codes: 0 clean (warnings allowed), 1 any error finding, 2 bad input (unreadable pact or spec).\n',
    )
    .action(async (pactArgs: string[], opts: { pacts?: string[]; spec?: string[]; json?: string; junit?: string }) => {
      const pactPaths = [...pactArgs, ...(opts.pacts ?? [])];
      if (pactPaths.length === 0)
        throw new InputError('pact-check: no pact given: pass pact files or folders (or --pacts <path…>)');
      const config = await readGenerateConfig(process.cwd());
      const specs = opts.spec ?? config.spec;
      if (specs.length === 0)
        throw new InputError(
          'pact-check: no spec to check against: pass --spec <file> or list specs in package.json#/pwpkit/spec',
        );
      const pacts = await expandPactPaths(pactPaths);
      // Loaded on use: the spec pipeline is heavy and other commands do not need it.
      const { runPactCheck } = await import('../contracts/check/check-pacts.ts');
      const { pactCheckReportFormats } = await import('../reporting/pact-check.ts');
      const report = await runPactCheck({ pacts, specs, generatedDir: resolve(config.out) });
      await writeReports(pactCheckReportFormats(report), opts);
      setExit(report.summary.errors > 0 ? 1 : 0);
    });
}
