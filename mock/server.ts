import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { credentialsSent, judgeRequest, type ApiDefinition, type SentRequest } from '@pwpkit/runtime';
import { Router } from '../core/path-router.ts';
import { undecodablePathMessage } from '../core/operation-index.ts';
import { adminGuard, isLoopback } from './admin.ts';
import { CatalogPhrasing } from './errors.ts';
import { createFaults, mulberry32, type FaultOptions } from './faults.ts';
import { GenericAnswers } from './generic/generic-answers.ts';
import { problemPhrasing } from './generic/problems.ts';
import { inferCollections, Store, type Collection, type Role } from './generic/stateful.ts';
import type { Failure } from './outcome.ts';
import type { Behaviour, MockPlugin, OperationRouteConfig, RouteKit, RouteRequest } from './plugin.ts';
import { queryOf, readBody, sentHeaders } from './sent-request.ts';
import { describeRefusal, routeConfigOf, routeOf } from './exchange.ts';
import {
  FORBIDDEN_KEY,
  INJECTED_FAULT,
  MALFORMED_HTTP,
  MISSING_HOST,
  notImplemented,
  refusalOf,
  UNAUTHORIZED,
  UNAVAILABLE,
  type Answer,
  type Refusal,
  type RefusalPhrasing,
} from './refusal.ts';
import { HTTP_SERVER_OPTIONS, registerConnectionHandling } from './routes/connection.ts';
import { clientErrorHandlerOf, refusalOfError, registerJsonParser } from './routes/fallback.ts';
import { servedOperations, type ServedOperation } from './served-operation.ts';

export interface MockOptions<State = unknown> {
  /** The APIs to serve (a plug-in's own when it has one); an operation in two APIs: the first wins. */
  apis?: readonly ApiDefinition[];
  /** Domain behaviours, callers, error catalog, extra routes (see plugin.ts). */
  plugin?: MockPlugin<State>;
  /** Seed of generated bodies (default 1). */
  seed?: number;
  /** Bodies generated from the schemas on every request (seeded), never the documented examples. */
  dynamic?: boolean;
  /** Collections inferred from the paths keep what is created (see generic/stateful.ts). */
  stateful?: boolean;
  /** Admin routes under `/__admin` (the plug-in's, else `POST /__admin/reset`), loopback callers only. */
  admin?: boolean;
  faults?: FaultOptions;
  /** One line per exchange: method, route, status, operation, time, and why a request was refused. */
  log?: (line: string) => void;
}

/** One route the mock serves. */
export interface ServedRoute {
  readonly method: string;
  readonly template: string;
  readonly operation: string;
  readonly api: string;
  readonly role?: Role;
  readonly collection?: string;
  /** A plug-in's operation no behaviour implements: it answers the outage code. */
  readonly unimplemented?: true;
}

