import type { FixtureClient, FixtureCustomer } from '../../fixture.ts';
import type { CardAccount } from './accounts.ts';
import { OTP_TTL_MS, verifyOneTimeCode, type OtpChallenge } from './otp.ts';

/**
 * The customer grants of the Authorize API, pure and clock-injected: the three-legged
 * authorization code grant and card authorization. Rules:
 * - an authorization code is single-use, lives 60 s, and is bound to the client and the redirect
 *   URL it was issued for; reusing one also revokes the grant it produced (RFC 6749 §4.1.2);
 * - refresh rotates both tokens: the old refresh token and the old access token stop working;
 * - revoking either token of a grant ends both;
 * - a card access token is pending until activated with the one-time password (the card's
 *   confirmation code), under the same one-time-code rule as reward linkage (state/otp.ts);
 * - an expired, pending or revoked access token identifies no client (so every API answers 401).
 */
export const AUTH_CODE_TTL_MS = 60_000;
export const AUTHORIZE_REQUEST_TTL_MS = 10 * 60_000;
export const ACCESS_TOKEN_TTL_S = 1800;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
export const CARD_OTP_TTL_S = OTP_TTL_MS / 1000;

export type GrantKind = 'authCode' | 'card';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token_expires_in: number;
  scope: string;
}

/** A login + consent request the page is showing (what the authorize URL asked for). */
export interface AuthorizeRequest {
  readonly id: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly state: string;
  readonly createdAt: number;
}

interface AuthCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly scope: string;
  readonly expiresAt: number;
  used: boolean;
  grant?: Grant;
}

interface Grant {
  readonly kind: GrantKind;
  readonly clientId: string;
  /** The customer's user id, or the card's last four digits. */
  readonly subject: string;
  readonly scope: string;
  status: 'pending' | 'active' | 'ended';
  access: string;
  accessExpiresAt: number;
  refresh?: string;
  refreshExpiresAt: number;
  /** Card grants awaiting activation: the one-time password and its attempts. */
  otp?: OtpChallenge & { readonly expected: string };
}

export type GrantFailure =
  /** OAuth (authorization code calls): RFC 6749 error codes. */
  | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string }
  /** Card calls: the Citi ErrorResponse codes the spec documents. */
  | {
      ok: false;
      error:
        | 'unAuthorized'
        | 'invalidCardDetails'
        | 'activationFailed'
        | 'exceedsMaximumAttempts'
        | 'otpExpired'
        | 'invalidRefreshToken';
      description: string;
    };

export type GrantOutcome<T> = { ok: true; value: T } | GrantFailure;

export class GrantStore {
  private readonly requests = new Map<string, AuthorizeRequest>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly byAccess = new Map<string, Grant>();
  private readonly byRefresh = new Map<string, Grant>();
  private readonly customers: Map<string, FixtureCustomer>;
  private readonly redirects: Map<string, readonly string[]>;

  constructor(
    clients: readonly FixtureClient[],
    customers: readonly FixtureCustomer[],
    private readonly now: () => number,
    private readonly newToken: () => string,
  ) {
    this.customers = new Map(customers.map((c) => [c.userId, c]));
    this.redirects = new Map(clients.map((c) => [c.clientId, c.redirectUris ?? []]));
  }

  /** A redirect URL registered for the client (a loopback one matches on any port, RFC 8252 §7.3). */
  redirectAllowed(clientId: string, redirectUri: string): boolean {
    return (this.redirects.get(clientId) ?? []).some((registered) => sameRedirect(registered, redirectUri));
  }

  firstRedirect(clientId: string): string | undefined {
    return this.redirects.get(clientId)?.[0];
  }

  customer(userId: string): FixtureCustomer | undefined {
    return this.customers.get(userId);
  }

