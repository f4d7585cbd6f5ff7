/**
 * The provider states of the Pay with Points family: what a test needs the provider in before an
 * interaction (Pact's `given`), as a typed vocabulary. One sentence a state, written by
 * `providerStateSentence` and read back by `parseProviderState`, shared by the sandbox (which sets
 * the state up), verify's states phase and the consumer pacts. The sentences are a protocol:
 * committed pacts and other providers' state endpoints hold them, so they never change.
 */

/** The reward program a link belongs to; a sentence names Shop with Points, Pay with Points is the default. */
export type RewardProgram = 'payWithPoints' | 'shopWithPoints';

/** Why the provider refuses a valid order of an active link: the error code it answers. */
export type OrderRefusal = 'notEligibleToRedeem' | 'errorGeneratingOrderId';

/** The Authorize API's card access token, by where it is in its life. */
export type CardTokenCondition = 'awaitingActivation' | 'otpExpired' | 'active' | 'expired' | 'revoked';

/** The Authorize API's authorization code grant of a customer to the client, by where it is. */
export type CustomerGrantCondition =
  | 'authorized'
  | 'accessTokenExpired'
  | 'revoked'
  | 'authorizationCode'
  | 'expiredAuthorizationCode';

/** `card` is the card's last four digits. */
export type ProviderState =
  | { kind: 'cardNotEnrolled'; card: string; program?: RewardProgram }
  | { kind: 'linkAwaitingActivation'; card: string; program?: RewardProgram }
  | { kind: 'linkFailedActivation'; card: string; program?: RewardProgram; failures: number }
  | { kind: 'confirmationCodeExpired'; card: string; program?: RewardProgram }
  | { kind: 'linkActive'; card: string; program?: RewardProgram; points: number; refusal?: OrderRefusal }
  | { kind: 'rewardLinkMissing'; rewardLinkCode: string }
  | { kind: 'cardAccessToken'; card: string; condition: CardTokenCondition }
  | { kind: 'customerGrant'; userId: string; condition: CustomerGrantCondition }
  | { kind: 'serviceUnavailable' };

export type ProviderStateKind = ProviderState['kind'];

const REFUSALS: Record<OrderRefusal, string> = {
  notEligibleToRedeem: 'not eligible to redeem',
  errorGeneratingOrderId: 'order ids cannot be generated',
};

const CARD_TOKENS: Record<CardTokenCondition, string> = {
  awaitingActivation: 'awaiting activation',
  otpExpired: 'whose one-time password has expired',
  active: 'that is active',
  expired: 'that has expired',
  revoked: 'that was revoked',
};

const CUSTOMER_GRANTS: Record<CustomerGrantCondition, string> = {
  authorized: 'authorized the client',
  accessTokenExpired: 'authorized the client but the access token has expired',
  revoked: "revoked the client's access",
  authorizationCode: 'an authorization code',
  expiredAuthorizationCode: 'an expired authorization code',
};

const COUNTS: Record<number, string> = { 1: 'once', 2: 'twice' };

const programWords = (program: RewardProgram | undefined) =>
  program === 'shopWithPoints' ? ' in Shop with Points' : '';

const enrolled = (state: { card: string; program?: RewardProgram }) =>
  `card ${state.card} is enrolled${programWords(state.program)}`;

/** The sentence of a state, as pacts and state endpoints carry it. */
export function providerStateSentence(state: ProviderState): string {
  switch (state.kind) {
    case 'cardNotEnrolled':
      return `card ${state.card} is not enrolled${programWords(state.program)}`;
    case 'linkAwaitingActivation':
      return `${enrolled(state)} and awaiting activation`;
    case 'linkFailedActivation':
      return `${enrolled(state)} and has failed activation ${COUNTS[state.failures] ?? `${state.failures} times`}`;
    case 'confirmationCodeExpired':
      return `${enrolled(state)} and its confirmation code has expired`;
    case 'linkActive': {
      const but = state.refusal ? ` but ${REFUSALS[state.refusal]}` : '';
      return `${enrolled(state)} and active with ${state.points} points${but}`;
    }
    case 'rewardLinkMissing':
      return `reward link ${state.rewardLinkCode} does not exist`;
    case 'cardAccessToken':
      return `card ${state.card} has a card access token ${CARD_TOKENS[state.condition]}`;
    case 'customerGrant':
      return `customer ${state.userId} has ${CUSTOMER_GRANTS[state.condition]}`;
    case 'serviceUnavailable':
      return 'the service is unavailable';
  }
}

