import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { ClientError } from '@pwpkit/runtime';
import { startScriptedServer, type ScriptedReply } from './scripted-server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SECRET = 'sandbox-secret-Zq81';
const PHONE = '2608191234';
const enrolBody = {
  lastFourDigitsCardNumber: '7411',
  citiCardHolderPhoneNumber: PHONE,
  merchantCustomerReferenceId: 'M-1',
};
const redeemBody = {
  transactionReferenceNumber: 'T-1',
  redemptionOrder: { transactionAmount: 100.5, currencyCode: 'SGD' },
};
const balance = { availablePointBalance: 10000, programConversionRate: 0.2521, currencyCode: 'SGD' };
const fatal: ScriptedReply = { status: 500, body: { type: 'fatal', code: 'serverUnavailable', details: 'down' } };
const fastRetry = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(
  reply: (req: { url: string; method: string }, i: number) => ScriptedReply,
  token?: Parameters<typeof startScriptedServer>[1],
) {
  const server = await startScriptedServer(reply, token);
  close = server.close;
  return server;
}

describe('headers', () => {
  it('sends bearer, a new RFC 4122 uuid per request, client_id, Accept, Content-Type, Accept-Language', async () => {
    const server = await serve(() => ({ status: 200, body: { rewardLinkCode: '9035268' } }));
    const pwp = createPayWithPointsClient({
      baseUrl: server.url,
      clientId: 'sandbox-client',
      clientSecret: SECRET,
      acceptLanguage: 'en-SG',
    });
    await pwp.enrollInPayWithPoints({ body: enrolBody });
    await pwp.enrollInPayWithPoints({ body: enrolBody });
    const [a, b] = server.requests;
    expect(a.url).toBe('/api/v1/apac/rewards/linkage');
    expect(a.headers.authorization).toBe('Bearer tok-1');
    expect(a.headers.client_id).toBe('sandbox-client');
    expect(a.headers.accept).toBe('application/json');
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.headers['accept-language']).toBe('en-SG');
    expect(a.headers.uuid).toMatch(UUID);
    expect(b.headers.uuid).toMatch(UUID);
    expect(a.headers.uuid).not.toBe(b.headers.uuid);
    expect(JSON.parse(a.body)).toEqual(enrolBody);
  });

  it('fetches the token with Basic auth and the client-credentials grant', async () => {
    const server = await serve(() => ({ status: 200, body: balance }));
    const pwp = createPayWithPointsClient({
      baseUrl: `${server.url}/api`,
      clientId: 'sandbox-client',
      clientSecret: SECRET,
    });
    await pwp.retrieveRewardsBalance({ rewardLinkCode: '9035268' });
    const [t] = server.tokenRequests;
    expect(t.url).toBe('/api/clientCredentials/oauth2/token/sg/gcb');
    expect(t.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-client:${SECRET}`).toString('base64')}`);
    expect(new URLSearchParams(t.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(t.body).get('scope')).toBe('/api');
    expect(server.requests[0].url).toBe('/api/v1/apac/rewards/9035268/pointBalance');
  });
});

