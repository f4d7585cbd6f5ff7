import { afterEach, describe, expect, it } from 'vitest';
import { createRewardsApacClient } from '../../generated/rewards-apac/client.ts';
import { createPayWithPointsSandbox, defaultFixture, sandboxOf } from '../../domain/pay-with-points/index.ts';
import { addContractSelfCheck } from '../support/mock-self-check.ts';
import { servedApis } from '../../domain/pay-with-points/sandbox/apis.ts';
import { activeLink, CARD, CLIENT, mockHarness, OTP, SECRET, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const SWP = '/api/v1/rewards';

describe('every operation of both specs is served', () => {
  it('each has a behaviour, and every code it may answer is documented for it', async () => {
    const app = await createPayWithPointsSandbox(); // throws UndocumentedCodeError on a mapping bug
    expect(sandboxOf(app).unimplemented).toEqual([]);
    const routes = sandboxOf(app).routes.map((r) => `${r.method} ${r.template}`);
    for (const api of servedApis)
      for (const op of Object.values(api.operations))
        expect(routes).toContain(`${op.method.toUpperCase()} ${api.api.basePath}${op.path}`);
    await app.close();
  });
});

describe('Shop with Points follows the same rules', () => {
  const swpCard = { ...CARD, merchantCustomerReferenceId: 'SHOP-1' };
  it('enrol, wrong code ×3 → exceedsMaximumAttempts; enrol again, activate, balance, de-register', async () => {
    const { url } = await harness.start();
    const rewards = createRewardsApacClient({
      baseUrl: url,
      clientId: CLIENT,
      clientSecret: SECRET,
      validate: 'strict',
    });
    const first = await rewards.linkCreditCardToMerchantForRewardsRedemption({ body: swpCard });
    if (!first.ok) throw new Error(JSON.stringify(first));
    const code = first.data.rewardLinkCode as string;
    const wrong = () =>
      rewards.activateRewardLinkCode({ rewardLinkCode: code, body: { linkageConfirmationCode: '1' } });
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'activationFailed' } });
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'activationFailed' } });
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'exceedsMaximumAttempts' } });
    expect(await rewards.retrieveCreditCardAccountRewardPointsBalance({ rewardLinkCode: code })).toMatchObject({
      ok: false,
      error: { type: 'invalid', code: 'inactiveRewardLinkCode' },
    });

    const again = await rewards.linkCreditCardToMerchantForRewardsRedemption({ body: swpCard });
    if (!again.ok) throw new Error(JSON.stringify(again));
    const live = again.data.rewardLinkCode as string;
    expect(
      await rewards.activateRewardLinkCode({ rewardLinkCode: live, body: { linkageConfirmationCode: OTP } }),
    ).toMatchObject({ ok: true, status: 200, data: {} });
    expect(await rewards.retrieveCreditCardAccountRewardPointsBalance({ rewardLinkCode: live })).toMatchObject({
      ok: true,
      data: { availablePointBalance: 10000, currencyCode: 'SGD' },
    });
    // Already active: Shop with Points documents registrationFailed, not cardAlreadyRegistered.
    expect(await rewards.linkCreditCardToMerchantForRewardsRedemption({ body: swpCard })).toMatchObject({
      ok: false,
      error: { type: 'error', code: 'registrationFailed' },
    });
    expect(await rewards.deRegisterShopWithPointsEnrollmentInCard({ rewardLinkCode: live })).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(await rewards.retrieveCreditCardAccountRewardPointsBalance({ rewardLinkCode: live })).toMatchObject({
      ok: false,
      error: { code: 'invalidRewardLinkCode' },
    });
  });

  it('Pay with Points and Shop with Points links are separate', async () => {
    const { url } = await harness.start();
    const pwp = await activeLink(url);
    const swp = await activeLink(url, CARD, OTP, {}, SWP);
    expect(pwp).not.toBe(swp);
    expect((await send(url, 'GET', `${SWP}/${pwp}/shopWithPoints/pointBalance`)).body.code).toBe(
      'invalidRewardLinkCode',
    );
    expect((await send(url, 'GET', `/api/v1/apac/rewards/${swp}/pointBalance`)).body.code).toBe(
      'invalidRewardLinkCode',
    );
    expect((await send(url, 'DELETE', `${SWP}/${pwp}/shopWithPoints`)).body.code).toBe('invalidRewardLinkCode');
    expect((await send(url, 'DELETE', `${SWP}/${swp}/shopWithPoints`)).status).toBe(200);
    expect((await send(url, 'GET', `/api/v1/apac/rewards/${pwp}/pointBalance`)).status).toBe(200);
  });

  it('expiry and unknown cards', async () => {
    let clock = 1_700_000_000_000;
    const { url } = await harness.start({ now: () => clock });
    expect(
      (
        await send(url, 'POST', `${SWP}/shopWithPoints/linkage`, {
          body: { ...swpCard, lastFourDigitsCardNumber: '1111' },
        })
      ).body,
    ).toMatchObject({ type: 'error', code: 'invalidCardType' });
    const code = (await send(url, 'POST', `${SWP}/shopWithPoints/linkage`, { body: swpCard })).body.rewardLinkCode;
    clock += 10 * 60 * 1000;
    expect(
      (await send(url, 'PUT', `${SWP}/${code}/shopWithPoints/activations`, { body: { linkageConfirmationCode: OTP } }))
        .body.code,
    ).toBe('linkageConfirmationCodeExpired');
  });
});

