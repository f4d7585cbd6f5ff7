import { ClientError } from '../client-error.ts';
import { clientCredentials, type TokenSource } from '../token-source.ts';
import { citiTokenUrl } from './token-url.ts';

/**
 * Token sources for the customer grants of Citi's Authorize API (seed 002): the three-legged
 * authorization code grant and card authorization (enrol → one-time password → activate). Each is
 * a `TokenSource`, so any generated client takes one as `token`. Both:
 * - refresh the access token shortly before it expires; concurrent callers share one refresh;
 * - rotate both tokens on refresh (the provider kills the old refresh token);
 * - revoke: one call ends the access token and its refresh token; `get()` then rejects;
 * - never put a token, refresh token, password, card number or client secret in an error
 *   message: every message goes through `redact` with everything they hold (`secrets()`).
 * No Node-only APIs: fetch, URL, URLSearchParams, TextEncoder, btoa and WebCrypto only.
 */

/** An answer the grant refused: the HTTP status and the error's code (OAuth `error` or Citi `code`). */
export interface GrantRefusal {
  ok: false;
  status: number;
  /** `invalid_grant`, `activationFailed`, `exceedsMaximumAttempts`, … */
  error: string;
  description?: string;
}
export type GrantResult<T = undefined> = ({ ok: true } & (T extends undefined ? unknown : { value: T })) | GrantRefusal;

interface GrantCommon {
  /** Server root, with or without `/api` (`http://127.0.0.1:4010`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Lower case in token paths (`hk`). Default `hk`. */
  countryCode?: string;
  /** Lower case in token paths (`gcb`). Default `gcb`. */
  businessCode?: string;
  fetch?: typeof fetch;
  /** Refresh this long before the access token expires (default 30 s). */
  refreshMarginMs?: number;
  now?: () => number;
}

export interface AuthorizationCodeOptions extends GrantCommon {
  /** A redirect URL registered for the client. */
  redirectUri: string;
  /** Space-separated scopes the customer is asked to consent to. */
  scope: string;
  /** Login page language (`en_HK`). */
  locale?: string;
  /** Random `state` values (default: 128 random bits, hex). */
  newState?: () => string;
}

export interface AuthorizationCodeSource extends TokenSource {
  /** The URL to send the customer's browser to; its `state` is remembered (single use, 10 minutes). */
  authorizeUrl(): { url: string; state: string };
  /**
   * The redirect back to your app: checks `state` (one this source issued and not yet used, else it
   * throws without calling the provider), reads `code` (or the provider's `error`) and exchanges it.
   */
  completeAuthorization(redirectedTo: string | URL, signal?: AbortSignal): Promise<GrantResult>;
  /** Rotates both tokens now (a refresh also happens by itself before expiry). */
  refresh(signal?: AbortSignal): Promise<GrantResult>;
  /** Ends the access token and its refresh token. */
  revoke(signal?: AbortSignal): Promise<GrantResult>;
  readonly state: GrantState;
}

export interface CardAccessTokenOptions extends GrantCommon {
  scope?: string;
  /** The client-credentials token for the pre-login E2E key call (default: fetched with clientId/clientSecret). */
  preLoginToken?: TokenSource;
}

export interface CardAccessTokenSource extends TokenSource {
  /**
   * Enrol a card: fetches the pre-login E2E public key, encrypts the card number with it
   * (RSA-OAEP, SHA-256) and asks for a card access token; the card holder receives a one-time
   * password by SMS.
   */
  enrol(
    cardNumber: string,
    signal?: AbortSignal,
  ): Promise<GrantResult<{ expiresInS: number; maskedMobileNumber?: string }>>;
  /** Activates the pending token with the one-time password. */
  activate(otp: string, signal?: AbortSignal): Promise<GrantResult>;
  refresh(signal?: AbortSignal): Promise<GrantResult>;
  revoke(signal?: AbortSignal): Promise<GrantResult>;
  readonly state: GrantState;
}

/**
 * `none`: nothing yet; `pending`: card enrolled, awaiting the password; `active`; `ended`: revoked or refused on
 * refresh.
 */
export type GrantState = 'none' | 'pending' | 'active' | 'ended';

interface Tokens {
  access: string;
  refresh?: string;
  expiresAt: number;
}

const STATE_TTL_MS = 10 * 60 * 1000;

