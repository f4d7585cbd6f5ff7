/**
 * The fixture's rules that relate two values, which JSON Schema cannot say: each a named check over
 * a fixture whose shape the schema has already checked, giving the first problem (or undefined).
 */
import { cardKeyOf, type Fixture } from './fixture.ts';
import type { FixtureProblem } from './fixture-schema-check.ts';

type Rule = (fixture: Fixture) => FixtureProblem | undefined;

/** A client id names one client. */
const uniqueClientIds: Rule = (f) =>
  firstDuplicate(
    f.clients.map((c, i) => [c.clientId, `/clients/${i}/clientId`]),
    (id) => `duplicate client id "${id}"`,
  );

/** A static token belongs to one client: it is how the sandbox knows who calls. */
const uniqueStaticTokens: Rule = (f) =>
  firstDuplicate(
    f.clients.flatMap((c, i) => (c.staticTokens ?? []).map((t, j) => [t, `/clients/${i}/staticTokens/${j}`] as const)),
    () => 'duplicate static token (each token belongs to one client)',
  );

/** A redirect URL is an absolute http(s) URL, without a fragment or credentials (RFC 6749 3.1.2). */
const httpRedirectUris: Rule = (f) => {
  for (const [i, c] of f.clients.entries())
    for (const [j, u] of (c.redirectUris ?? []).entries())
      if (!isHttpUrl(u))
        return {
          pointer: `/clients/${i}/redirectUris/${j}`,
          message: 'must be an absolute http(s) URL without a fragment',
        };
  return undefined;
};

/** Enrolment finds a card by its last four digits and phone number: two cards may not share both. */
const uniqueCards: Rule = (f) =>
  firstDuplicate(
    f.cards.map((c, i) => [cardKeyOf(c), `/cards/${i}`]),
    () => 'duplicate card: another card has the same last four digits and phone number',
  );

/** Multi-card search finds a card by its cardId. */
const uniqueCardIds: Rule = (f) =>
  firstDuplicate(
    f.cards.flatMap((c, i) => (c.cardId === undefined ? [] : [[c.cardId, `/cards/${i}/cardId`] as const])),
    () => 'duplicate cardId',
  );

/** A card's full number ends in its last four digits. */
const cardNumberEndsInLastFour: Rule = (f) => {
  for (const [i, c] of f.cards.entries())
    if (c.cardNumber !== undefined && !c.cardNumber.endsWith(c.lastFourDigitsCardNumber))
      return {
        pointer: `/cards/${i}/cardNumber`,
        message: `must be 12 to 19 digits ending in ${c.lastFourDigitsCardNumber}`,
      };
  return undefined;
};

/** Numbers given as a JavaScript object (not JSON) may be infinite or NaN, which ajv accepts as numbers. */
const finiteAccountNumbers: Rule = (f) => {
  for (const [i, c] of f.cards.entries())
    for (const [key, n] of Object.entries(c.account))
      if (typeof n === 'number' && !Number.isFinite(n))
        return { pointer: `/cards/${i}/account/${key}`, message: 'must be a finite number' };
  return undefined;
};

/** A redemption's minimum is not above its maximum. */
const minimumNotAboveMaximum: Rule = (f) => {
  for (const [i, { account: a }] of f.cards.entries())
    if (a.minimumPointsToRedeem !== undefined && a.maximumPointsToRedeem !== undefined)
      if (a.minimumPointsToRedeem > a.maximumPointsToRedeem)
        return {
          pointer: `/cards/${i}/account/minimumPointsToRedeem`,
          message: 'must not be above maximumPointsToRedeem',
        };
  return undefined;
};

/** A user id names one customer. */
const uniqueUserIds: Rule = (f) =>
  firstDuplicate(
    (f.customers ?? []).map((c, i) => [c.userId, `/customers/${i}/userId`]),
    (id) => `duplicate user id "${id}"`,
  );

/** A customer holds cards of the fixture, named by their last four digits. */
const customersHoldFixtureCards: Rule = (f) => {
  const lastFours = new Set(f.cards.map((c) => c.lastFourDigitsCardNumber));
  for (const [i, c] of (f.customers ?? []).entries())
    for (const [j, d] of c.cards.entries())
      if (!lastFours.has(d))
        return {
          pointer: `/customers/${i}/cards/${j}`,
          message: `must be the last four digits of a card of the fixture (${[...lastFours].join(', ')})`,
        };
  return undefined;
};

/** In the order a reader meets the values, so the first problem is the first in the file. */
const FIXTURE_RULES: readonly Rule[] = [
  uniqueClientIds,
  uniqueStaticTokens,
  httpRedirectUris,
  uniqueCards,
  uniqueCardIds,
  cardNumberEndsInLastFour,
  finiteAccountNumbers,
  minimumNotAboveMaximum,
  uniqueUserIds,
  customersHoldFixtureCards,
];

export function checkFixtureRules(fixture: Fixture): FixtureProblem | undefined {
  for (const rule of FIXTURE_RULES) {
    const problem = rule(fixture);
    if (problem) return problem;
  }
  return undefined;
}

function firstDuplicate(
  entries: ReadonlyArray<readonly [string, string]>,
  message: (value: string) => string,
): FixtureProblem | undefined {
  const seen = new Set<string>();
  for (const [value, pointer] of entries) {
    if (seen.has(value)) return { pointer, message: message(value) };
    seen.add(value);
  }
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && u.hash === '' && u.username === '' && u.password === ''
    );
  } catch {
    return false;
  }
}
