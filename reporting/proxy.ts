/** `pwpkit proxy`'s report: its line per exchange while it runs, and its report on exit in every format. */
import type { ProxyReport } from '../verifier/proxy/report.ts';
import type { CaseResult } from '../verifier/types.ts';
import { formatCoverage } from './case-results/coverage.ts';
import { toJsonReport } from './case-results/json.ts';
import { verifyJUnit } from './case-results/junit.ts';
import { formatTextReport } from './case-results/text.ts';
import type { ReportFormats } from './write-reports.ts';

/** The line on stderr for one judged exchange (unless --quiet); `result` must already be masked. */
export function proxyExchangeLine(result: CaseResult): string {
  const mark = result.findings.length > 0 ? '✗' : result.skipped ? '-' : '✓';
  const findings = result.findings.length > 0 ? `: ${result.findings.map((f) => f.message).join('; ')}` : '';
  return `${mark} ${result.title}${findings}\n`;
}

/** The text report and coverage table, as printed on exit. */
export function proxyText(report: ProxyReport): string {
  const title = `pwpkit proxy → ${report.target} (${report.specs.join(', ')})`;
  const body =
    report.results.length === 0
      ? `${title}\n\nno requests went through the proxy.`
      : formatTextReport({ title, results: report.results, summary: report.summary });
  return `${body}\n\n${formatCoverage(report.coverage)}\n`;
}

/** The proxy's report in every format (`--report <base>` names <base>.txt, .junit.xml and .json). */
export function proxyReportFormats(report: ProxyReport): ReportFormats {
  return {
    text: proxyText(report),
    junit: () => verifyJUnit(`pwpkit proxy ${report.target}`, report.results),
    json: () =>
      toJsonReport({
        tool: 'pwpkit proxy',
        target: report.target,
        specs: report.specs,
        summary: report.summary,
        results: report.results,
      }),
  };
}
