import { readFile } from 'node:fs/promises';

/** A merchant application the sandbox knows: client credentials, plus bearer tokens it accepts without a token call. */
export interface FixtureClient {
  clientId: string;
  clientSecret: string;
  /** Bearer tokens accepted for this client as they are (never expire). */
  staticTokens?: string[];
  /** Authorize API: redirect URLs registered for the authorization code grant (a loopback one matches any port, RFC 8252). */
  redirectUris?: string[];
}

/** The rewards account behind a card. */
export interface FixtureAccount {
  availablePointBalance: number;
  /** Currency per point: points = round(transactionAmount / programConversionRate). */
  programConversionRate: number;
  /** ISO 4217; the only currency redemptions on this card accept. */
  currencyCode: string;
  minimumPointsToRedeem?: number;
  maximumPointsToRedeem?: number;
}

export interface FixtureCard {
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
}

/** Authorize API: a bank customer who can log in on the consent page. */
export interface FixtureCustomer {
  userId: string;
  password: string;
  /** Last four digits of the fixture cards the customer holds. */
  cards: string[];
}

/** Authorize API: the E2E key pair (RSA); the public half is served pre-login, the private half decrypts card numbers. */
export interface FixtureE2eKey {
  keyIdentifier: string;
  /** PKCS#8 or PKCS#1 PEM. */
  privateKeyPem: string;
}

/** Sandbox data (extra fields are allowed and ignored). */
export interface Fixture {
  clients: FixtureClient[];
  cards: FixtureCard[];
  customers?: FixtureCustomer[];
  e2eKey?: FixtureE2eKey;
}

