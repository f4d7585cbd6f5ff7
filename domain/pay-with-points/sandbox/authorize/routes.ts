import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperationErrors, RouteKit } from '../../../../mock/index.ts';
import { authorizeApi } from '../apis.ts';
import { fail, type DomainCode, type Failure } from '../state/outcome.ts';
import type { Sandbox } from '../state/sandbox.ts';
import { consentPage, PAGE_HEADERS } from './consent-page.ts';

const BASIC = /^Basic +([A-Za-z0-9+/=_-]+) *$/i;
const FORM = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;
const OPERATION_BY_ROUTE = {
  authorize: 'authorizationCodeGrantRetrieveAuthorizationCode',
  authCodeToken: 'authorizationCodeGrantRetrieveAccessToken',
  authCodeRefresh: 'authorizationCodeGrantRefreshAccessToken',
  authCodeRevoke: 'authorizationCodeGrantRevokeAccessToken',
  cardEnrol: 'enrollAndGenerateCardAccessToken',
  cardActivate: 'activateCardAccessToken',
  cardRefresh: 'refreshCardAccessToken',
  cardRevoke: 'revokeCardAccessToken',
} as const;

/**
 * The Authorize API (spec/authorize.swagger.yaml) on the mock. The authorization code calls
 * answer OAuth errors (`{ error, error_description }`, as Citi publishes them); the card calls
 * answer Citi's ErrorResponse from their documented rows. Client authentication is HTTP Basic.
 * The rules live in the domain (state/grants.ts, state/otp.ts); here is only HTTP:
 * - GET  /api/authCode/oauth2/authorize: the login + consent page (HTML); POST to it: the answer,
 *   then a 302 to the redirect URL with `code` and `state` (or `error=access_denied`);
 * - POST /api/authCode/oauth2/token/{cc}/{bc}, …/refresh, …/revoke;
 * - POST /api/cardAuth/oauth2/authorize/{cc}/{bc} (enrol: E2E-encrypted card number → pending
 *   token + OTP by "SMS"), …/token/{cc}/{bc} (activate with the OTP), …/refresh, …/revoke;
 * - GET  /api/partner/v1/prelogin/security/e2eKey through the ordinary operation pipeline.
 * The client-credentials call stays with ../token-route.ts (any country code).
 */
