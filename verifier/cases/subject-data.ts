import { isObject } from '../../input/document.ts';
import type { ApiSet, Operation } from '../api-set.ts';
import type { FixtureSubject, SubjectFixture } from '../plugin.ts';
import { flatten, typeOf } from './sample.ts';

/**
 * Subject fields a valid request of `op` needs and `subject` does not have: a required parameter,
 * or a property an object of the request body requires (at any depth: `items[].id`), named like a
 * subject field (`fixture.fields`). Such a request would be made up (`{}` instead of a list), so the
 * check is skipped with the reason instead.
 */
export function missingSubjectData(
  set: ApiSet,
  op: Operation,
  subject: FixtureSubject | undefined,
  fixture: SubjectFixture,
): string[] {
  const vocabulary = new Set(fixture.fields);
  if (vocabulary.size === 0) return [];
  const has = (name: string) => {
    const value = subject?.values[name];
    return value !== undefined && value !== null && value !== '';
  };
  const needed = new Set<string>();
  for (const p of op.model.parameters) if (p.required && vocabulary.has(p.name)) needed.add(p.name);
  const visit = (schema: unknown, depth: number) => {
    if (depth > 8) return;
    const s = flatten(set, op, schema);
    if (typeOf(s) === 'array') return visit(s.items, depth + 1);
    const properties = isObject(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    for (const [name, sub] of Object.entries(properties)) {
      if (required.has(name) && vocabulary.has(name)) needed.add(name);
      visit(sub, depth + 1);
    }
  };
  if (op.model.requestBody?.schema) visit(op.model.requestBody.schema, 0);
  return [...needed].filter((name) => !has(name));
}

/** `the fixture's card …7411 has no cardId, …` / `the fixture has no card to take …` (no subject at all). */
export function describeMissing(
  subject: FixtureSubject | undefined,
  missing: readonly string[],
  fixture: SubjectFixture,
): string {
  if (!subject) return `the fixture has no ${fixture.noun} to take ${missing.join(', ')} from`;
  return (
    `the fixture's ${subject.label} has no ${missing.join(', ')}, which a valid request needs ` +
    `(add it to the ${fixture.noun} in --fixture)`
  );
}
