import { createRequire } from 'node:module';
import type { ValidatorFn } from '@pwpkit/runtime';
import { derefLocal, isObject, parsePointer, type JsonObject } from '../../input/document.ts';
import { mulberry32 } from '../faults.ts';

/** The part of randexp (strings for a `pattern`) used here. */
interface RandExpInstance {
  max: number;
  randInt: (from: number, to: number) => number;
  gen(): string;
}
const RandExp = createRequire(import.meta.url)('randexp') as new (pattern: string) => RandExpInstance;

/**
 * A small deterministic sampler over the OpenAPI 3 schema model: one value for a schema, the
 * same for the same seed. `static` picks the schema's own example, default or first enum value
 * and plain values of its type; `dynamic` draws values from the seeded generator (enum members,
 * numbers in range, strings of a pattern). Recursion stops at the second visit of a component
 * (optional properties left out, arrays empty), so cyclic definitions sample finitely.
 */
export interface SampleContext {
  readonly doc: JsonObject;
  readonly random: () => number;
  readonly dynamic: boolean;
  /** `response`: writeOnly properties left out; `request`: readOnly ones. */
  readonly direction: 'response' | 'request';
}

const MAX_DEPTH = 12;
const FULL_DEPTH = 4;

export function sampleContext(
  doc: JsonObject,
  seed: number,
  dynamic: boolean,
  direction: 'response' | 'request' = 'response',
): SampleContext {
  return { doc, random: mulberry32(seed >>> 0), dynamic, direction };
}

/** A seed for one place (an operation and status): stable across runs, different across places. */
export function seedFor(seed: number, place: string): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < place.length; i++) h = Math.imul(h ^ place.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function sample(ctx: SampleContext, schema: unknown): unknown {
  return sampleNode(ctx, schema, 0, []);
}

function resolve(
  ctx: SampleContext,
  node: unknown,
  stack: string[],
): { schema: JsonObject; stack: string[]; cut: boolean } {
  let current = node;
  let next = stack;
  for (let i = 0; i < 16 && isObject(current) && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref;
    if (next.filter((r) => r === ref).length >= 1) return { schema: {}, stack: next, cut: true };
    next = [...next, ref];
    current = derefLocal(ctx.doc, current);
  }
  return { schema: isObject(current) ? current : {}, stack: next, cut: false };
}

const CUT = Symbol('cut');

function sampleNode(ctx: SampleContext, node: unknown, depth: number, stack: string[]): unknown {
  const out = sampleOrCut(ctx, node, depth, stack);
  return out === CUT ? null : out;
}

function sampleOrCut(ctx: SampleContext, node: unknown, depth: number, stack: string[]): unknown {
  const r = resolve(ctx, node, stack);
  if (r.cut || depth > MAX_DEPTH) return CUT;
  const s = r.schema;
  const pick = <T>(list: readonly T[]): T => (ctx.dynamic ? list[Math.floor(ctx.random() * list.length)] : list[0]);
  if (s.const !== undefined) return structuredClone(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const members = s.enum.filter((v) => v !== null);
    return structuredClone(members.length > 0 ? pick(members) : null);
  }
  if (!ctx.dynamic) {
    // The schema's own example or default, when it is at least of the schema's type (published
    // examples often are not: Docker's `Entrypoint` array has a string example).
    if (s.example !== undefined && s.example !== null && fitsType(s.example, s)) return structuredClone(s.example);
    if (s.default !== undefined && s.default !== null && fitsType(s.default, s)) return structuredClone(s.default);
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const parts = s.allOf.map((p) => sampleOrCut(ctx, p, depth + 1, r.stack)).filter((p) => p !== CUT);
    const own = isObject(s.properties) || s.type === 'object' ? sampleObject(ctx, s, depth, r.stack) : undefined;
    if (parts.every((p) => isObject(p)) && (own === undefined || isObject(own)))
      return Object.assign({}, ...parts, own ?? {});
    return parts.find((p) => !isObject(p)) ?? parts[0] ?? {};
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (Array.isArray(list) && list.length > 0) {
      const base = isObject(s.properties) ? sampleObject(ctx, s, depth, r.stack) : undefined;
      let chosen = sampleOrCut(ctx, pick(list), depth + 1, r.stack);
      if (chosen === CUT)
        chosen = list.map((b) => sampleOrCut(ctx, b, depth + 1, r.stack)).find((v) => v !== CUT) ?? null;
      return isObject(base) && isObject(chosen) ? { ...base, ...chosen } : chosen;
    }
  }
  switch (typeOf(s)) {
    case 'object':
      return sampleObject(ctx, s, depth, r.stack);
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
      let count = Math.min(Math.max(min, depth >= FULL_DEPTH ? 0 : 1), max);
      if (ctx.dynamic && depth < FULL_DEPTH) count = Math.min(max, min + Math.floor(ctx.random() * 3));
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const item = sampleOrCut(ctx, s.items, depth + 1, r.stack);
        if (item === CUT) break;
        if (s.uniqueItems === true && items.some((x) => JSON.stringify(x) === JSON.stringify(item))) continue;
        items.push(item);
      }
      return items;
    }
    case 'integer':
      return sampleNumber(ctx, s, true);
    case 'number':
      return sampleNumber(ctx, s, s.format === 'int32' || s.format === 'int64');
    case 'boolean':
      return ctx.dynamic ? ctx.random() < 0.5 : true;
    case 'string':
      return sampleString(ctx, s);
    case 'null':
      return null;
    default:
      return s.nullable === true ? null : 'example';
  }
}

