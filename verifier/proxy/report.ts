import type { ApiSet } from '../api-set.ts';
import { coverageOf, formatCoverage } from '../reporters/coverage.ts';
import { toJsonReport } from '../reporters/json.ts';
import { verifyJUnit } from '../reporters/junit.ts';
import { formatTextReport } from '../reporters/text.ts';
import { writeText } from '../reporters/write.ts';
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

/** `--report <base>` writes <base>.txt, <base>.junit.xml and <base>.json; `--junit`/`--json` name files one by one. */
export async function writeProxyReport(
  report: ProxyReport,
  files: { report?: string; junit?: string; json?: string },
): Promise<string[]> {
  const base = files.report?.replace(/\.(txt|json|xml)$/i, '');
  const junit = files.junit ?? (base ? `${base}.junit.xml` : undefined);
  const json = files.json ?? (base ? `${base}.json` : undefined);
  const written: string[] = [];
  if (base) {
    await writeText(`${base}.txt`, report.text);
    written.push(`${base}.txt`);
  }
  if (junit) {
    await writeText(junit, verifyJUnit(`pwpkit proxy ${report.target}`, report.results));
    written.push(junit);
  }
  if (json) {
    await writeText(
      json,
      toJsonReport({
        tool: 'pwpkit proxy',
        target: report.target,
        specs: report.specs,
        summary: report.summary,
        results: report.results,
      }),
    );
    written.push(json);
  }
  return written;
}
