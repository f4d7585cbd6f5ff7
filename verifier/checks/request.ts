import type { Operation } from '../api-set.ts';
import type { Finding } from '../types.ts';
import { ajvMessage } from './check.ts';

export interface IncomingRequest {
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  bodyText: string;
}

/**
 * What the proxy holds a client to: the documented headers (required ones present, uuid a UUID),
 * content negotiation, path and query parameters, and a body valid against the request schema.
 */
export function requestFindings(op: Operation, req: IncomingRequest): Finding[] {
  const findings: Finding[] = [];
  const add = (check: string, message: string) => findings.push({ check, message });
  const headers = Object.fromEntries(
    Object.entries(req.headers)
      .filter((e): e is [string, string | string[]] => e[1] !== undefined)
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
  );

  const { validators } = op;
  if (validators.headers && !validators.headers(headers)) {
    for (const e of validators.headers.errors ?? []) {
      const missing = (e as { params?: { missingProperty?: string } }).params?.missingProperty;
      add(
        'request-headers',
        missing
          ? `required header "${headerName(op, missing)}" is missing`
          : `header "${headerName(op, e.instancePath.slice(1))}" ${e.message ?? 'is invalid'}`,
      );
    }
  }
  const hasBody = req.bodyText !== '';
  for (const h of op.model.contentHeaders) {
    const value = headers[h.name.toLowerCase()];
    const isContentType = h.name.toLowerCase() === 'content-type';
    if (value === undefined) {
      if (h.required && (!isContentType || hasBody || op.model.requestBody?.required))
        add('request-headers', `required header "${h.name}" is missing`);
      continue;
    }
    if (h.mediaTypes.length === 0) continue;
    if (isContentType && !h.mediaTypes.some((m) => sameMedia(value, m)))
      add('request-content-type', `Content-Type "${value}" is not documented (expected ${h.mediaTypes.join(' or ')})`);
    if (!isContentType && !acceptsAny(value, h.mediaTypes))
      add('request-content-type', `${h.name} "${value}" accepts none of the documented ${h.mediaTypes.join(', ')}`);
  }
  if (validators.path && !validators.path(req.pathParams))
    add('request-path', `path parameters: ${ajvMessage(validators.path)}`);
  if (validators.query) {
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(req.query.keys())) {
      const all = req.query.getAll(key);
      query[key] = all.length === 1 ? all[0] : all;
    }
    if (!validators.query(query)) add('request-query', `query parameters: ${ajvMessage(validators.query)}`);
  }
  const body = op.model.requestBody;
  if (body) {
    if (!hasBody) {
      if (body.required) add('request-body', 'the request body is missing');
    } else if (/json/i.test(body.contentType)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.bodyText);
      } catch {
        add('request-body', 'the request body is not valid JSON');
        return findings;
      }
      if (validators.body && !validators.body(parsed))
        add('request-body', `the request body does not match the schema: ${ajvMessage(validators.body)}`);
    }
  }
  return findings;
}

function headerName(op: Operation, lower: string): string {
  return op.model.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === lower)?.name ?? lower;
}

function sameMedia(value: string, media: string): boolean {
  return value.split(';')[0].trim().toLowerCase() === media.toLowerCase();
}

function acceptsAny(accept: string, mediaTypes: readonly string[]): boolean {
  const ranges = accept.split(',').map((r) => r.split(';')[0].trim().toLowerCase());
  return ranges.some(
    (r) =>
      r === '*/*' ||
      mediaTypes.some((m) => m.toLowerCase() === r || (r.endsWith('/*') && m.toLowerCase().startsWith(r.slice(0, -1)))),
  );
}
