import { afterEach, describe, expect, it } from 'vitest';
import { defaultFixture } from '../../domain/pay-with-points/index.ts';
import { activeLink, mockHarness, OTP, redemption, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const admin = async (url: string, path: string, body?: unknown) => {
  const r = await fetch(`${url}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: r.status, body: (await r.json()) as any };
};
const state = (url: string, s: string, params?: Record<string, unknown>, action?: string) =>
  admin(url, 'provider-states', { state: s, ...(params ? { params } : {}), ...(action ? { action } : {}) });
const balance = (url: string, code = '9035268') => send(url, 'GET', `/api/v1/apac/rewards/${code}/pointBalance`);
const activate = (url: string, otp: string, code = '9035268') =>
  send(url, 'PUT', `/api/v1/apac/rewards/${code}/activations`, { body: { linkageConfirmationCode: otp } });

describe('admin API', () => {
  it('is off by default (404)', async () => {
    const { url } = await harness.start();
    for (const path of ['reset', 'fixture', 'provider-states']) expect((await admin(url, path)).status).toBe(404);
  });

  it('refuses non-loopback callers with 403', async () => {
    const { app } = await harness.start({ admin: true });
    for (const remoteAddress of ['10.1.2.3', '192.168.0.7', '::ffff:10.0.0.1', '2001:db8::1']) {
      const r = await app.inject({ method: 'POST', url: '/__admin/reset', remoteAddress, payload: {} });
      expect(r.statusCode, remoteAddress).toBe(403);
      expect(r.json()).toMatchObject({ type: 'error', code: 'accessNotConfigured' });
    }
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(
        (await app.inject({ method: 'POST', url: '/__admin/reset', remoteAddress, payload: {} })).statusCode,
        remoteAddress,
      ).toBe(200);
    }
  });

  it('reset: back to the fixture', async () => {
    const { url, sandbox } = await harness.start({ admin: true });
    const code = await activeLink(url);
    await send(url, 'POST', `/api/v1/apac/rewards/${code}/redemption`, {
      body: redemption('R', { transactionAmount: 252.1 }),
    });
    expect(await admin(url, 'reset')).toEqual({ status: 200, body: {} });
    expect((await balance(url, code)).body.code).toBe('invalidRewardLinkCode');
    expect(sandbox.ledger).toEqual([]);
    expect(sandbox.cardByLastFour('7411')?.availablePointBalance).toBe(10000);
  });

  it('fixture: replaces the data and resets; a bad fixture → 400 naming the pointer', async () => {
    const { url } = await harness.start({ admin: true });
    const fixture = structuredClone(defaultFixture);
    fixture.cards[0].account.availablePointBalance = 777_000;
    fixture.cards[0].account.maximumPointsToRedeem = 1_000_000;
    expect(await admin(url, 'fixture', fixture)).toEqual({ status: 200, body: {} });
    const code = await activeLink(url);
    expect((await balance(url, code)).body.availablePointBalance).toBe(777_000);

    const bad = structuredClone(defaultFixture) as any;
    bad.cards[1].account.currencyCode = 'dollars';
    const r = await admin(url, 'fixture', bad);
    expect(r).toMatchObject({
      status: 400,
      body: { type: 'invalid', code: 'invalidRequest', location: '/cards/1/account/currencyCode' },
    });
    expect(r.body.details).toContain('ISO 4217');
    expect((await balance(url, code)).body.availablePointBalance).toBe(777_000); // unchanged
  });
});

describe('provider states', () => {
  it('1. card 7411 is not enrolled', async () => {
    const { url } = await harness.start({ admin: true });
    await activeLink(url);
    expect(await state(url, 'card 7411 is not enrolled')).toEqual({
      status: 200,
      body: { lastFourDigitsCardNumber: '7411' },
    });
    expect(
      (
        await send(url, 'POST', '/api/v1/apac/rewards/linkage', {
          body: {
            lastFourDigitsCardNumber: '7411',
            citiCardHolderPhoneNumber: '2608191234',
            merchantCustomerReferenceId: 'm',
          },
        })
      ).status,
    ).toBe(200);
  });

  it('2. card 7411 is enrolled and awaiting activation (default code 9035268, or params.rewardLinkCode)', async () => {
    const { url } = await harness.start({ admin: true });
    expect(await state(url, 'card 7411 is enrolled and awaiting activation')).toEqual({
      status: 200,
      body: {
        rewardLinkCode: '9035268',
        lastFourDigitsCardNumber: '7411',
        linkageConfirmationCode: OTP,
        availablePointBalance: 10000,
      },
    });
    expect((await balance(url)).body.code).toBe('inactiveRewardLinkCode');
    expect((await activate(url, OTP)).status).toBe(200);

    expect(
      (await state(url, 'card 5212 is enrolled and awaiting activation', { rewardLinkCode: '4444444' })).body
        .rewardLinkCode,
    ).toBe('4444444');
    expect((await balance(url)).body.code).toBe('invalidRewardLinkCode'); // the state reset everything first
    expect((await activate(url, '482916', '4444444')).status).toBe(200);
  });

  it('3. card 7411 is enrolled and has failed activation twice', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'card 7411 is enrolled and has failed activation twice');
    expect((await activate(url, '000000')).body.code).toBe('exceedsMaximumAttempts');
    await state(url, 'card 7411 is enrolled and has failed activation once');
    expect((await activate(url, '000000')).body.code).toBe('activationFailed');
    expect((await state(url, 'card 7411 is enrolled and has failed activation 3 times')).status).toBe(400);
  });

  it('4. card 7411 is enrolled and its confirmation code has expired', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'card 7411 is enrolled and its confirmation code has expired');
    expect((await activate(url, OTP)).body.code).toBe('linkageConfirmationCodeExpired');
  });

  it('5. card 7411 is enrolled and active with N points', async () => {
    const { url } = await harness.start({ admin: true });
    expect((await state(url, 'card 7411 is enrolled and active with 10000 points')).body).toMatchObject({
      rewardLinkCode: '9035268',
      availablePointBalance: 10000,
    });
    expect((await balance(url)).body.availablePointBalance).toBe(10000);
    await state(url, 'card 7411 is enrolled and active with 600 points');
    expect(
      (
        await send(url, 'POST', '/api/v1/apac/rewards/9035268/redemption', {
          body: redemption('R', { transactionAmount: 252.1 }),
        })
      ).body.code,
    ).toBe('inSufficientPointBalance');
  });

  it(
    '5a. … but not eligible to redeem: a valid order → 400 notEligibleToRedeem, nothing deducted; ' +
      'reset restores eligibility',
    async () => {
      const { url, sandbox } = await harness.start({ admin: true });
      const redeem = (ref: string) =>
        send(url, 'POST', '/api/v1/apac/rewards/9035268/redemption', {
          body: redemption(ref, { transactionAmount: 252.1 }),
        });
      expect(
        (await state(url, 'card 7411 is enrolled and active with 10000 points but not eligible to redeem')).body,
      ).toMatchObject({ rewardLinkCode: '9035268', availablePointBalance: 10000 });
      expect(await redeem('R1')).toMatchObject({
        status: 400,
        body: { type: 'error', code: 'notEligibleToRedeem', details: 'Member not eligible to order this item' },
      });
      expect((await balance(url)).body.availablePointBalance).toBe(10000);
      expect(sandbox.ledger).toEqual([]);
      await state(url, 'card 7411 is enrolled and active with 10000 points');
      expect((await redeem('R1')).status).toBe(200);
    },
  );

  it(
    '5b. … but order ids cannot be generated: a priced order → 400 errorGeneratingOrderId, ' +
      'nothing deducted or remembered',
    async () => {
      const { url, sandbox } = await harness.start({ admin: true });
      const redeem = (ref: string, transactionAmount = 252.1) =>
        send(url, 'POST', '/api/v1/apac/rewards/9035268/redemption', { body: redemption(ref, { transactionAmount }) });
      await state(url, 'card 7411 is enrolled and active with 10000 points but order ids cannot be generated');
      expect(await redeem('R1')).toMatchObject({
        status: 400,
        body: { type: 'error', code: 'errorGeneratingOrderId', details: 'Order Id is not generated' },
      });
      // The order is judged first: one over the maximum is still refused for that.
      expect((await redeem('R2', 1_000_000)).body.code).toBe('exceedsMaximumPointsAllowed');
      expect((await balance(url)).body.availablePointBalance).toBe(10000);
      expect(sandbox.ledger).toEqual([]);
      await admin(url, 'reset');
      await state(url, 'card 7411 is enrolled and active with 10000 points');
      expect((await redeem('R1')).status).toBe(200);
    },
  );

  it('6. reward link 0000000 does not exist', async () => {
    const { url } = await harness.start({ admin: true });
    expect(await state(url, 'reward link 0000000 does not exist')).toEqual({
      status: 200,
      body: { rewardLinkCode: '0000000' },
    });
    expect((await balance(url, '0000000')).body.code).toBe('invalidRewardLinkCode');
  });

  it('7. the service is unavailable: every API request answers 500 fatal serverUnavailable until reset', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'the service is unavailable');
    for (const [method, path] of [
      ['GET', '/api/v1/apac/rewards/9035268/pointBalance'],
      ['POST', '/api/v1/apac/rewards/linkage'],
      ['DELETE', '/api/v1/apac/rewards/9035268'],
      ['GET', '/api/nowhere'],
    ]) {
      const r = await send(url, method, path, method === 'POST' ? { body: {} } : {});
      expect(r, `${method} ${path}`).toMatchObject({
        status: 500,
        body: { type: 'fatal', code: 'serverUnavailable' },
      });
    }
    const token = await fetch(`${url}/api/clientCredentials/oauth2/token/sg/gcb`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(500);
    await admin(url, 'reset');
    expect((await balance(url)).status).toBe(400);
  });

  it('Shop with Points variants', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'card 7411 is enrolled in Shop with Points and active with 2500 points');
    expect(
      (await send(url, 'GET', '/api/v1/rewards/9035268/shopWithPoints/pointBalance')).body.availablePointBalance,
    ).toBe(2500);
    // A Shop with Points link is not a Pay with Points one.
    expect((await balance(url)).body.code).toBe('invalidRewardLinkCode');
    await state(url, 'card 7411 is enrolled in Shop with Points and awaiting activation');
    expect(
      (
        await send(url, 'PUT', '/api/v1/rewards/9035268/shopWithPoints/activations', {
          body: { linkageConfirmationCode: OTP },
        })
      ).status,
    ).toBe(200);
  });

  it('teardown does nothing; unknown state → 400 listing known phrases; card not in fixture → 400', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'card 7411 is enrolled and active with 10000 points');
    expect(await state(url, 'card 7411 is enrolled and active with 10000 points', undefined, 'teardown')).toEqual({
      status: 200,
      body: {},
    });
    expect((await balance(url)).status).toBe(200);
    const unknown = await state(url, 'the moon is made of cheese');
    expect(unknown).toMatchObject({
      status: 400,
      body: { type: 'invalid', code: 'invalidRequest', location: 'state' },
    });
    expect(unknown.body.details).toContain('"card 7411 is enrolled and active with 10000 points"');
    expect(unknown.body.details).toContain('"the service is unavailable"');
    expect((await state(url, 'card 9999 is enrolled and awaiting activation')).body.details).toContain(
      'no card ending 9999',
    );
    expect((await admin(url, 'provider-states', { nope: 1 })).status).toBe(400);
  });

  it('params.clientId binds the link to another client', async () => {
    const { url } = await harness.start({ admin: true });
    await state(url, 'card 7411 is enrolled and active with 10000 points', { clientId: 'other-client' });
    expect(
      (
        await send(url, 'GET', '/api/v1/apac/rewards/9035268/pointBalance', {
          headers: { authorization: 'Bearer other-static-token', client_id: 'other-client' },
        })
      ).status,
    ).toBe(200);
    expect((await balance(url)).body.code).toBe('invalidRewardLinkCode');
  });
});