/** Three-legged OAuth2 (authorization code grant) against Citi's `/authCode/oauth2/*` calls. */
export function authorizationCode(options: AuthorizationCodeOptions): AuthorizationCodeSource {
  const base = apiRoot(options.baseUrl);
  const country = (options.countryCode ?? 'hk').toLowerCase();
  const business = (options.businessCode ?? 'gcb').toLowerCase();
  const core = grantCore(options, {
    refreshUrl: `${base}/authCode/oauth2/refresh`,
    revokeUrl: `${base}/authCode/oauth2/revoke`,
  });
  const pendingStates = new Map<string, number>();
  const newState = options.newState ?? randomHex;

  return {
    ...core.source,
    get state() {
      return core.state();
    },
    authorizeUrl() {
      const now = core.now();
      for (const [s, at] of pendingStates) if (now - at > STATE_TTL_MS) pendingStates.delete(s);
      const state = newState();
      pendingStates.set(state, now);
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        scope: options.scope,
        countryCode: country.toUpperCase(),
        businessCode: business.toUpperCase(),
        ...(options.locale ? { locale: options.locale } : {}),
        state,
        redirect_uri: options.redirectUri,
      });
      return { url: `${base}/authCode/oauth2/authorize?${query.toString()}`, state };
    },
    async completeAuthorization(redirectedTo, signal) {
      const url = new URL(String(redirectedTo));
      const state = url.searchParams.get('state');
      const issuedAt = state === null ? undefined : pendingStates.get(state);
      if (state === null || issuedAt === undefined || core.now() - issuedAt > STATE_TTL_MS) {
        throw new ClientError(
          'auth',
          'the redirect carries no state this client issued (or it expired): refusing it (possible CSRF)',
          undefined,
          undefined,
          core.secrets(),
        );
      }
      pendingStates.delete(state);
      const error = url.searchParams.get('error');
      if (error !== null)
        return {
          ok: false,
          status: 0,
          error,
          ...(url.searchParams.get('error_description')
            ? { description: url.searchParams.get('error_description')! }
            : {}),
        };
      const code = url.searchParams.get('code');
      if (!code) throw new ClientError('auth', 'the redirect carries neither code nor error');
      core.remember(code);
      return core.tokenCall(
        citiTokenUrl(base, 'authCode', country, business),
        form({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri }),
        signal,
      );
    },
    refresh: (signal) => core.refreshNow(signal),
    revoke: (signal) => core.revoke(signal),
  };
}

/** Card authorization against Citi's `/cardAuth/oauth2/*` calls (Hong Kong rewards redemption, PaySmart). */
export function cardAccessToken(options: CardAccessTokenOptions): CardAccessTokenSource {
  const base = apiRoot(options.baseUrl);
  const country = (options.countryCode ?? 'hk').toLowerCase();
  const business = (options.businessCode ?? 'gcb').toLowerCase();
  const doFetch = options.fetch ?? globalThis.fetch;
  const core = grantCore(options, {
    refreshUrl: `${base}/cardAuth/oauth2/refresh`,
    revokeUrl: `${base}/cardAuth/oauth2/revoke`,
  });
  const preLogin =
    options.preLoginToken ??
    clientCredentials({
      tokenUrl: citiTokenUrl(base, 'clientCredentials', country, business),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scope: '/api',
      fetch: doFetch,
      now: options.now,
    });
  const secrets = () => [...core.secrets(), ...preLogin.secrets()];

  return {
    ...core.source,
    secrets,
    get state() {
      return core.state();
    },
    async enrol(cardNumber, signal) {
      core.remember(cardNumber);
      const key = await e2eKey(base, options.clientId, preLogin, doFetch, secrets, signal);
      const encrypted = await encryptWithE2eKey(key, cardNumber);
      const answer = await core.post(
        `${base}/cardAuth/oauth2/authorize/${country}/${business}`,
        json({
          cardNumber: encrypted,
          keyIdentifier: key.keyIdentifier ?? 'CARD_LOGIN',
          scope: options.scope ?? '/api',
        }),
        signal,
      );
      if (!answer.ok) return answer;
      const body = answer.body as { access_token?: unknown; expires_in?: unknown; maskedMobileNumber?: unknown };
      if (typeof body.access_token !== 'string')
        throw new ClientError('auth', 'the enrolment answer carries no access_token');
      core.setPending(body.access_token);
      return {
        ok: true,
        value: {
          expiresInS: Number(body.expires_in ?? 0),
          ...(typeof body.maskedMobileNumber === 'string' ? { maskedMobileNumber: body.maskedMobileNumber } : {}),
        },
      };
    },
    async activate(otp, signal) {
      core.remember(otp);
      const pending = core.pendingToken();
      if (pending === undefined)
        throw new ClientError('auth', 'no card enrolment awaiting activation: call enrol() first');
      return core.tokenCall(
        citiTokenUrl(base, 'cardAuth', country, business),
        json({ access_token: pending, otp }),
        signal,
      );
    },
    refresh: (signal) => core.refreshNow(signal),
    revoke: (signal) => core.revoke(signal),
  };
}

