import { STATUS_CODES } from 'node:http';
import { derefLocal, isObject, type JsonObject } from '../../input/document.ts';
import type { Answer, RefusalKind, RefusalPhrasing, Violation } from '../refusal.ts';
import type { ServedOperation } from '../served-operation.ts';
import { contentTypeFor, isJsonMediaType, responseBody } from './answers.ts';
import type { MockOperation, MockResponse } from './operations.ts';

/** The statuses each kind of refusal prefers, in order; the first the operation documents is used. */
const PREFERRED: Record<RefusalKind, readonly number[]> = {
  invalid: [400, 422],
  unauthorized: [401, 403],
  forbidden: [403],
  'unsupported-media-type': [415, 400],
  'not-acceptable': [406, 400],
  'not-found': [404, 410],
  'too-large': [413, 400],
  method: [405],
  server: [500, 503],
};

const MESSAGE_FIELDS = [
  'detail',
  'details',
  'message',
  'description',
  'error_description',
  'errorMessage',
  'msg',
  'title',
  'error',
  'reason',
];

/**
 * The refusal of a request: the operation's documented response for the status this kind of
 * refusal takes (exact, then its `4XX` range, then `default`), with a body following that
 * response's schema (the violations' text in its message field, its catalog's code where the
 * spec has an error-code catalog); otherwise `application/problem+json` (RFC 9457) naming each
 * violation and where it is.
 */
export function refusal(
  op: MockOperation | undefined,
  kind: RefusalKind,
  violations: readonly Violation[],
  seed: number,
  instance?: string,
): Answer {
  const detail = detailOf(kind, violations);
  const documented = op ? documentedFor(op, kind) : undefined;
  if (op && documented) {
    const { response, status } = documented;
    const mediaType = response.mediaTypes.find(isJsonMediaType);
    if (mediaType && response.schema) {
      const body = responseBody(
        op,
        response,
        mediaType,
        { seed, dynamic: false },
        overlayFor(op, response, kind, detail, status),
      );
      if (body)
        return { status, headers: { 'content-type': contentTypeFor(mediaType) }, body: JSON.stringify(body.value) };
    }
    return problem(status, detail, violations, instance);
  }
  return problem(PREFERRED[kind][0], detail, violations, instance);
}

export function problem(status: number, detail: string, violations: readonly Violation[], instance?: string): Answer {
  const body = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    violations,
  };
  return { status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(body) };
}

/** The violations' own sentences (each names its place), else where they are; none: the status's title. */
function detailOf(kind: RefusalKind, violations: readonly Violation[]): string {
  const sentences = violations.map((v) => v.message ?? where(v));
  return sentences.length > 0 ? sentences.join('; ') : (STATUS_CODES[PREFERRED[kind][0]] ?? 'Error');
}

function where(v: Violation): string {
  if (v.in === 'body') return v.pointer ? `body ${v.pointer}` : 'body';
  return v.name ? `${v.in} ${v.name}` : v.in;
}

function documentedFor(op: MockOperation, kind: RefusalKind): { response: MockResponse; status: number } | undefined {
  const preferred = PREFERRED[kind];
  for (const status of preferred) {
    const r = op.responses.get(String(status));
    if (r) return { response: r, status };
  }
  for (const status of preferred) {
    const r = op.responses.get(`${String(status)[0]}XX`);
    if (r) return { response: r, status };
  }
  const fallback = op.responses.get('default');
  return fallback ? { response: fallback, status: preferred[0] } : undefined;
}

/** What the documented error body should say: the violations in its message field, the catalog's type and code. */
function overlayFor(
  op: MockOperation,
  response: MockResponse,
  kind: RefusalKind,
  detail: string,
  status: number,
): Record<string, unknown> {
  const props = topProperties(op.api.openapi, response.schema);
  const overlay: Record<string, unknown> = {};
  const byLower = new Map([...props].map(([name, type]) => [name.toLowerCase(), { name, type }]));
  const field = MESSAGE_FIELDS.map((f) => byLower.get(f.toLowerCase())).find((p) => p?.type === 'string');
  if (field) overlay[field.name] = detail;
  // A numeric `code` / `status` (petstore's Error, many others) carries the HTTP status.
  for (const name of ['code', 'status', 'statusCode'])
    if (props.get(name) === 'integer' || props.get(name) === 'number') overlay[name] = status;
  if (response.codes.length > 0) {
    const row =
      (kind === 'invalid' ? response.codes.find((r) => r.type === 'invalid') : undefined) ?? response.codes[0];
    if (props.has('type')) overlay.type = row.type;
    if (props.has('code')) overlay.code = row.code;
  }
  return overlay;
}

/** Top-level property names of a schema and their types ($ref and allOf followed). */
function topProperties(doc: JsonObject, schema: unknown, depth = 0): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let s = schema;
  for (let i = 0; i < 16 && isObject(s) && typeof s.$ref === 'string'; i++) s = derefLocal(doc, s);
  if (!isObject(s) || depth > 8) return out;
  if (isObject(s.properties)) {
    for (const [name, sub] of Object.entries(s.properties)) {
      let p = sub;
      for (let i = 0; i < 16 && isObject(p) && typeof p.$ref === 'string'; i++) p = derefLocal(doc, p);
      out.set(name, isObject(p) && typeof p.type === 'string' ? p.type : undefined);
    }
  }
  if (Array.isArray(s.allOf))
    for (const part of s.allOf) for (const [k, v] of topProperties(doc, part, depth + 1)) out.set(k, v);
  return out;
}

/** The phrasing of `mock --spec`: the operation's documented error answer, else RFC 9457 problems. */
export function problemPhrasing(seed: number): RefusalPhrasing<ServedOperation> {
  return { answer: (op, r, instance) => refusal(op?.documented, r.kind, r.violations, seed, instance) };
}
