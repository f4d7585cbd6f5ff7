import type { JsonObject, SpecVersion } from '../document.ts';
import type { Change, Rule } from './rule.ts';

/** Runs rules in order over one document; each sees the previous one's output. */
export function runRules(document: JsonObject, version: SpecVersion, rules: readonly Rule[]): { document: JsonObject; changes: Change[] } {
  let current = document;
  const changes: Change[] = [];
  for (const rule of rules) {
    if (!rule.versions.includes(version)) continue;
    const result = rule.apply(current);
    current = result.document;
    changes.push(...result.changes);
  }
  return { document: current, changes };
}
