import { isObject } from '../input/document.ts';
import type { ApiSet, Operation } from './api-set.ts';
import { flatten } from './cases/sample.ts';

/**
 * Where valid path parameters come from, derived from the spec. A *producer* is an operation
 * without the parameter whose success body has a property named like it (`POST /pets` answers
 * `petId`); its *consumers* take it in their path. A consumer whose required body fields the
 * fixture supplies (a confirmation code) is the *activator*, run right after the producer; a
 * DELETE consumer is a *finalizer*, run last. Consumers go to the producer they share the most
 * path segments with (`/v1/apac/pets/…` vs `/v1/pets/…/toys/…`), across specs.
 */
export interface Family {
  name: string;
  param: string;
  producer: Operation;
  activator?: Operation;
  /** Every operation taking the parameter, activator and finalizers included. */
  consumers: Operation[];
  finalizers: Operation[];
}

export function findFamilies(set: ApiSet, fixtureFields: ReadonlySet<string>): Family[] {
  const families = new Map<string, Family>();
  for (const op of set.operations) {
    for (const param of op.model.parameters.filter((p) => p.in === 'path').map((p) => p.name)) {
      const producers = set.operations.filter(
        (candidate) => candidate !== op && !hasPathParam(candidate, param) && successHasProperty(set, candidate, param),
      );
      if (producers.length === 0) continue;
      const producer = producers
        .map((p) => ({ p, score: sharedSegments(p, op) }))
        .sort((a, b) => b.score - a.score)[0].p;
      const key = `${producer.key}|${param}`;
      const family = families.get(key) ?? { name: producer.name, param, producer, consumers: [], finalizers: [] };
      families.set(key, family);
      family.consumers.push(op);
      if (op.model.method === 'delete') family.finalizers.push(op);
    }
  }
  for (const family of families.values()) {
    family.activator = family.consumers.find((op) => {
      const required = op.model.requestBody?.requiredProperties ?? [];
      return op.model.method !== 'delete' && required.length > 0 && required.every((r) => fixtureFields.has(r));
    });
  }
  return [...families.values()];
}

function hasPathParam(op: Operation, param: string): boolean {
  return op.model.parameters.some((p) => p.in === 'path' && p.name === param);
}

function successHasProperty(set: ApiSet, op: Operation, property: string): boolean {
  return op.model.responses.some(
    (r) =>
      /^2/.test(r.status) &&
      r.schema !== undefined &&
      isObject(flatten(set, op, r.schema).properties) &&
      property in (flatten(set, op, r.schema).properties as object),
  );
}

function sharedSegments(a: Operation, b: Operation): number {
  const literal = (op: Operation) => new Set(op.model.path.split('/').filter((s) => s && !s.includes('{')));
  const bs = literal(b);
  return [...literal(a)].filter((s) => bs.has(s)).length + (a.api === b.api ? 0.5 : 0);
}

/** The value of `param` in a producer's success body. */
export function producedValue(body: unknown, param: string): string | undefined {
  if (!isObject(body)) return undefined;
  const v = body[param];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