const alternatives = (words: Record<string, string>) =>
  Object.values(words)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
function keyOf<K extends string>(words: Record<K, string>, text: string): K | undefined {
  for (const key in words) if (words[key] === text) return key;
  return undefined;
}

const CARD = String.raw`card (\d{4})`;
const PROGRAM = '(?: in (Pay|Shop) with Points)?';
const programOf = (word: string | undefined): RewardProgram | undefined =>
  word === 'Shop' ? 'shopWithPoints' : word === 'Pay' ? 'payWithPoints' : undefined;
const withProgram = (word: string | undefined) => {
  const program = programOf(word);
  return program ? { program } : {};
};

/** One reader a sentence shape: the pattern and the state its match means. */
const READERS: ReadonlyArray<{ pattern: RegExp; read(m: RegExpExecArray): ProviderState | undefined }> = [
  {
    pattern: new RegExp(`^${CARD} is not enrolled${PROGRAM}$`),
    read: (m) => ({ kind: 'cardNotEnrolled', card: m[1], ...withProgram(m[2]) }),
  },
  {
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and awaiting activation$`),
    read: (m) => ({ kind: 'linkAwaitingActivation', card: m[1], ...withProgram(m[2]) }),
  },
  {
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and has failed activation (once|twice|\\d+ times?)$`),
    read: (m) => {
      const failures = m[3] === 'once' ? 1 : m[3] === 'twice' ? 2 : Number.parseInt(m[3], 10);
      return { kind: 'linkFailedActivation', card: m[1], ...withProgram(m[2]), failures };
    },
  },
  {
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and its confirmation code has expired$`),
    read: (m) => ({ kind: 'confirmationCodeExpired', card: m[1], ...withProgram(m[2]) }),
  },
  {
    pattern: new RegExp(
      `^${CARD} is enrolled${PROGRAM} and active with (\\d+) points(?: but (${alternatives(REFUSALS)}))?$`,
    ),
    read: (m) => {
      const refusal = m[4] === undefined ? undefined : keyOf(REFUSALS, m[4]);
      return {
        kind: 'linkActive',
        card: m[1],
        ...withProgram(m[2]),
        points: Number(m[3]),
        ...(refusal ? { refusal } : {}),
      };
    },
  },
  {
    pattern: /^reward link (\w+) does not exist$/,
    read: (m) => ({ kind: 'rewardLinkMissing', rewardLinkCode: m[1] }),
  },
  {
    pattern: new RegExp(`^${CARD} has a card access token (${alternatives(CARD_TOKENS)})$`),
    read: (m) => {
      const condition = keyOf(CARD_TOKENS, m[2]);
      return condition && { kind: 'cardAccessToken', card: m[1], condition };
    },
  },
  {
    pattern: new RegExp(`^customer (\\S+) has (${alternatives(CUSTOMER_GRANTS)})$`),
    read: (m) => {
      const condition = keyOf(CUSTOMER_GRANTS, m[2]);
      return condition && { kind: 'customerGrant', userId: m[1], condition };
    },
  },
  { pattern: /^the service is unavailable$/, read: () => ({ kind: 'serviceUnavailable' }) },
];

/** The state a sentence names (surrounding white space ignored), or undefined when it names none. */
export function parseProviderState(sentence: string): ProviderState | undefined {
  const text = sentence.trim();
  for (const reader of READERS) {
    const m = reader.pattern.exec(text);
    if (m) return reader.read(m);
  }
  return undefined;
}

/** One example of each shape, for messages that list the states a provider knows. */
export const PROVIDER_STATE_EXAMPLES: readonly ProviderState[] = [
  { kind: 'cardNotEnrolled', card: '7411' },
  { kind: 'linkAwaitingActivation', card: '7411' },
  { kind: 'linkFailedActivation', card: '7411', failures: 2 },
  { kind: 'confirmationCodeExpired', card: '7411' },
  { kind: 'linkActive', card: '7411', points: 10000 },
  { kind: 'linkActive', card: '7411', points: 10000, refusal: 'notEligibleToRedeem' },
  { kind: 'linkActive', card: '7411', points: 10000, refusal: 'errorGeneratingOrderId' },
  { kind: 'rewardLinkMissing', rewardLinkCode: '0000000' },
  { kind: 'cardAccessToken', card: '5212', condition: 'awaitingActivation' },
  { kind: 'customerGrant', userId: 'chan.taiman', condition: 'authorized' },
  { kind: 'serviceUnavailable' },
];
