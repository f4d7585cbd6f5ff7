import { afterEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../domain/pay-with-points/index.ts';
import { activeLink, mockHarness, redemption, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

async function linked(options = {}) {
  const mock = await harness.start(options);
  const code = await activeLink(mock.url);
  const redeem = (ref: string, order: Record<string, unknown>) =>
    send(mock.url, 'POST', `/api/v1/apac/rewards/${code}/redemption`, { body: redemption(ref, order) });
  const balance = async () =>
    (await send(mock.url, 'GET', `/api/v1/apac/rewards/${code}/pointBalance`)).body.availablePointBalance as number;
  return { ...mock, code, redeem, balance };
}

describe('redemption rules (card 7411: 10000 SGD points, 0.2521 a point, 500..10000 a redemption)', () => {
  it('points = round(transactionAmount / programConversionRate) when pointsToRedeem is absent', async () => {
    const m = await linked();
    const r = await m.redeem('R1', { transactionAmount: 1000.5, currencyCode: 'SGD' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      orderId: expect.stringMatching(/^T\d{8}$/),
      availablePointBalance: 10000 - Math.round(1000.5 / 0.2521),
    });
    expect(m.sandbox.ledger[0]).toMatchObject({
      pointsRedeemed: 3969,
      transactionReferenceNumber: 'R1',
      balanceBefore: 10000,
      balanceAfter: 6031,
    });
  });

  it('the currency may be left out (the account currency is meant)', async () => {
    const m = await linked();
    expect((await m.redeem('R1', { transactionAmount: 252.1 })).body.availablePointBalance).toBe(9000);
  });

  it(
    'both amount and points: a consistent pair is accepted, ' +
      'an inconsistent one → invalidPointsAndAmountCombination',
    async () => {
      const m = await linked();
      expect(await m.redeem('R1', { transactionAmount: 100.5, pointsToRedeem: 1005 })).toMatchObject({
        status: 400,
        body: { type: 'error', code: 'invalidPointsAndAmountCombination', location: 'redemptionOrder.pointsToRedeem' },
      });
      expect(await m.balance()).toBe(10000);
      expect(await m.redeem('R2', { transactionAmount: 252.1, pointsToRedeem: 1000 })).toMatchObject({
        status: 200,
        body: { availablePointBalance: 9000 },
      });
    },
  );

  it('another currency → currencyNotSupported', async () => {
    const m = await linked();
    expect(await m.redeem('R1', { transactionAmount: 252.1, currencyCode: 'HKD' })).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'currencyNotSupported', location: 'redemptionOrder.currencyCode' },
    });
  });

  it('over the maximum → exceedsMaximumPointsAllowed; under the minimum → belowMinimumPointsAllowed', async () => {
    const m = await linked();
    expect(await m.redeem('R1', { transactionAmount: 2600 })).toMatchObject({
      status: 400,
      body: { code: 'exceedsMaximumPointsAllowed' },
    }); // 10313 points
    expect(await m.redeem('R2', { transactionAmount: 100 })).toMatchObject({
      status: 400,
      body: { code: 'belowMinimumPointsAllowed' },
    }); // 397 points
    expect(await m.redeem('R3', { transactionAmount: 0.01 })).toMatchObject({
      status: 400,
      body: { code: 'belowMinimumPointsAllowed' },
    }); // 0 points
    expect(await m.balance()).toBe(10000);
  });

  it('over the balance → inSufficientPointBalance', async () => {
    const m = await linked();
    await m.redeem('R1', { transactionAmount: 252.1 });
    expect(await m.redeem('R2', { transactionAmount: 2520 })).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'inSufficientPointBalance' },
    }); // 9996 > 9000
    expect(await m.redeem('R3', { transactionAmount: 2268.9 })).toMatchObject({
      status: 200,
      body: { availablePointBalance: 0 },
    }); // exactly 9000
  });

  it('an amount ≤ 0 → invalidRequest at redemptionOrder.transactionAmount', async () => {
    const m = await linked();
    for (const amount of [0, -252.1])
      expect(await m.redeem(`R${amount}`, { transactionAmount: amount })).toMatchObject({
        status: 400,
        body: { type: 'invalid', code: 'invalidRequest', location: 'redemptionOrder.transactionAmount' },
      });
  });

  it('a pending link → inactiveRewardLinkCode; an unknown one → invalidRewardLinkCode', async () => {
    const { url } = await harness.start();
    const pending = (
      await send(url, 'POST', '/api/v1/apac/rewards/linkage', {
        body: {
          lastFourDigitsCardNumber: '7411',
          citiCardHolderPhoneNumber: '2608191234',
          merchantCustomerReferenceId: 'x',
        },
      })
    ).body.rewardLinkCode;
    expect(
      await send(url, 'POST', `/api/v1/apac/rewards/${pending}/redemption`, {
        body: redemption('R', { transactionAmount: 252.1 }),
      }),
    ).toMatchObject({ status: 400, body: { type: 'error', code: 'inactiveRewardLinkCode' } });
    expect(
      await send(url, 'POST', '/api/v1/apac/rewards/7654321/redemption', {
        body: redemption('R', { transactionAmount: 252.1 }),
      }),
    ).toMatchObject({ status: 400, body: { type: 'error', code: 'invalidRewardLinkCode' } });
  });
});