  /** The login page for this request is being shown: remember what it asked for. */
  openAuthorizeRequest(clientId: string, redirectUri: string, scope: string, state: string): AuthorizeRequest {
    this.sweep();
    const request: AuthorizeRequest = {
      id: this.newToken(),
      clientId,
      redirectUri,
      scope,
      state,
      createdAt: this.now(),
    };
    this.requests.set(request.id, request);
    return request;
  }

  authorizeRequest(id: string): AuthorizeRequest | undefined {
    const r = this.requests.get(id);
    return r && this.now() - r.createdAt <= AUTHORIZE_REQUEST_TTL_MS ? r : undefined;
  }

  /** The customer's answer on the page: where to redirect (Deny needs no login), or why not. */
  decide(
    requestId: string,
    userId: string,
    password: string,
    consent: boolean,
  ): { redirect: string } | 'bad-credentials' | 'unknown-request' {
    const request = this.authorizeRequest(requestId);
    if (!request) return 'unknown-request';
    if (!consent) {
      this.requests.delete(requestId);
      return {
        redirect: withQuery(request.redirectUri, {
          error: 'access_denied',
          error_description: 'The customer did not consent',
          state: request.state,
        }),
      };
    }
    const customer = this.customers.get(userId);
    if (!customer || !constantTimeEqual(customer.password, password)) return 'bad-credentials';
    this.requests.delete(requestId);
    const code = this.issueCode(request.clientId, request.redirectUri, customer.userId, request.scope);
    return { redirect: withQuery(request.redirectUri, { code, state: request.state }) };
  }

  issueCode(
    clientId: string,
    redirectUri: string,
    userId: string,
    scope: string,
    expiresAt = this.now() + AUTH_CODE_TTL_MS,
  ): string {
    const code = this.newToken();
    this.codes.set(code, { clientId, redirectUri, userId, scope, expiresAt, used: false });
    return code;
  }

  /** Authorization code → token pair, once, for the client and redirect URL it was issued to. */
  exchangeCode(clientId: string, code: string, redirectUri: string): GrantOutcome<TokenPair> {
    const issued = this.codes.get(code);
    const refuse = (description: string): GrantFailure => ({ ok: false, error: 'invalid_grant', description });
    if (!issued || issued.clientId !== clientId)
      return refuse('The authorization code is unknown or was issued to another client');
    if (issued.used) {
      if (issued.grant) this.end(issued.grant);
      return refuse('The authorization code was already used; the tokens issued with it are revoked');
    }
    if (this.now() >= issued.expiresAt) return refuse('The authorization code has expired');
    if (issued.redirectUri !== redirectUri)
      return refuse('redirect_uri does not match the one the code was issued for');
    issued.used = true;
    const grant = this.newGrant('authCode', clientId, issued.userId, issued.scope, 'active');
    issued.grant = grant;
    return { ok: true, value: pairOf(grant, this.now()) };
  }

  /** Refresh token → a new pair; the old pair stops working. */
  refresh(kind: GrantKind, clientId: string, refreshToken: string): GrantOutcome<TokenPair> {
    const grant = this.byRefresh.get(refreshToken);
    if (
      !grant ||
      grant.kind !== kind ||
      grant.clientId !== clientId ||
      grant.status !== 'active' ||
      this.now() >= grant.refreshExpiresAt
    ) {
      return kind === 'card'
        ? {
            ok: false,
            error: 'invalidRefreshToken',
            description: 'The refresh token is invalid, expired, revoked or already used',
          }
        : {
            ok: false,
            error: 'invalid_grant',
            description: 'The refresh token is invalid, expired, revoked or already used',
          };
    }
    this.byAccess.delete(grant.access);
    this.byRefresh.delete(refreshToken);
    this.issuePair(grant);
    return { ok: true, value: pairOf(grant, this.now()) };
  }

  /** RFC 7009: ends the grant of either token (if it is the client's); unknown tokens are no error. */
  revoke(kind: GrantKind, clientId: string, token: string): void {
    const grant = this.byAccess.get(token) ?? this.byRefresh.get(token);
    if (grant && grant.kind === kind && grant.clientId === clientId) this.end(grant);
  }