/** A bad fixture: `pointer` is the JSON pointer of the first defect, `source` the file (or "fixture"). */
export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${source}: ${pointer || '/'}: ${problem}`);
    this.name = 'FixtureError';
  }
}

/** Reads and checks a fixture file; every problem names the file and the JSON pointer. */
export async function loadFixture(file: string): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FixtureError(
      file,
      '',
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'unknown error'})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FixtureError(file, '', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseFixture(value, file);
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed value against the fixture shape and returns a deep copy holding only the known fields. */
export function parseFixture(value: unknown, source = 'fixture'): Fixture {
  const fail = (pointer: string, problem: string): never => {
    throw new FixtureError(source, pointer, problem);
  };
  const str = (o: Obj, key: string, at: string, pattern?: RegExp, hint?: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v === '') return fail(`${at}/${key}`, 'must be a non-empty string');
    if (pattern && !pattern.test(v)) return fail(`${at}/${key}`, `must be ${hint}`);
    return v;
  };
  const num = (
    o: Obj,
    key: string,
    at: string,
    optional: boolean,
    check: (n: number) => boolean,
    hint: string,
  ): number | undefined => {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) return fail(`${at}/${key}`, `must be ${hint}`);
    return v;
  };
  const list = (o: Obj, key: string, at: string): unknown[] => {
    const v = o[key];
    if (!Array.isArray(v)) return fail(`${at}/${key}`, 'must be an array');
    return v;
  };
  const count = (n: number) => Number.isSafeInteger(n) && n >= 0;

  if (!isObject(value)) return fail('', 'must be an object with "clients" and "cards"');
  const clientIds = new Set<string>();
  const tokens = new Set<string>();
  const clients = list(value, 'clients', '').map((c, i): FixtureClient => {
    const at = `/clients/${i}`;
    if (!isObject(c)) return fail(at, 'must be an object');
    const clientId = str(c, 'clientId', at);
    if (clientIds.has(clientId)) fail(`${at}/clientId`, `duplicate client id "${clientId}"`);
    clientIds.add(clientId);
    const clientSecret = str(c, 'clientSecret', at);
    const staticTokens =
      c.staticTokens === undefined
        ? []
        : list(c, 'staticTokens', at).map((t, j) => {
            if (typeof t !== 'string' || !/^[\x21-\x7e]+$/.test(t))
              return fail(
                `${at}/staticTokens/${j}`,
                'must be a non-empty string of printable characters without spaces',
              );
            if (tokens.has(t))
              fail(`${at}/staticTokens/${j}`, 'duplicate static token (each token belongs to one client)');
            tokens.add(t);
            return t;
          });
    const redirectUris =
      c.redirectUris === undefined
        ? undefined
        : list(c, 'redirectUris', at).map((u, j) => {
            if (typeof u !== 'string' || !isHttpUrl(u))
              return fail(`${at}/redirectUris/${j}`, 'must be an absolute http(s) URL without a fragment');
            return u;
          });
    return { clientId, clientSecret, staticTokens, ...(redirectUris ? { redirectUris } : {}) };
  });
  if (clients.length === 0) fail('/clients', 'must list at least one client');

  const cardKeys = new Set<string>();
  const cardIds = new Set<string>();
  const cards = list(value, 'cards', '').map((c, i): FixtureCard => {
    const at = `/cards/${i}`;
    if (!isObject(c)) return fail(at, 'must be an object');
    const lastFourDigitsCardNumber = str(c, 'lastFourDigitsCardNumber', at, /^\d{4}$/, 'four digits');
    const citiCardHolderPhoneNumber = str(
      c,
      'citiCardHolderPhoneNumber',
      at,
      /^\+?[\d -]{6,20}$/,
      'a phone number (digits, optionally with country code)',
    );
    const linkageConfirmationCode = str(c, 'linkageConfirmationCode', at);
    const key = cardKey(lastFourDigitsCardNumber, citiCardHolderPhoneNumber);
    if (cardKeys.has(key)) fail(at, `duplicate card: another card has the same last four digits and phone number`);
    cardKeys.add(key);
    const cardId = c.cardId === undefined ? undefined : str(c, 'cardId', at);
    if (cardId !== undefined) {
      if (cardIds.has(cardId)) fail(`${at}/cardId`, 'duplicate cardId');
      cardIds.add(cardId);
    }
    const displayCardNumber = c.displayCardNumber === undefined ? undefined : str(c, 'displayCardNumber', at);
    const cardNumber =
      c.cardNumber === undefined
        ? undefined
        : str(
            c,
            'cardNumber',
            at,
            new RegExp(`^\\d{8,15}${lastFourDigitsCardNumber}$`),
            `12 to 19 digits ending in ${lastFourDigitsCardNumber}`,
          );
    const a = c.account;
    if (!isObject(a)) return fail(`${at}/account`, 'must be an object');
    const aat = `${at}/account`;
    const account: FixtureAccount = {
      availablePointBalance: num(
        a,
        'availablePointBalance',
        aat,
        false,
        count,
        'a whole number of points ≥ 0',
      ) as number,
      programConversionRate: num(a, 'programConversionRate', aat, false, (n) => n > 0, 'a number > 0') as number,
      currencyCode: str(a, 'currencyCode', aat, /^[A-Z]{3}$/, 'an ISO 4217 code (three capital letters)'),
    };
    const min = num(a, 'minimumPointsToRedeem', aat, true, count, 'a whole number of points ≥ 0');
    const max = num(a, 'maximumPointsToRedeem', aat, true, count, 'a whole number of points ≥ 0');
    if (min !== undefined) account.minimumPointsToRedeem = min;
    if (max !== undefined) account.maximumPointsToRedeem = max;
    if (min !== undefined && max !== undefined && min > max)
      fail(`${aat}/minimumPointsToRedeem`, 'must not be above maximumPointsToRedeem');
    return {
      lastFourDigitsCardNumber,
      citiCardHolderPhoneNumber,
      linkageConfirmationCode,
      ...(cardId ? { cardId } : {}),
      ...(displayCardNumber ? { displayCardNumber } : {}),
      ...(cardNumber ? { cardNumber } : {}),
      account,
    };
  });
  const lastFours = new Set(cards.map((c) => c.lastFourDigitsCardNumber));
  const userIds = new Set<string>();
  const customers =
    value.customers === undefined
      ? undefined
      : list(value, 'customers', '').map((c, i): FixtureCustomer => {
          const at = `/customers/${i}`;
          if (!isObject(c)) return fail(at, 'must be an object');
          const userId = str(c, 'userId', at, /^[\x21-\x7e]{1,64}$/, '1 to 64 printable characters without spaces');
          if (userIds.has(userId)) fail(`${at}/userId`, `duplicate user id "${userId}"`);
          userIds.add(userId);
          const password = str(c, 'password', at);
          const held = list(c, 'cards', at).map((d, j) => {
            if (typeof d !== 'string' || !lastFours.has(d))
              return fail(
                `${at}/cards/${j}`,
                `must be the last four digits of a card of the fixture (${[...lastFours].join(', ')})`,
              );
            return d;
          });
          return { userId, password, cards: held };
        });
  let e2eKey: FixtureE2eKey | undefined;
  if (value.e2eKey !== undefined) {
    const k = value.e2eKey;
    if (!isObject(k)) return fail('/e2eKey', 'must be an object with keyIdentifier and privateKeyPem');
    e2eKey = {
      keyIdentifier: str(k, 'keyIdentifier', '/e2eKey'),
      privateKeyPem: str(
        k,
        'privateKeyPem',
        '/e2eKey',
        /-----BEGIN (RSA )?PRIVATE KEY-----/,
        'an RSA private key in PEM',
      ),
    };
  }
  return { clients, cards, ...(customers ? { customers } : {}), ...(e2eKey ? { e2eKey } : {}) };
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

/** How a card is found at enrolment: last four digits + phone number (digits only). */
export function cardKey(lastFour: string, phone: string): string {
  return `${lastFour}|${phone.replace(/\D/g, '')}`;
}
