/**
 * The merchant checkout's contract with Citi's Authorize API for card authorization (seed 002:
 * enrol the card, the customer validates the one-time password sent by SMS, then the card access
 * token is used, refreshed and revoked; seed 000: the card number travels encrypted under the
 * pre-login E2E public key). Written through the generated Authorize client, one call per
 * interaction, like merchant-checkout.ts.
 *
 * No secret is in the pact: client authentication is HTTP Basic matched by rule with a
 * placeholder example (`pwpkit pact-verify --client-id/--client-secret` swaps in real
 * credentials), and the card tokens and the one-time password are placeholders the provider
 * states pin (`params.access_token`, `params.refresh_token`, `params.otp`). The card number is the
 * sandbox card's, encrypted under the sandbox's public E2E key.
 */
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { MatchersV3, PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { expect } from 'vitest';
import { encryptWithE2eKey } from '@pwpkit/runtime';
import { createAuthorizeClient } from '../../../generated/authorize/client.ts';
import { providerStateSentence } from '../../../domain/pay-with-points/provider-states.ts';
import { BEARER_PATTERN, CONSUMER, exampleUuid, SANDBOX, UUID_PATTERN } from './parties.ts';

const { like, integer, regex } = MatchersV3;

export const AUTHORIZE_PROVIDER = 'citi-authorize';
export const AUTHORIZE_PACT_FILE = `${CONSUMER}-${AUTHORIZE_PROVIDER}.json`;

/** Sandbox values of the Authorize API in the provider's default fixture (pwpkit mock). */
export const CARD_SANDBOX = {
  card: '5212',
  cardNumber: '5500123412345212',
  /** A placeholder one-time password the provider state pins (`params.otp`): not the sandbox card's. */
  otp: '246810',
  wrongOtp: '000000',
  maskedMobileNumber: 'XXXXXX1895',
  keyIdentifier: 'CARD_LOGIN',
  /** The sandbox's public E2E key (hex), as GET …/e2eKey answers it. */
  modulus:
    'D90DD847052F80F21D759FD5B41C1B71127D496076BDD369494A1DFFB4D4B6136C02311169702A5AAF6D7395EEB44E88' +
    '39512F8E502628A93671DA1237ECF8BF190D10782E100AADF92DB9E600D877A9402B6A1C8C5D3145D86DA03D9D47579E' +
    'DA5B54F1D6A9FD501DC2A77794E4511819344880A9C88624C07EC942EA4A2BE73F47A016BF3D2930F0E684A3689093D9' +
    'E58C6C42BCD055261B701B6E038E6C1B0E50A49DB24BDD9816385F67762806E7839B700108255751967FEE77CFE8D60E' +
    'E5F23E58DBBEBBE74C742A14612C4E836A3179D7E98D7AB7FF315752939EFCB77FF9C0A1352DB315BFDE0B3CFC780A58' +
    '29AFC4EEE483C2AE2E75D08B11FDED43',
  exponent: '010001',
  /** Placeholders the provider states pin: not issued tokens, not secrets. */
  pendingToken: 'pact-pending-card-token-5212',
  activeToken: 'pact-active-card-token-5212',
  refreshToken: 'pact-card-refresh-token-5212',
  revokedToken: 'pact-revoked-card-token-5212',
} as const;

/** HTTP Basic client authentication, matched by rule; the example is a placeholder, not credentials. */
export const BASIC_PATTERN = '^Basic [A-Za-z0-9+/=._-]+$';
export const BASIC_PLACEHOLDER = 'Basic pact-placeholder-client-credentials';
/** What the consumer tests send against the Pact mock server (never recorded: the example above is). */
const CONSUMER_BASIC = `Basic ${btoa('pact-consumer:not-a-real-secret')}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CardAuthorizationCase {
  operation: string;
  description: string;
  state: string;
  params?: { [key: string]: Json };
  request: { method: string; path: string; headers: Record<string, unknown>; json?: unknown; form?: string };
  response: { status: number; body?: unknown };
  exercise: (server: Pick<V3MockServer, 'url'>) => Promise<void>;
}

const authorize = (server: Pick<V3MockServer, 'url'>, token: string = SANDBOX.token) =>
  createAuthorizeClient({
    baseUrl: server.url,
    clientId: SANDBOX.clientId,
    token,
    validate: 'strict',
    retry: { retries: 0 },
  });
const basic = { headers: { authorization: CONSUMER_BASIC } };
const hk = { countrycode: 'hk', businesscode: 'gcb' } as const;

function basicHeaders(seed: string | undefined, contentType: string) {
  return {
    Authorization: regex(BASIC_PATTERN, BASIC_PLACEHOLDER),
    ...(seed ? { uuid: regex(UUID_PATTERN, exampleUuid(seed)), Accept: 'application/json' } : {}),
    'Content-Type': contentType,
  };
}
function bearerHeaders(seed: string, token?: string) {
  return {
    Authorization: token ? `Bearer ${token}` : regex(BEARER_PATTERN, `Bearer ${SANDBOX.token}`),
    client_id: SANDBOX.clientId,
    uuid: regex(UUID_PATTERN, exampleUuid(seed)),
    Accept: 'application/json',
  };
}
const HEX = '^[0-9A-Fa-f]+$';
const keyBody = {
  modulus: regex(HEX, CARD_SANDBOX.modulus),
  exponent: regex(HEX, CARD_SANDBOX.exponent),
  keyIdentifier: CARD_SANDBOX.keyIdentifier,
};
const pairBody = {
  access_token: like(CARD_SANDBOX.activeToken),
  refresh_token: like(CARD_SANDBOX.refreshToken),
  token_type: 'bearer',
  expires_in: integer(1800),
  refresh_token_expires_in: integer(2592000),
  scope: '/api',
};
const E2E = '/api/partner/v1/prelogin/security/e2eKey';
const pinned = { access_token: CARD_SANDBOX.activeToken, refresh_token: CARD_SANDBOX.refreshToken };

export function cardAuthorizationCases(ciphertext: string): CardAuthorizationCase[] {
  return [
    {
      operation: 'retrieveE2ePublicKeyPreLogin',
      description: 'a request for the pre-login E2E public key',
      state: providerStateSentence({ kind: 'cardNotEnrolled', card: CARD_SANDBOX.card }),
      request: { method: 'GET', path: E2E, headers: bearerHeaders('e2e-key') },
      response: { status: 200, body: keyBody },
      exercise: async (server) => {
        const r = await authorize(server).retrieveE2ePublicKeyPreLogin();
        expect(r).toMatchObject({ ok: true, status: 200, data: { keyIdentifier: 'CARD_LOGIN' } });
      },
    },
    {
      operation: 'enrollAndGenerateCardAccessToken',
      description: 'a request to enrol a card with its number encrypted under the E2E key',
      state: providerStateSentence({ kind: 'cardNotEnrolled', card: CARD_SANDBOX.card }),
      request: {
        method: 'POST',
        path: '/api/cardAuth/oauth2/authorize/hk/gcb',
        headers: basicHeaders('card-enrol', 'application/json'),
        json: { cardNumber: like(ciphertext), keyIdentifier: CARD_SANDBOX.keyIdentifier, scope: '/api' },
      },
      response: {
        status: 200,
        body: {
          access_token: like(CARD_SANDBOX.pendingToken),
          token_type: 'bearer',
          expires_in: integer(300),
          scope: '/api',
          maskedMobileNumber: CARD_SANDBOX.maskedMobileNumber,
        },
      },
      exercise: async (server) => {
        const cardNumber = await encryptWithE2eKey(CARD_SANDBOX, CARD_SANDBOX.cardNumber);
        const r = await authorize(server).enrollAndGenerateCardAccessToken(
          { ...hk, body: { cardNumber, keyIdentifier: CARD_SANDBOX.keyIdentifier, scope: '/api' } },
          basic,
        );
        expect(r).toMatchObject({ ok: true, data: { maskedMobileNumber: CARD_SANDBOX.maskedMobileNumber } });
      },
    },
    {
      operation: 'activateCardAccessToken',
      description: 'a request to activate the card access token with a wrong one-time password',
      state: providerStateSentence({
        kind: 'cardAccessToken',
        card: CARD_SANDBOX.card,
        condition: 'awaitingActivation',
      }),
      params: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.otp },
      request: {
        method: 'POST',
        path: '/api/cardAuth/oauth2/token/hk/gcb',
        headers: basicHeaders('card-activate-wrong', 'application/json'),
        json: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.wrongOtp },
      },
      response: {
        status: 400,
        body: {
          type: 'error',
          code: 'activationFailed',
          details: like('Activation failed: the one-time password is wrong'),
        },
      },
      exercise: async (server) => {
        const r = await authorize(server).activateCardAccessToken(
          { ...hk, body: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.wrongOtp } },
          basic,
        );
        expect(r).toMatchObject({
          ok: false,
          kind: 'error',
          status: 400,
          error: { type: 'error', code: 'activationFailed' },
        });
      },
    },
    {
      operation: 'activateCardAccessToken',
      description: 'a request to activate the card access token with the one-time password from the SMS',
      state: providerStateSentence({
        kind: 'cardAccessToken',
        card: CARD_SANDBOX.card,
        condition: 'awaitingActivation',
      }),
      params: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.otp },
      request: {
        method: 'POST',
        path: '/api/cardAuth/oauth2/token/hk/gcb',
        headers: basicHeaders('card-activate', 'application/json'),
        json: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.otp },
      },
      response: { status: 200, body: pairBody },
      exercise: async (server) => {
        const r = await authorize(server).activateCardAccessToken(
          { ...hk, body: { access_token: CARD_SANDBOX.pendingToken, otp: CARD_SANDBOX.otp } },
          basic,
        );
        expect(r).toMatchObject({ ok: true, status: 200, data: { token_type: 'bearer' } });
      },
    },
    {
      operation: 'retrieveE2ePublicKeyPreLogin',
      description: 'a request made with the active card access token',
      state: providerStateSentence({ kind: 'cardAccessToken', card: CARD_SANDBOX.card, condition: 'active' }),
      params: pinned,
      request: { method: 'GET', path: E2E, headers: bearerHeaders('card-token-use', CARD_SANDBOX.activeToken) },
      response: { status: 200, body: keyBody },
      exercise: async (server) => {
        expect((await authorize(server, CARD_SANDBOX.activeToken).retrieveE2ePublicKeyPreLogin()).ok).toBe(true);
      },
    },
    {
      operation: 'refreshCardAccessToken',
      description: 'a request to refresh the card access token',
      state: providerStateSentence({ kind: 'cardAccessToken', card: CARD_SANDBOX.card, condition: 'active' }),
      params: pinned,
      request: {
        method: 'POST',
        path: '/api/cardAuth/oauth2/refresh',
        headers: basicHeaders(undefined, 'application/x-www-form-urlencoded'),
        form: `grant_type=refresh_token&refresh_token=${CARD_SANDBOX.refreshToken}`,
      },
      response: { status: 200, body: pairBody },
      exercise: async (server) => {
        const r = await authorize(server).refreshCardAccessToken(
          { body: { grant_type: 'refresh_token', refresh_token: CARD_SANDBOX.refreshToken } },
          basic,
        );
        expect(r).toMatchObject({ ok: true, status: 200 });
      },
    },
    {
      operation: 'revokeCardAccessToken',
      description: 'a request to revoke the card access token (and its refresh token)',
      state: providerStateSentence({ kind: 'cardAccessToken', card: CARD_SANDBOX.card, condition: 'active' }),
      params: pinned,
      request: {
        method: 'POST',
        path: '/api/cardAuth/oauth2/revoke',
        headers: basicHeaders(undefined, 'application/x-www-form-urlencoded'),
        form: `token=${CARD_SANDBOX.refreshToken}&token_type_hint=refresh_token`,
      },
      response: { status: 200 },
      exercise: async (server) => {
        const r = await authorize(server).revokeCardAccessToken(
          { body: { token: CARD_SANDBOX.refreshToken, token_type_hint: 'refresh_token' } },
          basic,
        );
        expect(r).toMatchObject({ ok: true, status: 200 });
      },
    },
    {
      operation: 'retrieveE2ePublicKeyPreLogin',
      description: 'a request made with a revoked card access token',
      state: providerStateSentence({ kind: 'cardAccessToken', card: CARD_SANDBOX.card, condition: 'revoked' }),
      params: { access_token: CARD_SANDBOX.revokedToken },
      request: { method: 'GET', path: E2E, headers: bearerHeaders('card-token-revoked', CARD_SANDBOX.revokedToken) },
      response: {
        status: 401,
        body: {
          type: 'error',
          code: 'unAuthorized',
          details: like('Authorization credentials are missing or invalid'),
        },
      },
      exercise: async (server) => {
        const r = await authorize(server, CARD_SANDBOX.revokedToken).retrieveE2ePublicKeyPreLogin();
        expect(r).toMatchObject({
          ok: false,
          kind: 'error',
          status: 401,
          error: { type: 'error', code: 'unAuthorized' },
        });
      },
    },
  ];
}

/**
 * The example ciphertext of the enrolment: the sandbox card number under the sandbox key. RSA-OAEP
 * is randomized, so it is fixed here (pacts are the same bytes every run); the provider decrypts
 * any valid ciphertext, this one included.
 */
export const EXAMPLE_CIPHERTEXT =
  'qWv7yMWRlbLEow1PFg2a6j6tEQaHBWlceLh8knWqz5J0iGU7cjHk5UZuqb6lTuRpJEaIldqDXeylIZjXeKzZlJcgSAEJn8BO' +
  '2wMrktTeofIE4dreMbJjByrnG7yL1vz1ZSho+BUbeLg9EZMqK7oY8DMcz2kceSc+NeS3sybjxrByZ9ehK3D0BJgogVkweHTv' +
  'Xfrs3qBBB+wP5a4XiMXh+ZE3U08j7aKZ/iDMAi1LxHKv8nhxFLmaEsWJhyG4AKTiDOqvQoiDK0JvB90z66NTZq+xyyWjFprD' +
  'G8oCS8ZSYgQT0ANJVwu47dpZcnKFiEB7tIQwlRPz5mdT8lnjlPfvjg==';

export function cardAuthorizationPact(dir: string): PactV4 {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  return new PactV4({
    consumer: CONSUMER,
    provider: AUTHORIZE_PROVIDER,
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'warn',
  });
}

/** One interaction through the Pact mock server: JSON or form body, as the case declares. */
export async function runCardAuthorizationCase(pact: PactV4, c: CardAuthorizationCase): Promise<void> {
  await pact
    .addInteraction()
    .given(c.state, c.params)
    .uponReceiving(c.description)
    .withRequest(c.request.method, c.request.path, (builder) => {
      builder.headers(c.request.headers as never);
      if (c.request.json !== undefined) builder.jsonBody(c.request.json);
      // A text body with its content type (pact-js's `body()` would make it binary, compared by content sniffing).
      if (c.request.form !== undefined)
        (
          builder as unknown as { interaction: { withRequestBody(body: string, contentType: string): void } }
        ).interaction.withRequestBody(c.request.form, 'application/x-www-form-urlencoded');
    })
    .willRespondWith(c.response.status, (builder) => {
      if (c.response.body !== undefined) builder.jsonBody(c.response.body);
    })
    .executeTest(async (server) => c.exercise(server));
}

/** Writes the whole pact into `dir` (removing the previous file first, so it depends only on the cases). */
export async function writeCardAuthorizationPact(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, AUTHORIZE_PACT_FILE);
  await rm(file, { force: true });
  const pact = cardAuthorizationPact(dir);
  for (const c of cardAuthorizationCases(EXAMPLE_CIPHERTEXT)) await runCardAuthorizationCase(pact, c);
  return file;
}
