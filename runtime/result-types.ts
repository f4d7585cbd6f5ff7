/**
 * Type-level view of an openapi-typescript operation: what a generated client method takes and
 * what it resolves to. Pure types; nothing here exists at run time.
 */

type Values<T> = T[keyof T];

/** The JSON body of a response or request body object (`{ content: { 'application/json': T } }`). */
export type JsonBodyOf<R> = R extends { content: infer C }
  ? C extends { 'application/json': infer B }
    ? B
    : C extends Record<string, unknown>
      ? Values<C>
      : undefined
  : undefined;

type ParamsOf<O, In extends string> = O extends { parameters: infer P }
  ? P extends { [K in In]?: infer X }
    ? NonNullable<X>
    : never
  : never;
type IsEmpty<T> = [T] extends [never] ? true : keyof T extends never ? true : false;
/** `Partial<T> extends T` holds when every property of T is optional (then the key itself is optional). */
type OptionalIfAllOptional<K extends string, T> =
  IsEmpty<T> extends true ? unknown : Partial<T> extends T ? { [P in K]?: T } : { [P in K]: T };

type BodyInput<O> = O extends { requestBody: infer B }
  ? undefined extends B
    ? { body?: JsonBodyOf<NonNullable<B>> }
    : { body: JsonBodyOf<B> }
  : O extends { requestBody?: infer B }
    ? { body?: JsonBodyOf<NonNullable<B>> }
    : unknown;

type PathInput<O> = IsEmpty<ParamsOf<O, 'path'>> extends true ? unknown : ParamsOf<O, 'path'>;

/**
 * A method's argument: path parameters at the top level, then `query`, `headers` (those the
 * client does not manage itself: `Managed`) and `body`.
 */
export type OperationInput<O, Managed extends string = never> = PathInput<O> &
  OptionalIfAllOptional<'query', ParamsOf<O, 'query'>> &
  OptionalIfAllOptional<'headers', Omit<ParamsOf<O, 'header'>, Managed>> &
  BodyInput<O>;

type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

export interface ContractViolation {
  /** JSON pointer into the response body (or `#/headers/content-type`; `#/body/…`, `#/path/…` for a request). */
  pointer: string;
  message: string;
}

/** The server's answer when it matches a documented success status. */
export type SuccessResult<O> = Values<{
  [S in keyof ResponsesOf<O> & SuccessStatus]: {
    ok: true;
    kind: 'success';
    status: S;
    data: JsonBodyOf<ResponsesOf<O>[S]>;
    headers: Headers;
    violations: ContractViolation[];
  };
}>;

type ErrorRow = { readonly type: string; readonly code: string };

/** An error answer carrying one of the `{ type, code }` pairs documented for that status. */
type DocumentedErrorResult<S, Row, Body> = Row extends ErrorRow
  ? {
      ok: false;
      kind: 'error';
      status: S;
      error: { type: Row['type']; code: Row['code']; details?: string; location?: string; moreInfo?: unknown };
      data: Body;
      headers: Headers;
      violations: ContractViolation[];
    }
  : never;

type ErrorResultFor<S, Body, Catalog> = `${S & (string | number)}` extends keyof Catalog
  ? Catalog[`${S & (string | number)}`] extends readonly (infer Row)[]
    ? DocumentedErrorResult<S, Row, Body>
    : never
  : {
      ok: false;
      kind: 'error';
      status: S;
      error?: undefined;
      data: Body;
      headers: Headers;
      violations: ContractViolation[];
    };

export type ErrorResult<O, Catalog> = Values<{
  [S in Exclude<keyof ResponsesOf<O>, SuccessStatus>]: ErrorResultFor<S, JsonBodyOf<ResponsesOf<O>[S]>, Catalog>;
}>;

/** A status, or an error code for a documented status, that the spec does not document. */
export interface UndocumentedResult {
  ok: false;
  kind: 'undocumented';
  status: number;
  body: unknown;
  headers: Headers;
  reason: string;
}

/** Strict mode: the answer broke the documented schema (the first failure, by JSON pointer). */
export interface ContractViolationResult {
  ok: false;
  kind: 'contractViolation';
  status: number;
  body: unknown;
  headers: Headers;
  violations: ContractViolation[];
}

/**
 * The request was not sent: a required path or query parameter or body is missing, or (strict
 * mode) the request breaks its documented schema. `violations` say where (`#/body/…`).
 */
export interface RequestInvalidResult {
  ok: false;
  kind: 'requestInvalid';
  operation: string;
  reason: string;
  violations: ContractViolation[];
}

// biome-ignore lint/complexity/noBannedTypes: no error catalog is the empty object type, as generated clients pass it
export type OperationResult<O, Catalog = {}> =
  | SuccessResult<O>
  | ErrorResult<O, Catalog>
  | UndocumentedResult
  | ContractViolationResult
  | RequestInvalidResult;