describe('idempotency: transactionReferenceNumber, per link', () => {
  it('a replay answers the first answer (same orderId, same balance) and never deducts twice', async () => {
    const m = await linked();
    const first = await m.redeem('HKTV-1', {
      transactionAmount: 252.1,
      currencyCode: 'SGD',
      transactionDescription: 'basket',
    });
    await m.redeem('HKTV-2', { transactionAmount: 252.1 });
    const replay = await m.redeem('HKTV-1', {
      transactionAmount: 252.1,
      currencyCode: 'SGD',
      transactionDescription: 'retried',
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body); // the first answer, balance 9000, even though it is 8000 now
    expect(await m.balance()).toBe(8000);
    expect(m.sandbox.ledger).toHaveLength(2);
  });

  it('a replay spelled differently but meaning the same order (currency, points explicit) is a replay', async () => {
    const m = await linked();
    const first = await m.redeem('R1', { transactionAmount: 252.1 });
    expect(
      (await m.redeem('R1', { transactionAmount: 252.1, currencyCode: 'SGD', pointsToRedeem: 1000 })).body,
    ).toEqual(first.body);
  });

  it(
    'the same reference with a different order → 400 invalidRequest at transactionReferenceNumber, ' +
      'nothing deducted',
    async () => {
      const m = await linked();
      await m.redeem('R1', { transactionAmount: 252.1 });
      const clash = await m.redeem('R1', { transactionAmount: 504.2 });
      expect(clash).toMatchObject({
        status: 400,
        body: { type: 'invalid', code: 'invalidRequest', location: 'transactionReferenceNumber' },
      });
      expect(await m.balance()).toBe(9000);
    },
  );

  it('a failed attempt is not remembered: the same reference may succeed later', async () => {
    const m = await linked();
    expect((await m.redeem('R1', { transactionAmount: 252.1, currencyCode: 'HKD' })).status).toBe(400);
    expect((await m.redeem('R1', { transactionAmount: 252.1, currencyCode: 'SGD' })).status).toBe(200);
  });

  it('references are per link: the same one on another card is a new redemption', async () => {
    const m = await linked();
    const other = await activeLink(
      m.url,
      { lastFourDigitsCardNumber: '5212', citiCardHolderPhoneNumber: '6563471895', merchantCustomerReferenceId: 'y' },
      '482916',
    );
    const a = await m.redeem('SAME', { transactionAmount: 252.1 });
    const b = await send(m.url, 'POST', `/api/v1/apac/rewards/${other}/redemption`, {
      body: redemption('SAME', { transactionAmount: 1512.6, currencyCode: 'HKD' }),
    });
    expect(b.status).toBe(200);
    expect(b.body.orderId).not.toBe(a.body.orderId);
    expect(b.body.availablePointBalance).toBe(15000 - 6000);
  });
});

describe('concurrency', () => {
  it('200 concurrent redemptions at one card never take the balance below zero; the ledger adds up', async () => {
    const fixture: Fixture = {
      clients: [{ clientId: 'sandbox-client', clientSecret: 'sandbox-secret', staticTokens: ['sandbox-static-token'] }],
      cards: [
        {
          lastFourDigitsCardNumber: '7411',
          citiCardHolderPhoneNumber: '2608191234',
          linkageConfirmationCode: '735937',
          account: {
            availablePointBalance: 25_000,
            programConversionRate: 0.2521,
            currencyCode: 'SGD',
            minimumPointsToRedeem: 500,
            maximumPointsToRedeem: 10000,
          },
        },
      ],
    };
    const m = await linked({ fixture });
    // 200 different orders of 600..1590 points: together far more than the 25000 available.
    const orders = Array.from({ length: 200 }, (_, i) => ({ ref: `C-${i}`, points: 600 + (i % 100) * 10 }));
    const answers = await Promise.all(
      orders.map((o) =>
        m.redeem(o.ref, { transactionAmount: Math.round(o.points * 0.2521 * 10000) / 10000, pointsToRedeem: o.points }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.every((a) => a.status === 400 && a.body.code === 'inSufficientPointBalance')).toBe(true);
    expect(ok.length).toBeGreaterThan(10);
    expect(refused.length).toBeGreaterThan(10);

    const final = await m.balance();
    const deducted = m.sandbox.ledger.reduce((sum, e) => sum + e.pointsRedeemed, 0);
    expect(final).toBeGreaterThanOrEqual(0);
    expect(deducted).toBe(25_000 - final);
    expect(m.sandbox.ledger).toHaveLength(ok.length);
    expect(new Set(ok.map((a) => a.body.orderId)).size).toBe(ok.length);
    // Every answered balance is the ledger's balance after that order.
    const after = new Map(m.sandbox.ledger.map((e) => [e.orderId, e.balanceAfter]));
    for (const a of ok) expect(a.body.availablePointBalance).toBe(after.get(a.body.orderId));
    // Each ledger entry starts where the previous one ended.
    m.sandbox.ledger.forEach((e, i) =>
      expect(e.balanceBefore).toBe(i === 0 ? 25_000 : m.sandbox.ledger[i - 1].balanceAfter),
    );
    // Whatever is left is less than the cheapest refused order.
    const cheapestRefused = Math.min(...orders.filter((_, i) => answers[i].status !== 200).map((o) => o.points));
    expect(final).toBeLessThan(cheapestRefused);
  });

  it('200 concurrent replays of one order deduct once', async () => {
    const m = await linked();
    const answers = await Promise.all(Array.from({ length: 200 }, () => m.redeem('ONE', { transactionAmount: 252.1 })));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await m.balance()).toBe(9000);
    expect(m.sandbox.ledger).toHaveLength(1);
  });
});
