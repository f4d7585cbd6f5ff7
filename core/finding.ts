/**
 * The one finding every tool reports (verify, the proxy, pact-check) and the one closed set of
 * codes it carries, so a report consumer (CI annotations, a dashboard reading the JSON report)
 * can switch on `code` exhaustively, whichever tool judged the exchange. The codes of the spec's
 * judgments are runtime's own unions (a new judgment code joins the set by construction); the
 * tools add the verdicts no judgment of one documented operation makes (an unknown path, a
 * provider that does not answer, a case's own expectation).
 */
import type { AnswerFindingCode, ContentTypeFindingCode, RequestFindingCode } from '@pwpkit/runtime';

/** What the spec's judgments (runtime's `judge*`) say of one request or answer. */
export type JudgmentCode = AnswerFindingCode | RequestFindingCode | ContentTypeFindingCode;

/** What a tool says where no judgment of one documented operation applies. */
export type ToolCode =
  | 'path-not-documented'
  | 'method-not-documented'
  | 'request-target-not-a-path'
  | 'response-body-not-documented'
  | 'response-body-missing'
  | 'response-body-not-json'
  | 'not-answered'
  | 'body-too-large'
  | 'not-served'
  | 'server-error'
  | 'expectation-not-met'
  | 'scenario-step-failed'
  | 'setup-failed';

/** The closed set: every code any check or rule may emit. */
export type FindingCode = JudgmentCode | ToolCode;

/**
 * Every code, what it means, and who emits it (v: verify, p: the proxy, c: pact-check). The type
 * makes the table exactly the set: a code without a row, or a row without a code, does not compile.
 *
 * | code | meaning | v | p | c |
 * |---|---|---|---|---|
 * | `path-not-documented` | no spec documents the request's path | | ✓ | ✓ |
 * | `method-not-documented` | the path is documented, for other methods only | | ✓ | ✓ |
 * | `request-target-not-a-path` | the request line names no path (`OPTIONS *`, `CONNECT host:443`) | | ✓ | |
 * | `path-parameter-invalid` | a path parameter does not match its schema, or does not decode | | ✓ | ✓ |
 * | `query-parameter-missing` | a required query parameter is not sent | | ✓ | ✓ |
 * | `query-parameter-invalid` | a query parameter does not match its schema | | ✓ | ✓ |
 * | `required-header-missing` | a required header is not sent | | ✓ | ✓ |
 * | `header-value-invalid` | a header's value does not match its schema | | ✓ | ✓ |
 * | `security-header-missing` | no credentials for any of the operation's security requirements | | ✓ | ✓ |
 * | `request-body-missing` | a required request body is not sent | | ✓ | ✓ |
 * | `request-body-not-documented` | a body is sent where none is documented (a warning) | | | ✓ |
 * | `request-body-not-json` | a JSON request body does not parse | | ✓ | |
 * | `request-body-invalid` | the request body does not match its schema | | ✓ | ✓ |
 * | `request-content-type-not-consumed` | the request's Content-Type is not one the operation consumes | | ✓ | ✓ |
 * | `request-accept-not-produced` | Accept matches nothing the operation produces | | ✓ | ✓ |
 * | `response-status-not-documented` | the status is not documented for the operation | ✓ | ✓ | ✓ |
 * | `response-content-type-missing` | a body without a Content-Type (in a pact: a warning) | ✓ | ✓ | ✓ |
 * | `response-content-type-not-produced` | the Content-Type is not documented for the status | ✓ | ✓ | ✓ |
 * | `response-body-invalid` | the answer's body does not match the schema of its status | ✓ | ✓ | ✓ |
 * | `response-body-not-documented` | a body is expected where the status documents none | | | ✓ |
 * | `response-body-missing` | the answer has no body where its status documents one | ✓ | ✓ | |
 * | `response-body-not-json` | the answer's JSON body does not parse | ✓ | ✓ | |
 * | `error-body-not-object` | an error answer is not an object with a `type` and a `code` | ✓ | ✓ | |
 * | `error-code-not-documented` | the error `code` is not documented for the operation and status | ✓ | ✓ | ✓ |
 * | `error-type-mismatch` | the error `code` is documented with another `type` | ✓ | ✓ | ✓ |
 * | `not-answered` | no answer: refused connection, reset, timeout | ✓ | ✓ | |
 * | `body-too-large` | a body over the `--max-body` cap: not read whole, not judged | ✓ | ✓ | |
 * | `not-served` | a documented path and method answered 404 or 405 | ✓ | | |
 * | `server-error` | a test request was answered with a 5xx | ✓ | | |
 * | `expectation-not-met` | the case's own expectation (accepted, refused with…, an outage's 5xx) | ✓ | | |
 * | `scenario-step-failed` | a scenario step's behavioural assertion | ✓ | | |
 * | `setup-failed` | a step a check needs could not be done, so the check could not proceed | ✓ | | |
 */
