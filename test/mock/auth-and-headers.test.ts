import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { activeLink, CLIENT, mockHarness, OTHER_STATIC, SECRET, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';
const TOKEN_PATH = '/api/clientCredentials/oauth2/token/sg/gcb';

async function token(url: string, authorization: string, body = 'grant_type=client_credentials&scope=/api') {
  const r = await fetch(url + TOKEN_PATH, {
    method: 'POST',
    headers: { authorization, 'content-type': FORM, accept: 'application/json' },
    body,
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
}

describe('token endpoint (seed 002 client credentials)', () => {
  it('issues a bearer token for the right Basic credentials', async () => {
    const { url } = await harness.start();
    const t = await token(url, basic(CLIENT, SECRET));
    expect(t.status).toBe(200);
    expect(t.body).toEqual({
      token_type: 'bearer',
      access_token: expect.stringMatching(/^[\w-]{20,}$/),
      expires_in: 1800,
      scope: '/api',
    });
    expect(t.headers.get('cache-control')).toBe('no-store');
    const balance = await send(url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance', {
      headers: { authorization: `Bearer ${t.body.access_token}` },
    });
    expect(balance.body.code).toBe('invalidRewardLinkCode'); // authenticated: reached the domain
  });

  it('refuses a wrong secret, an unknown client and missing credentials with 401 unAuthorized', async () => {
    const { url } = await harness.start();
    for (const auth of [basic(CLIENT, 'wrong'), basic('nobody', SECRET), 'Basic !!!', 'Bearer x']) {
      const t = await token(url, auth);
      expect(t.status, auth).toBe(401);
      expect(t.body).toMatchObject({ type: 'error', code: 'unAuthorized' });
    }
  });

  it('accepts client_id / client_secret form fields instead of Basic', async () => {
    const { url } = await harness.start();
    const r = await fetch(url + TOKEN_PATH, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: `grant_type=client_credentials&client_id=${CLIENT}&client_secret=${SECRET}`,
    });
    expect(r.status).toBe(200);
  });

  it('answers 400 invalidRequest for another grant type or a JSON body', async () => {
    const { url } = await harness.start();
    expect(await token(url, basic(CLIENT, SECRET), 'grant_type=password')).toMatchObject({
      status: 400,
      body: { code: 'invalidRequest', location: 'grant_type' },
    });
    const r = await fetch(url + TOKEN_PATH, {
      method: 'POST',
      headers: { authorization: basic(CLIENT, SECRET), 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'invalidRequest', location: 'Content-Type' });
  });

  it('tokens expire after expires_in on the injected clock', async () => {
    let clock = 1_700_000_000_000;
    const { url } = await harness.start({ now: () => clock });
    const t = await token(url, basic(CLIENT, SECRET));
    const call = () =>
      send(url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance', {
        headers: { authorization: `Bearer ${t.body.access_token}` },
      });
    clock += 1799_999;
    expect((await call()).status).toBe(400);
    clock += 1;
    expect(await call()).toMatchObject({ status: 401, body: { type: 'error', code: 'unAuthorized' } });
  });
});

describe('bearer token and client id', () => {
  const path = '/api/v1/apac/rewards/1234567/pointBalance';

  it.each([
    ['missing', undefined],
    ['not a bearer', 'Basic c2FuZGJveC1jbGllbnQ6c2FuZGJveC1zZWNyZXQ='],
    ['unknown token', 'Bearer not-a-token'],
    ['empty bearer', 'Bearer '],
  ])('Authorization %s → 401 unAuthorized', async (_what, authorization) => {
    const { url } = await harness.start();
    const r = await send(url, 'GET', path, { headers: { authorization } });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      type: 'error',
      code: 'unAuthorized',
      details: 'Authorization credentials are missing or invalid',
      location: 'Authorization',
    });
  });

  it("another client's token with our client_id → 403 accessNotConfigured", async () => {
    const { url } = await harness.start();
    const r = await send(url, 'GET', path, { headers: { authorization: `Bearer ${OTHER_STATIC}` } });
    expect(r).toMatchObject({
      status: 403,
      body: { type: 'error', code: 'accessNotConfigured', location: 'client_id' },
    });
  });

  it('our token with a wrong or unknown client_id → 403 accessNotConfigured', async () => {
    const { url } = await harness.start();
    for (const client_id of ['other-client', 'nobody']) {
      expect(await send(url, 'GET', path, { headers: { client_id } })).toMatchObject({
        status: 403,
        body: { code: 'accessNotConfigured' },
      });
    }
  });

  it('links belong to the client that enrolled them', async () => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    const other = { authorization: `Bearer ${OTHER_STATIC}`, client_id: 'other-client' };
    expect(await send(url, 'GET', `/api/v1/apac/rewards/${code}/pointBalance`, { headers: other })).toMatchObject({
      status: 400,
      body: { code: 'invalidRewardLinkCode' },
    });
    expect((await send(url, 'GET', `/api/v1/apac/rewards/${code}/pointBalance`)).status).toBe(200);
  });
});