describe('multi-card balance search', () => {
  const search = (url: string, cardIds: string[]) =>
    send(url, 'POST', '/api/v1/creditCards/rewards/pointBalance/search', {
      body: { cardDetails: cardIds.map((cardId) => ({ cardId })) },
    });
  const [c7411, c5212] = defaultFixture.cards.map((c) => c.cardId as string);

  it('answers the accounts of the given cards, live balances included', async () => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    await send(url, 'POST', `/api/v1/apac/rewards/${code}/redemption`, {
      body: { transactionReferenceNumber: 'R', redemptionOrder: { transactionAmount: 252.1 } },
    });
    const r = await search(url, [c7411, c5212]);
    expect(r.status).toBe(200);
    expect(r.body.rewardAccounts).toEqual([
      expect.objectContaining({
        cardId: c7411,
        displayCardNumber: 'XXXXXXXXXXXX7411',
        availablePointBalance: 9000,
        currencyCode: 'SGD',
        rewardCategoryCode: 'POINTS',
      }),
      expect.objectContaining({
        cardId: c5212,
        displayCardNumber: 'XXXXXXXXXXXX5212',
        availablePointBalance: 15000,
        currencyCode: 'HKD',
      }),
    ]);
  });

  it('an unknown cardId among known ones → rewardAccountErrorDetails; none known → invalidCustomer', async () => {
    const { url } = await harness.start();
    const mixed = await search(url, [c7411, 'deadbeef']);
    expect(mixed.body.rewardAccounts[1]).toEqual({
      cardId: 'deadbeef',
      displayCardNumber: '',
      availablePointBalance: 0,
      rewardAccountErrorDetails: { type: 'error', code: 'accountNotFound', details: expect.any(String) },
    });
    expect(await search(url, ['deadbeef'])).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'invalidCustomer' },
    });
  });

  it('no cards → invalidRequest; more than 10 → exceedsMaximumCardsAllowed', async () => {
    const { url } = await harness.start();
    expect(await search(url, [])).toMatchObject({
      status: 400,
      body: { code: 'invalidRequest', location: 'cardDetails' },
    });
    expect(await search(url, Array(11).fill(c7411))).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'exceedsMaximumCardsAllowed' },
    });
  });
});

describe('the contract self-check itself', () => {
  it('catches a deliberately broken answer', async () => {
    const violations: string[] = [];
    const broken = await createPayWithPointsSandbox();
    // onSend hooks run in order: corrupt first, check second.
    broken.addHook('onSend', (_request, reply, payload, done) => {
      if (reply.statusCode === 400)
        return done(null, JSON.stringify({ type: 'error', code: 'madeUpCode', details: 'sandbox-secret' }));
      done(null, payload);
    });
    addContractSelfCheck(broken, defaultFixture, violations);
    await broken.inject({
      method: 'GET',
      url: '/api/v1/apac/rewards/1/pointBalance',
      headers: {
        authorization: 'Bearer sandbox-static-token',
        uuid: crypto.randomUUID(),
        client_id: 'sandbox-client',
        accept: 'application/json',
      },
    });
    await broken.close();
    expect(violations.join('\n')).toContain('error code "madeUpCode" is not documented for retrieveRewardsBalance 400');
    expect(violations.join('\n')).toContain('secret');
  });
});
