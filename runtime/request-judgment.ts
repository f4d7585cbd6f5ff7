/**
 * The judgment of a request, written once: are the documented path and query parameters, headers,
 * credentials, body, Content-Type and Accept what the spec asks for? The proxy (a client's live
 * requests) and pact-check (a pact's requests) both ask `judgeRequest`, so they give one verdict
 * in one wording; `test/core/one-request-verdict.test.ts` holds them to it. Pure and
 * dependency-free like `judgment.ts`: a client could ask it before sending.
 */
import type { HeaderSpec, OperationValidatorSet } from './definition.ts';
import { describeSchemaErrors, isJsonMediaType, unescapePointerToken } from './judgment.ts';

/** Where a request carries a credential of a security scheme. */
export interface Credential {
  readonly in: 'header' | 'query' | 'cookie';
  readonly name: string;
  /** The scheme's name in the spec. */
  readonly scheme: string;
  /** For `Authorization`: the scheme its value must start with (`bearer`, `basic`); absent: any value. */
  readonly authScheme?: string;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Whether a request carries the credentials of one alternative (any one suffices; none documented:
 * yes). Presence only: a credential's worth is the provider's to judge. The mock answers 401 when
 * this says no; the request judgment reports it.
 */
export function credentialsSent(
  alternatives: readonly (readonly Credential[])[],
  headers: Headers,
  query: Readonly<Record<string, unknown>>,
): boolean {
  return alternatives.length === 0 || alternatives.some((a) => a.every((c) => credentialSent(c, headers, query)));
}

function credentialSent(c: Credential, headers: Headers, query: Readonly<Record<string, unknown>>): boolean {
  if (c.in === 'query') return query[c.name] !== undefined && query[c.name] !== '';
  if (c.in === 'cookie')
    return oneValue(headers.cookie)
      .split(/;\s*/)
      .some((kv) => kv.startsWith(`${c.name}=`));
  const value = oneValue(headers[c.name.toLowerCase()]);
  if (value === '') return false;
  if (c.authScheme === undefined) return true;
  const space = value.indexOf(' ');
  return space > 0 && value.slice(0, space).toLowerCase() === c.authScheme && value.slice(space).trim() !== '';
}

function oneValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** What the spec documents about one operation's requests. */
export interface DocumentedRequest {
  readonly name: string;
  /** Header parameters, and the Content-Type and Accept headers a Swagger 2.0 spec lists as parameters. */
  readonly headers: readonly HeaderSpec[];
  readonly queryParams: readonly { readonly name: string; readonly required: boolean }[];
  readonly body: { readonly required: boolean; readonly contentType: string } | null;
  /** Media types the body may have (consumes); empty: any. */
  readonly consumes: readonly string[];
  /** Every media type of every documented response (produces); empty: nothing to negotiate. */
  readonly produces: readonly string[];
  /** Alternatives (any one suffices), each the credentials sent together; empty: none needed. */
  readonly credentials: readonly (readonly Credential[])[];
  readonly validators: Pick<OperationValidatorSet, 'headers' | 'path' | 'query' | 'body'>;
}

/** A request as it was sent. */
export interface SentRequest {
  /** Lower-case names; repeated values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  /**
   * Absent: no body. `text`: the raw body, parsed here when it is JSON; `value`: a body already
   * decoded (a pact's). `contentType`: the body's own media type where no Content-Type header says it.
   */
  readonly body?: ({ readonly text: string } | { readonly value: unknown }) & { readonly contentType?: string };
}

export type RequestFindingCode =
  | 'path-parameter-invalid'
  | 'query-parameter-missing'
  | 'query-parameter-invalid'
  | 'required-header-missing'
  | 'header-value-invalid'
  | 'security-header-missing'
  | 'request-body-missing'
  | 'request-body-not-documented'
  | 'request-body-not-json'
  | 'request-body-invalid'
  | 'request-content-type-not-consumed'
  | 'request-accept-not-produced';

/** One broken promise of a request. */
export interface RequestFinding {
  readonly code: RequestFindingCode;
  /** A body sent where none is documented is a warning; everything else an error. */
  readonly severity: 'error' | 'warning';
  readonly in: 'path' | 'query' | 'header' | 'body';
  /** The parameter or header (as documented), for `path`, `query` and `header` findings. */
  readonly name?: string;
  /** JSON pointer into the body, for schema findings of the body. */
  readonly at?: string;
  readonly message: string;
}

/** Every finding of a request, in order: path, query, headers, credentials, body, Content-Type, Accept. */
export function judgeRequest(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const path = judgePath(op, request);
  const query = judgeQuery(op, request);
  const headers = judgeHeaders(op, request);
  const body = judgeBody(op, request);
  const mediaTypes = judgeMediaTypes(op, request);
  // A mock asks on every request: a valid one (nearly all) costs no copying.
  if (query.length + headers.length + body.length + mediaTypes.length === 0) return path;
  return path.concat(query, headers, body, mediaTypes);
}

function judgePath(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const validate = op.validators.path;
  if (!validate || validate(request.pathParams)) return [];
  return describeSchemaErrors(validate.errors).map((e) => {
    const name = firstToken(e.at);
    const value = JSON.stringify(request.pathParams[name] ?? '');
    return error('path-parameter-invalid', 'path', name, `path parameter "${name}" (${value}) ${e.message}`);
  });
}

function judgeQuery(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const findings: RequestFinding[] = [];
  for (const q of op.queryParams)
    if (q.required && request.query[q.name] === undefined)
      findings.push(
        error('query-parameter-missing', 'query', q.name, `required query parameter "${q.name}" is not sent`),
      );
  const validate = op.validators.query;
  if (validate && !validate(request.query)) {
    // A missing one is reported above, by name.
    const errors = (validate.errors ?? []).filter((e) => (e as { keyword?: string }).keyword !== 'required');
    for (const e of describeSchemaErrors(errors)) {
      const name = firstToken(e.at);
      const value = JSON.stringify(request.query[name] ?? '');
      findings.push(
        error('query-parameter-invalid', 'query', name, `query parameter "${name}" (${value}) ${e.message}`),
      );
    }
  }
  return findings;
}

function judgeHeaders(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const findings: RequestFinding[] = [];
  let missing: Set<string> | undefined;
  const lowerNames = lowerNamesOf(op.headers);
  for (let i = 0; i < op.headers.length; i++) {
    const h = op.headers[i];
    const lower = lowerNames[i];
    if (!h.required || request.headers[lower] !== undefined) continue;
    // A Content-Type describes a body: without one, there is nothing for it to describe.
    if (lower === 'content-type' && sentBody(request) === undefined && !op.body?.required) continue;
    (missing ??= new Set()).add(lower);
    findings.push(error('required-header-missing', 'header', h.name, `required header "${h.name}" is not sent`));
  }
  const validate = op.validators.headers;
  if (validate && !validate(request.headers)) {
    const errors = (validate.errors ?? []).filter((e) => (e as { keyword?: string }).keyword !== 'required');
    for (const e of describeSchemaErrors(errors)) {
      const lower = firstToken(e.at);
      const name = op.headers.find((h) => h.name.toLowerCase() === lower)?.name ?? lower;
      const value = JSON.stringify(request.headers[lower] ?? '');
      findings.push(error('header-value-invalid', 'header', name, `header "${name}" (${value}) ${e.message}`));
    }
  }
  const credentials = judgeCredentials(op, request, missing ?? NO_NAMES);
  return credentials ? [...findings, credentials] : findings;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Each header's name in lower case, computed once per operation (the judgment runs on every mocked request). */
const lowerNames = new WeakMap<readonly HeaderSpec[], readonly string[]>();
function lowerNamesOf(headers: readonly HeaderSpec[]): readonly string[] {
  let names = lowerNames.get(headers);
  if (!names) lowerNames.set(headers, (names = headers.map((h) => h.name.toLowerCase())));
  return names;
}

function judgeCredentials(
  op: DocumentedRequest,
  request: SentRequest,
  missingHeaders: ReadonlySet<string>,
): RequestFinding | undefined {
  if (credentialsSent(op.credentials, request.headers, request.query)) return undefined;
  const has = (c: Credential) => credentialSent(c, request.headers, request.query);
  // A credential that is also a required header was reported missing already.
  const reported = op.credentials.some((alternative) =>
    alternative.every((c) => has(c) || (c.in === 'header' && missingHeaders.has(c.name.toLowerCase()))),
  );
  if (reported) return undefined;
  const wanted = op.credentials
    .map((alternative) => alternative.map((c) => `${c.in} "${c.name}" (${c.scheme})`).join(' + '))
    .join(' or ');
  const message = `no credentials for the operation's security requirements: send ${wanted}`;
  return { code: 'security-header-missing', severity: 'error', in: 'header', message };
}

function judgeBody(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const sent = sentBody(request);
  if (sent === undefined) {
    if (!op.body?.required) return [];
    return [bodyError('request-body-missing', '', `${op.name} requires a request body; none is sent`)];
  }
  if (!op.body) {
    const message = `${op.name} documents no request body; one is sent`;
    return [{ code: 'request-body-not-documented', severity: 'warning', in: 'body', at: '', message }];
  }
  const mediaType = contentTypeOf(request) ?? op.body.contentType;
  // A body of a media type the operation does not consume is not read: the Content-Type finding says why.
  if (op.consumes.length > 0 && !mediaTypeAllowed(mediaType, op.consumes)) return [];
  const json = isJsonMediaType(mediaType);
  // A form's fields are typed and validated like a JSON body's (the generator gives them one schema).
  const form = !json && isFormMediaType(mediaType);
  const validate = op.validators.body;
  if ((!json && !form) || !validate) return [];
  let value = sent.value;
  if (sent.text !== undefined) {
    if (form) value = formFields(sent.text);
    else
      try {
        value = JSON.parse(sent.text);
      } catch {
        return [bodyError('request-body-not-json', '', 'the request body is not valid JSON')];
      }
  } else if (form && typeof value === 'string') value = formFields(value);
  if (validate(value)) return [];
  return describeSchemaErrors(validate.errors).map((e) =>
    bodyError('request-body-invalid', e.at, `request body${e.at ? ` at ${e.at}` : ''} ${e.message}`),
  );
}

function judgeMediaTypes(op: DocumentedRequest, request: SentRequest): RequestFinding[] {
  const findings: RequestFinding[] = [];
  const sent = contentTypeOf(request);
  if (sent !== undefined && sentBody(request) !== undefined && op.consumes.length > 0)
    if (!mediaTypeAllowed(sent, op.consumes))
      findings.push(
        error(
          'request-content-type-not-consumed',
          'header',
          'Content-Type',
          `request Content-Type "${sent}" is not one ${op.name} consumes (${op.consumes.join(', ')})`,
        ),
      );
  const accept = request.headers.accept;
  if (accept !== undefined && op.produces.length > 0 && !acceptsAny(accept, op.produces))
    findings.push(
      error(
        'request-accept-not-produced',
        'header',
        'Accept',
        `Accept "${accept}" matches nothing ${op.name} produces (${op.produces.join(', ')})`,
      ),
    );
  return findings;
}

/** `application/x-www-form-urlencoded` (parameters allowed): the body is a form's fields. */
export function isFormMediaType(mediaType: string): boolean {
  return mediaTypeEssence(mediaType) === 'application/x-www-form-urlencoded';
}

/** A form body's fields; a field sent twice is an array of its values. */
export function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  new URLSearchParams(text).forEach((value, name) => {
    const before = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const next = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
    // Defined, not assigned: a field named `__proto__` stays a field.
    Object.defineProperty(fields, name, { value: next, enumerable: true, writable: true, configurable: true });
  });
  return fields;
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeEssence(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

/** Whether `actual` is one of `allowed`; a wildcard on either side (`*\/*`, `application/*`) matches. */
export function mediaTypeAllowed(actual: string, allowed: readonly string[]): boolean {
  if (allowed.includes(actual)) return true; // what nearly every request sends, without parsing
  const [type, subtype] = mediaTypeEssence(actual).split('/');
  return allowed.some((entry) => {
    const [allowedType, allowedSubtype] = mediaTypeEssence(entry).split('/');
    if (type === '*' || allowedType === '*') return true;
    return type === allowedType && (subtype === allowedSubtype || subtype === '*' || allowedSubtype === '*');
  });
}

/**
 * Whether an Accept header accepts one of `mediaTypes` (RFC 9110 §12.5.1): each media type takes
 * the quality of the most specific range that matches it (`application/json;q=0, *\/*` refuses
 * JSON), and a quality of 0 means not acceptable. The mock's 406 (the `negotiator` package) agrees.
 */
export function acceptsAny(accept: string, mediaTypes: readonly string[]): boolean {
  // What clients send nearly always, answered without parsing: anything, or one documented type.
  if (mediaTypes.length > 0 && (accept === '*/*' || mediaTypes.includes(accept))) return true;
  if (accept.trim() === '') return true;
  const ranges = accept
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => {
      const [type = '', subtype = ''] = mediaTypeEssence(text).split('/');
      const q = /;\s*q\s*=\s*([0-9.]+)/i.exec(text);
      return { type, subtype, quality: q ? Number(q[1]) : 1 };
    });
  return mediaTypes.some((mediaType) => {
    const [type, subtype] = mediaTypeEssence(mediaType).split('/');
    let best: { specificity: number; quality: number } | undefined;
    for (const range of ranges) {
      const matches =
        (range.type === '*' || type === '*' || range.type === type) &&
        (range.subtype === '*' || subtype === '*' || range.subtype === subtype);
      if (!matches) continue;
      const specificity = (range.type === '*' ? 0 : 2) + (range.subtype === '*' ? 0 : 1);
      if (!best || specificity > best.specificity) best = { specificity, quality: range.quality };
    }
    return best !== undefined && best.quality > 0;
  });
}

function sentBody(request: SentRequest): { text?: string; value?: unknown } | undefined {
  const body = request.body;
  if (body === undefined) return undefined;
  if ('text' in body) return body.text === '' ? undefined : { text: body.text };
  return body.value === undefined || body.value === '' ? undefined : { value: body.value };
}

function contentTypeOf(request: SentRequest): string | undefined {
  return request.headers['content-type'] ?? request.body?.contentType;
}

/** The first reference token of a JSON pointer, unescaped: the parameter or header an error is about. */
function firstToken(pointer: string): string {
  return unescapePointerToken(pointer.split('/')[1] ?? '');
}

function error(
  code: RequestFindingCode,
  where: 'path' | 'query' | 'header',
  name: string,
  message: string,
): RequestFinding {
  return { code, severity: 'error', in: where, name, message };
}

function bodyError(code: RequestFindingCode, at: string, message: string): RequestFinding {
  return { code, severity: 'error', in: 'body', at, message };
}
