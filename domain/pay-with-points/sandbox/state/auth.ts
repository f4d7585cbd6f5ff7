import type { FixtureClient } from '../../fixture.ts';

export const TOKEN_LIFETIME_S = 1800;

export interface IssuedToken {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  scope: string;
}

/** Clients and bearer tokens: tokens are bound to the client they were issued to and expire on the injected clock. */
export class AuthState {
  private readonly secrets = new Map<string, string>();
  private readonly staticTokens = new Map<string, string>();
  private readonly issued = new Map<string, { clientId: string; expiresAt: number }>();

  constructor(
    clients: readonly FixtureClient[],
    private readonly now: () => number,
    private readonly newToken: () => string,
    /** Customer tokens (Authorize API grants): active ones identify the client they were issued to. */
    private readonly customerTokens?: { clientOf(token: string): string | undefined },
  ) {
    for (const c of clients) {
      this.secrets.set(c.clientId, c.clientSecret);
      for (const t of c.staticTokens ?? []) this.staticTokens.set(t, c.clientId);
    }
  }

  isClient(clientId: string): boolean {
    return this.secrets.has(clientId);
  }

  /** Client authentication (HTTP Basic on the Authorize API's calls). */
  checkSecret(clientId: string, clientSecret: string): boolean {
    const secret = this.secrets.get(clientId);
    return secret !== undefined && constantTimeEqual(secret, clientSecret);
  }

  /** Client credentials grant; undefined when the id or secret is wrong. */
  issue(clientId: string, clientSecret: string, scope: string): IssuedToken | undefined {
    const secret = this.secrets.get(clientId);
    if (secret === undefined || !constantTimeEqual(secret, clientSecret)) return undefined;
    if (this.issued.size >= 10_000) this.sweep();
    const token = this.newToken();
    this.issued.set(token, { clientId, expiresAt: this.now() + TOKEN_LIFETIME_S * 1000 });
    return { token_type: 'bearer', access_token: token, expires_in: TOKEN_LIFETIME_S, scope };
  }

  /** The client a bearer token belongs to; undefined when unknown or expired. */
  clientOf(token: string): string | undefined {
    const fixed = this.staticTokens.get(token);
    if (fixed !== undefined) return fixed;
    const t = this.issued.get(token);
    if (t === undefined) return this.customerTokens?.clientOf(token);
    if (this.now() >= t.expiresAt) {
      this.issued.delete(token);
      return undefined;
    }
    return t.clientId;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, t] of this.issued) if (now >= t.expiresAt) this.issued.delete(token);
    // Still full of live tokens: forget the oldest (Map keeps insertion order).
    for (const token of this.issued.keys()) {
      if (this.issued.size < 10_000) break;
      this.issued.delete(token);
    }
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= a.charCodeAt(i % (a.length || 1)) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
