/** What a generated client hands the runtime: the tables `pwpkit generate` emitted for one API. */

export interface HeaderSpec {
  readonly name: string;
  readonly required: boolean;
  readonly mediaTypes?: readonly string[];
}

export interface OperationSpec {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly HeaderSpec[];
  readonly pathParams: readonly string[];
  readonly queryParams: readonly { readonly name: string; readonly required: boolean }[];
  readonly body: { readonly required: boolean; readonly contentType: string } | null;
  readonly statuses: readonly string[];
  /** Status → the media type its response body has (a response without a body is absent). */
  readonly responseContentTypes?: Readonly<Record<string, string | undefined>>;
  /** Safe to send twice: a read, or a body carrying an idempotency key. */
  readonly idempotent: boolean;
}

export interface ValidatorFn {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}

export interface OperationValidatorSet {
  readonly headers?: ValidatorFn;
  readonly path?: ValidatorFn;
  readonly query?: ValidatorFn;
  readonly body?: ValidatorFn;
  readonly responses: Readonly<Record<string, ValidatorFn>>;
}

/**
 * How the API's OAuth2 client-credentials token is fetched, as its spec documents it (an oauth2 scheme's
 * client-credentials flow, or the `x-pwpkit-client-credentials` extension where the provider documents it in prose).
 */
export interface ClientCredentialsGrant {
  /**
   * Absolute, or a path under the API root (`<baseUrl><basePath>`), as operation paths are. May hold `{name}`
   * placeholders, filled from the client's options or the variable's default.
   */
  readonly tokenUrl: string;
  /** The `scope` form field; none: the field is not sent. */
  readonly scope?: string;
  readonly variables?: Readonly<Record<string, TokenUrlVariable>>;
}

export interface TokenUrlVariable {
  readonly default?: string;
  /** The provider's paths are lower case: a value given as `SG` is sent as `sg`. */
  readonly lowercase?: boolean;
}

export interface ApiDefinition {
  readonly api: {
    readonly name: string;
    readonly basePath: string;
    readonly clientCredentials?: ClientCredentialsGrant;
  };
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly validators: Readonly<Record<string, OperationValidatorSet>>;
  readonly errorCatalog: Readonly<
    Record<string, Readonly<Record<string, readonly { readonly type: string; readonly code: string }[]>>>
  >;
}

/** The documented status key an HTTP status falls under: exact, then `4XX`, then `default`. */
export function documentedStatusKey(statuses: readonly string[], status: number): string | undefined {
  const exact = String(status);
  if (statuses.includes(exact)) return exact;
  const range = `${exact[0]}XX`;
  if (statuses.includes(range)) return range;
  return statuses.includes('default') ? 'default' : undefined;
}

export const squashName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
export const isUuidHeader = (name: string) => /^(x-)?(request-)?uuid$/i.test(name);
export const isClientIdHeader = (name: string) => squashName(name).endsWith('clientid');
