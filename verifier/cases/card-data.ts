import { isObject } from '../../generator/document.ts';
import type { ApiSet, Operation } from '../api-set.ts';
import type { FixtureCard } from '../fixture.ts';
import { flatten, typeOf } from './sample.ts';

/** The fields a fixture card may carry (README: the fixture shape); `cardId` is optional there. */
const CARD_FIELDS = ['lastFourDigitsCardNumber', 'citiCardHolderPhoneNumber', 'linkageConfirmationCode', 'cardId'];

/**
 * Card fields a valid request of `op` needs and `card` does not have: a required parameter, or a
 * property an object of the request body requires (at any depth: `cardDetails[].cardId`), named
 * like a card field (the fixture shape's, or one another fixture card has). Such a request would
 * be made up (`{}` instead of a card list), so the check is skipped with the reason instead.
 */
export function missingCardData(
  set: ApiSet,
  op: Operation,
  card: FixtureCard | undefined,
  cards: readonly FixtureCard[],
): string[] {
  const vocabulary = new Set([...CARD_FIELDS, ...cards.flatMap((c) => Object.keys(c).filter((k) => k !== 'account'))]);
  const has = (name: string) =>
    card !== undefined && card[name] !== undefined && card[name] !== null && card[name] !== '';
  const needed = new Set<string>();
  for (const p of op.model.parameters) if (p.required && vocabulary.has(p.name)) needed.add(p.name);
  const visit = (schema: unknown, depth: number) => {
    if (depth > 8) return;
    const s = flatten(set, op, schema);
    if (typeOf(s) === 'array') return visit(s.items, depth + 1);
    const properties = isObject(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    for (const [name, sub] of Object.entries(properties)) {
      if (required.has(name) && vocabulary.has(name)) needed.add(name);
      visit(sub, depth + 1);
    }
  };
  if (op.model.requestBody?.schema) visit(op.model.requestBody.schema, 0);
  return [...needed].filter((name) => !has(name));
}

/** `card …7411 has no cardId` / `the fixture has no card` (no card at all). */
export function describeMissing(card: FixtureCard | undefined, missing: readonly string[]): string {
  if (!card) return `the fixture has no card to take ${missing.join(', ')} from`;
  return `the fixture's card …${card.lastFourDigitsCardNumber} has no ${missing.join(', ')}, which a valid request needs (add it to the card in --fixture)`;
}
