import { createHash } from 'node:crypto';
import { MatchersV3 } from '@pact-foundation/pact';

/** The pair every committed pact is written for. */
export const CONSUMER = 'merchant-checkout';
export const PROVIDER = 'citi-pay-with-points';
export const PACT_FILE = `${CONSUMER}-${PROVIDER}.json`;

/**
 * Sandbox values of the provider's default fixture (pwpkit mock). None is a secret: the static
 * token is a sandbox placeholder the mock accepts (pact-verify `--token` swaps it for a real one),
 * the client id is public, and the card / phone / confirmation code are the spec's examples.
 */
export const SANDBOX = {
  clientId: 'sandbox-client',
  token: 'sandbox-static-token',
  unknownToken: 'expired-sandbox-token',
  card: '7411',
  phone: '2608191234',
  confirmationCode: '735937',
  wrongConfirmationCode: '000000',
  rewardLinkCode: '9035268',
  unknownRewardLinkCode: '0000000',
  conversionRate: 0.2521,
  currency: 'SGD',
  minimumPoints: 500,
  maximumPoints: 10000,
  balance: 10000,
} as const;

/** RFC 4122 (versions 1–5, variant 10xx), any case. */
export const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
/** RFC 6750 `b64token` after `Bearer `. */
export const BEARER_PATTERN = '^Bearer [A-Za-z0-9\\-._~+/]+=*$';

/**
 * A fixed, valid v4-shaped UUID per interaction (so pact files are byte-for-byte reproducible and
 * no two interactions replay the same request id at the provider).
 */
export function exampleUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = '89ab'[parseInt(h[16], 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Points for an amount as the provider computes them: `round(amount / programConversionRate)`.
 * Used so that every amount in the contracts is one the provider judges the way the case says.
 */
export function pointsFor(amount: number): number {
  return Math.round(amount / SANDBOX.conversionRate);
}

const { regex } = MatchersV3;

/** The headers the typed client sends on every call, as matchers with harmless examples. */
export function clientHeaders(seed: string, options: { body?: boolean; authorization?: string } = {}) {
  return {
    Authorization: options.authorization ?? regex(BEARER_PATTERN, `Bearer ${SANDBOX.token}`),
    uuid: regex(UUID_PATTERN, exampleUuid(seed)),
    client_id: SANDBOX.clientId,
    Accept: 'application/json',
    ...(options.body ? { 'Content-Type': 'application/json' } : {}),
  };
}