function sampleObject(ctx: SampleContext, s: JsonObject, depth: number, stack: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isObject(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  const skip = ctx.direction === 'response' ? 'writeOnly' : 'readOnly';
  for (const [name, sub] of Object.entries(properties)) {
    const isRequired = required.has(name);
    if (!isRequired && depth >= FULL_DEPTH) continue;
    if (!isRequired && ctx.dynamic && ctx.random() < 0.2) continue;
    const resolved = resolve(ctx, sub, stack);
    if (!isRequired && resolved.schema[skip] === true) continue;
    const value = sampleOrCut(ctx, sub, depth + 1, stack);
    if (value === CUT) {
      if (isRequired) out[name] = minimalOf(ctx, resolved.schema);
      continue;
    }
    out[name] = value;
  }
  const extra = s.additionalProperties;
  if (Object.keys(properties).length === 0 && isObject(extra) && depth < FULL_DEPTH) {
    const value = sampleOrCut(ctx, extra, depth + 1, stack);
    if (value !== CUT) out.additionalProp1 = value;
  }
  for (const name of required) if (!(name in out)) out[name] = 'example';
  return out;
}

/** A value of the schema's type with nothing inside: where a required property would recurse forever. */
function minimalOf(ctx: SampleContext, s: JsonObject): unknown {
  if (s.nullable === true) return null;
  switch (typeOf(s)) {
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return sampleOrCut({ ...ctx, dynamic: false }, s, MAX_DEPTH, []);
  }
}

function sampleNumber(ctx: SampleContext, s: JsonObject, integer: boolean): number {
  let lo =
    typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : undefined;
  let hi =
    typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : undefined;
  const step = integer ? 1 : 0.5;
  if (lo !== undefined && (s.exclusiveMinimum === true || typeof s.exclusiveMinimum === 'number')) lo += step;
  if (hi !== undefined && (s.exclusiveMaximum === true || typeof s.exclusiveMaximum === 'number')) hi -= step;
  let value: number;
  if (ctx.dynamic) {
    const from = lo ?? (hi !== undefined ? hi - 1000 : 0);
    const to = hi ?? from + 1000;
    value = from + ctx.random() * (to - from);
  } else value = lo !== undefined ? lo : hi !== undefined ? Math.min(hi, integer ? 1 : 1.5) : integer ? 1 : 1.5;
  if (integer) value = lo !== undefined && Math.ceil(value) > (hi ?? Infinity) ? Math.floor(value) : Math.ceil(value);
  const multiple = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : undefined;
  if (multiple) {
    value = Math.ceil(value / multiple) * multiple;
    if (hi !== undefined && value > hi) value -= multiple;
    value = Number(value.toPrecision(12));
  }
  if (s.format === 'int32') value = Math.max(-2147483648, Math.min(2147483647, value));
  return value;
}

function sampleString(ctx: SampleContext, s: JsonObject): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  let value: string;
  if (typeof s.pattern === 'string') value = fromPattern(ctx, s.pattern, min, max);
  else value = formatted(ctx, typeof s.format === 'string' ? s.format : '');
  if (typeof s.format === 'string' && typeof s.pattern !== 'string' && value !== 'example') return value;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function fromPattern(ctx: SampleContext, pattern: string, min: number, max: number): string {
  try {
    const re = new RegExp(pattern, 'u');
    for (let attempt = 0; attempt < 8; attempt++) {
      const gen = new RandExp(pattern);
      const random = attempt === 0 && !ctx.dynamic ? mulberry32(min + 7) : ctx.random;
      gen.max = Math.max(1, Math.min(8, Number.isFinite(max) ? max : 8));
      gen.randInt = (from, to) => from + Math.floor(random() * (to - from + 1));
      const value = gen.gen();
      if (re.test(value) && value.length >= min && value.length <= max) return value;
    }
  } catch {
    // an expression randexp or this engine cannot handle: the caller repairs or gives up
  }
  return 'example';
}

function formatted(ctx: SampleContext, format: string): string {
  const n = ctx.dynamic ? Math.floor(ctx.random() * 0xffffffff) : 0x5eed;
  const hex = (k: number, len: number) =>
    (mulberry32(n + k)() * 0x100000000).toString(16).padStart(8, '0').slice(0, len);
  switch (format) {
    case 'date-time':
      return ctx.dynamic
        ? new Date(Date.UTC(2024, 0, 1) + (n % 31_536_000) * 1000).toISOString().replace('.000Z', 'Z')
        : '2024-01-01T00:00:00Z';
    case 'date':
      return ctx.dynamic
        ? new Date(Date.UTC(2024, 0, 1) + (n % 365) * 86_400_000).toISOString().slice(0, 10)
        : '2024-01-01';
    case 'time':
      return '12:00:00Z';
    case 'uuid':
      return `${hex(1, 8)}-${hex(2, 4)}-4${hex(3, 3)}-a${hex(4, 3)}-${hex(5, 8)}${hex(6, 4)}`;
    case 'email':
      return ctx.dynamic ? `user${n % 10000}@example.com` : 'user@example.com';
    case 'uri':
    case 'url':
    case 'uri-reference':
      return ctx.dynamic ? `https://example.com/${n % 10000}` : 'https://example.com/';
    case 'hostname':
      return 'example.com';
    case 'ipv4':
      return '192.0.2.1';
    case 'ipv6':
      return '2001:db8::1';
    case 'byte':
      return 'ZXhhbXBsZQ==';
    case 'duration':
      return 'PT1H';
    default:
      return ctx.dynamic ? `example-${(n % 100000).toString(36)}` : 'example';
  }
}

function fitsType(value: unknown, s: JsonObject): boolean {
  switch (typeOf(s)) {
    case undefined:
      return true;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string' && (typeof s.pattern !== 'string' || safeTest(s.pattern, value));
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

export function typeOf(s: JsonObject): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') as string | undefined;
  if (isObject(s.properties) || isObject(s.additionalProperties)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

/**
 * Makes `value` pass `validate` by dropping what the validator names (an unknown property, a
 * property or array item of the wrong shape), a bounded number of times. `undefined` if it
 * cannot: the caller falls back to another candidate.
 */
export function repair(value: unknown, validate: ValidatorFn | undefined, attempts = 40): unknown {
  if (!validate) return value;
  const current = structuredClone(value);
  for (let i = 0; i < attempts; i++) {
    if (validate(current)) return current;
    const error = validate.errors?.[0] as
      | { instancePath: string; keyword?: string; params?: Record<string, unknown> }
      | undefined;
    if (!error) return undefined;
    const path = parsePointer(error.instancePath);
    if (error.keyword === 'additionalProperties' && typeof error.params?.additionalProperty === 'string')
      path.push(error.params.additionalProperty);
    else if (error.keyword === 'required') {
      // a required property missing inside the value: the best this can do is drop the whole node
    }
    if (path.length === 0) return undefined;
    const parent = path
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) => (isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined),
        current,
      );
    const last = path[path.length - 1];
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
    else return undefined;
  }
  return validate(current) ? current : undefined;
}
