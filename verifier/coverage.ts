/** What a run exercised of the spec (computed here; `reporting/case-results/coverage.ts` prints it). */
import { documentedStatusKey } from '@pwpkit/runtime';
import type { Operation } from './api-set.ts';
import type { CaseResult } from './types.ts';

export interface CoverageStatus {
  status: string;
  seen: boolean;
  codes: Array<{ type: string; code: string; seen: boolean }>;
  /** Codes answered under this status that the spec does not document. */
  undocumented: string[];
}

export interface CoverageRow {
  api: string;
  operation: string;
  method: string;
  path: string;
  statuses: CoverageStatus[];
}

export interface Coverage {
  rows: CoverageRow[];
  statuses: { seen: number; total: number };
  codes: { seen: number; total: number };
}

/** Operations × documented statuses × documented error codes: which the run's answers exercised. */
export function coverageOf(operations: readonly Operation[], results: readonly CaseResult[]): Coverage {
  const seen = new Map<string, Set<string>>();
  for (const r of results) {
    const response = r.exchange?.response;
    if (!response || !r.operation) continue;
    const op = operations.find((o) => o.name === r.operation && o.api.api.name === r.api);
    if (!op) continue;
    const key = documentedStatusKey(op.spec.statuses, response.status) ?? String(response.status);
    const body = response.body as { code?: unknown } | undefined;
    const set = seen.get(op.key) ?? new Set<string>();
    set.add(key);
    // Error codes are judged only where the spec has an error-code table for the status.
    const hasTable = (op.catalog[key]?.length ?? 0) > 0;
    if (hasTable && response.status >= 400 && body && typeof body === 'object' && body.code !== undefined)
      set.add(`${key}:${String(body.code)}`);
    seen.set(op.key, set);
  }
  const rows = operations.map((op) => {
    const s = seen.get(op.key) ?? new Set<string>();
    const statuses = op.spec.statuses.map((status) => {
      const codes = (op.catalog[status] ?? []).map((row) => ({
        type: row.type,
        code: row.code,
        seen: s.has(`${status}:${row.code}`),
      }));
      const documented = new Set(codes.map((c) => c.code));
      const undocumented = [...s]
        .filter((k) => k.startsWith(`${status}:`) && !documented.has(k.slice(status.length + 1)))
        .map((k) => k.slice(status.length + 1));
      return { status, seen: s.has(status), codes, undocumented };
    });
    return {
      api: op.api.api.name,
      operation: op.name,
      method: op.model.method.toUpperCase(),
      path: op.model.path,
      statuses,
    };
  });
  const all = rows.flatMap((r) => r.statuses);
  const codes = all.flatMap((s) => s.codes);
  return {
    rows,
    statuses: { seen: all.filter((s) => s.seen).length, total: all.length },
    codes: { seen: codes.filter((c) => c.seen).length, total: codes.length },
  };
}
