import { randomUUID } from 'node:crypto';
import { isObject } from '../../input/document.ts';
import { isClientIdHeader, isUuidHeader } from '@pwpkit/runtime';
import type { ApiSet, Operation } from '../api-set.ts';
import type { HttpRequest } from '../types.ts';
import { parameterExample, requestBodyExample } from './examples.ts';
import { securityWantsBearer } from './security.ts';
import { sampleOf } from './sample.ts';

/** Who the run is and what it knows: the server root, credentials and values by name. */
export interface RequestContext {
  set: ApiSet;
  /** Scheme, host and port (and any prefix before the spec's basePath). */
  root: string;
  token?: string;
  clientId?: string;
  /** `Basic base64(clientId:clientSecret)`, for an Authorization header documented as HTTP Basic (token calls). */
  basic?: string;
  /** Values by parameter or property name: the fixture subject's, provisioned resources. */
  values: Readonly<Record<string, unknown>>;
}

export interface RequestParts {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The JSON value to send; `undefined` for none. */
  body?: unknown;
}

/** A well-formed request for the operation, as the spec documents it. */
export function validParts(op: Operation, ctx: RequestContext): RequestParts {
  const { set } = ctx;
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const p of op.model.parameters) {
    const example = () => parameterExample(op, p)?.value;
    if (p.in === 'path')
      pathParams[p.name] = String(ctx.values[p.name] ?? example() ?? exampleFor(set, op, p.name, p.schema));
    else if (p.in === 'query' && p.required && isClientIdHeader(p.name) && ctx.clientId) query[p.name] = ctx.clientId;
    else if (p.in === 'query' && p.required)
      query[p.name] = String(sampleOf(set, op, p.schema, { values: ctx.values }, p.name, 0, example()));
    else if (p.in === 'header') {
      const value =
        (p.name.toLowerCase() === 'authorization' && ctx.basic && isBasicAuthorization(p.description)
          ? ctx.basic
          : headerValue(p.name, ctx)) ??
        (p.required ? String(sampleOf(set, op, p.schema, { values: ctx.values }, p.name, 0, example())) : undefined);
      if (value !== undefined) headers[p.name.toLowerCase()] = value;
    }
  }
  for (const h of op.model.contentHeaders) {
    const lower = h.name.toLowerCase();
    if (lower === 'content-type') {
      if (op.model.requestBody) headers[lower] = op.model.requestBody.contentType;
    } else if (h.required || lower === 'accept') headers[lower] = h.mediaTypes[0] ?? 'application/json';
  }
  // An OpenAPI 3 document declares no Content-Type header: the body's media type is it.
  if (op.model.requestBody && headers['content-type'] === undefined)
    headers['content-type'] = op.model.requestBody.contentType;
  // Where the spec's security asks for a bearer token and lists no Authorization header of its own.
  if (
    ctx.token &&
    headers.authorization === undefined &&
    !op.model.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'authorization') &&
    securityWantsBearer(op)
  )
    headers.authorization = `Bearer ${ctx.token}`;
  const body = op.model.requestBody
    ? sampleOf(
        set,
        op,
        op.model.requestBody.schema ?? {},
        { values: ctx.values },
        undefined,
        0,
        requestBodyExample(op)?.value,
      )
    : undefined;
  return { pathParams, query, headers, ...(body !== undefined ? { body } : {}) };
}

/**
 * An Authorization header documented as HTTP Basic ("HTTP Basic authentication by passing base64
 * encoded value of the client id and client secret").
 */
export function isBasicAuthorization(description: string | undefined): boolean {
  return description !== undefined && /\bBasic\b/.test(description) && !/\bBearer\b/.test(description);
}

function headerValue(name: string, ctx: RequestContext): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return ctx.token ? `Bearer ${ctx.token}` : undefined;
  if (isUuidHeader(name)) return randomUUID();
  if (isClientIdHeader(name)) return ctx.clientId;
  return undefined;
}

/** A path parameter's example: its own, else the example of a response property of that name (`petId`). */
export function exampleFor(set: ApiSet, op: Operation, name: string, schema: unknown): string {
  const own = set.resolve(op, schema);
  if (own.example !== undefined) return String(own.example);
  const components =
    isObject(op.api.openapi.components) && isObject(op.api.openapi.components.schemas)
      ? op.api.openapi.components.schemas
      : {};
  for (const s of Object.values(components)) {
    const prop = isObject(s) && isObject(s.properties) ? s.properties[name] : undefined;
    if (isObject(prop) && prop.example !== undefined) return String(prop.example);
  }
  return 'example';
}

/** Turns parts into the request to send. `rawBody` replaces the JSON body (malformed JSON cases). */
export function toHttpRequest(op: Operation, ctx: RequestContext, parts: RequestParts, rawBody?: string): HttpRequest {
  const path =
    op.api.api.basePath +
    op.model.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(parts.pathParams[name] ?? ''));
  const qs = new URLSearchParams(parts.query).toString();
  const fullPath = qs ? `${path}?${qs}` : path;
  const form =
    /^application\/x-www-form-urlencoded\b/i.test(parts.headers['content-type'] ?? '') &&
    typeof parts.body === 'object' &&
    parts.body !== null;
  const body =
    rawBody ??
    (parts.body === undefined
      ? undefined
      : form
        ? formText(parts.body as Record<string, unknown>)
        : JSON.stringify(parts.body));
  return {
    method: op.model.method.toUpperCase(),
    url: ctx.root + fullPath,
    path: fullPath,
    headers: { ...parts.headers },
    ...(body !== undefined ? { body } : {}),
  };
}

/** A form body (OAuth token calls): the fields URL-encoded, objects as JSON text. */
function formText(fields: Record<string, unknown>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined && v !== null) out.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  return out.toString();
}

/** The server root for a `--base-url` given with or without the specs' basePath. */
export function serverRoot(baseUrl: string, basePaths: readonly string[]): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const url = new URL(trimmed);
  for (const bp of [...basePaths].filter(Boolean).sort((a, b) => b.length - a.length)) {
    if (url.pathname.replace(/\/+$/, '').endsWith(bp)) return trimmed.slice(0, trimmed.length - bp.length);
  }
  return trimmed;
}
