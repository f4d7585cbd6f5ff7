import { isObject, type JsonObject } from '../../input/document.ts';
import { isClientIdHeader, isJsonMediaType } from '@pwpkit/runtime';
import type { ApiSet, Operation } from '../api-set.ts';
import type { Expectation } from '../types.ts';
import type { RequestParts } from './build-request.ts';
import { flatten, isIntegerSchema, typeOf } from './sample.ts';

/** A request the provider must refuse, derived from the spec: one defect each. */
export interface NegativeCase {
  title: string;
  /** Returns the defective parts (and raw body text when the defect is in the JSON itself). */
  apply(valid: RequestParts): { parts: RequestParts; rawBody?: string };
  expectation: Expectation;
}

const MAX_BODY_CASES = 40;

/**
 * Check 4's cases for one operation: each required header missing in turn (401 for
 * Authorization), an invalid bearer token, a non-UUID uuid, a wrong Content-Type, malformed JSON,
 * each required body field missing, each body field of the wrong type (and a fraction where an
 * integer is documented).
 */
export function negativeCases(set: ApiSet, op: Operation, valid: RequestParts): NegativeCase[] {
  const cases: NegativeCase[] = [];
  const invalid = invalidRequest(op);
  const unauthorized = refusedWith(op, 401, 'missing or invalid credentials');

  const required = [
    ...op.model.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name),
    ...op.model.contentHeaders
      .filter((h) => h.required && (h.name.toLowerCase() !== 'content-type' || op.model.requestBody))
      .map((h) => h.name),
  ];
  for (const name of required) {
    const lower = name.toLowerCase();
    const expectation =
      lower === 'authorization'
        ? unauthorized
        : isClientIdHeader(name)
          ? refusedWith(op, undefined, 'the client is not identified')
          : invalid;
    cases.push({
      title: `required header ${name} missing`,
      apply: (v) => ({ parts: { ...v, headers: without(v.headers, lower) } }),
      expectation,
    });
  }
  if (op.model.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'authorization')) {
    cases.push({
      title: 'Authorization with an invalid bearer token',
      apply: (v) => ({ parts: { ...v, headers: { ...v.headers, authorization: 'Bearer pwpkit-invalid-token' } } }),
      expectation: unauthorized,
    });
  }
  for (const p of op.model.parameters.filter((p) => p.in === 'header')) {
    if (isClientIdHeader(p.name) && valid.headers[p.name.toLowerCase()] !== undefined) {
      cases.push({
        title: `header ${p.name} naming another client than the token's`,
        apply: (v) => ({ parts: { ...v, headers: { ...v.headers, [p.name.toLowerCase()]: 'pwpkit-other-client' } } }),
        expectation: refusedWith(op, undefined, 'the client id does not match the credentials'),
      });
    }
    if (set.resolve(op, p.schema).format !== 'uuid') continue;
    cases.push({
      title: `header ${p.name} not a UUID`,
      apply: (v) => ({ parts: { ...v, headers: { ...v.headers, [p.name.toLowerCase()]: 'not-a-uuid' } } }),
      expectation: invalid,
    });
  }

  const body = op.model.requestBody;
  if (body && isJsonMediaType(body.contentType)) {
    cases.push({
      title: 'Content-Type text/plain',
      apply: (v) => ({ parts: { ...v, headers: { ...v.headers, 'content-type': 'text/plain' } } }),
      expectation: invalid,
    });
    cases.push({
      title: 'malformed JSON body',
      apply: (v) => ({ parts: v, rawBody: JSON.stringify(v.body ?? {}).slice(0, -1) + ',' }),
      expectation: invalid,
    });
    if (body.required)
      cases.push({ title: 'body missing', apply: (v) => ({ parts: { ...v, body: undefined } }), expectation: invalid });
    // Only defects the spec's own schema rejects: a property without `type` accepts anything.
    const rejected = bodyFieldCases(set, op, body.schema ?? {}, valid.body, invalid).filter(
      (c) => !op.validators.body?.(c.apply(valid).parts.body),
    );
    cases.push(...rejected.slice(0, MAX_BODY_CASES));
  }
  return cases;
}

function bodyFieldCases(
  set: ApiSet,
  op: Operation,
  schema: unknown,
  value: unknown,
  invalid: Expectation,
): NegativeCase[] {
  const out: NegativeCase[] = [];
  const visit = (node: unknown, current: unknown, path: string[], depth: number) => {
    const s = flatten(set, op, node);
    if (typeOf(s) !== 'object' || !isObject(current) || depth > 6) return;
    const properties = isObject(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    for (const [name, sub] of Object.entries(properties)) {
      const at = [...path, name];
      const label = at.join('.');
      if (required.has(name) && name in current)
        out.push({
          title: `body field ${label} missing`,
          apply: (v) => ({ parts: { ...v, body: edit(v.body, at, REMOVE) } }),
          expectation: invalid,
        });
      const ps = flatten(set, op, sub);
      const wrong = wrongTypeValue(ps);
      if (wrong !== undefined)
        out.push({
          title: `body field ${label} of the wrong type (${describe(wrong)})`,
          apply: (v) => ({ parts: { ...v, body: edit(v.body, at, wrong) } }),
          expectation: invalid,
        });
      if (isIntegerSchema(ps))
        out.push({
          title: `body field ${label} not an integer (1.5)`,
          apply: (v) => ({ parts: { ...v, body: edit(v.body, at, 1.5) } }),
          expectation: invalid,
        });
      if (name in current) visit(sub, current[name], at, depth + 1);
    }
  };
  visit(schema, value, [], 0);
  return out;
}

/** A value no schema of that type accepts. */
function wrongTypeValue(s: JsonObject): unknown {
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'object':
      return 'not-an-object';
    case 'array':
      return 'not-an-array';
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value;
}

const REMOVE = Symbol('remove');

/** A copy of `body` with the value at `path` replaced (or removed). */
function edit(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) return copy;
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

function without(headers: Record<string, string>, lower: string): Record<string, string> {
  const { [lower]: _dropped, ...rest } = headers;
  return rest;
}

/**
 * A malformed request is refused with a documented 4xx; where the spec types request-level
 * errors (`invalid`, "did not conform to the specification"), it must be one of those.
 */
export function invalidRequest(op: Operation): Expectation {
  const types = [
    ...new Set(
      Object.entries(op.catalog)
        .filter(([status]) => status.startsWith('4'))
        .flatMap(([, rows]) => rows.filter((r) => r.type === 'invalid').map((r) => r.type)),
    ),
  ];
  return { kind: 'refused', ...(types.length > 0 ? { types } : {}), why: 'the request does not conform to the spec' };
}

function refusedWith(op: Operation, status: number | undefined, why: string): Expectation {
  return {
    kind: 'refused',
    ...(status !== undefined && op.spec.statuses.includes(String(status)) ? { status } : {}),
    why,
  };
}
