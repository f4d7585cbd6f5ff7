/**
 * The Authorize API on the mock (spec/authorize.swagger.yaml), with the contract self-check on:
 * card authorization through the runtime's card source, the authorization code grant through a
 * plain fetch of the login form (the non-browser path), and the rules: single-use codes bound to
 * client and redirect URL, rotation on refresh, revoking either token ends both, dead tokens 401.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardAccessToken, encryptWithE2eKey } from '@pwpkit/runtime';
import { CLIENT, mockHarness, SECRET, send, STATIC, type RunningMock } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const CARD_5212 = '5500123412345212';
const OTP_5212 = '482916';
const BASIC = `Basic ${Buffer.from(`${CLIENT}:${SECRET}`).toString('base64')}`;
const REDIRECT = 'http://127.0.0.1:45678/callback';

async function form(mock: RunningMock, path: string, fields: Record<string, string>, authorization = BASIC) {
  const response = await fetch(`${mock.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    headers: response.headers,
  };
}

/** Login + consent without a browser: GET the page, read its hidden request id, POST the form. */
async function consent(
  mock: RunningMock,
  userId: string,
  password: string,
  decision = 'allow',
  redirectUri = REDIRECT,
) {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT,
    scope: 'accounts_details_transactions',
    countryCode: 'HK',
    businessCode: 'GCB',
    state: 'st-123',
    redirect_uri: redirectUri,
  });
  const page = await fetch(`${mock.url}/api/authCode/oauth2/authorize?${query}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  expect(request).toBeDefined();
  const answer = await fetch(`${mock.url}/api/authCode/oauth2/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: request!, userId, password, decision }).toString(),
  });
  return { status: answer.status, location: answer.headers.get('location'), html: await answer.text() };
}

