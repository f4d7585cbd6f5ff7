import type { ApiSet } from '../api-set.ts';
import { coverageOf, type Coverage } from '../coverage.ts';
import { maskResult, maskUrl } from '../mask.ts';
import { secretsSeen } from './inspect.ts';
import { summarize, type CaseResult, type Summary } from '../types.ts';

/** What a proxy run saw, masked and summed up; `reporting/proxy.ts` prints it in every format. */
export interface ProxyReport {
  target: string;
  specs: string[];
  results: CaseResult[];
  summary: Summary;
  coverage: Coverage;
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
  const summary = summarize(results, results.length, durationMs);
  return {
    target: maskUrl(target, []),
    specs: set.apis.map((a) => a.api.name),
    results,
    summary,
    coverage: coverageOf(set.operations, results),
    exitCode: summary.failed > 0 ? 1 : 0,
  };
}
