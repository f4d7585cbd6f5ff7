import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { rules } from '../contracts/check/rules/index.ts';
import { expandPactPaths } from '../contracts/pact-files.ts';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../generator/errors.ts';

export function registerPactCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command('pact-check')
    .description('check Pact files (V2/V3/V4, any consumer) against the spec(s), before any provider runs them')
    .argument('<pact...>', 'pact files, or folders of them')
    .option('--spec <file...>', 'spec file(s) the interactions are matched against; default: every spec in pwpkit.config.json or package.json#/pwpkit')
    .option('--json <file>', 'also write the report as JSON ("-" for stdout instead of the text report)')
    .option('--junit <file>', 'also write the report as JUnit XML')
    .addHelpText('after', `\nRules:\n${rules.map((r) => `  ${r.name.padEnd(20)} ${r.summary}`).join('\n')}\n\nExit codes: 0 clean (warnings allowed), 1 any error finding, 2 bad input (unreadable pact or spec).\n`)
    .action(async (pactArgs: string[], opts: { spec?: string[]; json?: string; junit?: string }) => {
      const specs = opts.spec ?? (await readGenerateConfig(process.cwd())).spec;
      if (specs.length === 0) throw new InputError('pact-check: no spec to check against: pass --spec <file> or list specs in package.json#/pwpkit/spec');
      const pacts = await expandPactPaths(pactArgs);
      // Loaded on use: the spec pipeline is heavy and other commands do not need it.
      const { runPactCheck } = await import('../contracts/check/check-pacts.ts');
      const { formatText, toJUnitReport, toJsonReport } = await import('../contracts/check/report.ts');
      const report = await runPactCheck({ pacts, specs });
      if (opts.json === '-') process.stdout.write(toJsonReport(report));
      else process.stdout.write(formatText(report));
      if (opts.json && opts.json !== '-') await writeReport(opts.json, toJsonReport(report));
      if (opts.junit) await writeReport(opts.junit, toJUnitReport(report));
      setExit(report.summary.errors > 0 ? 1 : 0);
    });
}

async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