describe('card authorization', () => {
  it('enrol (E2E-encrypted card number) → OTP → activate → API call → refresh → revoke', async () => {
    const mock = await harness.start();
    const card = cardAccessToken({ baseUrl: mock.url, clientId: CLIENT, clientSecret: SECRET });
    const enrolled = await card.enrol(CARD_5212);
    expect(enrolled).toEqual({ ok: true, value: { expiresInS: 300, maskedMobileNumber: 'XXXXXX1895' } });
    expect(card.state).toBe('pending');
    await expect(card.get()).rejects.toThrow(/awaits activation/);

    expect(await card.activate('000000')).toMatchObject({ ok: false, status: 400, error: 'activationFailed' });
    expect(await card.activate(OTP_5212)).toEqual({ ok: true });
    const first = await card.get();
    const balanceCall = (token: string) =>
      send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await balanceCall(first)).status).toBe(200);

    const refreshTokenBefore = card
      .secrets()
      .find(
        (s) => s !== SECRET && s !== first && s !== CARD_5212 && s !== OTP_5212 && s.length > 20 && !s.includes('.'),
      );
    expect((await card.refresh()).ok).toBe(true);
    const second = await card.get();
    expect(second).not.toBe(first);
    expect((await balanceCall(second)).status).toBe(200);
    expect((await balanceCall(first)).body).toMatchObject({ code: 'unAuthorized' }); // the old access token rotated out
    const oldRefresh = await form(mock, '/api/cardAuth/oauth2/refresh', {
      grant_type: 'refresh_token',
      refresh_token: refreshTokenBefore!,
    });
    expect(oldRefresh).toMatchObject({ status: 400, body: { type: 'error', code: 'invalidRefreshToken' } });

    expect(await card.revoke()).toEqual({ ok: true });
    const after = await balanceCall(second);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ type: 'error', code: 'unAuthorized' });
  });

  it('three wrong one-time passwords lock the token; the right one is refused after that', async () => {
    const mock = await harness.start();
    const card = cardAccessToken({ baseUrl: mock.url, clientId: CLIENT, clientSecret: SECRET });
    expect((await card.enrol(CARD_5212)).ok).toBe(true);
    expect(await card.activate('111111')).toMatchObject({ error: 'activationFailed' });
    expect(await card.activate('222222')).toMatchObject({ error: 'activationFailed' });
    expect(await card.activate('333333')).toMatchObject({ error: 'exceedsMaximumAttempts' });
    expect(await card.activate(OTP_5212)).toMatchObject({ error: 'exceedsMaximumAttempts' });
  });

  it('an expired one-time password, an unknown card, a bad ciphertext, bad client credentials', async () => {
    const mock = await harness.start({ admin: true });
    const state = await send(mock.url, 'POST', '/__admin/provider-states', {
      body: { state: 'card 5212 has a card access token whose one-time password has expired' },
    });
    expect(state.status).toBe(200);
    const activate = (body: unknown, authorization = BASIC) =>
      send(mock.url, 'POST', '/api/cardAuth/oauth2/token/hk/gcb', {
        headers: { authorization, client_id: undefined },
        body,
      });
    expect((await activate({ access_token: state.body.access_token, otp: OTP_5212 })).body).toMatchObject({
      code: 'otpExpired',
    });
    expect(
      await activate(
        { access_token: state.body.access_token, otp: OTP_5212 },
        `Basic ${Buffer.from(`${CLIENT}:wrong`).toString('base64')}`,
      ),
    ).toMatchObject({ status: 401, body: { code: 'unAuthorized' } });

    const key = (await send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey')).body as {
      modulus: string;
      exponent: string;
      keyIdentifier: string;
    };
    expect(key).toMatchObject({
      modulus: expect.stringMatching(/^[0-9A-F]{512}$/),
      exponent: '010001',
      keyIdentifier: 'CARD_LOGIN',
    });
    const enrol = (cardNumber: string) =>
      send(mock.url, 'POST', '/api/cardAuth/oauth2/authorize/hk/gcb', {
        headers: { authorization: BASIC, client_id: undefined },
        body: { cardNumber, keyIdentifier: 'CARD_LOGIN' },
      });
    expect((await enrol(await encryptWithE2eKey(key, '4999999999999999'))).body).toMatchObject({
      type: 'error',
      code: 'invalidCardDetails',
      location: 'cardNumber',
    });
    expect((await enrol('bm90LWEtY2lwaGVydGV4dA==')).body).toMatchObject({ code: 'invalidCardDetails' });
    expect((await enrol(await encryptWithE2eKey(key, CARD_5212))).status).toBe(200);
  });

  it('a token that expired (provider state) is refused with the documented 401 on every API', async () => {
    const mock = await harness.start({ admin: true });
    const state = await send(mock.url, 'POST', '/__admin/provider-states', {
      body: { state: 'card 5212 has a card access token that has expired' },
    });
    const token = state.body.access_token as string;
    const e2e = await send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(e2e).toMatchObject({ status: 401, body: { code: 'unAuthorized' } });
    const pwp = await send(mock.url, 'POST', '/api/v1/apac/rewards/linkage', {
      headers: { authorization: `Bearer ${token}` },
      body: {
        lastFourDigitsCardNumber: '5212',
        citiCardHolderPhoneNumber: '6563471895',
        merchantCustomerReferenceId: 'M-1',
      },
    });
    expect(pwp).toMatchObject({ status: 401, body: { code: 'unAuthorized' } });
    // Its refresh token still works: a new pair.
    const refreshed = await form(mock, '/api/cardAuth/oauth2/refresh', {
      grant_type: 'refresh_token',
      refresh_token: state.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(
      (
        await send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
          headers: { authorization: `Bearer ${refreshed.body!.access_token as string}` },
        })
      ).status,
    ).toBe(200);
  });
});

