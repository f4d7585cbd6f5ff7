// The provider-state vocabulary: every sentence the committed pacts carry reads back to a state that
// writes the very same sentence, so the typed vocabulary and the protocol cannot drift.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PROVIDER_STATE_EXAMPLES,
  parseProviderState,
  providerStateSentence,
  type ProviderState,
} from '../../domain/pay-with-points/provider-states.ts';

const pactsDir = resolve(import.meta.dirname, '../../contracts/pacts');
const pactStates = readdirSync(pactsDir).flatMap((file) => {
  const pact: { interactions: Array<{ providerStates?: Array<{ name: string }> }> } = JSON.parse(
    readFileSync(join(pactsDir, file), 'utf8'),
  );
  return pact.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name));
});

describe('provider-state vocabulary', () => {
  it('reads every sentence of the committed pacts and writes it back unchanged', () => {
    expect(pactStates.length).toBeGreaterThan(20);
    for (const sentence of new Set(pactStates)) {
      const state = parseProviderState(sentence);
      expect(state, sentence).toBeDefined();
      if (state) expect(providerStateSentence(state)).toBe(sentence);
    }
  });

  it.each<[string, ProviderState]>([
    ['card 7411 is not enrolled', { kind: 'cardNotEnrolled', card: '7411' }],
    [
      'card 7411 is enrolled in Shop with Points and awaiting activation',
      { kind: 'linkAwaitingActivation', card: '7411', program: 'shopWithPoints' },
    ],
    [
      'card 7411 is enrolled and has failed activation once',
      { kind: 'linkFailedActivation', card: '7411', failures: 1 },
    ],
    [
      'card 7411 is enrolled and has failed activation 3 times',
      { kind: 'linkFailedActivation', card: '7411', failures: 3 },
    ],
    [
      'card 5212 is enrolled in Shop with Points and its confirmation code has expired',
      { kind: 'confirmationCodeExpired', card: '5212', program: 'shopWithPoints' },
    ],
    [
      'card 7411 is enrolled and active with 600 points but order ids cannot be generated',
      { kind: 'linkActive', card: '7411', points: 600, refusal: 'errorGeneratingOrderId' },
    ],
    [
      'card 5212 has a card access token whose one-time password has expired',
      { kind: 'cardAccessToken', card: '5212', condition: 'otpExpired' },
    ],
    [
      "customer chan.taiman has revoked the client's access",
      { kind: 'customerGrant', userId: 'chan.taiman', condition: 'revoked' },
    ],
    [
      'customer lee.siuming has authorized the client but the access token has expired',
      { kind: 'customerGrant', userId: 'lee.siuming', condition: 'accessTokenExpired' },
    ],
    ['the service is unavailable', { kind: 'serviceUnavailable' }],
  ])('"%s" ⇄ its state', (sentence, state) => {
    expect(parseProviderState(sentence)).toEqual(state);
    expect(providerStateSentence(state)).toBe(sentence);
  });

  it('reads the program words a sentence may spell out, and trims white space', () => {
    expect(parseProviderState('  card 7411 is enrolled in Pay with Points and active with 5 points ')).toEqual({
      kind: 'linkActive',
      card: '7411',
      program: 'payWithPoints',
      points: 5,
    });
  });

  it.each([
    'card 741 is not enrolled',
    'card 7411 is enrolled and active with 10000 points but sleeping',
    'card 7411 has a card access token that is asleep',
    'pwpkit verify is about to run',
    '',
  ])('"%s" names no state', (sentence) => {
    expect(parseProviderState(sentence)).toBeUndefined();
  });

  it('its examples cover every kind, each written as a sentence it reads back', () => {
    const kinds = new Set(PROVIDER_STATE_EXAMPLES.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(
      [
        'cardAccessToken',
        'cardNotEnrolled',
        'confirmationCodeExpired',
        'customerGrant',
        'linkActive',
        'linkAwaitingActivation',
        'linkFailedActivation',
        'rewardLinkMissing',
        'serviceUnavailable',
      ].sort(),
    );
    for (const state of PROVIDER_STATE_EXAMPLES)
      expect(parseProviderState(providerStateSentence(state))).toEqual(state);
  });
});
