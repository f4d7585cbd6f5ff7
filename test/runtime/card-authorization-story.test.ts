/**
 * The card-authorization story through the typed clients, end to end against the mock: a Hong
 * Kong merchant enrols the customer's card (E2E-encrypted number), the customer reads the
 * one-time password from the SMS, the merchant activates the card access token and calls Pay with
 * Points with it, the token is refreshed, then revoked, and the next call is refused with the
 * documented 401. No log line or error message carries a token, refresh token, OTP or secret.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardAccessToken, encryptWithE2eKey, type ClientLogEvent, type TokenSource } from '@pwpkit/runtime';
import { createAuthorizeClient } from '../../generated/authorize/client.ts';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const CLIENT = 'sandbox-client';
const SECRET = 'sandbox-secret';
const PAN = '5500123412345212'; // fixture card …5212 (HKD), phone 6563471895
const SMS_OTP = '482916'; // what the sandbox "sends" by SMS: the card's confirmation code
const BASIC = `Basic ${btoa(`${CLIENT}:${SECRET}`)}`;

let mock: Awaited<ReturnType<typeof startPayWithPointsSandbox>>;
beforeAll(async () => {
  mock = await startPayWithPointsSandbox({ port: 0 });
});
afterAll(() => mock?.close());

it('enrol → OTP → activate → Pay with Points with the card token → refresh → revoke → 401', async () => {
  const logs: ClientLogEvent[] = [];
  const errors: string[] = [];
  const card = cardAccessToken({ baseUrl: mock.url, clientId: CLIENT, clientSecret: SECRET });
  // Every token the clients send, to show the revoked one is refused by the provider itself.
  const sent: string[] = [];
  const recorded: TokenSource = {
    get: async (signal) => {
      const t = await card.get(signal);
      sent.push(t);
      return t;
    },
    invalidate: (t) => card.invalidate(t),
    secrets: () => card.secrets(),
  };
  const pwp = createPayWithPointsClient({
    baseUrl: mock.url,
    clientId: CLIENT,
    token: recorded,
    logger: (e) => logs.push(e),
  });

  const enrolled = await card.enrol(PAN);
  expect(enrolled).toEqual({ ok: true, value: { expiresInS: 300, maskedMobileNumber: 'XXXXXX1895' } });
  expect(await card.activate(SMS_OTP)).toEqual({ ok: true });

  const link = await pwp.enrollInPayWithPoints({
    body: {
      lastFourDigitsCardNumber: '5212',
      citiCardHolderPhoneNumber: '6563471895',
      merchantCustomerReferenceId: 'HK-0001',
    },
  });
  if (!link.ok) throw new Error(`enrolment refused: ${link.kind}`);
  const rewardLinkCode = link.data.rewardLinkCode!;
  expect((await pwp.tokenActivation({ rewardLinkCode, body: { linkageConfirmationCode: SMS_OTP } })).ok).toBe(true);

  const before = sent.at(-1)!;
  expect((await card.refresh()).ok).toBe(true);
  const balance = await pwp.retrieveRewardsBalance({ rewardLinkCode });
  if (!balance.ok) throw new Error(`balance refused: ${balance.kind}`);
  expect(balance.data).toMatchObject({ availablePointBalance: 15000, currencyCode: 'HKD' });
  const after = sent.at(-1)!;
  expect(after).not.toBe(before); // the refreshed token was used

  expect(await card.revoke()).toEqual({ ok: true });
  // The source no longer hands out the revoked token…
  await card.get().catch((e: Error) => errors.push(e.message));
  expect(errors).toEqual([expect.stringMatching(/revoked/)]);
  // …and the provider refuses it: the next call with it gets the documented 401.
  const stale = createPayWithPointsClient({
    baseUrl: mock.url,
    clientId: CLIENT,
    token: after,
    logger: (e) => logs.push(e),
  });
  const refused = await stale.retrieveRewardsBalance({ rewardLinkCode });
  expect(refused.ok).toBe(false);
  if (refused.ok || refused.kind !== 'error') throw new Error(`expected a documented error, got ${refused.kind}`);
  expect(refused.status).toBe(401);
  if (refused.status === 401) expect(refused.error).toMatchObject({ type: 'error', code: 'unAuthorized' });

  const everything = JSON.stringify({ logs, errors });
  for (const secret of [SECRET, SMS_OTP, PAN, before, after, ...card.secrets()])
    expect(everything).not.toContain(secret);
});

it('the generated Authorize client, same flow: typed wrong-OTP errors, form bodies for refresh/revoke', async () => {
  const auth = createAuthorizeClient({ baseUrl: mock.url, clientId: CLIENT, token: 'sandbox-static-token' });
  const basic = { headers: { authorization: BASIC } };
  const key = await auth.retrieveE2ePublicKeyPreLogin();
  if (!key.ok) throw new Error(`no key: ${key.kind}`);
  const enrol = await auth.enrollAndGenerateCardAccessToken(
    {
      countrycode: 'hk',
      businesscode: 'gcb',
      body: {
        cardNumber: await encryptWithE2eKey(key.data, PAN),
        keyIdentifier: key.data.keyIdentifier ?? 'CARD_LOGIN',
      },
    },
    basic,
  );
  if (!enrol.ok) throw new Error(`enrolment refused: ${enrol.kind}`);
  const pending = enrol.data.access_token;

  const wrong = await auth.activateCardAccessToken(
    { countrycode: 'hk', businesscode: 'gcb', body: { access_token: pending, otp: '000000' } },
    basic,
  );
  expect(wrong.ok).toBe(false);
  if (!wrong.ok && wrong.kind === 'error' && wrong.status === 400)
    expect(wrong.error.code).toBe('activationFailed'); // only documented codes compile here
  else throw new Error('expected 400 activationFailed');

  const active = await auth.activateCardAccessToken(
    { countrycode: 'hk', businesscode: 'gcb', body: { access_token: pending, otp: SMS_OTP } },
    basic,
  );
  if (!active.ok) throw new Error(`activation refused: ${active.kind}`);
  const refreshed = await auth.refreshCardAccessToken(
    { body: { grant_type: 'refresh_token', refresh_token: active.data.refresh_token } },
    basic,
  );
  if (!refreshed.ok) throw new Error(`refresh refused: ${refreshed.kind}`);
  const again = await auth.refreshCardAccessToken(
    { body: { grant_type: 'refresh_token', refresh_token: active.data.refresh_token } },
    basic,
  );
  expect(!again.ok && again.kind === 'error' && again.status === 400 && again.error.code).toBe('invalidRefreshToken');

  const withCard = createAuthorizeClient({ baseUrl: mock.url, clientId: CLIENT, token: refreshed.data.access_token });
  expect((await withCard.retrieveE2ePublicKeyPreLogin()).ok).toBe(true);
  expect(
    (
      await auth.revokeCardAccessToken(
        { body: { token: refreshed.data.access_token, token_type_hint: 'access_token' } },
        basic,
      )
    ).ok,
  ).toBe(true);
  const dead = await withCard.retrieveE2ePublicKeyPreLogin();
  expect(!dead.ok && dead.kind === 'error' && dead.status === 401 && dead.error.code).toBe('unAuthorized');
});
