/** `pwpkit verify`'s report (and `pwpkit demo`'s, which prints the same text). */
import { maskUrl } from '../core/mask.ts';
import { oneLine } from '../input/errors.ts';
import type { VerifyReport } from '../verifier/engine/run-verify.ts';
import { formatCoverage } from './case-results/coverage.ts';
import { toJsonReport } from './case-results/json.ts';
import { verifyJUnit } from './case-results/junit.ts';
import { formatTextReport } from './case-results/text.ts';
import type { ReportFormats } from './write-reports.ts';

/** The text report and coverage table, as printed. */
export function verifyText(report: VerifyReport, failuresOnly = false): string {
  const title = `pwpkit verify ${maskUrl(report.baseUrl, [])} (${report.specs.join(', ')})`;
  const checks = formatTextReport({ title, results: report.results, summary: report.summary, passes: !failuresOnly });
  return `${checks}${skippedText(report)}${leftText(report)}\n\n${formatCoverage(report.coverage)}\n`;
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
  const lines = report.left.map((l) => `  card …${l.card}: ${l.param} ${l.value}, ${l.status} (${l.family})`);
  return `\nLeft at the provider (${where}):\n${lines.join('\n')}`;
}

/** verify's report in every format (pure: the CLI writes them through `write-reports.ts`). */
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