/** What both grants share: the token pair, expiry, single-flight refresh, revocation, secrets. */
function grantCore(options: GrantCommon, urls: { refreshUrl: string; revokeUrl: string }) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 30_000;
  const basic = `Basic ${base64Utf8(`${options.clientId}:${options.clientSecret}`)}`;
  let tokens: Tokens | undefined;
  let pending: string | undefined;
  let ended = false;
  let refreshing: Promise<GrantResult> | undefined;
  /**
   * Every value worth masking that passed through: tokens, refresh tokens, codes, passwords, card numbers
   * (bounded).
   */
  const seen: string[] = [];
  const remember = (value: string | undefined) => {
    if (!value || seen.includes(value)) return;
    seen.push(value);
    if (seen.length > 32) seen.shift();
  };
  const secrets = () => [options.clientSecret, ...seen];

  async function post(
    url: string,
    body: { type: string; text: string },
    signal?: AbortSignal,
  ): Promise<{ ok: true; body: unknown } | GrantRefusal> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          authorization: basic,
          'content-type': body.type,
          accept: 'application/json',
          uuid: globalThis.crypto.randomUUID(),
        },
        body: body.text,
        signal,
      });
    } catch (error) {
      throw networkError(url, error, secrets());
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ClientError(
        'auth',
        `${url} answered ${response.status} with a body that is not JSON`,
        undefined,
        undefined,
        secrets(),
      );
    }
    if (response.ok) return { ok: true, body: parsed };
    const e = (parsed ?? {}) as { error?: unknown; error_description?: unknown; code?: unknown; details?: unknown };
    const error =
      typeof e.error === 'string' ? e.error : typeof e.code === 'string' ? e.code : `http_${response.status}`;
    const description =
      typeof e.error_description === 'string'
        ? e.error_description
        : typeof e.details === 'string'
          ? e.details
          : undefined;
    return { ok: false, status: response.status, error, ...(description ? { description } : {}) };
  }

  /** A call answering a token pair: stores it (both tokens rotate) or returns the refusal. */
  async function tokenCall(
    url: string,
    body: { type: string; text: string },
    signal?: AbortSignal,
  ): Promise<GrantResult> {
    const answer = await post(url, body, signal);
    if (!answer.ok) return answer;
    const b = (answer.body ?? {}) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    if (typeof b.access_token !== 'string' || b.access_token === '')
      throw new ClientError('auth', `${url} answered without access_token`, undefined, undefined, secrets());
    const lifetimeMs = (typeof b.expires_in === 'number' ? b.expires_in : Number(b.expires_in ?? 1800)) * 1000;
    tokens = {
      access: b.access_token,
      ...(typeof b.refresh_token === 'string' ? { refresh: b.refresh_token } : {}),
      expiresAt: now() + Math.max(0, lifetimeMs - margin),
    };
    remember(tokens.access);
    remember(tokens.refresh);
    pending = undefined;
    ended = false;
    return { ok: true };
  }

  function refreshNow(signal?: AbortSignal): Promise<GrantResult> {
    refreshing ??= (async () => {
      const refresh = tokens?.refresh;
      if (refresh === undefined)
        throw new ClientError(
          'auth',
          ended ? 'the grant was revoked or refused: start it again' : 'no refresh token: complete the grant first',
        );
      const result = await tokenCall(
        urls.refreshUrl,
        form({ grant_type: 'refresh_token', refresh_token: refresh }),
        signal,
      );
      if (!result.ok) {
        tokens = undefined;
        ended = true;
      }
      return result;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function revoke(signal?: AbortSignal): Promise<GrantResult> {
    const current = tokens;
    const token = current?.refresh ?? current?.access ?? pending;
    if (token === undefined) return { ok: true };
    const hint = current?.refresh !== undefined ? 'refresh_token' : 'access_token';
    const answer = await post(urls.revokeUrl, form({ token, token_type_hint: hint }), signal);
    if (!answer.ok) return answer;
    tokens = undefined;
    pending = undefined;
    ended = true;
    return { ok: true };
  }

  const source: TokenSource = {
    async get(signal) {
      if (tokens && now() < tokens.expiresAt) return tokens.access;
      if (tokens?.refresh !== undefined) {
        const result = await refreshNow(signal);
        if (result.ok && tokens) return tokens.access;
        throw new ClientError(
          'auth',
          `refreshing the access token was refused (${result.ok ? 'no token' : `${result.status} ${result.error}`}): ` +
            'start the grant again',
          undefined,
          undefined,
          secrets(),
        );
      }
      throw new ClientError(
        'auth',
        ended
          ? 'the grant was revoked or refused: start it again'
          : pending !== undefined
            ? 'the card access token awaits activation with the one-time password'
            : 'no access token yet: complete the grant first',
      );
    },
    invalidate(token) {
      // A 401 on this token: refresh before the next call (if there is a refresh token).
      if (tokens?.access === token) tokens.expiresAt = 0;
    },
    secrets,
  };

  return {
    source,
    now,
    remember,
    secrets,
    post,
    tokenCall,
    refreshNow,
    revoke,
    setPending(token: string) {
      pending = token;
      tokens = undefined;
      ended = false;
      remember(token);
    },
    pendingToken: () => pending,
    state: (): GrantState => (tokens ? 'active' : pending !== undefined ? 'pending' : ended ? 'ended' : 'none'),
  };
}

interface E2eKey {
  modulus: string;
  exponent: string;
  keyIdentifier?: string;
}

async function e2eKey(
  base: string,
  clientId: string,
  token: TokenSource,
  doFetch: typeof fetch,
  secrets: () => string[],
  signal?: AbortSignal,
): Promise<E2eKey> {
  const url = `${base}/partner/v1/prelogin/security/e2eKey`;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: {
        authorization: `Bearer ${await token.get(signal)}`,
        client_id: clientId,
        uuid: globalThis.crypto.randomUUID(),
        accept: 'application/json',
      },
      signal,
    });
  } catch (error) {
    if (error instanceof ClientError) throw error;
    throw networkError(url, error, secrets());
  }
  const body = (await response.json().catch(() => undefined)) as Partial<E2eKey> | undefined;
  if (!response.ok || typeof body?.modulus !== 'string' || typeof body.exponent !== 'string')
    throw new ClientError(
      'auth',
      `the E2E public key call answered ${response.status} without a key`,
      undefined,
      undefined,
      secrets(),
    );
  return {
    modulus: body.modulus,
    exponent: body.exponent,
    ...(typeof body.keyIdentifier === 'string' ? { keyIdentifier: body.keyIdentifier } : {}),
  };
}

