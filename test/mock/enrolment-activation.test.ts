import { afterEach, describe, expect, it } from 'vitest';
import { activeLink, CARD, mockHarness, OTHER_STATIC, OTP, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const P = '/api/v1/apac/rewards';
const enrol = (url: string, body: unknown = CARD, headers: Record<string, string> = {}) =>
  send(url, 'POST', `${P}/linkage`, { body, headers });
const activate = (url: string, code: string, otp: string) =>
  send(url, 'PUT', `${P}/${code}/activations`, { body: { linkageConfirmationCode: otp } });
const balance = (url: string, code: string) => send(url, 'GET', `${P}/${code}/pointBalance`);

describe('enrolment', () => {
  it('answers a fresh, unique 7-digit rewardLinkCode per enrolment', async () => {
    const { url } = await harness.start();
    const a = await enrol(url);
    const b = await enrol(url, {
      lastFourDigitsCardNumber: '5212',
      citiCardHolderPhoneNumber: '6563471895',
      merchantCustomerReferenceId: 'P125121001',
    });
    expect(a.status).toBe(200);
    expect(a.body.rewardLinkCode).toMatch(/^\d{7}$/);
    expect(b.body.rewardLinkCode).toMatch(/^\d{7}$/);
    expect(a.body.rewardLinkCode).not.toBe(b.body.rewardLinkCode);
  });

  it('an unknown card (digits or phone do not match) → 400 error invalidCardType', async () => {
    const { url } = await harness.start();
    for (const card of [
      { ...CARD, lastFourDigitsCardNumber: '0000' },
      { ...CARD, citiCardHolderPhoneNumber: '6563471895' },
    ]) {
      const r = await enrol(url, card);
      expect(r).toMatchObject({ status: 400, body: { type: 'error', code: 'invalidCardType' } });
      expect(r.text).not.toContain(card.citiCardHolderPhoneNumber);
    }
  });

  it('enrolling an active card again → 400 error cardAlreadyRegistered', async () => {
    const { url } = await harness.start();
    await activeLink(url);
    expect(await enrol(url)).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'cardAlreadyRegistered', details: 'The card is already registered' },
    });
  });

  it('enrolling a pending card again replaces the pending link', async () => {
    const { url } = await harness.start();
    const first = (await enrol(url)).body.rewardLinkCode;
    const second = (await enrol(url)).body.rewardLinkCode;
    expect(second).not.toBe(first);
    expect((await activate(url, first, OTP)).body.code).toBe('activationFailed');
    expect((await activate(url, second, OTP)).status).toBe(200);
  });

  it('another merchant (client) may link the same card', async () => {
    const { url } = await harness.start();
    await activeLink(url);
    const other = await enrol(url, CARD, { authorization: `Bearer ${OTHER_STATIC}`, client_id: 'other-client' });
    expect(other.status).toBe(200);
  });
});