describe('token handling', () => {
  it('50 concurrent calls share one token request', async () => {
    const server = await serve(
      () => ({ status: 200, body: balance }),
      () => ({ status: 200, body: { access_token: 'tok-1', expires_in: 1800 }, delayMs: 30 }),
    );
    const pwp = createPayWithPointsClient({ baseUrl: server.url, clientId: 'c', clientSecret: SECRET });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => pwp.retrieveRewardsBalance({ rewardLinkCode: '1' })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.requests).toHaveLength(50);
  });

  it('a 401 refreshes the token once and repeats the call with the new one', async () => {
    const server = await serve(
      (req) =>
        (req as { headers?: Record<string, string> }).headers?.authorization === 'Bearer tok-2'
          ? { status: 200, body: balance }
          : { status: 401, body: { type: 'error', code: 'unAuthorized' } },
      (_req, i) => ({ status: 200, body: { access_token: `tok-${i + 1}`, expires_in: 1800 } }),
    );
    const pwp = createPayWithPointsClient({ baseUrl: server.url, clientId: 'c', clientSecret: SECRET });
    const result = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' });
    expect(result.ok).toBe(true);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('a second 401 is returned as the documented unAuthorized error, not retried forever', async () => {
    const server = await serve(
      () => ({ status: 401, body: { type: 'error', code: 'unAuthorized' } }),
      (_r, i) => ({ status: 200, body: { access_token: `tok-${i}`, expires_in: 1800 } }),
    );
    const pwp = createPayWithPointsClient({ baseUrl: server.url, clientId: 'c', clientSecret: SECRET });
    const result = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' });
    expect(result).toMatchObject({ ok: false, kind: 'error', status: 401, error: { code: 'unAuthorized' } });
    expect(server.requests).toHaveLength(2);
  });
});

describe('retries', () => {
  it('retries a read after fatal 500 with backoff', async () => {
    const server = await serve((_r, i) => (i < 2 ? fatal : { status: 200, body: balance }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: fastRetry });
    const result = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' });
    expect(result.ok).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('retries redemption with the same reference and body (idempotent by transactionReferenceNumber)', async () => {
    const server = await serve((_r, i) =>
      i === 0 ? fatal : { status: 200, body: { orderId: 'O1', availablePointBalance: 9601 } },
    );
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: fastRetry });
    const result = await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: redeemBody });
    expect(result.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].body).toBe(server.requests[1].body);
    expect(server.requests[0].headers.uuid).not.toBe(server.requests[1].headers.uuid);
  });

  it('never retries a non-idempotent call (enrolment, activation)', async () => {
    const server = await serve(() => fatal);
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: fastRetry });
    const enrol = await pwp.enrollInPayWithPoints({ body: enrolBody });
    const activate = await pwp.tokenActivation({ rewardLinkCode: '1', body: { linkageConfirmationCode: '735937' } });
    expect(enrol).toMatchObject({
      ok: false,
      kind: 'error',
      status: 500,
      error: { type: 'fatal', code: 'serverUnavailable' },
    });
    expect(activate).toMatchObject({ ok: false, status: 500 });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a network error on a read, then gives up with a network ClientError', async () => {
    const server = await serve(() => ({ status: 0, destroy: true }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: fastRetry });
    const error = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('network');
    expect(server.requests).toHaveLength(3);
  });
});

