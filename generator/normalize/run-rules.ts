import type { JsonObject, SpecVersion } from '../document.ts';
import type { Change, Rule } from './rule.ts';

/**
 * Runs rules in order over one document; each sees the previous one's output. Pure: the rules
 * edit one private copy, and the caller's document is never touched.
 */
export function runRules(
  document: Readonly<JsonObject>,
  version: SpecVersion,
  rules: readonly Rule[],
): { document: JsonObject; changes: Change[] } {
  const draft = structuredClone(document) as JsonObject;
  const changes = rules.filter((rule) => rule.versions.includes(version)).flatMap((rule) => rule.applyInPlace(draft));
  return { document: draft, changes };
}