export interface Mock {
  readonly app: FastifyInstance;
  /** Every operation served, in the order given. */
  readonly routes: readonly ServedRoute[];
  /** Operations of a plug-in's APIs no behaviour implements (they answer the outage code). */
  readonly unimplemented: readonly string[];
  readonly collections: readonly Collection[];
  readonly store: Store;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/**
 * The one mock of pwpkit: every operation of the given APIs through one pipeline (core's Router,
 * runtime's request judgment, a behaviour or the documented answer), refusals phrased as the
 * plug-in's error catalog or as RFC 9457 problems. Routes registered, not yet listening. Bad
 * options throw (RangeError).
 */
export function createMock<State>(options: MockOptions<State>): Mock {
  const plugin = options.plugin;
  const seed = options.seed ?? 1;
  const faults = createFaults(options.faults);
  const catalog = plugin ? new CatalogPhrasing(plugin.errors) : undefined;
  const phrasing: RefusalPhrasing<ServedOperation> = catalog ?? problemPhrasing(seed);
  const log = options.log;

  const operations: ServedOperation[] = [];
  const byName = new Map<ApiDefinition, Map<string, ServedOperation>>();
  const behaviours = new Map<ServedOperation, Behaviour<State>>();
  const unimplemented: string[] = [];
  const seen = new Set<string>();
  const serve = (op: ServedOperation): void => {
    const key = `${op.method} ${op.template.replace(/\{[^}]+\}/g, '{}')}`;
    if (seen.has(key)) return;
    seen.add(key);
    operations.push(op);
    if (!plugin || !catalog) return;
    const behaviour = plugin.behaviourFor(op.spec.method, op.spec.path);
    if (behaviour) behaviours.set(op, behaviour);
    else unimplemented.push(`${op.method} ${op.spec.path}`);
    // A mapping bug fails at start, not mid-test.
    const { codes } = plugin.errors;
    const errors = catalog.errorsOf(op.api, op.name);
    for (const code of [
      codes.invalid,
      codes.unauthorized,
      codes.forbidden,
      codes.unavailable,
      ...(behaviour?.codes ?? []),
    ])
      errors.row(code);
  };
  const operationsOf = (api: ApiDefinition): Map<string, ServedOperation> => {
    let table = byName.get(api);
    if (!table) byName.set(api, (table = new Map(servedOperations(api).map((op) => [op.name, op]))));
    return table;
  };
  for (const api of plugin?.apis ?? options.apis ?? []) for (const op of operationsOf(api).values()) serve(op);

  const store = new Store();
  const { collections, roleOf } = options.stateful
    ? inferCollections(operations.flatMap((op) => (op.documented ? [op.documented] : [])))
    : { collections: [], roleOf: new Map() };
  const answers = new GenericAnswers({
    seed,
    dynamic: options.dynamic ?? false,
    random: mulberry32(seed),
    store,
    roleOf,
    phrasing,
  });
  let router: Router<ServedOperation> | undefined;
  const routerOf = (): Router<ServedOperation> =>
    (router ??= new Router(
      operations.map((op) => ({ method: op.method, template: op.template, value: op })),
      { headServedByGet: true },
    ));

  const bodyLimit = plugin?.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const send = (reply: FastifyReply, answer: Answer): FastifyReply => {
    reply.code(answer.status);
    for (const name in answer.headers) reply.header(name, answer.headers[name]);
    return answer.body === undefined ? reply.send() : reply.send(answer.body);
  };
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    op: ServedOperation | undefined,
    refusal: Refusal,
  ): FastifyReply => {
    if (log) request.mockRefusal = describeRefusal(refusal);
    const path = request.url.split('?')[0];
    return send(reply, phrasing.answer(op, refusal, path));
  };
  const outsideRefusal = (reply: FastifyReply, refusal: Refusal): void =>
    void send(reply, phrasing.answer(undefined, refusal, ''));

