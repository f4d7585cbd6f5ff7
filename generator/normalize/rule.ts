import type { JsonObject, SpecVersion } from '../document.ts';

/** One entry of the normalization report. `pointer` addresses the document the rule ran on. */
export interface Change {
  rule: string;
  pointer: string;
  /** `change`: the document was rewritten; `warning`: flagged only. */
  kind: 'change' | 'warning';
  message: string;
  before?: unknown;
  after?: unknown;
}

export type Report = (change: Omit<Change, 'rule'>) => void;

export interface RuleResult {
  document: JsonObject;
  changes: Change[];
}

export interface Rule {
  name: string;
  /** Which document versions the rule understands. */
  versions: readonly SpecVersion[];
  summary: string;
  apply(document: Readonly<JsonObject>): RuleResult;
}

/**
 * Builds a pure rule from a body that edits a private copy of the document and reports what it
 * did; the caller's document is never touched.
 */
export function defineRule(name: string, versions: readonly SpecVersion[], summary: string, body: (draft: JsonObject, report: Report) => void): Rule {
  return {
    name,
    versions,
    summary,
    apply(document) {
      const draft = structuredClone(document) as JsonObject;
      const changes: Change[] = [];
      body(draft, (change) => changes.push({ rule: name, ...change }));
      return { document: draft, changes };
    },
  };
}