export function registerAuthorizeRoutes(app: FastifyInstance, sandbox: Sandbox, kit: RouteKit): void {
  const api = authorizeApi;
  const errorsOf = (operation: string) => kit.errorsOf(api, operation);
  const base = api.api.basePath.replace(/\/+$/, '');
  /** The login and consent page of one pending authorize request (again, with `error`, after a failed login). */
  const sendConsentPage = (
    reply: FastifyReply,
    pending: { id: string; clientId: string; scope: string },
    error?: string,
  ): FastifyReply =>
    reply
      .code(200)
      .headers(PAGE_HEADERS)
      .send(
        consentPage({
          requestId: pending.id,
          clientId: pending.clientId,
          scope: pending.scope,
          ...(error ? { error } : {}),
          customers: sandbox.fixture.customers ?? [],
          action: `${base}/authCode/oauth2/authorize`,
        }),
      );
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }
  const e2eKey = Object.entries(api.operations).find(([, op]) => op.path.endsWith('/e2eKey'))?.[0];
  if (e2eKey) kit.registerOperation(api, e2eKey);

  const configOf = (operation: string) => kit.routeConfig(api, operation);
  /** A body fastify could not read on an OAuth call: an OAuth invalid_request, not an ErrorResponse. */
  const oauthErrorHandler = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    if ((error.statusCode ?? 500) >= 500)
      return errorsOf(OPERATION_BY_ROUTE.authCodeToken).send(reply, fail('serverUnavailable'));
    return oauthError(reply, 400, 'invalid_request', 'The request body could not be read');
  };

  // Authorization code grant: the login + consent page.
  app.get(`${base}/authCode/oauth2/authorize`, { config: configOf(OPERATION_BY_ROUTE.authorize) }, (request, reply) => {
    if (sandbox.unavailable) return errorsOf(OPERATION_BY_ROUTE.authorize).send(reply, fail('serverUnavailable'));
    const q = request.query as Record<string, string | undefined>;
    const clientId = one(q.client_id);
    const redirectUri = one(q.redirect_uri);
    if (!clientId || !sandbox.auth.isClient(clientId))
      return oauthError(reply, 400, 'invalid_request', 'client_id is missing or unknown');
    if (!redirectUri || !sandbox.grants.redirectAllowed(clientId, redirectUri))
      return oauthError(reply, 400, 'invalid_request', 'redirect_uri is missing or not registered for this client');
    const state = one(q.state);
    const back = (error: string, description: string) =>
      reply.redirect(
        withQuery(redirectUri, { error, error_description: description, ...(state ? { state } : {}) }),
        302,
      );
    if (one(q.response_type) !== 'code')
      return back(one(q.response_type) ? 'unsupported_response_type' : 'invalid_request', 'response_type must be code');
    const missing = ['scope', 'state', 'countryCode', 'businessCode'].filter((k) => !one(q[k]));
    if (missing.length > 0) return back('invalid_request', `missing ${missing.join(', ')}`);
    const pending = sandbox.grants.openAuthorizeRequest(clientId, redirectUri, one(q.scope)!, state!);
    return sendConsentPage(reply, { id: pending.id, clientId, scope: pending.scope });
  });

  // The page's form (Citi's login UI, not an API call: not in the spec).
  app.post(`${base}/authCode/oauth2/authorize`, (request, reply) => {
    if (sandbox.unavailable) return errorsOf(OPERATION_BY_ROUTE.authorize).send(reply, fail('serverUnavailable'));
    const form = (isRecord(request.body) ? request.body : {}) as Record<string, string | undefined>;
    const decision = sandbox.grants.decide(
      String(form.request ?? ''),
      String(form.userId ?? ''),
      String(form.password ?? ''),
      form.decision === 'allow',
    );
    if (decision === 'unknown-request')
      return errorsOf(OPERATION_BY_ROUTE.cardRevoke).send(
        reply,
        fail(
          'invalidRequest',
          'request',
          'This login page has expired or was already answered: start again from the app',
        ),
      );
    if (decision === 'bad-credentials') {
      const pending = sandbox.grants.authorizeRequest(String(form.request))!;
      return sendConsentPage(reply, pending, 'The user ID or password is incorrect.');
    }
    return reply.header('cache-control', 'no-store').redirect(decision.redirect, 302);
  });

  // Authorization code grant: token, refresh, revoke (OAuth errors).
  const oauthCall = (
    url: string,
    operation: string,
    handle: (clientId: string, form: Record<string, string>, reply: FastifyReply) => FastifyReply,
  ) => {
    app.post(url, { config: configOf(operation), errorHandler: oauthErrorHandler }, (request, reply) => {
      if (sandbox.unavailable) return errorsOf(operation).send(reply, fail('serverUnavailable'));
      const clientId = basicClient(sandbox, request.headers.authorization);
      if (!clientId)
        return oauthError(
          reply.header('www-authenticate', 'Basic realm="citi"'),
          401,
          'invalid_client',
          'Client authentication failed (Basic client_id:client_secret)',
        );
      if (!FORM.test(request.headers['content-type'] ?? ''))
        return oauthError(reply, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
      return handle(clientId, (isRecord(request.body) ? request.body : {}) as Record<string, string>, reply);
    });
  };
  oauthCall(
    `${base}/authCode/oauth2/token/:countryCode/:businessCode`,
    OPERATION_BY_ROUTE.authCodeToken,
    (clientId, form, reply) => {
      const grantType = grantTypeProblem(form, 'authorization_code');
      if (grantType) return oauthError(reply, 400, grantType.error, grantType.description);
      if (!form.code || !form.redirect_uri)
        return oauthError(reply, 400, 'invalid_request', 'code and redirect_uri are required');
      return tokens(reply, sandbox.grants.exchangeCode(clientId, form.code, form.redirect_uri));
    },
  );
  oauthCall(`${base}/authCode/oauth2/refresh`, OPERATION_BY_ROUTE.authCodeRefresh, (clientId, form, reply) => {
    const grantType = grantTypeProblem(form, 'refresh_token');
    if (grantType) return oauthError(reply, 400, grantType.error, grantType.description);
    if (!form.refresh_token) return oauthError(reply, 400, 'invalid_request', 'refresh_token is required');
    return tokens(reply, sandbox.grants.refresh('authCode', clientId, form.refresh_token));
  });
  oauthCall(`${base}/authCode/oauth2/revoke`, OPERATION_BY_ROUTE.authCodeRevoke, (clientId, form, reply) => {
    const problem = revokeProblem(form);
    if (problem) return oauthError(reply, 400, problem.oauth, problem.description);
    sandbox.grants.revoke('authCode', clientId, form.token);
    return reply.code(200).header('cache-control', 'no-store').send();
  });

  // Card authorization (Citi ErrorResponse).
  const cardCall = (
    url: string,
    operation: string,
    handle: (
      clientId: string,
      input: Record<string, string>,
      request: FastifyRequest,
      reply: FastifyReply,
      errors: OperationErrors,
    ) => FastifyReply,
  ) => {
    const errors = errorsOf(operation);
    app.post(url, { config: configOf(operation) }, (request, reply) => {
      if (sandbox.unavailable) return errors.send(reply, fail('serverUnavailable'));
      const clientId = basicClient(sandbox, request.headers.authorization);
      if (!clientId)
        return errors.send(
          reply,
          fail('unAuthorized', 'Authorization', 'Client authentication failed (Basic client_id:client_secret)'),
        );
      const params = isStrings(request.params) ? request.params : {};
      const query = isStrings(request.query) ? request.query : {};
      // Headers, Accept, Content-Type and body as the spec documents them: the mock's one request judgment.
      const refused = kit.refusalOf(api, operation, { headers: request.headers, params, query, body: request.body });
      if (refused) return errors.send(reply, refused);
      for (const [name, pattern] of [
        ['countrycode', /^[a-z]{2}$/i],
        ['businesscode', /^[a-z]{3}$/i],
      ] as const) {
        if (params[name] !== undefined && !pattern.test(params[name]))
          return errors.send(reply, fail('invalidRequest', name, `${name} is not a valid code`));
      }
      const input = request.body;
      if (!isRecord(input)) return errors.send(reply, fail('invalidRequest', 'body', 'A request body is required'));
      return handle(clientId, input as Record<string, string>, request, reply, errors);
    });
  };
  cardCall(
    `${base}/cardAuth/oauth2/authorize/:countrycode/:businesscode`,
    OPERATION_BY_ROUTE.cardEnrol,
    (clientId, input, _request, reply, errors) => {
      if (input.keyIdentifier !== sandbox.e2eKey.publicKey.keyIdentifier)
        return errors.send(
          reply,
          fail('invalidCardDetails', 'keyIdentifier', 'keyIdentifier does not name the current E2E key'),
        );
      const cardNumber = sandbox.e2eKey.decrypt(input.cardNumber);
      const account = cardNumber === undefined ? undefined : sandbox.cardByNumber(cardNumber);
      if (!account)
        return errors.send(
          reply,
          fail(
            'invalidCardDetails',
            'cardNumber',
            cardNumber === undefined
              ? 'cardNumber does not decrypt with the E2E key'
              : 'No eligible card with this number',
          ),
        );
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .send(sandbox.grants.enrolCard(clientId, account, input.scope || '/api'));
    },
  );
  cardCall(
    `${base}/cardAuth/oauth2/token/:countrycode/:businesscode`,
    OPERATION_BY_ROUTE.cardActivate,
    (clientId, input, _request, reply, errors) =>
      cardTokens(reply, errors, sandbox.grants.activateCard(clientId, input.access_token, input.otp), 'otp'),
  );
  cardCall(
    `${base}/cardAuth/oauth2/refresh`,
    OPERATION_BY_ROUTE.cardRefresh,
    (clientId, input, _request, reply, errors) => {
      if (input.grant_type !== 'refresh_token')
        return errors.send(reply, fail('invalidRequest', 'grant_type', 'grant_type must be refresh_token'));
      if (!input.refresh_token)
        return errors.send(reply, fail('invalidRequest', 'refresh_token', 'refresh_token is required'));
      return cardTokens(reply, errors, sandbox.grants.refresh('card', clientId, input.refresh_token), 'refresh_token');
    },
  );
  cardCall(
    `${base}/cardAuth/oauth2/revoke`,
    OPERATION_BY_ROUTE.cardRevoke,
    (clientId, input, _request, reply, errors) => {
      const problem = revokeProblem(input);
      if (problem) return errors.send(reply, fail('invalidRequest', problem.field, problem.description));
      sandbox.grants.revoke('card', clientId, input.token);
      return reply.code(200).header('cache-control', 'no-store').send();
    },
  );
}

