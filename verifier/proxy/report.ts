import type { ApiSet } from '../api-set.ts';
import { coverageOf, formatCoverage } from '../reporters/coverage.ts';
import { toJsonReport } from '../reporters/json.ts';
import { verifyJUnit } from '../reporters/junit.ts';
import { formatTextReport } from '../reporters/text.ts';
import type { ReportFormats } from '../../reporting/write-reports.ts';
import { maskResult, maskUrl } from '../mask.ts';
import { secretsSeen } from './inspect.ts';
import { summarize, type CaseResult, type Summary } from '../types.ts';

export interface ProxyReport {
  target: string;
  specs: string[];
  results: CaseResult[];
  summary: Summary;
  text: string;
  /** 1 when any request or answer broke the spec. */
  exitCode: 0 | 1;
}

/**
 * The report of a proxy run. Every result goes through the masking pass again here, with every
 * secret the run's exchanges showed (results are masked when judged, with what was known then;
 * this also covers results the server records itself), so no format shows a credential, a
 * cookie, a one-time code or a phone number.
 */
export function proxyReport(set: ApiSet, target: string, recorded: CaseResult[], durationMs: number): ProxyReport {
  const secrets = secretsSeen(set);
  const results = recorded.map((r) => maskResult(r, secrets));
  target = maskUrl(target, []);
  const summary = summarize(results, results.length, durationMs);
  const coverage = coverageOf(set.operations, results);
  const title = `pwpkit proxy → ${target} (${set.apis.map((a) => a.api.name).join(', ')})`;
  const body =
    results.length === 0
      ? `${title}\n\nno requests went through the proxy.`
      : formatTextReport({ title, results, summary });
  return {
    target,
    specs: set.apis.map((a) => a.api.name),
    results,
    summary,
    text: `${body}\n\n${formatCoverage(coverage)}\n`,
    exitCode: summary.failed > 0 ? 1 : 0,
  };
}

/** The proxy's report in every format (`--report <base>` names <base>.txt, .junit.xml and .json). */
export function proxyReportFormats(report: ProxyReport): ReportFormats {
  return {
    text: report.text,
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
