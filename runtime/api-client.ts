import { ClientError } from './client-error.ts';
import {
  isClientIdHeader,
  isUuidHeader,
  type ApiDefinition,
  type ClientCredentialsGrant,
  type OperationSpec,
  type ValidatorFn,
} from './definition.ts';
import {
  describeSchemaErrors,
  judgeBody,
  judgeErrorCode,
  judgeStatus,
  type DocumentedAnswers,
  type ErrorRow,
} from './judgment.ts';
import { redact } from './redact.ts';
import type { ContractViolation, RequestInvalidResult } from './result-types.ts';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryPolicy } from './retry-policy.ts';
import { clientCredentials, fixedToken, type TokenSource } from './token-source.ts';
import { tokenUrlOf } from './token-url.ts';

export type ValidationMode = 'strict' | 'responses' | 'off';

export interface ClientOptions {
  /** Server root, with or without the spec's basePath (`http://localhost:4010` or `…/api`). */
  baseUrl: string;
  /** Sent in the client-id header the spec documents (`client_id`). */
  clientId?: string;
  /** With `clientId`: OAuth2 client credentials, token fetched and cached for you. */
  clientSecret?: string;
  /** A fixed bearer token (or your own source) instead of client credentials. */
  token?: string | TokenSource;
  /**
   * Where client credentials are exchanged for a token. Default: the token URL the API's spec documents (its
   * oauth2 client-credentials flow, or `x-pwpkit-client-credentials`), under `<baseUrl><basePath>` when a path.
   */
  tokenUrl?: string;
  /** Fills the `{countryCode}` placeholder of the spec's token URL (default: the spec's, if it gives one). */
  countryCode?: string;
  /** Values for the other `{name}` placeholders of the spec's token URL. */
  tokenUrlVariables?: Record<string, string>;
  /** The `scope` form field of the token request. Default: the scope the spec documents (none: not sent). */
  scope?: string;
  /**
   * `responses` (default): answers are checked and violations reported on the result; `strict`: requests are checked
   * before sending and a broken answer becomes a `contractViolation` result.
   */
  validate?: ValidationMode;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  acceptLanguage?: string;
  /** The device-information header (seed 003): a string, or fields joined for you. */
  deviceInfo?: string | Record<string, string | number | boolean>;
  fetch?: typeof fetch;
  /** Called once per HTTP attempt; fields are already redacted. */
  logger?: (event: ClientLogEvent) => void;
  onContractViolation?: (operation: string, violations: ContractViolation[]) => void;
}

export interface ClientLogEvent {
  operation: string;
  method: string;
  path: string;
  attempt: number;
  status?: number;
  error?: string;
  durationMs: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Extra or overriding headers for this call. */
  headers?: Record<string, string>;
}

type CallInput = Record<string, unknown> & {
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
};

export interface ApiClient {
  call(operation: string, input?: CallInput, options?: CallOptions): Promise<unknown>;
}