  const app = Fastify({
    logger: false,
    http: HTTP_SERVER_OPTIONS,
    bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    routerOptions: { maxParamLength: 8000 },
    frameworkErrors: (error, _request, reply) => outsideRefusal(reply, refusalOfError(error, bodyLimit)),
    clientErrorHandler: clientErrorHandlerOf(() => phrasing.answer(undefined, MALFORMED_HTTP, '')),
  });
  app.decorateRequest('mockOperation', null);
  app.decorateRequest('mockRefusal', null);
  registerConnectionHandling(app, (request, reply) =>
    refuse(request, reply, request.mockOperation ?? configuredOperation(request), MISSING_HOST),
  );
  registerJsonParser(app);
  const configuredOperation = (request: FastifyRequest): ServedOperation | undefined => {
    const config = routeConfigOf(request);
    return config ? operationsOf(config.api).get(config.operation) : undefined;
  };
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const refusal = refusalOfError(error, bodyLimit);
    if (refusal.kind === 'server')
      log?.(`internal error on ${request.method} ${request.url.split('?')[0]}: ${error.name} ${error.code ?? ''}`);
    const op = request.mockOperation ?? configuredOperation(request) ?? operationOf(request.method, request.url);
    return refuse(request, reply, op, refusal);
  });
  const operationOf = (method: string, url: string): ServedOperation | undefined => {
    const q = url.indexOf('?');
    const match = routerOf().match(method, q < 0 ? url : url.slice(0, q));
    return match.kind === 'found' ? match.route.value : undefined;
  };

  const handle = (request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> => {
    const url = request.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const match = routerOf().match(request.method, path);
    if (match.kind !== 'found') {
      if (plugin?.isUnavailable()) return refuse(request, reply, undefined, UNAVAILABLE);
      if (match.kind === 'unknown')
        return refuse(request, reply, undefined, {
          kind: 'not-found',
          violations: [{ in: 'resource', message: `no operation serves ${path}` }],
        });
      if (match.kind === 'bad-path')
        return refuse(request, reply, match.route.value, {
          kind: 'invalid',
          violations: [{ in: 'path', name: match.param, message: undecodablePathMessage(match.param) }],
        });
      const allow = match.allow.join(', ');
      reply.header('allow', allow);
      return refuse(request, reply, undefined, {
        kind: 'method',
        violations: [{ in: 'method', message: `${request.method} is not documented for this path; allowed: ${allow}` }],
      });
    }
    const op = match.route.value;
    request.mockOperation = op;
    if (plugin?.isUnavailable()) return refuse(request, reply, op, UNAVAILABLE);
    const fault = faults?.next() ?? 'none';
    if (fault === 'error') return refuse(request, reply, op, INJECTED_FAULT);
    if (fault === 'delay')
      return new Promise<FastifyReply>((resolve) =>
        setTimeout(() => resolve(answer(request, reply, op, match.params, path)), faults!.delayMs),
      );
    return answer(request, reply, op, match.params, path);
  };

  /** The request judged, then the behaviour's or the documented answer. */
  const answer = (
    request: FastifyRequest,
    reply: FastifyReply,
    op: ServedOperation,
    params: Record<string, string>,
    path: string,
  ): FastifyReply => {
    const headers = request.headers;
    let clientId = '';
    if (plugin) {
      const authorization = headers.authorization;
      const token = authorization === undefined ? null : BEARER.exec(authorization);
      const caller = token ? plugin.callerOf(token[1]) : undefined;
      if (caller === undefined) return refuse(request, reply, op, UNAUTHORIZED);
      clientId = caller;
    }
    const query = queryOf(request.query);
    const body = readBody(request.body, headers['content-type']);
    const sent: SentRequest = {
      headers: sentHeaders(headers),
      pathParams: params,
      query,
      ...(body.kind === 'none' ? {} : { body: body.sent }),
    };
    const judged = judgeRequest(op.request, sent);
    // A forbidden key is the mock's own refusal of the body, in the body's place among the findings.
    const findings = body.kind === 'forbidden-key' ? [...judged.filter((f) => f.in !== 'body'), FORBIDDEN_KEY] : judged;
    const clientIdHeader = op.clientIdHeader;
    const admitted = clientIdHeader === undefined || !plugin || headers[clientIdHeader.key] === clientId;
    if (findings.length > 0) {
      const credentialsMissing = !credentialsSent(op.request.credentials, sent.headers, query);
      const refusal = refusalOf(findings, credentialsMissing, op.credentialHeaders);
      if (credentialsMissing) reply.header('www-authenticate', op.wwwAuthenticate);
      // Headers are read first: a malformed one is refused before the caller's client id is judged.
      if (admitted || (refusal.kind === 'invalid' && refusal.violations[0]?.in === 'header'))
        return refuse(request, reply, op, refusal);
    }
    if (clientIdHeader && !admitted)
      return refuse(request, reply, op, {
        kind: 'forbidden',
        violations: [{ in: 'header', name: clientIdHeader.name }],
      });
    const value = body.kind === 'read' ? body.value : undefined;
    if (plugin && catalog) {
      const behaviour = behaviours.get(op);
      if (!behaviour) return refuse(request, reply, op, notImplemented(op));
      const param = op.pathParam === undefined ? '' : (params[op.pathParam] ?? '');
      const outcome = behaviour.handle({ state: plugin.state, clientId, pathParam: param, body: value });
      if (!outcome.ok) {
        if (log) request.mockRefusal = outcome.code;
        return send(reply, catalog.failure(op, outcome));
      }
      reply.code(op.success.status);
      return op.success.hasBody ? reply.send(outcome.value ?? {}) : reply.send();
    }
    const generic = answers.answer(op, { path, params, body: value, headers }, (refusal) => {
      if (log) request.mockRefusal = describeRefusal(refusal);
    });
    return send(reply, generic);
  };

  const kit: RouteKit | undefined = catalog && {
    genericErrors: catalog.outside,
    errorsOf: (api, operation) => catalog.errorsOf(api, operation),
    routeConfig: (api, operation): OperationRouteConfig => ({ pwpkit: { api, operation } }),
    registerOperation: (api, operation) => {
      const op = operationsOf(api).get(operation);
      if (op) serve(op);
    },
    refusalOf: (api, operation, request) => routeRefusal(operationsOf(api).get(operation), request),
  };
  const routeRefusal = (op: ServedOperation | undefined, request: RouteRequest): Failure | undefined => {
    if (!op || !catalog) return undefined;
    const body = request.body === undefined || request.body === null ? {} : { body: { value: request.body } };
    const sent = { headers: sentHeaders(request.headers), pathParams: request.params, query: request.query, ...body };
    const findings = judgeRequest(op.request, sent);
    return findings.length === 0 ? undefined : catalog.failureOf(refusalOf(findings, false, op.credentialHeaders));
  };

  // The operations read their bodies raw (judged, then parsed once); the plug-in's routes keep fastify's parsers.
  app.register(async (operationsContext) => {
    operationsContext.removeAllContentTypeParsers();
    operationsContext.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    operationsContext.all('/*', handle);
    operationsContext.all('/', handle);
  });
  if (plugin && kit) {
    plugin.registerRoutes?.(app, kit);
    if (options.admin)
      plugin.registerAdmin?.(app, { ...kit, guard: adminGuard(kit.genericErrors, plugin.errors.codes) });
  } else if (options.admin) {
    app.post('/__admin/reset', (request, reply) => {
      if (!isLoopback(request.socket?.remoteAddress))
        return refuse(request, reply, undefined, {
          kind: 'forbidden',
          violations: [{ in: 'resource', message: 'the admin API answers loopback callers only' }],
        });
      store.reset();
      return reply.send({});
    });
  }
  if (log) {
    app.addHook('onResponse', (request, reply, done) => {
      const op = request.mockOperation;
      const route = routeOf(request);
      const name = op ? ` ${op.name}` : '';
      const why = request.mockRefusal === null ? '' : ` (${request.mockRefusal})`;
      log(`${request.method} ${route} → ${reply.statusCode}${name} ${reply.elapsedTime.toFixed(1)}ms${why}`);
      done();
    });
  }

  const routes = operations.map((op): ServedRoute => {
    const r = op.documented ? roleOf.get(op.documented) : undefined;
    return {
      method: op.method,
      template: op.template,
      operation: op.name,
      api: op.api.api.name,
      ...(r ? { role: r.role, collection: r.collection.template } : {}),
      ...(plugin && !behaviours.has(op) ? { unimplemented: true as const } : {}),
    };
  });
  return { app, routes, unimplemented, collections, store };
}

/** Listens (default 127.0.0.1, port 0 = a free port). `url` has no basePath. */
export async function listen(
  app: FastifyInstance,
  options: { port?: number; host?: string } = {},
): Promise<{ url: string; app: FastifyInstance; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1' } = options;
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}`, app, close: () => app.close() };
}
