import { afterEach, describe, expect, it } from 'vitest';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { createRewardsApacClient } from '../../generated/rewards-apac/client.ts';
import { CARD, CLIENT, mockHarness, OTP, SECRET } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

describe('the HKTV Mall story through the typed clients', () => {
  it('token, enrol, wrong OTP, right OTP, balance, redeem by amount, replay, over-balance, de-register', async () => {
    let tokenCalls = 0;
    const mock = await harness.start({}, (app) =>
      app.addHook('onRequest', (request, _reply, done) => {
        if (request.url.includes('/oauth2/token/')) tokenCalls++;
        done();
      }),
    );
    const violations: unknown[] = [];
    const options = {
      baseUrl: mock.url,
      clientId: CLIENT,
      clientSecret: SECRET,
      onContractViolation: (op: string, v: unknown) => violations.push([op, v]),
    };
    const pwp = createPayWithPointsClient(options);
    const rewards = createRewardsApacClient(options);

    // 1. Complete payment with a points card: enrol it.
    const enrol = await pwp.enrollInPayWithPoints({ body: CARD });
    if (!enrol.ok) throw new Error(`enrol failed: ${JSON.stringify(enrol)}`);
    const rewardLinkCode = enrol.data.rewardLinkCode as string;
    expect(rewardLinkCode).toMatch(/^\d{7}$/);

    // 2. One-time identity verification: a mistyped OTP, then the right one.
    const wrong = await pwp.tokenActivation({ rewardLinkCode, body: { linkageConfirmationCode: '000000' } });
    expect(wrong).toMatchObject({
      ok: false,
      kind: 'error',
      status: 400,
      error: { type: 'error', code: 'activationFailed', location: 'linkageConfirmationCode' },
    });
    const right = await pwp.tokenActivation({ rewardLinkCode, body: { linkageConfirmationCode: OTP } });
    expect(right).toMatchObject({ ok: true, status: 200 });

    // 3. Choose the points to use.
    const balance = await pwp.retrieveRewardsBalance({ rewardLinkCode });
    expect(balance).toMatchObject({
      ok: true,
      data: {
        availablePointBalance: 10000,
        programConversionRate: 0.2521,
        currencyCode: 'SGD',
        minimumPointsToRedeem: 500,
        maximumPointsToRedeem: 10000,
      },
    });

    const order = {
      transactionReferenceNumber: 'HKTV-ORDER-1',
      redemptionOrder: { transactionAmount: 252.1, currencyCode: 'SGD', transactionDescription: 'HKTV Mall basket' },
    };
    const redeemed = await pwp.submitRedemptionRequest({ rewardLinkCode, body: order });
    if (!redeemed.ok) throw new Error(`redeem failed: ${JSON.stringify(redeemed)}`);
    // round(252.1 / 0.2521) = 1000
    expect(redeemed.data).toEqual({ orderId: expect.stringMatching(/^T\d{8}$/), availablePointBalance: 9000 });

    const replay = await pwp.submitRedemptionRequest({ rewardLinkCode, body: order });
    expect(replay).toMatchObject({ ok: true, data: redeemed.data });
    expect(await pwp.retrieveRewardsBalance({ rewardLinkCode })).toMatchObject({
      ok: true,
      data: { availablePointBalance: 9000 },
    });

    const tooMuch = await pwp.submitRedemptionRequest({
      rewardLinkCode,
      body: {
        transactionReferenceNumber: 'HKTV-ORDER-2',
        redemptionOrder: { transactionAmount: 2520, currencyCode: 'SGD' },
      },
    });
    // 9996 points > 9000
    expect(tooMuch).toMatchObject({ ok: false, status: 400, error: { code: 'inSufficientPointBalance' } });

    // The customer leaves: de-registration, after which the code is unknown.
    const gone = await rewards.deRegisterPayWithPointsEnrollmentInCard({ rewardLinkCode });
    expect(gone).toMatchObject({ ok: true, status: 200 });
    expect(await pwp.retrieveRewardsBalance({ rewardLinkCode })).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'invalidRewardLinkCode' },
    });

    expect(tokenCalls).toBe(2); // one token per client, cached for every later call
    expect(violations).toEqual([]);
    expect(mock.sandbox.ledger.map((e) => [e.transactionReferenceNumber, e.pointsRedeemed, e.balanceAfter])).toEqual([
      ['HKTV-ORDER-1', 1000, 9000],
    ]);
  });
});
