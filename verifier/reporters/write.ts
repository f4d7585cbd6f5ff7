import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../generator/errors.ts';
import type { VerifyReport } from '../engine/run-verify.ts';
import { maskUrl } from '../mask.ts';
import { summarize } from '../types.ts';
import { formatCoverage } from './coverage.ts';
import { toJsonReport } from './json.ts';
import { verifyJUnit } from './junit.ts';
import { formatTextReport } from './text.ts';

export interface ReportTargets {
  junit?: string;
  json?: string;
  /** Leave passing checks out of the text report. */
  failuresOnly?: boolean;
}

/** The text report and coverage table, as printed. */
export function verifyText(report: VerifyReport, failuresOnly = false): string {
  const title = `pwpkit verify ${maskUrl(report.baseUrl, [])} (${report.specs.join(', ')})`;
  return `${formatTextReport({ title, results: report.results, summary: report.summary, passes: !failuresOnly })}${skippedText(report)}${leftText(report)}\n\n${formatCoverage(report.coverage)}\n`;
}

/** Why checks were skipped, each reason once with how many it skipped (the lines above show them one by one). */
function skippedText(report: VerifyReport): string {
  const reasons = new Map<string, number>();
  for (const r of report.results)
    if (r.findings.length === 0 && r.skipped !== undefined) reasons.set(r.skipped, (reasons.get(r.skipped) ?? 0) + 1);
  if (reasons.size === 0) return '';
  return `\nSkipped, and why:\n${[...reasons].map(([reason, n]) => `  ${n} × ${reason}`).join('\n')}`;
}

/** What the run left at the provider, and where it is remembered for the next run. */
function leftText(report: VerifyReport): string {
  if (!report.left?.length) return '';
  const where = report.stateFile
    ? `kept in ${report.stateFile} for the next run`
    : 'not kept (no --state-file): the next run will find the cards enrolled';
  return `\nLeft at the provider (${where}):\n${report.left.map((l) => `  card …${l.card}: ${l.param} ${l.value}, ${l.status} (${l.family})`).join('\n')}`;
}

/** Which report takes stdout (`-`) in place of the text report; at most one may. */
export function stdoutFormat(targets: ReportTargets): 'json' | 'junit' | undefined {
  if (targets.json === '-' && targets.junit === '-')
    throw new InputError('only one of --json and --junit can be "-" (stdout)');
  return targets.json === '-' ? 'json' : targets.junit === '-' ? 'junit' : undefined;
}

/** Writes the JUnit and JSON files asked for (`-`: stdout); a run that could not finish says why in both. */
export async function writeVerifyFiles(report: VerifyReport, targets: ReportTargets): Promise<void> {
  const title = `pwpkit verify ${maskUrl(report.baseUrl, [])}`;
  const stopped = report.couldNotRun !== undefined ? { couldNotRun: report.couldNotRun } : {};
  if (targets.junit) await writeText(targets.junit, verifyJUnit(title, report.results, report.couldNotRun));
  const left = report.left?.length
    ? { left: report.left, ...(report.stateFile ? { stateFile: report.stateFile } : {}) }
    : {};
  if (targets.json)
    await writeText(
      targets.json,
      toJsonReport({
        tool: 'pwpkit verify',
        target: maskUrl(report.baseUrl, []),
        specs: report.specs,
        ...stopped,
        summary: report.summary,
        ...left,
        results: report.results,
        coverage: report.coverage,
      }),
    );
}

/**
 * verify stopped before it could run a check (unreachable provider, refused token, bad spec…):
 * the JUnit and JSON files asked for are still written, with the reason, so a CI dashboard shows
 * it. `reason` must already be masked.
 */
export async function writeCouldNotRunFiles(
  run: { baseUrl: string; specs: readonly string[] },
  reason: string,
  targets: ReportTargets,
): Promise<void> {
  await writeVerifyFiles(
    {
      baseUrl: run.baseUrl,
      specs: [...run.specs],
      results: [],
      summary: summarize([], 0, 0),
      coverage: { rows: [], statuses: { seen: 0, total: 0 }, codes: { seen: 0, total: 0 } },
      exitCode: 2,
      couldNotRun: reason,
    },
    targets,
  );
}

/** `-` is stdout (`--json -`, `--junit -`), as in pact-check; anything else a file. */
export async function writeText(file: string, text: string): Promise<void> {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
