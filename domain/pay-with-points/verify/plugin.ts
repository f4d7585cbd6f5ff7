import { operations as authorize } from '../../../generated/authorize/operations.ts';
import { operations as payWithPoints } from '../../../generated/pay-with-points/operations.ts';
import { operations as rewardsApac } from '../../../generated/rewards-apac/operations.ts';
import type { FixtureSubject, VerifyPlugin } from '../../../verifier/plugin.ts';
import { defaultFixture } from '../default-fixture.ts';
import { cardLabel, cardValues, type Fixture, type FixtureCard } from '../fixture.ts';
import { providerStateSentence } from '../provider-states.ts';
import { authorizeScenarios, authorizeStateChecks } from './authorize.ts';
import { linkStateChecks } from './link-states.ts';
import { Lifecycle } from './lifecycle.ts';

/** The fields a fixture card may carry (README: the fixture shape); `cardId` is optional there. */
const CARD_FIELDS = ['lastFourDigitsCardNumber', 'citiCardHolderPhoneNumber', 'linkageConfirmationCode', 'cardId'];

/** The operations of the family's three APIs: the plug-in has something to say where one of them is verified. */
const FAMILY_OPERATIONS = new Set(
  [payWithPoints, rewardsApac, authorize].flatMap((operations) => Object.keys(operations)),
);

/** A card as verify's lanes see it: named by its last four digits, never more. */
function subjectOf(card: FixtureCard): FixtureSubject {
  return {
    key: card.lastFourDigitsCardNumber,
    label: cardLabel(card),
    values: cardValues(card),
    secrets: [card.linkageConfirmationCode, card.citiCardHolderPhoneNumber, card.cardNumber].filter(
      (s): s is string => s !== undefined,
    ),
  };
}

/**
 * Pay with Points (and its Authorize API) plugged into `pwpkit verify`: the fixture's cards are
 * the subjects lanes enrol, the lifecycle and OAuth scenarios, the provider states of the family's
 * vocabulary (outage, expired codes, refused orders, expired customer tokens). Default: the
 * fixture the sandbox serves.
 */
export function payWithPointsVerifyPlugin(fixture: Fixture = defaultFixture): VerifyPlugin {
  const subjects = fixture.cards.map(subjectOf);
  const cardOf = (subject: FixtureSubject | undefined) =>
    subject && fixture.cards.find((c) => c.lastFourDigitsCardNumber === subject.key);
  const client = fixture.clients[0];
  return {
    appliesTo: (apis) => apis.some((api) => Object.keys(api.operations).some((name) => FAMILY_OPERATIONS.has(name))),
    fixture: {
      subjects,
      noun: 'card',
      fields: [...new Set([...CARD_FIELDS, ...fixture.cards.flatMap((c) => Object.keys(c))])].filter(
        (k) => k !== 'account',
      ),
      ...(client ? { client: { clientId: client.clientId, clientSecret: client.clientSecret } } : {}),
      secrets: [
        ...fixture.clients.flatMap((c) => [c.clientSecret, ...(c.staticTokens ?? [])]),
        ...(fixture.customers ?? []).map((c) => c.password),
      ],
    },
    activationInput: "the fixture's confirmation code",
    states: {
      neutral: (subject) => subject && providerStateSentence({ kind: 'cardNotEnrolled', card: subject.key }),
      outage: providerStateSentence({ kind: 'serviceUnavailable' }),
      async checks(lc, families, states, reauthenticate) {
        await linkStateChecks(lc, families, states, reauthenticate, cardOf(lc.fixture.subjects[0]));
        await authorizeStateChecks(lc, fixture, states);
      },
    },
    scenarios: {
      lifecycle: {
        start: (lc, family, subject) => new Lifecycle(lc, family, cardOf(subject)!, fixture.cards),
      },
      lanes: (lc, only) => authorizeScenarios(lc, fixture, only),
    },
  };
}