/** The request pipeline every generated client shares: headers, auth, validation, retries, classification. */
export function createApiClient(definition: ApiDefinition, options: ClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = apiBase(options.baseUrl, definition.api.basePath);
  const tokens = tokenSourceFor(options, definition.api.clientCredentials, base, doFetch);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const mode = options.validate ?? 'responses';
  const secrets = () => [...(options.clientSecret ? [options.clientSecret] : []), ...(tokens?.secrets() ?? [])];
  const fixed: FixedHeaderValues = {
    clientId: options.clientId,
    acceptLanguage: options.acceptLanguage,
    deviceInfo: deviceInfoHeader(options.deviceInfo),
  };
  // Everything about an operation that does not change between calls is worked out once.
  const plans = new Map<string, OperationPlan>();

  async function call(name: string, input: CallInput = {}, callOptions: CallOptions = {}): Promise<unknown> {
    let plan = plans.get(name);
    if (!plan) {
      const spec = Object.hasOwn(definition.operations, name) ? definition.operations[name] : undefined;
      if (!spec) throw new ClientError('config', `unknown operation "${name}"`);
      plan = planOperation(spec);
      plans.set(name, plan);
    }
    const op = plan.op;
    const validators = definition.validators[name];
    const url = buildUrl(base, plan, input);
    if (typeof url !== 'string') return requestInvalid(name, url, secrets());
    const body = op.body && input.body !== undefined ? encodeBody(op.body.contentType, input.body) : undefined;
    if (op.body?.required && input.body === undefined)
      return requestInvalid(name, { pointer: '#/body', message: 'a request body is required' }, secrets());

    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      const token = tokens ? await tokens.get(callOptions.signal) : undefined;
      const headers = buildHeaders(plan, input, callOptions, token, fixed);
      const broken = mode === 'strict' ? checkRequest(plan, validators, headers, input) : undefined;
      if (broken) return requestInvalid(name, broken, secrets());
      const started = performance.now();
      const deadline = startDeadline(callOptions.signal, callOptions.timeoutMs ?? options.timeoutMs ?? 10_000);
      let response: Response;
      let parsed: ParsedBody;
      try {
        response = await doFetch(url, { method: plan.method, headers, body, signal: deadline.signal });
        // The deadline covers reading the body too: a stalled body is a timeout, not a hang.
        parsed = await readBody(response);
      } catch (error) {
        const failure = transportError(error, name, callOptions.signal, secrets());
        log(name, op, url, attempt, started, undefined, failure.message);
        if (failure.code === 'network' && op.idempotent && attempt < retry.retries) {
          await sleep(backoffDelay(attempt, retry), callOptions.signal);
          continue;
        }
        throw failure;
      } finally {
        deadline.done();
      }
      log(name, op, url, attempt, started, response.status);
      if (response.status === 401 && tokens && token && !refreshedAfter401 && options.token === undefined) {
        tokens.invalidate(token);
        refreshedAfter401 = true;
        attempt--;
        continue;
      }
      if (isRetryable(response.status, parsed.body) && op.idempotent && attempt < retry.retries) {
        await sleep(backoffDelay(attempt, retry), callOptions.signal);
        continue;
      }
      return classify(
        name,
        op,
        validators?.responses ?? {},
        definition.errorCatalog[name] ?? {},
        response,
        parsed,
        mode,
        options.onContractViolation,
      );
    }
  }

  function log(
    operation: string,
    op: OperationSpec,
    url: string,
    attempt: number,
    started: number,
    status?: number,
    error?: string,
  ) {
    options.logger?.({
      operation,
      method: op.method.toUpperCase(),
      path: redact(new URL(url).pathname, secrets()),
      attempt,
      status,
      error: error && redact(error, secrets()),
      durationMs: Math.round(performance.now() - started),
    });
  }

  return { call };
}

function apiBase(baseUrl: string, basePath: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return basePath && !trimmed.endsWith(basePath) ? trimmed + basePath : trimmed;
}

/**
 * Where the bearer token comes from: the caller's token or source, else client credentials against the token
 * URL the caller or the API's tables give. Refuses (at creation) credentials it cannot use.
 */
function tokenSourceFor(
  options: ClientOptions,
  grant: ClientCredentialsGrant | undefined,
  base: string,
  doFetch: typeof fetch,
): TokenSource | undefined {
  if (typeof options.token === 'string') return fixedToken(options.token);
  if (options.token) return options.token;
  if (!options.clientId || !options.clientSecret) return undefined;
  const given = { ...options.tokenUrlVariables, ...(options.countryCode ? { countryCode: options.countryCode } : {}) };
  const tokenUrl = options.tokenUrl ?? (grant && tokenUrlOf(grant, base, given));
  if (tokenUrl === undefined)
    throw new ClientError(
      'config',
      'clientSecret given, but this API documents no client-credentials token URL: pass tokenUrl (or token)',
    );
  const scope = options.scope ?? grant?.scope;
  return clientCredentials({
    tokenUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(scope === undefined ? {} : { scope }),
    fetch: doFetch,
  });
}

type HeaderKind =
  | 'authorization'
  | 'uuid'
  | 'clientId'
  | 'accept'
  | 'contentType'
  | 'acceptLanguage'
  | 'deviceInfo'
  | 'other';

/** What `call` needs of an operation, derived once per client: method, path pieces, header plan. */
interface OperationPlan {
  readonly op: OperationSpec;
  readonly method: string;
  /** The path template split at its parameters: literal text at even indexes, parameter names at odd ones. */
  readonly pathParts: readonly string[];
  readonly headers: readonly {
    readonly name: string;
    readonly lower: string;
    readonly kind: HeaderKind;
    readonly mediaType?: string;
  }[];
}

interface FixedHeaderValues {
  readonly clientId?: string;
  readonly acceptLanguage?: string;
  readonly deviceInfo?: string;
}

function planOperation(op: OperationSpec): OperationPlan {
  const headers = op.headers.map((h) => {
    const lower = h.name.toLowerCase();
    const kind: HeaderKind =
      lower === 'authorization'
        ? 'authorization'
        : isUuidHeader(h.name)
          ? 'uuid'
          : isClientIdHeader(h.name)
            ? 'clientId'
            : lower === 'accept'
              ? 'accept'
              : lower === 'content-type'
                ? 'contentType'
                : lower === 'accept-language'
                  ? 'acceptLanguage'
                  : lower === 'deviceinfo'
                    ? 'deviceInfo'
                    : 'other';
    return { name: h.name, lower, kind, ...(h.mediaTypes?.[0] ? { mediaType: h.mediaTypes[0] } : {}) };
  });
  return { op, method: op.method.toUpperCase(), pathParts: op.path.split(/\{([^}]+)\}/), headers };
}

