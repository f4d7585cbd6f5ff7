import { mediaTypeAllowed, type ValidatorFn } from '@pwpkit/runtime';
import { parsePointer } from '../../input/document.ts';
import { isJsonMediaType } from './answers.ts';
import { securityMet, type MockOperation } from './operations.ts';
import type { ProblemKind, Violation } from './problems.ts';

export interface IncomingParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body (`undefined` or empty: none). */
  body: Buffer | undefined;
}

export type CheckResult = { ok: true; body: unknown } | { ok: false; kind: ProblemKind; violations: Violation[] };

const FORM = /^application\/x-www-form-urlencoded$/i;

/**
 * The request against the operation, as the spec documents it: security presence (401), path,
 * query and header parameters, the body's media type (415), presence and schema. Every part is
 * checked, so the answer names each violation (the first per schema, with each missing required
 * parameter by name).
 */
export function checkRequest(op: MockOperation, parts: IncomingParts): CheckResult {
  if (!securityMet(op, parts.headers, parts.query)) {
    const names = op.security.map((alt) =>
      alt
        .map((s) =>
          s.type === 'apiKey'
            ? `${s.param} (${s.in})`
            : s.type === 'http'
              ? `Authorization: ${s.scheme}`
              : 'Authorization: Bearer',
        )
        .join(' + '),
    );
    return {
      ok: false,
      kind: 'unauthorized',
      violations: [{ in: 'security', message: `credentials required: ${names.join(' or ')}` }],
    };
  }
  const violations: Violation[] = [];
  const params = op.model.parameters;
  for (const p of params) {
    if (!p.required) continue;
    const value =
      p.in === 'path'
        ? parts.params[p.name]
        : p.in === 'query'
          ? parts.query[p.name]
          : p.in === 'header'
            ? parts.headers[p.name.toLowerCase()]
            : undefined;
    if (p.in === 'cookie') continue;
    if (value === undefined) violations.push({ in: p.in, name: p.name, message: 'is required' });
  }
  const partOf = (validate: ValidatorFn | undefined, data: unknown, where: 'path' | 'query' | 'header') => {
    if (!validate || validate(data)) return;
    const error = validate.errors?.[0] as
      | { instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }
      | undefined;
    if (!error) return;
    if (error.keyword === 'required') {
      const missing = String(error.params?.missingProperty ?? '');
      if (violations.some((v) => v.in === where && v.name?.toLowerCase() === missing.toLowerCase())) return;
      violations.push({ in: where, name: missing, message: 'is required' });
      return;
    }
    const key = parsePointer(error.instancePath)[0] ?? '';
    const name =
      params.find((p) => p.in === where && (where === 'header' ? p.name.toLowerCase() === key : p.name === key))
        ?.name ?? key;
    violations.push({ in: where, name, message: error.message ?? 'is invalid' });
  };
  partOf(op.validators.path, parts.params, 'path');
  partOf(op.validators.query, parts.query, 'query');
  partOf(op.validators.headers, parts.headers, 'header');

  let body: unknown;
  const requestBody = op.model.requestBody;
  const hasBody = parts.body !== undefined && parts.body.length > 0;
  if (requestBody) {
    if (!hasBody) {
      if (requestBody.required) violations.push({ in: 'body', message: 'a request body is required' });
    } else {
      const sent = mediaTypeOf(parts.headers['content-type']);
      const accepted = sent === '' ? undefined : op.bodyMediaTypes.find((t) => mediaTypeAllowed(sent, [t]));
      if (!accepted) {
        return {
          ok: false,
          kind: 'unsupported-media-type',
          violations: [
            ...violations,
            {
              in: 'header',
              name: 'Content-Type',
              message:
                `${sent || '(none)'} is not a documented media type for this body ` +
                `(${op.bodyMediaTypes.join(', ')})`,
            },
          ],
        };
      }
      const parsed = parseBody(parts.body!, sent);
      if (!parsed.ok) violations.push({ in: 'body', message: parsed.message });
      else {
        body = parsed.value;
        const validate = op.validators.body;
        if (parsed.checked && validate && !validate(body)) {
          const error = validate.errors?.[0] as
            | { instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }
            | undefined;
          const missing = error?.keyword === 'required' ? `/${String(error.params?.missingProperty ?? '')}` : '';
          const pointer = `${error?.instancePath ?? ''}${missing}` || '/';
          violations.push({ in: 'body', pointer, message: missing ? 'is required' : (error?.message ?? 'is invalid') });
        }
      }
    }
  }
  return violations.length > 0 ? { ok: false, kind: 'invalid', violations } : { ok: true, body };
}

export function mediaTypeOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').split(';')[0].trim().toLowerCase();
}

function parseBody(
  raw: Buffer,
  mediaType: string,
): { ok: true; value: unknown; checked: boolean } | { ok: false; message: string } {
  const text = raw.toString('utf8');
  if (isJsonMediaType(mediaType) || mediaType === 'text/json') {
    try {
      return { ok: true, value: JSON.parse(text, noPrototypeKeys), checked: true };
    } catch (error) {
      return {
        ok: false,
        message:
          (error as Error).message === FORBIDDEN
            ? 'the JSON body contains a forbidden key (__proto__ or constructor.prototype)'
            : 'the body is not valid JSON',
      };
    }
  }
  if (FORM.test(mediaType)) {
    const value: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = value[k];
      value[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return { ok: true, value: { ...value }, checked: true };
  }
  // multipart, octet-stream, text: the media type is checked, the content is not.
  return { ok: true, value: text, checked: false };
}

const FORBIDDEN = 'pwpkit: forbidden key';
function noPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype'))
  )
    throw new Error(FORBIDDEN);
  return value;
}
