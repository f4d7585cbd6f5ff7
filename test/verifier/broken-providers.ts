/**
 * Deliberately broken providers: the real mock with one defect each, added through fastify hooks
 * (the mock itself is not touched). Shared by the verifier tests and bench/verify.bench.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createPayWithPointsSandbox, sandboxOf, type SandboxOptions } from '../../domain/pay-with-points/index.ts';
import { isFindingCode } from '../../core/finding.ts';
import { verifyChecks } from '../../verifier/checks/index.ts';
import type { CaseKind, CaseResult, FindingCode } from '../../verifier/types.ts';
import { routeOf as mockRouteOf } from '../../mock/exchange.ts';

export interface BrokenVariant {
  name: string;
  /** What is wrong, in one line. */
  defect: string;
  apply(app: FastifyInstance): void;
  /** The finding verify must report: the failing check, its code (core's closed set), and where. */
  expect: { check: string; code: FindingCode; suite?: RegExp; message?: RegExp };
}

/**
 * How many results carry the variant's expected finding (of `kind` only, when given), and the
 * message for a test that found none: every finding of the run, one line each.
 */
export function findingsOfVariant(
  results: readonly CaseResult[],
  variant: BrokenVariant,
  kind?: CaseKind,
): { hits: number; expected: string } {
  const { check, code, suite, message } = variant.expect;
  const hits = results.filter(
    (r) =>
      (kind === undefined || r.kind === kind) &&
      (!suite || suite.test(r.suite)) &&
      r.findings.some((f) => f.check === check && f.code === code && (!message || message.test(f.message))),
  ).length;
  const found = results
    .filter((r) => r.findings.length > 0)
    .map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => `${f.check}/${f.code}: ${f.message}`).join('; ')}`)
    .join('\n');
  return { hits, expected: `expected a ${check}/${code} finding for "${variant.defect}"; found:\n${found}` };
}

/**
 * Findings whose code is outside core's closed set, or, from a registered check, outside the codes
 * that check declares: `check/code: message`, one each (none, when the set is closed).
 */
export function strayCodes(results: readonly CaseResult[]): string[] {
  const declared = new Map<string, readonly string[]>(verifyChecks.map((c) => [c.name, c.codes]));
  return results
    .flatMap((r) => r.findings)
    .filter((f) => !isFindingCode(f.code) || !(declared.get(f.check)?.includes(f.code) ?? true))
    .map((f) => `${f.check}/${f.code}: ${f.message}`);
}

export interface RunningProvider {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The mock with the variant's defect (none: the real mock), listening on a free loopback port. */
export async function startProvider(variant?: BrokenVariant, options: SandboxOptions = {}): Promise<RunningProvider> {
  const app = await createPayWithPointsSandbox(options);
  variant?.apply(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

const ROUTE = {
  enrol: 'POST /api/v1/apac/rewards/linkage',
  activate: 'PUT /api/v1/apac/rewards/{rewardLinkCode}/activations',
  balance: 'GET /api/v1/apac/rewards/{rewardLinkCode}/pointBalance',
  redeem: 'POST /api/v1/apac/rewards/{rewardLinkCode}/redemption',
};

function routeOf(request: FastifyRequest): string {
  return `${request.method} ${mockRouteOf(request)}`;
}

/** Rewrites JSON answers of one route (status filter optional). */
function rewrite(
  app: FastifyInstance,
  route: string,
  status: number | undefined,
  edit: (body: Record<string, unknown>, reply: FastifyReply) => unknown,
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      routeOf(request) !== route ||
      (status !== undefined && reply.statusCode !== status) ||
      typeof payload !== 'string' ||
      payload === ''
    )
      return payload;
    return JSON.stringify(edit(JSON.parse(payload) as Record<string, unknown>, reply));
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const brokenVariants: readonly BrokenVariant[] = [
  {
    name: 'missing-required-field',
    defect: 'redemption answers 200 without the required orderId',
    apply: (app) => rewrite(app, ROUTE.redeem, 200, ({ orderId: _dropped, ...rest }) => rest),
    expect: {
      check: 'response-schema',
      code: 'response-body-invalid',
      suite: /submitRedemptionRequest|enrollInPayWithPoints lifecycle/,
      message: /orderId/,
    },
  },
  {
    name: 'wrong-type',
    defect: 'balance answers availablePointBalance as a string',
    apply: (app) =>
      rewrite(app, ROUTE.balance, 200, (body) => ({
        ...body,
        availablePointBalance: String(body.availablePointBalance),
      })),
    expect: {
      check: 'response-schema',
      code: 'response-body-invalid',
      suite: /retrieveRewardsBalance|enrollInPayWithPoints lifecycle/,
      message: /availablePointBalance must be integer/,
    },
  },
  {
    name: 'undocumented-status',
    defect: 'enrolment answers 201 instead of the documented 200',
    apply: (app) =>
      app.addHook('onSend', async (request, reply, payload) => {
        if (routeOf(request) === ROUTE.enrol && reply.statusCode === 200) reply.code(201);
        return payload;
      }),
    expect: {
      check: 'status-documented',
      code: 'response-status-not-documented',
      suite: /enrollInPayWithPoints/,
      message: /status 201 is not documented/,
    },
  },
  {
    name: 'undocumented-error-code',
    defect: 'an unknown rewardLinkCode is answered with code "linkNotFound"',
    apply: (app) =>
      rewrite(app, ROUTE.balance, 400, (body) =>
        body.code === 'invalidRewardLinkCode' ? { ...body, code: 'linkNotFound' } : body,
      ),
    expect: {
      check: 'error-catalog',
      code: 'error-code-not-documented',
      message: /error code "linkNotFound" is not documented/,
    },
  },
  {
    name: 'undocumented-error-type',
    defect: 'activationFailed is sent with type "warn" (documented: "error")',
    apply: (app) =>
      rewrite(app, ROUTE.activate, 400, (body) =>
        body.code === 'activationFailed' ? { ...body, type: 'warn' } : body,
      ),
    expect: {
      check: 'error-catalog',
      code: 'error-type-mismatch',
      message: /error code "activationFailed" is documented with type "error" for tokenActivation 400, not "warn"/,
    },
  },
  {
    name: 'uuid-not-enforced',
    defect: 'a missing or malformed uuid header is accepted',
    apply: (app) =>
      app.addHook('onRequest', async (request) => {
        const uuid = request.headers.uuid;
        if (typeof uuid !== 'string' || !UUID.test(uuid)) request.headers.uuid = randomUUID();
      }),
    expect: { check: 'expectation', code: 'expectation-not-met', message: /must refuse|expected "invalid"/ },
  },
  {
    name: 'content-type-not-enforced',
    defect: 'a JSON body sent as text/plain is accepted',
    apply: (app) =>
      app.addHook('onRequest', async (request) => {
        if (request.headers['content-type']?.startsWith('text/plain'))
          request.headers['content-type'] = 'application/json';
      }),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: /enrollInPayWithPoints|tokenActivation|submitRedemptionRequest/,
      message: /must refuse|expected/,
    },
  },
  {
    name: 'replay-deducts-twice',
    defect: 'a replayed transactionReferenceNumber is redeemed again (new orderId, points deducted twice)',
    apply: (app) => {
      const seen = new Set<string>();
      // Before the pipeline reads the raw body (it judges, then parses it): the route from the URL.
      app.addHook('preHandler', async (request) => {
        if (request.method !== 'POST' || !/^\/api\/v1\/apac\/rewards\/[^/]+\/redemption$/.test(request.url)) return;
        if (!Buffer.isBuffer(request.body)) return;
        const body = JSON.parse(request.body.toString('utf8')) as { transactionReferenceNumber?: unknown };
        if (typeof body.transactionReferenceNumber !== 'string') return;
        if (seen.has(body.transactionReferenceNumber))
          body.transactionReferenceNumber = `${body.transactionReferenceNumber}-again-${randomUUID()}`;
        else seen.add(body.transactionReferenceNumber);
        request.body = Buffer.from(JSON.stringify(body));
      });
    },
    expect: {
      check: 'behaviour',
      code: 'scenario-step-failed',
      suite: /enrollInPayWithPoints lifecycle/,
      message: /orderId|availablePointBalance is/,
    },
  },
  {
    name: 'balance-not-deducted',
    defect: 'a successful redemption leaves the balance unchanged',
    apply: (app) =>
      app.addHook('onResponse', async (request, reply) => {
        if (routeOf(request) !== ROUTE.redeem || reply.statusCode !== 200) return;
        const { sandbox } = sandboxOf(app);
        const entry = sandbox.ledger.at(-1);
        const account = entry && sandbox.cardByLastFour(entry.lastFourDigitsCardNumber);
        if (account && entry.balanceAfter === account.availablePointBalance)
          account.availablePointBalance = entry.balanceBefore;
      }),
    expect: {
      check: 'behaviour',
      code: 'scenario-step-failed',
      suite: /enrollInPayWithPoints lifecycle/,
      message: /availablePointBalance is \d+, expected/,
    },
  },
  {
    name: 'inactive-redemption-as-unknown',
    defect:
      'a redemption on a link not yet activated is answered invalidRewardLinkCode (documented: inactiveRewardLinkCode)',
    apply: (app) =>
      rewrite(app, ROUTE.redeem, 400, (body) =>
        body.code === 'inactiveRewardLinkCode' ? { ...body, code: 'invalidRewardLinkCode' } : body,
      ),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: /enrollInPayWithPoints lifecycle/,
      message: /code "invalidRewardLinkCode", expected "inactiveRewardLinkCode"/,
    },
  },
  {
    name: 'wrong-response-content-type',
    defect: 'answers are sent as text/plain',
    apply: (app) =>
      app.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-type', 'text/plain; charset=utf-8');
        return payload;
      }),
    expect: { check: 'content-type', code: 'response-content-type-not-produced', message: /text\/plain/ },
  },
  {
    name: 'server-error-on-malformed-json',
    defect: 'malformed JSON makes the provider fail with 500',
    apply: (app) =>
      app.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode === 400 && typeof payload === 'string' && payload.includes('not valid JSON')) {
          reply.code(500);
          return JSON.stringify({
            type: 'fatal',
            code: 'serverUnavailable',
            details: 'SyntaxError: Unexpected end of JSON input',
          });
        }
        return payload;
      }),
    expect: { check: 'no-server-error', code: 'server-error', message: /failed with 500/ },
  },
  {
    name: 'auth-not-enforced',
    defect: 'requests without Authorization are served',
    apply: (app) => {
      let token: string | undefined;
      app.addHook('onRequest', async (request) => {
        if (
          request.headers.authorization?.startsWith('Bearer ') &&
          !request.headers.authorization.includes('pwpkit-invalid')
        )
          token = request.headers.authorization;
        else if (
          request.headers.authorization === undefined &&
          token &&
          routeOf(request) !== 'POST /api/clientCredentials/oauth2/token/:countryCode/gcb'
        )
          request.headers.authorization = token;
      });
    },
    expect: { check: 'expectation', code: 'expectation-not-met', message: /status \d+, expected 401|must refuse/ },
  },
  {
    name: 'oversized-body',
    defect: 'the balance answer is padded to 5 MB, over the 4 MiB verify reads',
    apply: (app) => rewrite(app, ROUTE.balance, 200, (body) => ({ ...body, padding: ' '.repeat(5 * 1024 * 1024) })),
    expect: {
      check: 'body-size',
      code: 'body-too-large',
      suite: /retrieveRewardsBalance|enrollInPayWithPoints lifecycle/,
      message: /the 200 body is over 4 MiB/,
    },
  },
];

/**
 * Defects only `verify --states-url` can reach: they show while the provider is in a provider
 * state (started with `admin: true`, states at `<url>/__admin/provider-states`).
 */
export const stateVariants: readonly BrokenVariant[] = [
  {
    name: 'outage-as-503',
    defect:
      'an outage is answered 503 { type: "error", code: "outage" } instead of the documented 500 serverUnavailable',
    apply: (app) =>
      app.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode !== 500 || typeof payload !== 'string' || !payload.includes('"serverUnavailable"'))
          return payload;
        reply.code(503);
        return JSON.stringify({ type: 'error', code: 'outage', details: 'Service temporarily unavailable' });
      }),
    expect: {
      check: 'status-documented',
      code: 'response-status-not-documented',
      suite: /retrieveRewardsBalance/,
      message: /status 503 is not documented/,
    },
  },
  {
    name: 'outage-undocumented-code',
    defect: 'an outage is answered 500 with code "outage" (documented: serverUnavailable)',
    apply: (app) =>
      rewrite(app, ROUTE.redeem, 500, (body) =>
        body.code === 'serverUnavailable' ? { ...body, code: 'outage' } : body,
      ),
    expect: {
      check: 'error-catalog',
      code: 'error-code-not-documented',
      suite: /submitRedemptionRequest/,
      message: /error code "outage" is not documented/,
    },
  },
  {
    name: 'expired-code-activates',
    defect:
      'an activation whose confirmation code has expired is answered activationFailed ' +
      'instead of linkageConfirmationCodeExpired',
    apply: (app) =>
      rewrite(app, ROUTE.activate, 400, (body) =>
        body.code === 'linkageConfirmationCodeExpired' ? { ...body, code: 'activationFailed' } : body,
      ),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: /tokenActivation/,
      message: /code "activationFailed", expected "linkageConfirmationCodeExpired"/,
    },
  },
  {
    name: 'order-id-failure-as-outage',
    defect:
      'a redemption whose order id cannot be generated is answered 500 serverUnavailable ' +
      'instead of 400 errorGeneratingOrderId',
    apply: (app) =>
      rewrite(app, ROUTE.redeem, 400, (body, reply) => {
        if (body.code !== 'errorGeneratingOrderId') return body;
        reply.code(500);
        return {
          type: 'fatal',
          code: 'serverUnavailable',
          details: 'The request failed due to an internal error/server unavailability',
        };
      }),
    expect: {
      check: 'no-server-error',
      code: 'server-error',
      suite: /submitRedemptionRequest/,
      message: /failed with 500/,
    },
  },
];
