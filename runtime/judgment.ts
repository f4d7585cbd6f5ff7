/**
 * The judgments every pwpkit tool makes of an answer, written once: is its status documented for
 * the operation, does its body match the schema documented for that status, is its error code
 * documented (for that operation and status, with its type). The generated client (classifying
 * results), the mock's self-check, verify, proxy and pact-check all ask these functions, so they
 * cannot disagree on one exchange. Pure and dependency-free: this runs inside apps.
 */
import { documentedStatusKey, type ValidatorFn } from './definition.ts';

/** One documented `{ type, code }` row of an error table. */
export interface ErrorRow {
  readonly type: string;
  readonly code: string;
}

/** What the spec documents about one operation's answers. */
export interface DocumentedAnswers {
  readonly name: string;
  readonly statuses: readonly string[];
  /** Documented status key → the `{ type, code }` rows of its error table. */
  readonly errorCatalog: Readonly<Record<string, readonly ErrorRow[]>>;
}

/** Named as pact-check and verify report them (`response-…`, beside the request judgment's `request-…`). */
export type AnswerFindingCode =
  | 'response-status-not-documented'
  | 'response-body-invalid'
  | 'error-body-not-object'
  | 'error-code-not-documented'
  | 'error-type-mismatch';

/** What `judgeErrorCode` may say. */
export type ErrorCodeFindingCode = 'error-body-not-object' | 'error-code-not-documented' | 'error-type-mismatch';

/** One broken promise of an answer. `at` is a JSON pointer into the body (`''`: the body itself). */
export interface AnswerFinding<Code extends AnswerFindingCode = AnswerFindingCode> {
  readonly code: Code;
  readonly at: string;
  readonly message: string;
}

/** The documented status key (`200`, `4XX`, `default`) a status falls under, or why there is none. */
export function judgeStatus(
  op: DocumentedAnswers,
  status: number,
): { key: string } | { finding: AnswerFinding<'response-status-not-documented'> } {
  const key = documentedStatusKey(op.statuses, status);
  if (key !== undefined) return { key };
  const message = `status ${status} is not documented for ${op.name} (documented: ${op.statuses.join(', ')})`;
  return { finding: { code: 'response-status-not-documented', at: '', message } };
}

/** Schema failures of a body, each at its JSON pointer (a missing property's own pointer included). */
export function judgeBody(validate: ValidatorFn, body: unknown): AnswerFinding<'response-body-invalid'>[] {
  if (validate(body)) return [];
  return describeSchemaErrors(validate.errors).map((e) => ({
    code: 'response-body-invalid',
    at: e.at,
    message: e.message,
  }));
}

/**
 * An error answer's `{ type, code }` against the rows documented for its operation and status.
 * Returns the matching row, no verdict when nothing is documented for the status, or a finding.
 */
export function judgeErrorCode(
  op: DocumentedAnswers,
  key: string,
  body: unknown,
): { row?: ErrorRow; finding?: AnswerFinding<ErrorCodeFindingCode> } {
  const rows = op.errorCatalog[key];
  if (!rows || rows.length === 0) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      finding: {
        code: 'error-body-not-object',
        at: '',
        message: `the ${key} answer of ${op.name} is not an error object with a type and a code`,
      },
    };
  }
  const { type, code } = body as { type?: unknown; code?: unknown };
  const where = `${op.name} ${key}`;
  const sameCode = rows.filter((r) => r.code === code);
  if (sameCode.length === 0) {
    const elsewhere = Object.entries(op.errorCatalog)
      .filter(([other, list]) => other !== key && list.some((r) => r.code === code))
      .map(([other]) => other);
    const note = elsewhere.length > 0 ? `; it is documented for status ${elsewhere.join(', ')}` : '';
    const documented = rows.map((r) => r.code).join(', ');
    const wanted = JSON.stringify(code);
    const message = `error code ${wanted} is not documented for ${where} (documented: ${documented})${note}`;
    return { finding: { code: 'error-code-not-documented', at: '/code', message } };
  }
  const row = sameCode.find((r) => r.type === type);
  if (row) return { row };
  const types = sameCode.map((r) => r.type).join('" or "');
  const message =
    `error code ${JSON.stringify(code)} is documented with type "${types}" ` +
    `for ${where}, not ${JSON.stringify(type)}`;
  return { finding: { code: 'error-type-mismatch', at: '/type', message } };
}

interface SchemaError {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** ajv's errors as `{ at, message }`, in one wording for every tool. */
export function describeSchemaErrors(
  errors: readonly SchemaError[] | null | undefined,
): Array<{ at: string; message: string }> {
  return (errors ?? []).map((e) => {
    const params = e.params ?? {};
    const missing =
      e.keyword === 'required' && typeof params.missingProperty === 'string'
        ? `/${escapePointerToken(params.missingProperty)}`
        : '';
    const extra =
      e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string'
        ? ` ("${params.additionalProperty}")`
        : '';
    const allowed =
      e.keyword === 'enum' && Array.isArray(params.allowedValues)
        ? `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : '';
    const message = missing ? 'is missing (required by the schema)' : `${e.message ?? 'is invalid'}${extra}${allowed}`;
    return { at: `${e.instancePath}${missing}`, message };
  });
}

/** One reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The reverse of `escapePointerToken`: `~1` → `/`, then `~0` → `~` (RFC 6901's order). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Is this media type JSON (`application/json`, `application/problem+json`, parameters allowed)?
 * The one answer for every tool; a spec's `*\/*` is a wildcard, not JSON, and callers that treat it
 * as JSON say so themselves.
 */
export function isJsonMediaType(mediaType: string): boolean {
  if (mediaType === 'application/json') return true; // nearly always, without a regular expression
  return /^application\/([\w.-]+\+)?json\b/i.test(mediaType.trim());
}
