import { SANDBOX_E2E_PRIVATE_KEY_PEM } from './sandbox-e2e-key.ts';
import type { Fixture } from './fixture.ts';

/**
 * The embedded sandbox data, built from the spec's and seed 003's examples. Documented in the
 * README ("Sandbox"): change it there too.
 *
 * - `sandbox-client` / `sandbox-secret` (static bearer token `sandbox-static-token`, the one the
 *   Pact contracts use) and `other-client` / `other-secret` (`other-static-token`), a second
 *   merchant to show that tokens are bound to their client.
 * - Card 7411 (phone 2608191234, confirmation code 735937): 10000 SGD points at 0.2521 SGD a
 *   point, 500 to 10000 points a redemption; its cardId is seed 003's example.
 * - Card 5212 (phone 6563471895, confirmation code 482916): 15000 HKD points at 0.2521, 5000 to
 *   10000 points a redemption.
 * - Authorize API: the cards' full numbers (card authorization; the one-time password is the
 *   card's confirmation code), two customers for the login and consent page (`chan.taiman` /
 *   `Sandbox-Pass-1` holds card 5212, `lee.siuming` / `Sandbox-Pass-2` holds 7411), redirect URLs
 *   per client, and the E2E key pair (keyIdentifier `CARD_LOGIN`).
 */
export const defaultFixture: Fixture = {
  clients: [
    {
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      staticTokens: ['sandbox-static-token'],
      redirectUris: ['http://127.0.0.1/callback', 'http://localhost/callback', 'https://merchant.example/callback'],
    },
    {
      clientId: 'other-client',
      clientSecret: 'other-secret',
      staticTokens: ['other-static-token'],
      redirectUris: ['https://other-merchant.example/callback'],
    },
  ],
  cards: [
    {
      lastFourDigitsCardNumber: '7411',
      citiCardHolderPhoneNumber: '2608191234',
      linkageConfirmationCode: '735937',
      cardId: '3255613852316f2b4d4d796c344e38756339654972776f663745446e6d4c32486f455a4165374a476858343d',
      cardNumber: '4000123412347411',
      account: {
        availablePointBalance: 10000,
        programConversionRate: 0.2521,
        currencyCode: 'SGD',
        minimumPointsToRedeem: 500,
        maximumPointsToRedeem: 10000,
      },
    },
    {
      lastFourDigitsCardNumber: '5212',
      citiCardHolderPhoneNumber: '6563471895',
      linkageConfirmationCode: '482916',
      cardId: '376b5071325678394c6342346d5a72314e793873576430487435476641654a337551366f4b625869546c383d',
      cardNumber: '5500123412345212',
      account: {
        availablePointBalance: 15000,
        programConversionRate: 0.2521,
        currencyCode: 'HKD',
        minimumPointsToRedeem: 5000,
        maximumPointsToRedeem: 10000,
      },
    },
  ],
  customers: [
    { userId: 'chan.taiman', password: 'Sandbox-Pass-1', cards: ['5212'] },
    { userId: 'lee.siuming', password: 'Sandbox-Pass-2', cards: ['7411'] },
  ],
  e2eKey: { keyIdentifier: 'CARD_LOGIN', privateKeyPem: SANDBOX_E2E_PRIVATE_KEY_PEM },
};
