import type { Coverage } from '../../verifier/coverage.ts';
import type { CaseResult, Summary } from '../../verifier/types.ts';

export interface JsonReport {
  tool: string;
  target: string;
  specs: string[];
  summary: Summary;
  results: CaseResult[];
  coverage?: Coverage;
  /** Why the run stopped before its end (verify exited 2). */
  couldNotRun?: string;
  /**
   * What verify left at the provider and could not end (a card left enrolled, its link), and the
   * state file that remembers it.
   */
  left?: readonly unknown[];
  stateFile?: string;
}

/** The machine-readable report: every case with its (masked) exchange and findings. */
export function toJsonReport(report: JsonReport): string {
  return `${JSON.stringify({ ...report, results: report.results.map(compact) }, null, 2)}\n`;
}

function compact(r: CaseResult): CaseResult {
  if (!r.exchange?.response) return r;
  const { body: _parsed, ...response } = r.exchange.response;
  return {
    ...r,
    exchange: { ...r.exchange, ms: Math.round(r.exchange.ms), response: response as typeof r.exchange.response },
  };
}
