/**
 * Why the mock refuses a request, apart from how the refusal is phrased: runtime's request
 * judgment (`judgeRequest`, the verdict of the proxy and pact-check) gives the findings, this file
 * turns them into one refusal, and a phrasing (RFC 9457 problems, or a plug-in's error catalog)
 * writes the answer.
 */
import type { RequestFinding } from '@pwpkit/runtime';
import { FORBIDDEN_KEY_MESSAGE } from './sent-request.ts';
import type { ServedOperation } from './served-operation.ts';

export type RefusalKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported-media-type'
  | 'not-acceptable'
  | 'not-found'
  | 'too-large'
  | 'method'
  | 'server';

/**
 * One thing wrong with a request, and where: `in` names the part, `name` the parameter or header,
 * `pointer` the body location.
 */
export interface Violation {
  readonly in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'security' | 'method' | 'resource';
  readonly name?: string;
  readonly pointer?: string;
  /** Absent: the refusal's kind says it all (a catalog answers its row's own text). */
  readonly message?: string;
}

export interface Refusal {
  readonly kind: RefusalKind;
  /** The one that decided the kind first. */
  readonly violations: readonly Violation[];
}

/** An answer ready to send: status, headers and the serialized body (`undefined`: none). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** The parsed JSON body, for the stateful store. */
  value?: unknown;
}

/** How refusals are written: `op` is the operation the request went to (none: outside any). */
export interface RefusalPhrasing<Op> {
  answer(op: Op | undefined, refusal: Refusal, instance: string): Answer;
}

/**
 * The one refusal of a request the judgment found fault with:
 * - no credentials of the operation's security → 401 (the credential findings);
 * - a Content-Type the operation does not consume → 415 (it first, then the other findings);
 * - anything else but Accept → 400 (header findings first, as a server reads headers first);
 * - only an Accept the operation cannot satisfy → 406.
 * `credentialsMissing`: runtime's `credentialsSent` said no (then a finding names it: the
 * security finding, or the required header that carries the credential).
 */
export function refusalOf(
  findings: readonly RequestFinding[],
  credentialsMissing: boolean,
  credentialHeaders: ReadonlySet<string>,
): Refusal {
  if (credentialsMissing) {
    const credentials = findings.filter(
      (f) =>
        f.code === 'security-header-missing' ||
        (f.code === 'required-header-missing' && credentialHeaders.has((f.name ?? '').toLowerCase())),
    );
    return { kind: 'unauthorized', violations: (credentials.length > 0 ? credentials : findings).map(violationOf) };
  }
  const contentType = findings.find((f) => f.code === 'request-content-type-not-consumed');
  const rest = findings.filter((f) => f.code !== 'request-accept-not-produced' && f !== contentType);
  if (contentType) return { kind: 'unsupported-media-type', violations: [contentType, ...rest].map(violationOf) };
  if (rest.length === 0) return { kind: 'not-acceptable', violations: findings.map(violationOf) };
  const headersFirst = [...rest.filter(isHeaderFinding), ...rest.filter((f) => !isHeaderFinding(f))];
  return { kind: 'invalid', violations: headersFirst.map(violationOf) };
}

/** A header missing or malformed (a server reads headers before anything else). */
export function isHeaderFinding(f: RequestFinding): boolean {
  return f.code === 'required-header-missing' || f.code === 'header-value-invalid';
}

function violationOf(f: RequestFinding): Violation {
  if (f.in === 'body')
    return f.at ? { in: 'body', pointer: f.at, message: f.message } : { in: 'body', message: f.message };
  return f.name === undefined ? { in: f.in, message: f.message } : { in: f.in, name: f.name, message: f.message };
}

// The refusals the machinery itself makes.
/** The mock's own refusal of a body, among the judgment's findings. */
export const FORBIDDEN_KEY: RequestFinding = {
  code: 'request-body-invalid',
  severity: 'error',
  in: 'body',
  at: '',
  message: FORBIDDEN_KEY_MESSAGE,
};
export const UNAVAILABLE: Refusal = { kind: 'server', violations: [] };
export const INJECTED_FAULT: Refusal = {
  kind: 'server',
  violations: [{ in: 'resource', message: 'an injected fault (--faults): this share of requests answers an outage' }],
};
export const UNAUTHORIZED: Refusal = { kind: 'unauthorized', violations: [{ in: 'header', name: 'Authorization' }] };
export const MISSING_HOST: Refusal = {
  kind: 'invalid',
  violations: [{ in: 'header', name: 'Host', message: 'An HTTP/1.1 request must carry a Host header' }],
};
export const MALFORMED_HTTP: Refusal = {
  kind: 'invalid',
  violations: [{ in: 'resource', message: 'malformed HTTP request' }],
};

export function notImplemented(op: ServedOperation): Refusal {
  return {
    kind: 'server',
    violations: [{ in: 'resource', message: `No behaviour implements ${op.method} ${op.spec.path}` }],
  };
}
