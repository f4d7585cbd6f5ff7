import { readFile } from 'node:fs/promises';
import { InputError } from '../generator/errors.ts';

/** The mock's fixture shape: what verify may enrol (extra fields are kept and used by name). */
export interface VerifyFixture {
  clients: Array<{ clientId: string; clientSecret: string; [k: string]: unknown }>;
  cards: Array<{
    lastFourDigitsCardNumber: string;
    citiCardHolderPhoneNumber: string;
    linkageConfirmationCode: string;
    cardId?: string;
    account: Record<string, unknown> & {
      availablePointBalance?: number;
      programConversionRate?: number;
      currencyCode?: string;
      minimumPointsToRedeem?: number;
      maximumPointsToRedeem?: number;
    };
    [k: string]: unknown;
  }>;
  /** Authorize API: customers who can log in on the consent page (the authorization code scenario). */
  customers?: Array<{ userId: string; password: string; cards?: string[] }>;
}

export type FixtureCard = VerifyFixture['cards'][number];

export async function readFixtureFile(file: string): Promise<VerifyFixture> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`--fixture ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `--fixture ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return checkFixture(data, `--fixture ${file}`);
}

export function checkFixture(data: unknown, source: string): VerifyFixture {
  const f = data as Partial<VerifyFixture> | null;
  if (!f || typeof f !== 'object' || !Array.isArray(f.cards))
    throw new InputError(`${source}: expected { "clients": [...], "cards": [...] }`);
  f.cards.forEach((c, i) => {
    if (
      !c ||
      typeof c !== 'object' ||
      typeof c.lastFourDigitsCardNumber !== 'string' ||
      typeof c.linkageConfirmationCode !== 'string'
    ) {
      throw new InputError(
        `${source}: cards[${i}] needs lastFourDigitsCardNumber, citiCardHolderPhoneNumber and linkageConfirmationCode`,
      );
    }
  });
  const customers = Array.isArray(f.customers)
    ? f.customers.filter((c) => c && typeof c.userId === 'string' && typeof c.password === 'string')
    : undefined;
  return {
    clients: Array.isArray(f.clients) ? f.clients : [],
    cards: f.cards.map((c) => ({ ...c, account: c.account ?? {} })),
    ...(customers ? { customers } : {}),
  };
}

/** The mock's default fixture: what `pwpkit mock` serves when started without `--fixture`. */
export async function defaultVerifyFixture(): Promise<VerifyFixture> {
  const mock = (await import('../domain/pay-with-points/default-fixture.ts')) as { defaultFixture: unknown };
  const value =
    typeof mock.defaultFixture === 'function' ? (mock.defaultFixture as () => unknown)() : mock.defaultFixture;
  return checkFixture(structuredClone(value), 'the mock default fixture');
}

/** Values a card contributes to requests, by property name: the card's fields and its account's. */
export function cardValues(card: FixtureCard): Record<string, unknown> {
  const { account, ...fields } = card;
  return { ...account, ...fields };
}

/** What a report must never show: client secrets and static bearer tokens, confirmation codes, card holders' phone and card numbers, customers' passwords. */
export function fixtureSecrets(f: VerifyFixture): string[] {
  const tokens = f.clients.flatMap((c) => (Array.isArray(c.staticTokens) ? (c.staticTokens as unknown[]) : []));
  return [
    ...f.clients.map((c) => c.clientSecret),
    ...tokens,
    ...f.cards.flatMap((c) => [c.linkageConfirmationCode, c.citiCardHolderPhoneNumber, c.cardNumber]),
    ...(f.customers ?? []).map((c) => c.password),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