/** The request URL, or what makes it impossible to build (a missing path or query parameter). */
function buildUrl(base: string, plan: OperationPlan, input: CallInput): string | ContractViolation {
  const parts = plan.pathParts;
  let path = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const param = parts[i];
    const value = input[param];
    if (value === undefined || value === null || value === '')
      return { pointer: `#/path/${param}`, message: `path parameter "${param}" is required` };
    path += encodeURIComponent(String(value)) + parts[i + 1];
  }
  const op = plan.op;
  if (op.queryParams.length === 0) return base + path;
  const query = new URLSearchParams();
  for (const q of op.queryParams) {
    const value = input.query?.[q.name];
    if (value === undefined) {
      if (q.required) return { pointer: `#/query/${q.name}`, message: `query parameter "${q.name}" is required` };
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) query.append(q.name, String(v));
  }
  const qs = query.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

/** Headers the spec documents, filled in for the caller: auth, a fresh uuid, client id, content negotiation. */
function buildHeaders(
  plan: OperationPlan,
  input: CallInput,
  call: CallOptions,
  token: string | undefined,
  fixed: FixedHeaderValues,
): Record<string, string> {
  const op = plan.op;
  const headers: Record<string, string> = {};
  const given = input.headers;
  for (const h of plan.headers) {
    const provided = given?.[h.name];
    let value: string | undefined = provided === undefined ? undefined : String(provided);
    if (value === undefined) {
      switch (h.kind) {
        case 'authorization':
          value = token ? `Bearer ${token}` : undefined;
          break;
        case 'uuid':
          value = globalThis.crypto.randomUUID();
          break;
        case 'clientId':
          value = fixed.clientId;
          break;
        case 'accept':
          value = h.mediaType ?? 'application/json';
          break;
        case 'contentType':
          value = op.body?.contentType ?? h.mediaType ?? 'application/json';
          break;
        case 'acceptLanguage':
          value = fixed.acceptLanguage;
          break;
        case 'deviceInfo':
          value = fixed.deviceInfo;
          break;
        case 'other':
          break;
      }
    }
    if (value !== undefined) headers[h.lower] = value;
  }
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
  if (op.body && input.body !== undefined) headers['content-type'] ??= op.body.contentType;
  headers.accept ??= 'application/json';
  if (call.headers)
    for (const k in call.headers) if (Object.hasOwn(call.headers, k)) headers[k.toLowerCase()] = call.headers[k];
  return headers;
}

/** JSON, or form fields for `application/x-www-form-urlencoded` (OAuth token calls). */
function encodeBody(contentType: string, body: unknown): string {
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType) || typeof body !== 'object' || body === null)
    return JSON.stringify(body);
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null) form.append(k, String(v));
  return form.toString();
}

function deviceInfoHeader(info: ClientOptions['deviceInfo']): string | undefined {
  if (info === undefined || typeof info === 'string') return info;
  return Object.entries(info)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/**
 * Strict mode: the first part of the request (headers, path, query, body) that breaks its schema.
 * Only the parts an operation has are built and checked: this runs on every strict call.
 */
function checkRequest(
  plan: OperationPlan,
  validators: ApiDefinition['validators'][string] | undefined,
  headers: Record<string, string>,
  input: CallInput,
): ContractViolation | undefined {
  if (!validators) return undefined;
  if (validators.headers && !validators.headers(headers)) return violationOf('headers', validators.headers);
  if (validators.path) {
    const values: Record<string, string> = {};
    for (let i = 1; i < plan.pathParts.length; i += 2) values[plan.pathParts[i]] = String(input[plan.pathParts[i]]);
    if (!validators.path(values)) return violationOf('path', validators.path);
  }
  if (validators.query && !validators.query(stringValues(input.query ?? {})))
    return violationOf('query', validators.query);
  if (validators.body && input.body !== undefined && !validators.body(input.body))
    return violationOf('body', validators.body);
  return undefined;
}

/** The validator's first error in the judgments' one wording (`describeSchemaErrors`), located in the request. */
function violationOf(part: string, validate: ValidatorFn): ContractViolation {
  const [first] = describeSchemaErrors(validate.errors?.slice(0, 1));
  return { pointer: `#/${part}${first?.at ?? ''}`, message: first?.message ?? 'is invalid' };
}

/** A request the client would not send: a result, like every answer, with where it breaks the spec. */
function requestInvalid(operation: string, violation: ContractViolation, secrets: string[]): RequestInvalidResult {
  const safe = { pointer: violation.pointer, message: redact(violation.message, secrets) };
  return {
    ok: false,
    kind: 'requestInvalid',
    operation,
    reason: `${operation}: request not sent: ${safe.pointer} ${safe.message}`,
    violations: [safe],
  };
}

function stringValues(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}

/**
 * The per-attempt timeout, joined with the caller's signal. A plain controller and timer, cleared
 * by `done()`: `AbortSignal.timeout` + `AbortSignal.any` cost several times more per call (weak
 * references the GC has to track), which showed up in the client benchmark.
 */
function startDeadline(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  unrefTimer(timer);
  if (!callerSignal) return { signal: controller.signal, done: () => clearTimeout(timer) };
  const onAbort = () => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) onAbort();
  else callerSignal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onAbort);
    },
  };
}