describe('timeouts and cancellation', () => {
  it('times out a slow answer', async () => {
    const server = await serve(() => ({ status: 200, body: balance, delayMs: 300 }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: { retries: 0 } });
    const error = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' }, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ClientError', code: 'timeout' });
  });

  it('times out a body that stalls after the headers, as a timeout (not a raw stream error)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"availablePointBalance":');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    const pwp = createPayWithPointsClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 'tok',
      retry: { retries: 0 },
    });
    const error = await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'timeout' });
  });

  it('honours the caller AbortSignal', async () => {
    const server = await serve(() => ({ status: 200, body: balance, delayMs: 300 }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await pwp
      .retrieveRewardsBalance({ rewardLinkCode: '1' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ClientError', code: 'aborted' });
  });
});

describe('validation', () => {
  it('strict mode answers an invalid request with a requestInvalid result (no throw) and sends nothing', async () => {
    const server = await serve(() => ({ status: 200, body: {} }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', clientId: 'c', validate: 'strict' });
    const bad = {
      transactionReferenceNumber: 'T-1',
      redemptionOrder: { transactionAmount: 'lots' },
    } as unknown as typeof redeemBody;
    const result = await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: bad });
    expect(result).toMatchObject({
      ok: false,
      kind: 'requestInvalid',
      violations: [{ pointer: '#/body/redemptionOrder/transactionAmount' }],
    });
    // A missing path parameter is the same kind of result in every mode.
    const loose = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', clientId: 'c' });
    const missing = await loose.retrieveRewardsBalance({ rewardLinkCode: '' });
    expect(missing).toMatchObject({
      ok: false,
      kind: 'requestInvalid',
      violations: [{ pointer: '#/path/rewardLinkCode' }],
    });
    expect(server.requests).toHaveLength(0);
  });

  it("names a missing required body field by its pointer, in the judgments' one wording (was ajv's own)", async () => {
    const server = await serve(() => ({ status: 200, body: {} }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', clientId: 'c', validate: 'strict' });
    const noOrder = { transactionReferenceNumber: 'T-1' } as unknown as typeof redeemBody;
    const result = await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: noOrder });
    expect(result).toMatchObject({
      kind: 'requestInvalid',
      violations: [{ pointer: '#/body/redemptionOrder', message: 'is missing (required by the schema)' }],
    });
    expect(server.requests).toHaveLength(0);
  });

  it('reports a response contract violation at its pointer (default), returns it as a result (strict)', async () => {
    const server = await serve(() => ({ status: 200, body: { ...balance, availablePointBalance: 'lots' } }));
    const seen: unknown[] = [];
    const relaxed = createPayWithPointsClient({
      baseUrl: server.url,
      token: 'tok',
      onContractViolation: (_op, v) => seen.push(...v),
    });
    const r1 = await relaxed.retrieveRewardsBalance({ rewardLinkCode: '1' });
    expect(r1).toMatchObject({ ok: true, violations: [{ pointer: '#/availablePointBalance' }] });
    expect(seen).toHaveLength(1);
    const strict = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', clientId: 'c', validate: 'strict' });
    const r2 = await strict.retrieveRewardsBalance({ rewardLinkCode: '1' });
    expect(r2).toMatchObject({
      ok: false,
      kind: 'contractViolation',
      violations: [{ pointer: '#/availablePointBalance', message: 'must be integer' }],
    });
  });

  it('an undocumented status or error code is its own variant', async () => {
    const server = await serve((_r, i) =>
      i === 0
        ? { status: 400, body: { type: 'error', code: 'madeUpCode' } }
        : i === 1
          ? { status: 418, body: {} }
          : { status: 400, body: { type: 'warn', code: 'inSufficientPointBalance' } },
    );
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok', retry: { retries: 0 } });
    expect(await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: redeemBody })).toMatchObject({
      kind: 'undocumented',
      reason: expect.stringContaining('"madeUpCode" is not documented'),
    });
    expect(await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: redeemBody })).toMatchObject({
      kind: 'undocumented',
      status: 418,
    });
    expect(await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: redeemBody })).toMatchObject({
      kind: 'undocumented',
      reason: expect.stringContaining('not "warn"'),
    });
  });

  it('a documented error code narrows to its documented shape', async () => {
    const server = await serve(() => ({
      status: 400,
      body: { type: 'error', code: 'inSufficientPointBalance', details: 'too many' },
    }));
    const pwp = createPayWithPointsClient({ baseUrl: server.url, token: 'tok' });
    const r = await pwp.submitRedemptionRequest({ rewardLinkCode: '1', body: redeemBody });
    expect(!r.ok && r.kind === 'error' && r.status === 400 && r.error.code === 'inSufficientPointBalance').toBe(true);
  });
});

describe('secrets never reach an error or a log line', () => {
  it('token failures, network failures and strict rejections are redacted', async () => {
    const server = await serve(
      () => ({ status: 200, body: balance }),
      () => ({ status: 500, body: { error: `bad ${SECRET}` } }),
    );
    const logs: string[] = [];
    const pwp = createPayWithPointsClient({
      baseUrl: server.url,
      clientId: 'c',
      clientSecret: SECRET,
      validate: 'strict',
      logger: (e) => logs.push(JSON.stringify(e)),
    });
    const messages: string[] = [];
    messages.push(String(await pwp.retrieveRewardsBalance({ rewardLinkCode: '1' }).catch((e: Error) => e.message)));
    const withToken = createPayWithPointsClient({
      baseUrl: 'http://127.0.0.1:9',
      token: 'tok-very-secret-123',
      retry: { retries: 0 },
      logger: (e) => logs.push(JSON.stringify(e)),
    });
    messages.push(
      String(await withToken.retrieveRewardsBalance({ rewardLinkCode: '1' }).catch((e: Error) => e.message)),
    );
    const strict = createPayWithPointsClient({
      baseUrl: server.url,
      token: 'tok-very-secret-123',
      clientId: 'c',
      validate: 'strict',
    });
    messages.push(
      String(
        await strict
          .enrollInPayWithPoints({
            body: { ...enrolBody, lastFourDigitsCardNumber: 4111111111111111 as unknown as string },
          })
          .catch((e: Error) => e.message),
      ),
    );
    const all = [...messages, ...logs].join('\n');
    expect(messages.every((m) => m.length > 0)).toBe(true);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('tok-very-secret-123');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('4111111111111111');
  });
});
