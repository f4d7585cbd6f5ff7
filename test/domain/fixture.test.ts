// The one Pay with Points fixture: its JSON Schema and named rules, each problem located by file and
// JSON pointer (the wording the mock's parser gave, which `pwpkit mock --fixture` tests pin too).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFixture } from '../../domain/pay-with-points/default-fixture.ts';
import {
  cardKey,
  cardLabel,
  cardValues,
  type Fixture,
  FixtureError,
  fixtureSecrets,
  loadFixture,
  parseFixture,
} from '../../domain/pay-with-points/fixture.ts';
import { InputError } from '../../input/errors.ts';

const card = defaultFixture.cards[0];
const withCard = (edit: Record<string, unknown>) => ({
  ...defaultFixture,
  cards: [{ ...card, ...edit }, defaultFixture.cards[1]],
});
const withAccount = (edit: Record<string, unknown>) => withCard({ account: { ...card.account, ...edit } });

describe('fixture: schema and rules', () => {
  it('the default fixture passes, and parsing returns a copy', async () => {
    const parsed = await parseFixture(defaultFixture);
    expect(parsed).toEqual(defaultFixture);
    expect(parsed).not.toBe(defaultFixture);
  });

  it('keeps extra fields: verify sends a card’s fields by name', async () => {
    const parsed = await parseFixture({ ...withCard({ merchantCustomerReferenceId: 'm-1' }), note: 'x' });
    expect(parsed.cards[0]).toMatchObject({ merchantCustomerReferenceId: 'm-1' });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], '/: must be an object with "clients" and "cards"'],
    ['no clients', { cards: [] }, '/clients: must be an array'],
    ['no cards', { clients: defaultFixture.clients }, '/cards: must be an array'],
    ['no client at all', { clients: [], cards: [] }, '/clients: must list at least one client'],
    ['a client that is not an object', { ...defaultFixture, clients: ['x'] }, '/clients/0: must be an object'],
    [
      'an empty client secret',
      { ...defaultFixture, clients: [{ clientId: 'a', clientSecret: '' }] },
      '/clients/0/clientSecret: must be a non-empty string',
    ],
    [
      'a static token with a space',
      { ...defaultFixture, clients: [{ clientId: 'a', clientSecret: 'b', staticTokens: ['a b'] }] },
      '/clients/0/staticTokens/0: must be a non-empty string of printable characters without spaces',
    ],
    [
      'a duplicate client id',
      { ...defaultFixture, clients: [defaultFixture.clients[0], { clientId: 'sandbox-client', clientSecret: 's' }] },
      '/clients/1/clientId: duplicate client id "sandbox-client"',
    ],
    [
      'a duplicate client id with a line break: one line, escaped',
      {
        ...defaultFixture,
        clients: [
          { clientId: 'a\nf.json: / forged', clientSecret: 's' },
          { clientId: 'a\nf.json: / forged', clientSecret: 't' },
        ],
      },
      '/clients/1/clientId: duplicate client id "a\\u000af.json: / forged"',
    ],
    [
      'a duplicate static token',
      {
        ...defaultFixture,
        clients: [defaultFixture.clients[0], { ...defaultFixture.clients[1], staticTokens: ['sandbox-static-token'] }],
      },
      '/clients/1/staticTokens/0: duplicate static token (each token belongs to one client)',
    ],
    [
      'a redirect URL with a fragment',
      { ...defaultFixture, clients: [{ clientId: 'a', clientSecret: 'b', redirectUris: ['https://m.example/#x'] }] },
      '/clients/0/redirectUris/0: must be an absolute http(s) URL without a fragment',
    ],
    [
      'three card digits',
      withCard({ lastFourDigitsCardNumber: '741' }),
      '/cards/0/lastFourDigitsCardNumber: must be four digits',
    ],
    [
      'a missing confirmation code',
      withCard({ linkageConfirmationCode: undefined }),
      '/cards/0/linkageConfirmationCode: must be a non-empty string',
    ],
    [
      'a phone number with letters',
      withCard({ citiCardHolderPhoneNumber: 'call me' }),
      '/cards/0/citiCardHolderPhoneNumber: must be a phone number (digits, optionally with country code)',
    ],
    [
      'a card number not ending in the last four',
      withCard({ cardNumber: '4000123412340000' }),
      '/cards/0/cardNumber: must be 12 to 19 digits ending in 7411',
    ],
    [
      'a negative balance',
      withAccount({ availablePointBalance: -1 }),
      '/cards/0/account/availablePointBalance: must be a whole number of points ≥ 0',
    ],
    [
      'a fraction of a point',
      withAccount({ maximumPointsToRedeem: 1.5 }),
      '/cards/0/account/maximumPointsToRedeem: must be a whole number of points ≥ 0',
    ],
    [
      'an infinite rate',
      withAccount({ programConversionRate: Number.POSITIVE_INFINITY }),
      '/cards/0/account/programConversionRate: must be a finite number',
    ],
    [
      'a zero rate',
      withAccount({ programConversionRate: 0 }),
      '/cards/0/account/programConversionRate: must be a number > 0',
    ],
    [
      'a lower-case currency',
      withAccount({ currencyCode: 'sgd' }),
      '/cards/0/account/currencyCode: must be an ISO 4217 code (three capital letters)',
    ],
    [
      'minimum above maximum',
      withAccount({ minimumPointsToRedeem: 20000 }),
      '/cards/0/account/minimumPointsToRedeem: must not be above maximumPointsToRedeem',
    ],
    [
      'the same card twice',
      { ...defaultFixture, cards: [card, { ...card, cardId: 'other', citiCardHolderPhoneNumber: '260-819-1234' }] },
      '/cards/1: duplicate card: another card has the same last four digits and phone number',
    ],
    [
      'the same cardId twice',
      { ...defaultFixture, cards: [card, { ...defaultFixture.cards[1], cardId: card.cardId }], customers: [] },
      '/cards/1/cardId: duplicate cardId',
    ],
    [
      'a customer holding an unknown card',
      { ...defaultFixture, customers: [{ userId: 'u', password: 'p', cards: ['9999'] }] },
      '/customers/0/cards/0: must be the last four digits of a card of the fixture (7411, 5212)',
    ],
    [
      'a duplicate user id',
      { ...defaultFixture, customers: [defaultFixture.customers?.[0], defaultFixture.customers?.[0]] },
      '/customers/1/userId: duplicate user id "chan.taiman"',
    ],
    [
      'an e2e key that is no PEM',
      { ...defaultFixture, e2eKey: { keyIdentifier: 'k', privateKeyPem: 'secret' } },
      '/e2eKey/privateKeyPem: must be an RSA private key in PEM',
    ],
  ])('%s → FixtureError at its pointer', async (_what, value, message) => {
    const error = await parseFixture(value, 'f.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixtureError);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`f.json: ${message}`);
  });

  it('loadFixture names the file: missing, not JSON, a BOM is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-domain-fixture-'));
    await expect(loadFixture(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: \/: file not found$/);
    writeFileSync(join(dir, 'bad.json'), '{ clients: [] ');
    await expect(loadFixture(join(dir, 'bad.json'), '--fixture bad.json')).rejects.toThrow(
      /^--fixture bad\.json: \/: not valid JSON/,
    );
    writeFileSync(join(dir, 'ok.json'), `\uFEFF${JSON.stringify(defaultFixture)}`);
    await expect(loadFixture(join(dir, 'ok.json'))).resolves.toEqual(defaultFixture);
  });
});

describe('fixture: card identity and secrets', () => {
  it('a card is found by its last four digits and the digits of its phone number', () => {
    expect(cardKey('7411', '+65 2608-1912')).toBe(cardKey('7411', '6526081912'));
    expect(cardLabel(card)).toBe('card …7411');
  });

  it('a card contributes its fields and its account’s to requests', () => {
    expect(cardValues(card)).toMatchObject({ lastFourDigitsCardNumber: '7411', currencyCode: 'SGD' });
  });

  it('secrets: client secrets, static tokens, codes, phone and card numbers, passwords', () => {
    const f: Fixture = defaultFixture;
    expect(fixtureSecrets(f)).toEqual(
      expect.arrayContaining([
        'sandbox-secret',
        'sandbox-static-token',
        '735937',
        '2608191234',
        '4000123412347411',
        'Sandbox-Pass-1',
      ]),
    );
    expect(fixtureSecrets(f)).not.toContain('sandbox-client');
  });
});