describe('documented headers → 400 invalidRequest with location', () => {
  const enrol = {
    lastFourDigitsCardNumber: '7411',
    citiCardHolderPhoneNumber: '2608191234',
    merchantCustomerReferenceId: 'M-1',
  };
  it.each([
    ['uuid missing', { uuid: undefined }, 'uuid'],
    ['uuid malformed', { uuid: 'not-a-uuid' }, 'uuid'],
    ['uuid twice', { uuid: `${randomUUID()}, ${randomUUID()}` }, 'uuid'],
    ['client_id missing', { client_id: undefined }, 'client_id'],
    ['Accept not JSON', { accept: 'text/html' }, 'Accept'],
    ['Content-Type missing', { 'content-type': undefined }, 'Content-Type'],
    ['Content-Type text/plain', { 'content-type': 'text/plain' }, 'Content-Type'],
    ['Content-Type form', { 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type'],
  ])('%s', async (_what, headers, location) => {
    const { url } = await harness.start();
    const r = await send(url, 'POST', '/api/v1/apac/rewards/linkage', { headers, body: enrol });
    expect(r.status, r.text).toBe(400);
    expect(r.body).toMatchObject({ type: 'invalid', code: 'invalidRequest', location });
    expect(typeof r.body.details).toBe('string');
  });

  it('Accept missing (fetch always adds one, so through inject)', async () => {
    const { app } = await harness.start();
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/apac/rewards/linkage',
      headers: {
        authorization: 'Bearer sandbox-static-token',
        uuid: randomUUID(),
        client_id: 'sandbox-client',
        'content-type': 'application/json',
      },
      payload: enrol,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ type: 'invalid', code: 'invalidRequest', location: 'Accept' });
  });

  it.each([['application/json;q=0'], ['application/json; q=0, text/html'], ['text/html, application/json;q=0.0']])(
    'Accept %s (q=0: not acceptable) → 400 (issue 13 item 11)',
    async (accept) => {
      const { url } = await harness.start();
      const r = await send(url, 'POST', '/api/v1/apac/rewards/linkage', { headers: { accept }, body: enrol });
      expect(r.status, r.text).toBe(400);
      expect(r.body).toMatchObject({ type: 'invalid', code: 'invalidRequest', location: 'Accept' });
    },
  );

  it('accepts q-valued Accept lists that allow JSON (application/*;q=0.5, */*;q=0.1)', async () => {
    const { url } = await harness.start();
    for (const accept of ['text/html, application/*;q=0.5', 'text/html;q=0.9, */*;q=0.1', 'application/json;q=1.0']) {
      const r = await send(url, 'POST', '/api/v1/apac/rewards/linkage', {
        headers: { accept },
        body: { ...enrol, merchantCustomerReferenceId: `M-${accept.length}` },
      });
      // The first enrols, the others meet the enrolment: past Accept either way.
      expect(r.body.code, accept).not.toBe('invalidRequest');
    }
  });

  it('accepts */*, a charset parameter and Accept-Language', async () => {
    const { url } = await harness.start();
    const r = await send(url, 'POST', '/api/v1/apac/rewards/linkage', {
      headers: { accept: '*/*', 'content-type': 'application/json; charset=utf-8', 'accept-language': 'en-HK' },
      body: enrol,
    });
    expect(r.status).toBe(200);
  });
});

describe('unknown paths and methods', () => {
  it('unknown path → 404 resourceNotFound ErrorResponse', async () => {
    const { url } = await harness.start();
    for (const path of [
      '/',
      '/api',
      '/api/v2/apac/rewards/linkage',
      '/api/v1/apac/rewards/123/pointBalance/extra',
      '/__admin/reset',
    ]) {
      const r = await send(url, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body).toMatchObject({ type: 'error', code: 'resourceNotFound' });
    }
  });

  it('a known path with another method → 405 with Allow, in the ErrorResponse shape (issue 13 item 10)', async () => {
    const { url } = await harness.start();
    const r = await send(url, 'POST', '/api/v1/apac/rewards/1234567/pointBalance', { body: {} });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    expect(r.body).toMatchObject({ type: 'error', code: 'methodNotAllowed' });
    expect(r.body.details).toContain('allowed: GET');
  });

  it('a malformed URL → 400 invalidRequest', async () => {
    const { url } = await harness.start();
    const r = await send(url, 'GET', '/api/v1/apac/rewards/%E0%A4%A/pointBalance');
    expect(r).toMatchObject({ status: 400, body: { type: 'invalid', code: 'invalidRequest' } });
  });
});
