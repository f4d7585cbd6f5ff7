import Fastify, { type FastifyInstance } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import { adminGuard } from './admin.ts';
import { OperationErrors, setOutsideErrors } from './errors.ts';
import { createFaults, type FaultOptions } from './faults.ts';
import type { CatalogMockPlugin, RouteKit } from './plugin.ts';
import {
  BODY_LIMIT,
  clientErrorHandlerOf,
  frameworkErrorsOf,
  registerErrorHandler,
  registerJsonParser,
  registerNotFound,
  type FallbackErrors,
} from './routes/fallback.ts';
import { HTTP_SERVER_OPTIONS, registerConnectionHandling } from './routes/connection.ts';
import { registerOperation, type OperationRouteConfig, type PipelineContext } from './routes/operations.ts';

export interface CatalogMockOptions {
  /** Serve the plug-in's admin routes under /__admin (loopback callers only). Default false. */
  admin?: boolean;
  /** Fault injection for client testing. */
  faults?: FaultOptions;
  /** One line per request on stderr: method, route template, status, time (never headers or bodies). Default false. */
  log?: boolean;
}

/** The catalog mock as a fastify app, and the operations no behaviour implements (they answer the outage code). */
export interface CatalogMock {
  readonly app: FastifyInstance;
  readonly unimplemented: readonly string[];
}

/**
 * A stateful mock of APIs whose errors are rows of an error catalog, with the plug-in's state and
 * behaviours (see plugin.ts): routes registered, not yet listening. Bad options throw (RangeError).
 */
export function createCatalogMock<State>(
  plugin: CatalogMockPlugin<State>,
  options: CatalogMockOptions = {},
): CatalogMock {
  const { codes, catalog, fallbacks } = plugin.errors;
  const fallback: FallbackErrors = { errors: new OperationErrors('(no operation)', catalog, fallbacks), codes };
  const errorTables = new WeakMap<ApiDefinition, Map<string, OperationErrors>>();
  const errorsOf = (api: ApiDefinition, operation: string): OperationErrors => {
    let table = errorTables.get(api);
    if (!table) errorTables.set(api, (table = new Map()));
    let errors = table.get(operation);
    if (!errors) {
      errors = new OperationErrors(`${api.api.name}.${operation}`, api.errorCatalog[operation] ?? {}, fallbacks);
      table.set(operation, errors);
    }
    return errors;
  };
  const ctx: PipelineContext<State> = { plugin, faults: createFaults(options.faults), errorsOf };
  const log = options.log ? (line: string) => process.stderr.write(`pwpkit mock: ${line}\n`) : undefined;

  const app = Fastify({
    logger: false,
    http: HTTP_SERVER_OPTIONS,
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkErrorsOf(fallback),
    clientErrorHandler: clientErrorHandlerOf(fallback),
  });
  setOutsideErrors(app, fallback.errors, codes.invalid);
  app.decorateRequest('mockClientId', '');
  registerConnectionHandling(app);
  registerJsonParser(app);
  registerErrorHandler(app, fallback, log);

  const seen = new Set<string>();
  const unimplemented: string[] = [];
  for (const api of plugin.apis) {
    for (const [name, op] of Object.entries(api.operations)) {
      const key = `${op.method.toUpperCase()} ${api.api.basePath}${op.path.replace(/\{[^}]+\}/g, '{}')}`;
      if (seen.has(key)) continue; // the same operation in two specs: the first wins
      seen.add(key);
      const missing = registerOperation(app, ctx, api, name);
      if (missing) unimplemented.push(missing);
    }
  }
  const kit: RouteKit = {
    genericErrors: fallback.errors,
    errorsOf,
    routeConfig: (api, operation): OperationRouteConfig => ({
      pwpkit: { api, operation, errors: errorsOf(api, operation) },
    }),
    registerOperation: (api, operation) => void registerOperation(app, ctx, api, operation),
  };
  plugin.registerRoutes?.(app, kit);
  registerNotFound(app, plugin.apis, fallback, () => plugin.isUnavailable());
  if (options.admin) plugin.registerAdmin?.(app, { ...kit, guard: adminGuard(fallback) });
  if (log) {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions?.url ?? '(no route)';
      log(`${request.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`);
      done();
    });
  }
  return { app, unimplemented };
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
