import { randomUUID } from 'node:crypto';
import { isObject, type JsonObject } from '../../input/document.ts';
import type { ApiSet, Operation } from '../api-set.ts';

/**
 * Builds request values from a schema: a value the run knows for that property name (from the
 * fixture or a provisioned resource) first, then the spec's example, enum, default, then one of
 * the schema's type. Properties: the required ones, plus optional ones the run has a value for.
 */
export interface SampleOptions {
  /** Known values by property name (a fixture subject's, resource identifiers). */
  values?: Readonly<Record<string, unknown>>;
  /** Include optional properties too (with examples). */
  all?: boolean;
}

const MAX_DEPTH = 8;

/**
 * `example`: an example value the document gives for this place outside the schema (a
 * parameter's or media type's `example`/`examples`): it comes right after a known value, and an
 * object example also brings its optional properties.
 */
export function sampleOf(
  set: ApiSet,
  op: Operation,
  schema: unknown,
  options: SampleOptions = {},
  name?: string,
  depth = 0,
  example?: unknown,
): unknown {
  const s = flatten(set, op, schema);
  const values = options.values ?? {};
  if (name !== undefined && Object.hasOwn(values, name) && values[name] !== undefined) return values[name];
  if (example !== undefined && example !== null && !isObject(example) && !Array.isArray(example))
    return uniqueIfReference(name, example, s);
  if (example !== undefined && typeOf(s) === undefined) return structuredClone(example);
  if (s.example !== undefined && !isObject(s.example) && !Array.isArray(s.example))
    return uniqueIfReference(name, s.example, s);
  if (
    s.example === undefined &&
    Array.isArray(s.examples) &&
    s.examples.length > 0 &&
    !isObject(s.examples[0]) &&
    !Array.isArray(s.examples[0])
  )
    return uniqueIfReference(name, s.examples[0], s);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (depth > MAX_DEPTH) return null;
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = isObject(s.properties) ? s.properties : {};
      const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
      const given = isObject(example) ? example : isObject(s.example) ? s.example : {};
      for (const [prop, sub] of Object.entries(properties)) {
        if (
          !required.has(prop) &&
          !options.all &&
          !Object.hasOwn(given, prop) &&
          !mentionsKnown(set, op, sub, prop, values, depth)
        )
          continue;
        out[prop] = sampleOf(set, op, sub, options, prop, depth + 1, given[prop]);
      }
      for (const prop of required)
        if (!(prop in out)) out[prop] = Object.hasOwn(given, prop) ? structuredClone(given[prop]) : 'example';
      return out;
    }
    case 'array': {
      const given = Array.isArray(example) ? example : Array.isArray(s.example) ? s.example : [];
      return [sampleOf(set, op, s.items, options, undefined, depth + 1, given[0])];
    }
    case 'integer':
      return typeof s.example === 'number' ? s.example : typeof s.minimum === 'number' ? s.minimum : 1;
    case 'number':
      return typeof s.example === 'number' ? s.example : typeof s.minimum === 'number' ? s.minimum : 1.5;
    case 'boolean':
      return true;
    default:
      return uniqueIfReference(name, stringOf(s), s);
  }
}

/**
 * An optional property is worth sending when the run has a value for it, or for something inside
 * it (`items[].id`).
 */
function mentionsKnown(
  set: ApiSet,
  op: Operation,
  schema: unknown,
  name: string,
  values: Readonly<Record<string, unknown>>,
  depth: number,
): boolean {
  if (Object.hasOwn(values, name) && values[name] !== undefined) return true;
  if (depth > MAX_DEPTH) return false;
  const s = flatten(set, op, schema);
  if (typeOf(s) === 'array') return mentionsKnown(set, op, s.items, '', values, depth + 1);
  const properties = isObject(s.properties) ? s.properties : {};
  return Object.entries(properties).some(([prop, sub]) => mentionsKnown(set, op, sub, prop, values, depth + 1));
}

/** A schema with `$ref` followed and `allOf` merged, for reading properties, types and examples. */
export function flatten(set: ApiSet, op: Operation, schema: unknown): JsonObject {
  const s = set.resolve(op, schema);
  if (!Array.isArray(s.allOf)) return s;
  const merged: JsonObject = { ...s, allOf: undefined };
  const properties: JsonObject = isObject(s.properties) ? { ...s.properties } : {};
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  for (const part of s.allOf) {
    const p = flatten(set, op, part);
    if (isObject(p.properties)) Object.assign(properties, p.properties);
    if (Array.isArray(p.required)) for (const r of p.required) required.add(String(r));
    if (p.type !== undefined && merged.type === undefined) merged.type = p.type;
  }
  return { ...merged, type: merged.type ?? 'object', properties, required: [...required] };
}

export function typeOf(s: JsonObject): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') as string | undefined;
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

/** Integer types in OAS (`integer`, or `number` with an integer format). */
export function isIntegerSchema(s: JsonObject): boolean {
  return s.type === 'integer' || (s.type === 'number' && (s.format === 'int32' || s.format === 'int64'));
}

function stringOf(s: JsonObject): string {
  if (typeof s.example === 'string') return s.example;
  switch (s.format) {
    case 'uuid':
      return randomUUID();
    case 'date-time':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'email':
      return 'merchant@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  return 'example'.padEnd(min, 'x');
}

/**
 * Reference numbers identify one business transaction (a replayed one is answered from the first
 * result), so each generated request gets its own unless the run passes one in.
 */
function uniqueIfReference(name: string | undefined, value: unknown, s: JsonObject): unknown {
  if (typeof value !== 'string' || name === undefined || !/reference/i.test(name)) return value;
  const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  const out = `${value.slice(0, 12)}${suffix}`;
  return out.length > max ? out.slice(out.length - max) : out;
}