function transportError(
  error: unknown,
  name: string,
  callerSignal: AbortSignal | undefined,
  secrets: string[],
): ClientError {
  if (callerSignal?.aborted) return new ClientError('aborted', `${name}: aborted by the caller`, name);
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return new ClientError('timeout', `${name}: no answer within the timeout`, name);
  return new ClientError(
    'network',
    `${name}: network error: ${e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error)}`,
    name,
    undefined,
    secrets,
  );
}

interface ParsedBody {
  body: unknown;
  contentType: string;
  malformed: boolean;
}

async function readBody(response: Response): Promise<ParsedBody> {
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (text === '') return { body: undefined, contentType, malformed: false };
  if (!/json/i.test(contentType)) return { body: text, contentType, malformed: false };
  try {
    return { body: JSON.parse(text) as unknown, contentType, malformed: false };
  } catch {
    return { body: text, contentType, malformed: true };
  }
}

function isRetryable(status: number, body: unknown): boolean {
  return status >= 500 || (typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'fatal');
}

/** The answer as a result: documented success, documented error, or undocumented (core judgments). */
function classify(
  name: string,
  op: OperationSpec,
  responseValidators: Readonly<Record<string, ValidatorFn>>,
  catalog: Readonly<Record<string, readonly ErrorRow[]>>,
  response: Response,
  parsed: ParsedBody,
  mode: ValidationMode,
  onViolation: ClientOptions['onContractViolation'],
): unknown {
  const { status, headers } = response;
  const documented: DocumentedAnswers = { name, statuses: op.statuses, errorCatalog: catalog };
  const judged = judgeStatus(documented, status);
  if ('finding' in judged)
    return { ok: false, kind: 'undocumented', status, body: parsed.body, headers, reason: judged.finding.message };
  const { key } = judged;
  const violations = mode === 'off' ? [] : bodyViolations(responseValidators[key], parsed);
  if (violations.length > 0) {
    if (mode === 'strict')
      return { ok: false, kind: 'contractViolation', status, body: parsed.body, headers, violations };
    onViolation?.(name, violations);
  }
  const numeric = /^\d+$/.test(key) ? Number(key) : key;
  if (status >= 200 && status < 300)
    return { ok: true, kind: 'success', status: numeric, data: parsed.body, headers, violations };
  const error = judgeErrorCode(documented, key, parsed.body);
  if (error.finding)
    return { ok: false, kind: 'undocumented', status, body: parsed.body, headers, reason: error.finding.message };
  if (error.row)
    return { ok: false, kind: 'error', status: numeric, error: parsed.body, data: parsed.body, headers, violations };
  return { ok: false, kind: 'error', status: numeric, data: parsed.body, headers, violations };
}

/** The first way a body breaks its documented schema (or is not the JSON it claims to be). */
function bodyViolations(validate: ValidatorFn | undefined, parsed: ParsedBody): ContractViolation[] {
  if (parsed.malformed) return [{ pointer: '#', message: 'body is not valid JSON' }];
  if (!validate) return [];
  if (parsed.body !== undefined && parsed.contentType && !/json/i.test(parsed.contentType)) {
    return [
      { pointer: '#/headers/content-type', message: `expected a JSON content type, got "${parsed.contentType}"` },
    ];
  }
  const first = judgeBody(validate, parsed.body)[0];
  return first ? [{ pointer: `#${first.at}`, message: first.message }] : [];
}

/** Node's timers can stop keeping the process alive; browsers' numeric timer ids cannot. */
function unrefTimer(timer: unknown): void {
  const unref = (timer as { unref?: unknown } | null)?.unref;
  if (typeof unref === 'function') unref.call(timer);
}
