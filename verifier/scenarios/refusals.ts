import type { Operation } from '../api-set.ts';
import type { Expectation } from '../types.ts';

/** Whether the operation's catalog lists the code under any status. */
export function documentsCode(op: Operation, code: string): boolean {
  return Object.values(op.catalog).some((rows) => rows.some((r) => r.code === code));
}

/**
 * Refused with one of these codes, when the operation documents any; refused at all when it
 * documents others. A scenario's refusals are rules a domain's documents state in prose: an
 * operation with no error-code table at all does not promise them, and the expectation says so
 * (`unpromised`), so the step is skipped instead of holding a pet store to a card's rules.
 */
export function refusalOf(op: Operation, ...codes: string[]): Expectation {
  if (Object.keys(op.catalog).length === 0 && codes.length > 0)
    return { kind: 'refused', unpromised: codes.join(' or ') };
  const documented = codes.filter((c) => documentsCode(op, c));
  if (documented.length === 0) return { kind: 'refused' };
  const statuses = new Set(
    Object.entries(op.catalog)
      .filter(([, rows]) => rows.some((r) => documented.includes(r.code)))
      .map(([s]) => s),
  );
  const status = statuses.size === 1 && /^\d+$/.test([...statuses][0]) ? Number([...statuses][0]) : undefined;
  return { kind: 'refused', codes: documented, ...(status !== undefined ? { status } : {}) };
}
