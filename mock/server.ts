import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdmin } from './admin.ts';
import { registerAuthorizeRoutes } from './authorize/routes.ts';
import { servedApis } from './apis.ts';
import { defaultFixture } from './default-fixture.ts';
import { createFaults, type FaultOptions } from './faults.ts';
import { parseFixture, type Fixture } from './fixture.ts';
import {
  BODY_LIMIT,
  clientErrorHandler,
  frameworkErrors,
  registerErrorHandler,
  registerJsonParser,
  registerNotFound,
} from './routes/fallback.ts';
import { HTTP_SERVER_OPTIONS, registerConnectionHandling } from './routes/connection.ts';
import { registerOperation, type MockContext } from './routes/operations.ts';
import { registerTokenRoute } from './routes/token.ts';
import { Sandbox } from './state/sandbox.ts';

export interface MockOptions {
  /** Sandbox data (default: the embedded fixture built from the spec's examples). */
  fixture?: Fixture;
  /** Millisecond clock for token expiry and confirmation-code expiry (default Date.now). */
  now?: () => number;
  /** Serve the admin API under /__admin (loopback callers only). Default false. */
  admin?: boolean;
  /** Fault injection for client testing. */
  faults?: FaultOptions;
  /** One line per request on stderr: method, route template, status, time (never headers or bodies). Default false. */
  log?: boolean;
}

/** What `sandboxOf(app)` gives tests: the live domain and the operations no behaviour implements. */
export interface MockHandle {
  readonly sandbox: Sandbox;
  readonly unimplemented: readonly string[];
}

const handles = new WeakMap<FastifyInstance, MockHandle>();

export function sandboxOf(app: FastifyInstance): MockHandle {
  const handle = handles.get(app);
  if (!handle) throw new Error('not an app made by createMock');
  return handle;
}

/** The sandbox as a fastify app, routes registered, not yet listening. Bad options throw (FixtureError, RangeError). */
export async function createMock(options: MockOptions = {}): Promise<FastifyInstance> {
  const fixture = options.fixture ? parseFixture(options.fixture, 'options.fixture') : defaultFixture;
  const sandbox = new Sandbox(fixture, { now: options.now });
  const ctx: MockContext = { sandbox, faults: createFaults(options.faults) };
  const log = options.log ? (line: string) => process.stderr.write(`pwpkit mock: ${line}\n`) : undefined;
  const apis = servedApis;

  const app = Fastify({
    logger: false,
    http: HTTP_SERVER_OPTIONS,
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: false,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors,
    clientErrorHandler,
  });
  app.decorateRequest('mockClientId', '');
  registerConnectionHandling(app);
  registerJsonParser(app);
  registerErrorHandler(app, log);

  const seen = new Set<string>();
  const unimplemented: string[] = [];
  for (const api of apis) {
    for (const [name, op] of Object.entries(api.operations)) {
      const key = `${op.method.toUpperCase()} ${api.api.basePath}${op.path.replace(/\{[^}]+\}/g, '{}')}`;
      if (seen.has(key)) continue; // the same operation in two specs: the first wins
      seen.add(key);
      const missing = registerOperation(app, ctx, api, name);
      if (missing) unimplemented.push(missing);
    }
  }
  registerTokenRoute(app, ctx, apis[0].api.basePath);
  registerAuthorizeRoutes(app, ctx);
  registerNotFound(app, apis, sandbox);
  if (options.admin) registerAdmin(app, sandbox);
  if (log) {
    app.addHook('onResponse', (request, reply, done) => {
      log(
        `${request.method} ${request.routeOptions?.url ?? '(no route)'} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
      );
      done();
    });
  }
  handles.set(app, { sandbox, unimplemented });
  return app;
}

/** Creates the mock and listens (default 127.0.0.1, port 0 = a free port). `url` has no basePath. */
export async function startMock(
  options: MockOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; app: FastifyInstance; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const app = await createMock(rest);
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actualPort}`, app, close: () => app.close() };
}

export { defaultFixture };
