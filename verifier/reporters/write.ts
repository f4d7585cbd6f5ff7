import { oneLine } from '../../generator/errors.ts';
import type { ReportFormats } from '../../reporting/write-reports.ts';
import type { VerifyReport } from '../engine/run-verify.ts';
import { maskUrl } from '../mask.ts';
import { summarize } from '../types.ts';
import { formatCoverage } from './coverage.ts';
import { toJsonReport } from './json.ts';
import { verifyJUnit } from './junit.ts';
import { formatTextReport } from './text.ts';

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
  return `\nSkipped, and why:\n${[...reasons].map(([reason, n]) => `  ${n} × ${oneLine(reason)}`).join('\n')}`;
}

/** What the run left at the provider, and where it is remembered for the next run. */
function leftText(report: VerifyReport): string {
  if (!report.left?.length) return '';
  const where = report.stateFile
    ? `kept in ${report.stateFile} for the next run`
    : 'not kept (no --state-file): the next run will find the cards enrolled';
  return `\nLeft at the provider (${where}):\n${report.left.map((l) => `  card …${l.card}: ${l.param} ${l.value}, ${l.status} (${l.family})`).join('\n')}`;
}

/** verify's report in every format (pure: the CLI writes them through reporting/write-reports.ts). */
export function verifyReportFormats(report: VerifyReport, failuresOnly = false): ReportFormats {
  const target = maskUrl(report.baseUrl, []);
  const stopped = report.couldNotRun !== undefined ? { couldNotRun: report.couldNotRun } : {};
  const left = report.left?.length
    ? { left: report.left, ...(report.stateFile ? { stateFile: report.stateFile } : {}) }
    : {};
  return {
    text: report.couldNotRun !== undefined ? '' : verifyText(report, failuresOnly),
    junit: () => verifyJUnit(`pwpkit verify ${target}`, report.results, report.couldNotRun),
    json: () =>
      toJsonReport({
        tool: 'pwpkit verify',
        target,
        specs: report.specs,
        ...stopped,
        summary: report.summary,
        ...left,
        results: report.results,
        coverage: report.coverage,
      }),
  };
}

/**
 * The report of a verify that stopped before it could run a check (unreachable provider, refused
 * token, bad spec…): its files still say why, so a CI dashboard shows it. `reason` must already
 * be masked.
 */
export function couldNotRunReport(run: { baseUrl: string; specs: readonly string[] }, reason: string): VerifyReport {
  return {
    baseUrl: run.baseUrl,
    specs: [...run.specs],
    results: [],
    summary: summarize([], 0, 0),
    coverage: { rows: [], statuses: { seen: 0, total: 0 }, codes: { seen: 0, total: 0 } },
    exitCode: 2,
    couldNotRun: reason,
  };
}