export const FINDING_CODE_MEANINGS: { readonly [C in FindingCode]: string } = {
  'path-not-documented': "no spec documents the request's path",
  'method-not-documented': 'the path is documented, for other methods only',
  'request-target-not-a-path': 'the request line names no path',
  'path-parameter-invalid': 'a path parameter does not match its schema, or does not decode',
  'query-parameter-missing': 'a required query parameter is not sent',
  'query-parameter-invalid': 'a query parameter does not match its schema',
  'required-header-missing': 'a required header is not sent',
  'header-value-invalid': "a header's value does not match its schema",
  'security-header-missing': "no credentials for any of the operation's security requirements",
  'request-body-missing': 'a required request body is not sent',
  'request-body-not-documented': 'a body is sent where none is documented',
  'request-body-not-json': 'a JSON request body does not parse',
  'request-body-invalid': 'the request body does not match its schema',
  'request-content-type-not-consumed': "the request's Content-Type is not one the operation consumes",
  'request-accept-not-produced': 'Accept matches nothing the operation produces',
  'response-status-not-documented': 'the status is not documented for the operation',
  'response-content-type-missing': 'an answer with a body has no Content-Type',
  'response-content-type-not-produced': "the answer's Content-Type is not documented for its status",
  'response-body-invalid': "the answer's body does not match the schema of its status",
  'response-body-not-documented': 'a body is expected where the status documents none',
  'response-body-missing': 'the answer has no body where its status documents one',
  'response-body-not-json': "the answer's JSON body does not parse",
  'error-body-not-object': 'an error answer is not an object with a type and a code',
  'error-code-not-documented': 'the error code is not documented for the operation and status',
  'error-type-mismatch': 'the error code is documented with another type',
  'not-answered': 'no answer: refused connection, reset, timeout',
  'body-too-large': 'a body over the --max-body cap: not read whole, not judged',
  'not-served': 'a documented path and method answered 404 or 405',
  'server-error': 'a test request was answered with a 5xx',
  'expectation-not-met': "the case's own expectation was not met",
  'scenario-step-failed': "a scenario step's behavioural assertion failed",
  'setup-failed': 'a step a check needs could not be done',
};

/** Every code of the set, in the table's order. */
export const ALL_FINDING_CODES: readonly FindingCode[] = Object.keys(FINDING_CODE_MEANINGS).filter(isFindingCode);

export function isFindingCode(value: unknown): value is FindingCode {
  return typeof value === 'string' && Object.hasOwn(FINDING_CODE_MEANINGS, value);
}

export type Severity = 'error' | 'warning';

/** Where in the exchange the breach is. */
export interface FindingLocation {
  readonly part: 'request' | 'response';
  /** Which piece of that part. */
  readonly in?: 'method' | 'path' | 'query' | 'header' | 'status' | 'body';
  /** The parameter or header, as documented. */
  readonly name?: string;
  /** JSON pointer into the body (`''`: the body itself). */
  readonly at?: string;
}

/**
 * One broken promise. `Check` narrows the name of what produced it (pact-check: its rule names).
 * `Code` narrows the codes (a check or rule declares the ones it may emit).
 */
export interface Finding<Check extends string = string, Code extends FindingCode = FindingCode> {
  readonly code: Code;
  /** A warning does not break the contract (pact-check's leniencies); an error does. */
  readonly severity: Severity;
  /** The check or rule that produced it (`status-documented`, `request-headers`, `behaviour`…). */
  readonly check: Check;
  readonly message: string;
  readonly location?: FindingLocation;
}