  /** Card authorization: a pending card access token; the one-time password goes to the card holder's phone. */
  enrolCard(
    clientId: string,
    account: CardAccount,
    scope: string,
  ): { access_token: string; token_type: 'bearer'; expires_in: number; scope: string; maskedMobileNumber: string } {
    const grant = this.newGrant('card', clientId, account.card.lastFourDigitsCardNumber, scope, 'pending');
    grant.otp = {
      issuedAt: this.now(),
      failedAttempts: 0,
      locked: false,
      expected: account.card.linkageConfirmationCode,
    };
    grant.accessExpiresAt = this.now() + OTP_TTL_MS;
    const phone = account.card.citiCardHolderPhoneNumber.replace(/\D/g, '');
    return {
      access_token: grant.access,
      token_type: 'bearer',
      expires_in: CARD_OTP_TTL_S,
      scope,
      maskedMobileNumber: `${'X'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`,
    };
  }

  /** The pending card access token + the one-time password → the active token and its refresh token. */
  activateCard(clientId: string, accessToken: string, otp: string): GrantOutcome<TokenPair> {
    const grant = this.byAccess.get(accessToken);
    if (grant?.kind !== 'card' || grant.clientId !== clientId || grant.status === 'ended' || !grant.otp)
      return {
        ok: false,
        error: 'unAuthorized',
        description: 'The card access token is unknown, revoked or not awaiting activation',
      };
    if (grant.status === 'active')
      return { ok: false, error: 'unAuthorized', description: 'The card access token is already active' };
    switch (verifyOneTimeCode(grant.otp, otp, grant.otp.expected, this.now())) {
      case 'wrong':
        return {
          ok: false,
          error: 'activationFailed',
          description: 'Activation failed: the one-time password is wrong',
        };
      case 'locked':
        return {
          ok: false,
          error: 'exceedsMaximumAttempts',
          description: 'Exceeds maximum attempts: enrol the card again',
        };
      case 'expired':
        return {
          ok: false,
          error: 'otpExpired',
          description: 'The one-time password has expired: enrol the card again',
        };
      case 'ok':
        break;
    }
    grant.status = 'active';
    grant.otp = undefined;
    grant.accessExpiresAt = this.now() + ACCESS_TOKEN_TTL_S * 1000;
    grant.refresh = this.newToken();
    grant.refreshExpiresAt = this.now() + REFRESH_TOKEN_TTL_S * 1000;
    this.byRefresh.set(grant.refresh, grant);
    return { ok: true, value: pairOf(grant, this.now()) };
  }

  /** The client an active, unexpired customer access token belongs to. */
  clientOf(accessToken: string): string | undefined {
    const grant = this.byAccess.get(accessToken);
    return grant && grant.status === 'active' && this.now() < grant.accessExpiresAt ? grant.clientId : undefined;
  }

  /**
   * Provider states: a grant in a given condition. `expired` backdates the access token (the
   * refresh token stays valid).
   */
  seed(
    kind: GrantKind,
    clientId: string,
    subject: string,
    scope: string,
    condition: 'active' | 'expired' | 'revoked',
    pinned: { access?: string; refresh?: string } = {},
  ): TokenPair {
    const grant = this.newGrant(kind, clientId, subject, scope, 'active');
    this.pin(grant, pinned);
    if (condition === 'expired') grant.accessExpiresAt = this.now() - 1;
    const pair = pairOf(grant, this.now());
    if (condition === 'revoked') this.end(grant);
    return pair;
  }