describe('activation', () => {
  it('two wrong codes → activationFailed, the third → exceedsMaximumAttempts; the link stays dead', async () => {
    const { url } = await harness.start();
    const code = (await enrol(url)).body.rewardLinkCode;
    expect(await activate(url, code, '111111')).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'activationFailed', location: 'linkageConfirmationCode' },
    });
    expect(await activate(url, code, '222222')).toMatchObject({ status: 400, body: { code: 'activationFailed' } });
    expect(await activate(url, code, '333333')).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'exceedsMaximumAttempts' },
    });
    expect(await activate(url, code, OTP)).toMatchObject({ status: 400, body: { code: 'exceedsMaximumAttempts' } });
    expect(await balance(url, code)).toMatchObject({ status: 400, body: { code: 'inactiveRewardLinkCode' } });
    // Link the card again: a new code works.
    const again = (await enrol(url)).body.rewardLinkCode;
    expect((await activate(url, again, OTP)).status).toBe(200);
  });

  it('a right code after two wrong ones still activates', async () => {
    const { url } = await harness.start();
    const code = (await enrol(url)).body.rewardLinkCode;
    await activate(url, code, '1');
    await activate(url, code, '2');
    const r = await activate(url, code, OTP);
    expect(r.status).toBe(200);
    expect(r.text).toBe(''); // Pay with Points documents no body for 200
  });

  it('more than five minutes after enrolment → linkageConfirmationCodeExpired (injected clock)', async () => {
    let clock = 1_700_000_000_000;
    const { url } = await harness.start({ now: () => clock });
    const onTime = (await enrol(url)).body.rewardLinkCode;
    clock += 5 * 60 * 1000; // exactly five minutes: still valid
    expect((await activate(url, onTime, OTP)).status).toBe(200);

    await send(url, 'DELETE', `${P}/${onTime}`);
    const late = (await enrol(url)).body.rewardLinkCode;
    clock += 5 * 60 * 1000 + 1;
    expect(await activate(url, late, OTP)).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'linkageConfirmationCodeExpired' },
    });
    expect(await activate(url, late, '000000')).toMatchObject({
      status: 400,
      body: { code: 'linkageConfirmationCodeExpired' },
    });
  });

  it('an unknown rewardLinkCode → activationFailed (activation documents no invalidRewardLinkCode)', async () => {
    const { url } = await harness.start();
    expect(await activate(url, '1234567', OTP)).toMatchObject({
      status: 400,
      body: { type: 'error', code: 'activationFailed', location: 'rewardLinkCode' },
    });
  });

  it('activating an active link again: the right code is a no-op 200, a wrong one activationFailed', async () => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    expect((await activate(url, code, OTP)).status).toBe(200);
    expect((await activate(url, code, '000000')).body.code).toBe('activationFailed');
    expect((await activate(url, code, '000000')).body.code).toBe('activationFailed'); // not counted once active
  });
});

describe('balance', () => {
  it('before activation → 400 invalid inactiveRewardLinkCode', async () => {
    const { url } = await harness.start();
    const code = (await enrol(url)).body.rewardLinkCode;
    expect(await balance(url, code)).toMatchObject({
      status: 400,
      body: { type: 'invalid', code: 'inactiveRewardLinkCode', details: 'Reward link code is inactive' },
    });
  });

  it('an unknown code → 400 error invalidRewardLinkCode', async () => {
    const { url } = await harness.start();
    for (const code of ['0000000', '9035268', 'x'.repeat(300), 'a b']) {
      expect(await balance(url, encodeURIComponent(code))).toMatchObject({
        status: 400,
        body: { type: 'error', code: 'invalidRewardLinkCode' },
      });
    }
  });

  it("answers the card's account", async () => {
    const { url } = await harness.start();
    const code = await activeLink(
      url,
      {
        lastFourDigitsCardNumber: '5212',
        citiCardHolderPhoneNumber: '6563471895',
        merchantCustomerReferenceId: 'P125121001',
      },
      '482916',
    );
    expect((await balance(url, code)).body).toEqual({
      availablePointBalance: 15000,
      programConversionRate: 0.2521,
      currencyCode: 'HKD',
      maximumPointsToRedeem: 10000,
      minimumPointsToRedeem: 5000,
    });
  });
});

describe('de-registration (rewards-apac)', () => {
  it('ends the link: afterwards its code is unknown everywhere, and the card can be enrolled again', async () => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    const r = await send(url, 'DELETE', `${P}/${code}`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect((await balance(url, code)).body.code).toBe('invalidRewardLinkCode');
    expect(
      (
        await send(url, 'POST', `${P}/${code}/redemption`, {
          body: { transactionReferenceNumber: 'r', redemptionOrder: { transactionAmount: 200 } },
        })
      ).body.code,
    ).toBe('invalidRewardLinkCode');
    expect((await send(url, 'DELETE', `${P}/${code}`)).body).toMatchObject({
      type: 'error',
      code: 'invalidRewardLinkCode',
    });
    expect((await enrol(url)).status).toBe(200);
  });

  it('also ends a pending link', async () => {
    const { url } = await harness.start();
    const code = (await enrol(url)).body.rewardLinkCode;
    expect((await send(url, 'DELETE', `${P}/${code}`)).status).toBe(200);
    expect((await activate(url, code, OTP)).body.code).toBe('activationFailed');
  });
});
