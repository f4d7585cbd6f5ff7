/**
 * Providers that break one OAuth rule of the Authorize API each: the real mock with one defect,
 * added through fastify hooks (the pattern of broken-providers.ts). Verify must catch each.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BrokenVariant } from './broken-providers.ts';
import { CARD_SUITE, CODE_SUITE, STATE_SUITE } from '../../domain/pay-with-points/verify/authorize.ts';
import { routeOf as mockRouteOf } from '../../mock/exchange.ts';

const ROUTE = {
  codeToken: 'POST /api/authCode/oauth2/token/:countryCode/:businessCode',
  codeRefresh: 'POST /api/authCode/oauth2/refresh',
  codeRevoke: 'POST /api/authCode/oauth2/revoke',
  login: 'POST /api/authCode/oauth2/authorize',
  cardToken: 'POST /api/cardAuth/oauth2/token/:countrycode/:businesscode',
  cardRefresh: 'POST /api/cardAuth/oauth2/refresh',
  cardRevoke: 'POST /api/cardAuth/oauth2/revoke',
  e2eKey: 'GET /api/partner/v1/prelogin/security/e2eKey',
  states: 'POST /__admin/provider-states',
};

const routeOf = (request: FastifyRequest) => `${request.method} ${mockRouteOf(request)}`;
const bodyField = (request: FastifyRequest, name: string) => {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.[name] === 'string' ? (body[name] as string) : undefined;
};
const bearerOf = (request: FastifyRequest) => /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];

/** Makes the e2eKey call accept the given tokens by swapping them for the sandbox's static token. */
function acceptOnKeyCall(app: FastifyInstance, dead: Set<string>): void {
  app.addHook('onRequest', async (request) => {
    const token = bearerOf(request);
    if (routeOf(request) === ROUTE.e2eKey && token && dead.has(token))
      request.headers.authorization = 'Bearer sandbox-static-token';
  });
}

export const authorizeBrokenVariants: readonly BrokenVariant[] = [
  {
    name: 'code-reusable',
    defect: 'an authorization code can be exchanged twice (the second exchange answers the first pair again)',
    apply: (app) => {
      const answered = new Map<string, string>();
      app.addHook('onSend', async (request, reply, payload) => {
        if (routeOf(request) !== ROUTE.codeToken || typeof payload !== 'string') return payload;
        const code = bodyField(request, 'code');
        if (!code) return payload;
        if (reply.statusCode === 200) answered.set(code, payload);
        else if (answered.has(code) && payload.includes('already used')) {
          reply.code(200);
          return answered.get(code);
        }
        return payload;
      });
    },
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CODE_SUITE),
      message: /accepted \(200\) a request it must refuse/,
    },
  },
  {
    name: 'revoked-token-accepted',
    defect: 'a revoked access token is still accepted',
    apply: (app) => {
      const revoked = new Set<string>();
      app.addHook('preHandler', async (request) => {
        if (routeOf(request) !== ROUTE.codeRevoke && routeOf(request) !== ROUTE.cardRevoke) return;
        const token = bodyField(request, 'token');
        if (token) revoked.add(token);
      });
      acceptOnKeyCall(app, revoked);
    },
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CODE_SUITE),
      message: /the token is dead|must refuse/,
    },
  },
  {
    name: 'old-refresh-token-still-works',
    defect: 'a rotated-out refresh token still refreshes (answers the latest pair)',
    apply: (app) => {
      let latest: string | undefined;
      const used = new Set<string>();
      app.addHook('onSend', async (request, reply, payload) => {
        if (routeOf(request) !== ROUTE.codeRefresh || typeof payload !== 'string') return payload;
        const token = bodyField(request, 'refresh_token');
        if (reply.statusCode === 200) {
          latest = payload;
          if (token) used.add(token);
        } else if (token && used.has(token) && latest) {
          reply.code(200);
          return latest;
        }
        return payload;
      });
    },
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CODE_SUITE),
      message: /accepted \(200\)/,
    },
  },
  {
    name: 'refreshed-token-does-not-work',
    defect: 'refresh answers an access token the provider does not accept',
    apply: (app) =>
      app.addHook('onSend', async (request, reply, payload) => {
        if (routeOf(request) !== ROUTE.cardRefresh || reply.statusCode !== 200 || typeof payload !== 'string')
          return payload;
        return JSON.stringify({ ...(JSON.parse(payload) as object), access_token: 'pwpkit-broken-never-issued-token' });
      }),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CARD_SUITE),
      message: /expected the request to be accepted \(2xx\), got 401/,
    },
  },
  {
    name: 'wrong-otp-activates',
    defect: 'any one-time password activates the card access token',
    apply: (app) =>
      app.addHook('preHandler', async (request) => {
        if (routeOf(request) !== ROUTE.cardToken) return;
        const body = request.body as Record<string, unknown> | undefined;
        if (body && typeof body.otp === 'string')
          body.otp = '482916' === body.otp || '735937' === body.otp ? body.otp : '735937';
      }),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CARD_SUITE),
      message: /a wrong|must refuse|activationFailed/,
    },
  },
  {
    name: 'otp-attempts-unlimited',
    defect: 'the third wrong one-time password is answered activationFailed (no attempt limit)',
    apply: (app) =>
      app.addHook('onSend', async (request, _reply, payload) => {
        if (
          routeOf(request) !== ROUTE.cardToken ||
          typeof payload !== 'string' ||
          !payload.includes('"exceedsMaximumAttempts"') ||
          bodyField(request, 'otp') === '735937'
        )
          return payload;
        return payload.replace('"exceedsMaximumAttempts"', '"activationFailed"');
      }),
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(CARD_SUITE),
      message: /code "activationFailed", expected "exceedsMaximumAttempts"/,
    },
  },
  {
    name: 'state-dropped',
    defect: 'the redirect after consent does not carry the state the authorize URL sent',
    apply: (app) =>
      app.addHook('onSend', async (request, reply, payload) => {
        const location = reply.getHeader('location');
        if (routeOf(request) === ROUTE.login && typeof location === 'string') {
          const u = new URL(location);
          u.searchParams.delete('state');
          reply.header('location', u.toString());
        }
        return payload;
      }),
    expect: {
      check: 'setup',
      code: 'setup-failed',
      suite: new RegExp(CODE_SUITE),
      message: /does not carry the state/,
    },
  },
];

/** Defects only `verify --states-url` reaches: an expired token, set up by provider state. */
export const authorizeStateVariants: readonly BrokenVariant[] = [
  {
    name: 'expired-token-accepted',
    defect: 'an expired card access token is still accepted',
    apply: (app) => {
      const expired = new Set<string>();
      app.addHook('onSend', async (request, _reply, payload) => {
        if (
          routeOf(request) === ROUTE.states &&
          typeof payload === 'string' &&
          /expired/.test(String((request.body as { state?: unknown })?.state))
        ) {
          const token = (JSON.parse(payload) as { access_token?: string }).access_token;
          if (token) expired.add(token);
        }
        return payload;
      });
      acceptOnKeyCall(app, expired);
    },
    expect: {
      check: 'expectation',
      code: 'expectation-not-met',
      suite: new RegExp(STATE_SUITE),
      message: /must refuse/,
    },
  },
];
