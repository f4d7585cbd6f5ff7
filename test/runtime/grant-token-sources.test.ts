import { describe, expect, it } from 'vitest';
import { authorizationCode, ClientError, redact } from '@pwpkit/runtime';

const SECRET = 'client-secret-9f3a';
const REFRESH_1 = 'refresh-token-one-7c1d';
const REFRESH_2 = 'refresh-token-two-a04e';

interface Call {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A fetch that answers the Authorize API's token calls from a script, recording each call. */
function scriptedFetch(answer: (call: Call, index: number) => { status: number; body?: unknown; delayMs?: number }) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const call = {
      url: String(input),
      body: String(init?.body ?? ''),
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)),
    };
    calls.push(call);
    const a = answer(call, calls.length - 1);
    if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
    return new Response(a.body === undefined ? '' : JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function source(fetch: typeof globalThis.fetch, now = () => 1_000_000) {
  return authorizationCode({
    baseUrl: 'http://provider.test',
    clientId: 'sandbox-client',
    clientSecret: SECRET,
    redirectUri: 'http://127.0.0.1:9999/callback',
    scope: 'accounts_details_transactions',
    locale: 'en_HK',
    fetch,
    now,
  });
}

describe('authorization code source', () => {
  it('builds the authorize URL with client id, state, country, business, scope, locale and redirect URI', () => {
    const s = source(scriptedFetch(() => ({ status: 500 })).fetch);
    const { url, state } = s.authorizeUrl();
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('http://provider.test/api/authCode/oauth2/authorize');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'sandbox-client',
      scope: 'accounts_details_transactions',
      countryCode: 'HK',
      businessCode: 'GCB',
      locale: 'en_HK',
      state,
      redirect_uri: 'http://127.0.0.1:9999/callback',
    });
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(s.authorizeUrl().state).not.toBe(state);
  });

  it('refuses a redirect whose state it did not issue, or already used, without calling the provider', async () => {
    const { fetch, calls } = scriptedFetch(() => ({
      status: 200,
      body: { access_token: 'a1', refresh_token: REFRESH_1, expires_in: 1800, token_type: 'bearer', scope: 's' },
    }));
    const s = source(fetch);
    await expect(s.completeAuthorization('http://127.0.0.1:9999/callback?code=abc&state=forged')).rejects.toThrow(
      /state/,
    );
    const { state } = s.authorizeUrl();
    expect((await s.completeAuthorization(`http://127.0.0.1:9999/callback?code=abc&state=${state}`)).ok).toBe(true);
    await expect(s.completeAuthorization(`http://127.0.0.1:9999/callback?code=abc&state=${state}`)).rejects.toThrow(
      /state/,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://provider.test/api/authCode/oauth2/token/hk/gcb');
    expect(calls[0].headers.authorization).toBe(`Basic ${btoa(`sandbox-client:${SECRET}`)}`);
    expect(Object.fromEntries(new URLSearchParams(calls[0].body))).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: 'http://127.0.0.1:9999/callback',
    });
  });

  it('returns the provider error of a refused consent', async () => {
    const s = source(scriptedFetch(() => ({ status: 500 })).fetch);
    const { state } = s.authorizeUrl();
    expect(await s.completeAuthorization(`http://127.0.0.1:9999/callback?error=access_denied&state=${state}`)).toEqual({
      ok: false,
      status: 0,
      error: 'access_denied',
    });
  });

  it('refreshes before expiry, once for concurrent callers, rotating both tokens', async () => {
    let t = 1_000_000;
    const { fetch, calls } = scriptedFetch((call) =>
      call.url.endsWith('/refresh')
        ? { status: 200, body: { access_token: 'access-2', refresh_token: REFRESH_2, expires_in: 1800 }, delayMs: 20 }
        : { status: 200, body: { access_token: 'access-1', refresh_token: REFRESH_1, expires_in: 1800 } },
    );
    const s = source(fetch, () => t);
    const { state } = s.authorizeUrl();
    await s.completeAuthorization(`http://x/cb?code=c&state=${state}`);
    expect(await s.get()).toBe('access-1');
    t += 1800_000 - 10_000; // inside the 30 s margin
    const got = await Promise.all([s.get(), s.get(), s.get(), s.get()]);
    expect(got).toEqual(['access-2', 'access-2', 'access-2', 'access-2']);
    const refreshes = calls.filter((c) => c.url.endsWith('/authCode/oauth2/refresh'));
    expect(refreshes).toHaveLength(1);
    expect(new URLSearchParams(refreshes[0].body).get('refresh_token')).toBe(REFRESH_1);
    expect(s.state).toBe('active');
  });

  it('a refused refresh ends the grant; no message carries a token, refresh token or the client secret', async () => {
    let t = 0;
    const { fetch } = scriptedFetch((call) =>
      call.url.endsWith('/refresh')
        ? { status: 400, body: { error: 'invalid_grant', error_description: `refresh_token=${REFRESH_1} is revoked` } }
        : { status: 200, body: { access_token: 'access-token-1', refresh_token: REFRESH_1, expires_in: 60 } },
    );
    const s = source(fetch, () => t);
    const { state } = s.authorizeUrl();
    await s.completeAuthorization(`http://x/cb?code=c&state=${state}`);
    t = 120_000;
    const error = await s.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    const message = (error as Error).message;
    expect(message).toMatch(/400 invalid_grant/);
    for (const secret of [REFRESH_1, SECRET, 'access-token-1']) expect(message).not.toContain(secret);
    expect(s.state).toBe('ended');
    expect(s.secrets()).toEqual(expect.arrayContaining([SECRET, REFRESH_1, 'access-token-1']));
  });

  it('revoke sends the refresh token with its hint, then get() rejects', async () => {
    const { fetch, calls } = scriptedFetch((call) =>
      call.url.endsWith('/revoke')
        ? { status: 200 }
        : { status: 200, body: { access_token: 'access-1', refresh_token: REFRESH_1, expires_in: 1800 } },
    );
    const s = source(fetch);
    const { state } = s.authorizeUrl();
    await s.completeAuthorization(`http://x/cb?code=c&state=${state}`);
    expect((await s.revoke()).ok).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(calls[1].body))).toEqual({
      token: REFRESH_1,
      token_type_hint: 'refresh_token',
    });
    await expect(s.get()).rejects.toThrow(/revoked/);
  });
});

describe('redact', () => {
  it('masks refresh tokens and one-time passwords in JSON and forms', () => {
    expect(redact(`{"refresh_token":"${REFRESH_1}","otp":"482916"}`)).toBe('{"refresh_token":"***","otp":"***"}');
    expect(redact(`grant_type=refresh_token&refresh_token=${REFRESH_1}`)).toBe(
      'grant_type=refresh_token&refresh_token=***',
    );
  });
});