  /** Provider states: a pending card token whose password was sent `ageMs` ago. */
  seedPendingCard(
    clientId: string,
    account: CardAccount,
    scope: string,
    ageMs: number,
    pinnedAccess?: string,
    pinnedOtp?: string,
  ): string {
    const token = this.enrolCard(clientId, account, scope).access_token;
    const grant = this.byAccess.get(token)!;
    grant.otp = {
      issuedAt: this.now() - ageMs,
      failedAttempts: 0,
      locked: false,
      expected: pinnedOtp ?? account.card.linkageConfirmationCode,
    };
    this.pin(grant, { access: pinnedAccess });
    return grant.access;
  }

  /** Replaces a grant's token values with chosen ones (provider states for Pact). */
  private pin(grant: Grant, pinned: { access?: string; refresh?: string }): void {
    if (pinned.access !== undefined) {
      this.byAccess.delete(grant.access);
      grant.access = pinned.access;
      this.byAccess.set(grant.access, grant);
    }
    if (pinned.refresh !== undefined && grant.refresh !== undefined) {
      this.byRefresh.delete(grant.refresh);
      grant.refresh = pinned.refresh;
      this.byRefresh.set(grant.refresh, grant);
    }
  }

  private newGrant(
    kind: GrantKind,
    clientId: string,
    subject: string,
    scope: string,
    status: 'pending' | 'active',
  ): Grant {
    this.sweep();
    const grant: Grant = {
      kind,
      clientId,
      subject,
      scope,
      status,
      access: '',
      accessExpiresAt: 0,
      refreshExpiresAt: 0,
    };
    if (status === 'active') this.issuePair(grant);
    else {
      grant.access = this.newToken();
      this.byAccess.set(grant.access, grant);
    }
    return grant;
  }

  private issuePair(grant: Grant): void {
    grant.access = this.newToken();
    grant.accessExpiresAt = this.now() + ACCESS_TOKEN_TTL_S * 1000;
    grant.refresh = this.newToken();
    grant.refreshExpiresAt = this.now() + REFRESH_TOKEN_TTL_S * 1000;
    this.byAccess.set(grant.access, grant);
    this.byRefresh.set(grant.refresh, grant);
  }

  private end(grant: Grant): void {
    grant.status = 'ended';
    this.byAccess.delete(grant.access);
    if (grant.refresh) this.byRefresh.delete(grant.refresh);
  }

  /** Bounded memory: drop what can no longer be used. */
  private sweep(): void {
    const now = this.now();
    if (this.requests.size > 1000)
      for (const [id, r] of this.requests) if (now - r.createdAt > AUTHORIZE_REQUEST_TTL_MS) this.requests.delete(id);
    if (this.codes.size > 1000)
      for (const [c, v] of this.codes) if (now >= v.expiresAt + AUTH_CODE_TTL_MS) this.codes.delete(c);
    if (this.byRefresh.size > 10_000) for (const [_t, g] of this.byRefresh) if (now >= g.refreshExpiresAt) this.end(g);
  }
}

function pairOf(grant: Grant, now: number): TokenPair {
  return {
    access_token: grant.access,
    refresh_token: grant.refresh ?? '',
    token_type: 'bearer',
    expires_in: Math.max(0, Math.round((grant.accessExpiresAt - now) / 1000)),
    refresh_token_expires_in: Math.max(0, Math.round((grant.refreshExpiresAt - now) / 1000)),
    scope: grant.scope,
  };
}

function sameRedirect(registered: string, given: string): boolean {
  if (registered === given) return true;
  try {
    const r = new URL(registered);
    const g = new URL(given);
    const loopback = (h: string) => h === '127.0.0.1' || h === '[::1]' || h === 'localhost';
    return (
      r.protocol === 'http:' &&
      g.protocol === 'http:' &&
      loopback(r.hostname) &&
      r.hostname === g.hostname &&
      r.pathname === g.pathname &&
      r.search === g.search &&
      g.hash === ''
    );
  } catch {
    return false;
  }
}

export function withQuery(url: string, fields: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
  return u.toString();
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= a.charCodeAt(i % (a.length || 1)) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