function tokens(reply: FastifyReply, outcome: ReturnType<Sandbox['grants']['exchangeCode']>): FastifyReply {
  if (!outcome.ok)
    return oauthError(
      reply,
      400,
      outcome.error === 'invalid_request' ? 'invalid_request' : 'invalid_grant',
      outcome.description,
    );
  return reply.code(200).header('cache-control', 'no-store').header('pragma', 'no-cache').send(outcome.value);
}

function cardTokens(
  reply: FastifyReply,
  errors: OperationErrors,
  outcome: ReturnType<Sandbox['grants']['activateCard']>,
  field: string,
): FastifyReply {
  if (outcome.ok) return reply.code(200).header('cache-control', 'no-store').send(outcome.value);
  const failure: Failure = fail(
    outcome.error as DomainCode,
    outcome.error === 'unAuthorized' ? 'access_token' : field,
    outcome.description,
  );
  return errors.send(reply, failure);
}

function oauthError(reply: FastifyReply, status: 400 | 401, error: string, description: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

function grantTypeProblem(
  form: Record<string, string>,
  want: string,
): { error: 'invalid_request' | 'unsupported_grant_type'; description: string } | undefined {
  if (!form.grant_type) return { error: 'invalid_request', description: 'grant_type is required' };
  if (form.grant_type !== want) return { error: 'unsupported_grant_type', description: `grant_type must be ${want}` };
  return undefined;
}

function revokeProblem(
  form: Record<string, string>,
): { oauth: 'invalid_request' | 'unsupported_token_type'; field: string; description: string } | undefined {
  if (!form.token) return { oauth: 'invalid_request', field: 'token', description: 'token is required' };
  if (!form.token_type_hint)
    return { oauth: 'invalid_request', field: 'token_type_hint', description: 'token_type_hint is required' };
  if (form.token_type_hint !== 'access_token' && form.token_type_hint !== 'refresh_token')
    return {
      oauth: 'unsupported_token_type',
      field: 'token_type_hint',
      description: 'token_type_hint must be access_token or refresh_token',
    };
  return undefined;
}

function basicClient(sandbox: Sandbox, header: string | undefined): string | undefined {
  const m = header === undefined ? null : BASIC.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const id = decoded.slice(0, colon);
  return sandbox.auth.checkSecret(id, decoded.slice(colon + 1)) ? id : undefined;
}

function isStrings(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withQuery(url: string, fields: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
  return u.toString();
}
