import type { VerifyReport } from './engine/run-verify.ts';
import { summarize } from './types.ts';

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