describe('authorization code grant', () => {
  it('login + consent → 302 with code, state → token; the code is single-use, reuse revokes tokens', async () => {
    const mock = await harness.start();
    const wrong = await consent(mock, 'chan.taiman', 'not-the-password');
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('The user ID or password is incorrect.');
    const ok = await consent(mock, 'chan.taiman', 'Sandbox-Pass-1');
    expect(ok.status).toBe(302);
    const back = new URL(ok.location!);
    expect(back.origin + back.pathname).toBe('http://127.0.0.1:45678/callback');
    expect(back.searchParams.get('state')).toBe('st-123');
    const code = back.searchParams.get('code')!;
    const exchange = () =>
      form(mock, '/api/authCode/oauth2/token/hk/gcb', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
      });
    const tokens = await exchange();
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 1800,
      scope: 'accounts_details_transactions',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    const reused = await exchange();
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(
      (
        await send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
          headers: { authorization: `Bearer ${tokens.body!.access_token as string}` },
        })
      ).status,
    ).toBe(401);
  });

  it(
    'a code is bound to its client and redirect URL; deny redirects with access_denied; ' +
      'unknown client or redirect URL is not redirected',
    async () => {
      const mock = await harness.start();
      const code = new URL((await consent(mock, 'lee.siuming', 'Sandbox-Pass-2')).location!).searchParams.get('code')!;
      const other = `Basic ${Buffer.from('other-client:other-secret').toString('base64')}`;
      expect(
        await form(
          mock,
          '/api/authCode/oauth2/token/hk/gcb',
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
          other,
        ),
      ).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect(
        await form(mock, '/api/authCode/oauth2/token/hk/gcb', {
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://127.0.0.1:45678/elsewhere',
        }),
      ).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect(
        await form(
          mock,
          '/api/authCode/oauth2/token/hk/gcb',
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
          `Basic ${Buffer.from(`${CLIENT}:nope`).toString('base64')}`,
        ),
      ).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(
        await form(mock, '/api/authCode/oauth2/token/hk/gcb', { grant_type: 'password', code, redirect_uri: REDIRECT }),
      ).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });

      const denied = await consent(mock, '', '', 'deny');
      expect(Object.fromEntries(new URL(denied.location!).searchParams)).toMatchObject({
        error: 'access_denied',
        state: 'st-123',
      });
      const unknown = await fetch(
        `${mock.url}/api/authCode/oauth2/authorize?response_type=code&client_id=${CLIENT}&scope=s` +
          `&countryCode=HK&businessCode=GCB&state=x&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
        { redirect: 'manual' },
      );
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ error: 'invalid_request' });
    },
  );

  it('refresh rotates both tokens and kills the old refresh token; revoking either token ends both', async () => {
    const mock = await harness.start({ admin: true });
    const state = await send(mock.url, 'POST', '/__admin/provider-states', {
      body: { state: 'customer chan.taiman has authorized the client' },
    });
    const { access_token: access1, refresh_token: refresh1 } = state.body as Record<string, string>;
    const call = (token: string) =>
      send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call(access1)).status).toBe(200);
    const rotated = await form(mock, '/api/authCode/oauth2/refresh', {
      grant_type: 'refresh_token',
      refresh_token: refresh1,
    });
    expect(rotated.status).toBe(200);
    const { access_token: access2, refresh_token: refresh2 } = rotated.body as Record<string, string>;
    expect(access2).not.toBe(access1);
    expect(refresh2).not.toBe(refresh1);
    expect(
      (await form(mock, '/api/authCode/oauth2/refresh', { grant_type: 'refresh_token', refresh_token: refresh1 })).body,
    ).toMatchObject({ error: 'invalid_grant' });
    expect((await call(access2)).status).toBe(200);
    expect(
      (await form(mock, '/api/authCode/oauth2/revoke', { token: access2, token_type_hint: 'access_token' })).status,
    ).toBe(200);
    expect((await call(access2)).status).toBe(401);
    expect(
      (await form(mock, '/api/authCode/oauth2/refresh', { grant_type: 'refresh_token', refresh_token: refresh2 })).body,
    ).toMatchObject({ error: 'invalid_grant' });
    expect(
      (
        await form(mock, '/api/authCode/oauth2/revoke', {
          token: 'never-issued-token',
          token_type_hint: 'refresh_token',
        })
      ).status,
    ).toBe(200);
  });

  it('an expired authorization code (provider state) is refused', async () => {
    const mock = await harness.start({ admin: true });
    const state = await send(mock.url, 'POST', '/__admin/provider-states', {
      body: { state: 'customer chan.taiman has an expired authorization code' },
    });
    const r = await form(mock, '/api/authCode/oauth2/token/hk/gcb', {
      grant_type: 'authorization_code',
      code: state.body.code as string,
      redirect_uri: state.body.redirect_uri as string,
    });
    expect(r).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringMatching(/expired/) },
    });
  });
});

it('the static token still works for the E2E key call (pre-login: the client-credentials token)', async () => {
  const mock = await harness.start();
  const r = await send(mock.url, 'GET', '/api/partner/v1/prelogin/security/e2eKey', {
    headers: { authorization: `Bearer ${STATIC}` },
  });
  expect(r.status).toBe(200);
});
