import { toJUnitXml, type JUnitCase } from '../junit.ts';
import type { CaseResult } from '../../verifier/types.ts';
import { detail } from './text.ts';

/**
 * One JUnit test case per check, one suite per operation or scenario. A run that could not run
 * to the end adds a first case in error (`couldNotRun`), so a CI dashboard shows the reason.
 */
export function verifyJUnit(title: string, results: readonly CaseResult[], couldNotRun?: string): string {
  const stopped: JUnitCase[] =
    couldNotRun !== undefined ? [{ suite: title, name: 'could not run', error: { message: couldNotRun } }] : [];
  const cases: JUnitCase[] = results.map((r) => ({
    suite: r.suite,
    name: r.title,
    timeMs: r.ms,
    ...(r.findings.length > 0
      ? { failure: { message: r.findings.map((f) => f.message).join('; '), detail: detail(r).join('\n') } }
      : {}),
    ...(r.findings.length === 0 && r.skipped !== undefined ? { skipped: r.skipped } : {}),
  }));
  return toJUnitXml(title, [...stopped, ...cases]);
}
