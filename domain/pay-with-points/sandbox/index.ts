/**
 * The Pay with Points sandbox (`pwpkit mock` without `--spec`): the one mock of mock/ plus this
 * domain's plug-in: the fixture's live state, one behaviour per operation, Pay with Points' error
 * vocabulary, the client-credentials token route, the Authorize API's routes and the admin API
 * (reset, fixture, provider states, ledger).
 */
import type { FastifyInstance } from 'fastify';
import { createMock, listen, type Mock, type MockOptions, type MockPlugin } from '../../../mock/index.ts';
import { defaultFixture } from '../default-fixture.ts';
import { type Fixture, parseFixture } from '../fixture.ts';
import { registerSandboxAdmin } from './admin.ts';
import { servedApis } from './apis.ts';
import { registerAuthorizeRoutes } from './authorize/routes.ts';
import { behaviourFor } from './behaviours.ts';
import { payWithPointsErrors } from './errors.ts';
import { Sandbox } from './state/sandbox.ts';
import { registerTokenRoute } from './token-route.ts';

export interface SandboxOptions extends Pick<MockOptions, 'admin' | 'faults'> {
  /** One line per request on stderr: method, route template, status, time (never headers or bodies). */
  log?: boolean;
  /** Sandbox data (default: the embedded fixture built from the spec's examples). */
  fixture?: Fixture;
  /** Millisecond clock for token expiry and confirmation-code expiry (default Date.now). */
  now?: () => number;
}

/** What `sandboxOf(app)` gives tests: the live domain, the operations no behaviour implements, the routes. */
export interface SandboxHandle {
  readonly sandbox: Sandbox;
  readonly unimplemented: readonly string[];
  readonly routes: Mock['routes'];
}

const handles = new WeakMap<FastifyInstance, SandboxHandle>();

export function sandboxOf(app: FastifyInstance): SandboxHandle {
  const handle = handles.get(app);
  if (!handle) throw new Error('not an app made by createPayWithPointsSandbox');
  return handle;
}

/** Request bodies of Pay with Points are small: a larger one is refused before it is read. */
const BODY_LIMIT = 64 * 1024;

/** The sandbox's plug-in into the mock, over one live Sandbox. */
export function payWithPointsPlugin(sandbox: Sandbox): MockPlugin<Sandbox> {
  return {
    state: sandbox,
    apis: servedApis,
    bodyLimit: BODY_LIMIT,
    errors: payWithPointsErrors,
    behaviourFor,
    callerOf: (token) => sandbox.auth.clientOf(token),
    isUnavailable: () => sandbox.unavailable,
    registerRoutes(app, kit) {
      registerTokenRoute(app, sandbox, kit.genericErrors, servedApis[0].api.basePath);
      registerAuthorizeRoutes(app, sandbox, kit);
    },
    registerAdmin: (app, kit) => registerSandboxAdmin(app, sandbox, kit.genericErrors, kit.guard),
  };
}

/**
 * The sandbox as a fastify app, routes registered, not yet listening. Bad options throw
 * (FixtureError, RangeError).
 */
export async function createPayWithPointsSandbox(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const fixture = options.fixture ? await parseFixture(options.fixture, 'options.fixture') : defaultFixture;
  const sandbox = new Sandbox(fixture, { now: options.now });
  const log = options.log ? (line: string) => void process.stderr.write(`pwpkit mock: ${line}\n`) : undefined;
  const { app, unimplemented, routes } = createMock({
    plugin: payWithPointsPlugin(sandbox),
    admin: options.admin,
    faults: options.faults,
    log,
  });
  handles.set(app, { sandbox, unimplemented, routes });
  return app;
}

/** Creates the sandbox and listens (default 127.0.0.1, port 0 = a free port). `url` has no basePath. */
export async function startPayWithPointsSandbox(
  options: SandboxOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; app: FastifyInstance; close(): Promise<void> }> {
  const { port, host, ...rest } = options;
  return listen(await createPayWithPointsSandbox(rest), { port, host });
}