/**
 * Encrypts a sensitive field for the provider: RSA-OAEP with SHA-256 under the public key the
 * E2E key call publishes as hexadecimal modulus and exponent; the ciphertext is base64.
 */
export async function encryptWithE2eKey(
  key: { modulus: string; exponent: string },
  plaintext: string,
): Promise<string> {
  const jwk: JsonWebKey = {
    kty: 'RSA',
    n: base64Url(hexBytes(key.modulus)),
    e: base64Url(hexBytes(key.exponent)),
    alg: 'RSA-OAEP-256',
    ext: true,
  };
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', jwk, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, [
    'encrypt',
  ]);
  const cipher = await globalThis.crypto.subtle.encrypt(
    { name: 'RSA-OAEP' },
    publicKey,
    new TextEncoder().encode(plaintext),
  );
  return base64(new Uint8Array(cipher));
}

function hexBytes(hex: string): Uint8Array {
  const clean = hex.trim().replace(/^0x/i, '');
  const even = clean.length % 2 === 1 ? `0${clean}` : clean;
  if (!/^[0-9a-f]*$/i.test(even) || even.length === 0)
    throw new ClientError('auth', 'the E2E public key is not hexadecimal');
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(even.slice(i * 2, i * 2 + 2), 16);
  let start = 0;
  while (start < out.length - 1 && out[start] === 0) start++;
  return out.subarray(start);
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64Utf8(text: string): string {
  return base64(new TextEncoder().encode(text));
}

function randomHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function form(fields: Record<string, string>): { type: string; text: string } {
  return { type: 'application/x-www-form-urlencoded', text: new URLSearchParams(fields).toString() };
}

function json(value: unknown): { type: string; text: string } {
  return { type: 'application/json', text: JSON.stringify(value) };
}

/** `http://host:port` or `…/api` → `…/api` (the Authorize API's basePath). */
function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? trimmed : `${trimmed}/api`;
}

/** A call that got no answer (refused, reset, aborted), with the secrets it must not show. */
function networkError(url: string, error: unknown, secrets: string[]): ClientError {
  const why = error instanceof Error ? error.message : String(error);
  return new ClientError('network', `request to ${url} failed: ${why}`, undefined, undefined, secrets);
}
