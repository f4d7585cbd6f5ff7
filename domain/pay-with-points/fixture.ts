/**
 * The ONE fixture of the Pay with Points family: the sandbox's clients, cards, accounts and
 * customers, and what `pwpkit verify --fixture` may enrol. Checked by a JSON Schema through the
 * repo's ajv configuration (`fixture-schema.ts`) and a few named rules JSON Schema cannot say
 * (`fixture-rules.ts`); every problem names the file and the JSON pointer.
 */
import { readFile } from 'node:fs/promises';
import { InputError, oneLine } from '../../input/errors.ts';
import { checkFixtureRules } from './fixture-rules.ts';
import { checkFixtureSchema } from './fixture-schema-check.ts';

/** A merchant application the sandbox knows: client credentials, plus bearer tokens it accepts without a token call. */
export type FixtureClient = {
  clientId: string;
  clientSecret: string;
  /** Bearer tokens accepted for this client as they are (never expire); each belongs to one client. */
  staticTokens?: string[];
  /**
   * Authorize API: redirect URLs registered for the authorization code grant (a loopback one
   * matches any port, RFC 8252).
   */
  redirectUris?: string[];
};

/** The rewards account behind a card. */
export type FixtureAccount = {
  availablePointBalance: number;
  /** Currency per point: points = round(transactionAmount / programConversionRate). */
  programConversionRate: number;
  /** ISO 4217; the only currency redemptions on this card accept. */
  currencyCode: string;
  minimumPointsToRedeem?: number;
  maximumPointsToRedeem?: number;
};

export type FixtureCard = {
  lastFourDigitsCardNumber: string;
  citiCardHolderPhoneNumber: string;
  /** The OTP the real service would send by SMS; the sandbox expects exactly this at activation. */
  linkageConfirmationCode: string;
  /** The encrypted card id multi-card balance search takes. */
  cardId?: string;
  /** Masked number for search answers; default `XXXXXXXXXXXX<last four>`. */
  displayCardNumber?: string;
  /** Authorize API: the full card number card authorization identifies the card by (ends with the last four). */
  cardNumber?: string;
  account: FixtureAccount;
};

/** Authorize API: a bank customer who can log in on the consent page. */
export type FixtureCustomer = {
  userId: string;
  password: string;
  /** Last four digits of the fixture cards the customer holds. */
  cards: string[];
};

/**
 * Authorize API: the E2E key pair (RSA); the public half is served pre-login, the private half
 * decrypts card numbers.
 */
export type FixtureE2eKey = {
  keyIdentifier: string;
  /** PKCS#8 or PKCS#1 PEM. */
  privateKeyPem: string;
};

/** Sandbox data. Extra fields are allowed and kept: verify sends a card's (and its account's) fields by name. */
export type Fixture = {
  clients: FixtureClient[];
  cards: FixtureCard[];
  customers?: FixtureCustomer[];
  e2eKey?: FixtureE2eKey;
};

/** A bad fixture (exit 2): `pointer` is the JSON pointer of the first defect, `source` the file (or "fixture"). */
export class FixtureError extends InputError {
  constructor(
    readonly source: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    // A fixture's ids and keys are outside text: one line, so they cannot split or forge the message.
    super(oneLine(`${source}: ${pointer || '/'}: ${problem}`));
    this.name = 'FixtureError';
  }
}

/** Reads and checks a fixture file; `source` (default: the file) starts every message. */
export async function loadFixture(file: string, source = file): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    throw new FixtureError(
      source,
      '',
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'unknown error'})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FixtureError(source, '', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseFixture(value, source);
}

/**
 * Checks a value against the fixture's schema and rules (FixtureError on the first problem);
 * returns a deep copy, so the caller's value stays its own. Async: ajv loads on first use.
 */
export async function parseFixture(value: unknown, source = 'fixture'): Promise<Fixture> {
  const checked = await checkFixtureSchema(value);
  if (!checked.ok) throw new FixtureError(source, checked.problem.pointer, checked.problem.message);
  const problem = checkFixtureRules(checked.fixture);
  if (problem) throw new FixtureError(source, problem.pointer, problem.message);
  return structuredClone(checked.fixture);
}

/** How a card is found at enrolment: last four digits + phone number (digits only). */
export function cardKey(lastFour: string, phone: string): string {
  return `${lastFour}|${phone.replace(/\D/g, '')}`;
}

/** The enrolment key of a fixture card. */
export function cardKeyOf(card: FixtureCard): string {
  return cardKey(card.lastFourDigitsCardNumber, card.citiCardHolderPhoneNumber);
}

/** The last four digits a card is named by (in provider states, customers' card lists, reports). */
export function lastFourOf(card: FixtureCard): string {
  return card.lastFourDigitsCardNumber;
}

/** How a report names a card: never more than its last four digits. */
export function cardLabel(card: FixtureCard): string {
  return `card …${card.lastFourDigitsCardNumber}`;
}

/** Values a card contributes to requests, by property name: the card's fields and its account's. */
export function cardValues(card: FixtureCard): Record<string, unknown> {
  const { account, ...fields } = card;
  return { ...account, ...fields };
}

/**
 * What a report must never show: client secrets and static bearer tokens, confirmation codes,
 * card holders' phone and card numbers, customers' passwords.
 */
export function fixtureSecrets(f: Fixture): string[] {
  return [
    ...f.clients.flatMap((c) => [c.clientSecret, ...(c.staticTokens ?? [])]),
    ...f.cards.flatMap((c) => [c.linkageConfirmationCode, c.citiCardHolderPhoneNumber, c.cardNumber]),
    ...(f.customers ?? []).map((c) => c.password),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
