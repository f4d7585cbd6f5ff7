/**
 * The plug-in points of the mock (server.ts) for a stateful mock of APIs whose errors are
 * `{ type, code, details }` rows of an error catalog. The machinery (routing, the request
 * judgment, faults, admin guard) knows no API; a plug-in brings the APIs, the live state, one
 * behaviour per operation, the error vocabulary, the callers and any extra routes.
 */
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import type { OperationErrors } from './errors.ts';
import type { Failure, Outcome } from './outcome.ts';

/** An error catalog as the generated tables hold it: status → `{ type, code, details? }` rows. */
export type ErrorCatalog = Readonly<
  Record<string, readonly { readonly type: string; readonly code: string; readonly details?: string }[]>
>;

/** The codes the machinery itself answers with (the plug-in's catalog names them its own way). */
export interface RefusalCodes {
  /** A request the checks refuse (header, path, body, Content-Type, Accept). */
  readonly invalid: string;
  /** No bearer token, or one the plug-in does not know. */
  readonly unauthorized: string;
  /** A client id header naming another client than the token's. */
  readonly forbidden: string;
  readonly notFound: string;
  /** A known path with a method no operation serves (answered 405 with `Allow`). */
  readonly methodNotAllowed: string;
  /** An outage (the plug-in's flag, an injected fault, an operation no behaviour implements, a bug). */
  readonly unavailable: string;
}

export interface ErrorVocabulary {
  readonly codes: RefusalCodes;
  /** The rows answered outside any operation (unknown paths, unreadable requests, admin), by status. */
  readonly catalog: ErrorCatalog;
  /** When an operation does not document a code: the documented codes it answers instead (first match). */
  readonly fallbacks: Readonly<Record<string, readonly string[]>>;
}

/** What a behaviour sees of a request the judgment found nothing wrong with, from an admitted caller. */
export interface Call<State> {
  readonly state: State;
  /** The client the bearer token belongs to (and the client id header names). */
  readonly clientId: string;
  /** The value of the operation's first path parameter ('' when it has none). */
  readonly pathParam: string;
  /** Already judged against the operation's body schema. */
  readonly body: unknown;
}

export interface Behaviour<State> {
  /** The codes it may answer besides the machinery's (checked against each operation's catalog at start). */
  readonly codes: readonly string[];
  handle(call: Call<State>): Outcome<unknown>;
}

/** Route config naming the operation a hand-made route serves (read by hooks, e.g. a contract self-check). */
export interface OperationRouteConfig {
  readonly pwpkit: { readonly api: ApiDefinition; readonly operation: string };
}

/** A request as a plug-in's own route read it (fastify has parsed its body). */
export interface RouteRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly body: unknown;
}

/** What a plug-in's own routes may use of the machinery. */
export interface RouteKit {
  /** The vocabulary's rows, for answers outside any operation. */
  readonly genericErrors: OperationErrors;
  /** An operation's documented error answers (made once per operation). */
  errorsOf(api: ApiDefinition, operation: string): OperationErrors;
  /** Config naming the operation a hand-made route serves (`servedOperationOf`, `--log`, the self-check). */
  routeConfig(api: ApiDefinition, operation: string): OperationRouteConfig;
  /** Serves one operation through the pipeline (caller, judgment, behaviour). */
  registerOperation(api: ApiDefinition, operation: string): void;
  /**
   * Runtime's request judgment of a hand-made route's request (the same verdict as the pipeline's,
   * credentials aside: the route authenticates its callers itself), as the vocabulary's failure.
   */
  refusalOf(api: ApiDefinition, operation: string, request: RouteRequest): Failure | undefined;
}

export interface MockPlugin<State> {
  /** The live state behaviours read and change. */
  readonly state: State;
  /** Every operation of these goes through the pipeline (an operation in two APIs: the first wins). */
  readonly apis: readonly ApiDefinition[];
  /** The catalog every refusal and failure is written in (instead of RFC 9457 problems). */
  readonly errors: ErrorVocabulary;
  /** The behaviour of an operation, by method and path template; none: it answers the outage code. */
  behaviourFor(method: string, path: string): Behaviour<State> | undefined;
  /** The client a bearer token belongs to; undefined when unknown or expired. */
  callerOf(token: string): string | undefined;
  /** While true, every API request answers the outage code. */
  isUnavailable(): boolean;
  /** The largest request body taken (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Routes outside the pipeline (token endpoints, login pages), registered after the operations. */
  registerRoutes?(app: FastifyInstance, kit: RouteKit): void;
  /** Admin routes under `/__admin`, registered with `admin: true`; `guard` admits loopback callers only. */
  registerAdmin?(app: FastifyInstance, kit: RouteKit & { guard: AdminGuard }): void;
}

/** Route options the admin routes share: loopback callers only, a larger body limit. */
export type AdminGuard = Pick<RouteShorthandOptions, 'onRequest' | 'bodyLimit'>;
