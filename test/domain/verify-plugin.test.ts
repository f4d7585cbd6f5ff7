import { describe, expect, it } from 'vitest';
import { defaultFixture } from '../../domain/pay-with-points/default-fixture.ts';
import { payWithPointsVerifyPlugin } from '../../domain/pay-with-points/verify/plugin.ts';

describe('the Pay with Points plug-in of verify', () => {
  const plugin = payWithPointsVerifyPlugin(defaultFixture);

  it('makes each fixture card a subject named by its last four digits, never more', () => {
    expect(plugin.fixture.subjects.map((s) => [s.key, s.label])).toEqual(
      defaultFixture.cards.map((c) => [c.lastFourDigitsCardNumber, `card …${c.lastFourDigitsCardNumber}`]),
    );
    const [first] = plugin.fixture.subjects;
    const card = defaultFixture.cards[0];
    expect(first.values).toMatchObject({ ...card.account, lastFourDigitsCardNumber: card.lastFourDigitsCardNumber });
    expect(first.values).not.toHaveProperty('account');
  });

  it('keeps every fixture secret out of reports: codes, phone and card numbers, client secrets, passwords', () => {
    const secrets = [...plugin.fixture.secrets, ...plugin.fixture.subjects.flatMap((s) => s.secrets)];
    for (const card of defaultFixture.cards) {
      expect(secrets).toContain(card.linkageConfirmationCode);
      expect(secrets).toContain(card.citiCardHolderPhoneNumber);
      if (card.cardNumber) expect(secrets).toContain(card.cardNumber);
    }
    for (const client of defaultFixture.clients) expect(secrets).toContain(client.clientSecret);
    for (const customer of defaultFixture.customers ?? []) expect(secrets).toContain(customer.password);
    expect(secrets).not.toContain(defaultFixture.cards[0].lastFourDigitsCardNumber);
  });

  it('speaks the family vocabulary: the neutral and outage states the mock parses', () => {
    expect(plugin.states?.neutral(plugin.fixture.subjects[0])).toBe(
      `card ${defaultFixture.cards[0].lastFourDigitsCardNumber} is not enrolled`,
    );
    expect(plugin.states?.neutral(undefined)).toBeUndefined();
    expect(plugin.states?.outage).toBe('the service is unavailable');
  });

  it('names the card fields a request can only take from a card, and the client verify runs as', () => {
    expect(plugin.fixture.fields).toEqual(
      expect.arrayContaining(['lastFourDigitsCardNumber', 'citiCardHolderPhoneNumber', 'linkageConfirmationCode']),
    );
    expect(plugin.fixture.fields).toContain('cardId');
    expect(plugin.fixture.fields).not.toContain('account');
    expect(plugin.fixture.fields).not.toContain('availablePointBalance');
    expect(plugin.fixture.client).toEqual({
      clientId: defaultFixture.clients[0].clientId,
      clientSecret: defaultFixture.clients[0].clientSecret,
    });
  });
});
