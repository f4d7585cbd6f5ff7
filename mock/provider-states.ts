import {
  EXAMPLE_LINK_CODE,
  MISSING_LINK_CODE,
  CONFIRMATION_CODE_TTL_MS,
  MAX_ACTIVATION_ATTEMPTS,
  type Program,
} from './state/links.ts';
import type { CardAccount } from './state/accounts.ts';
import { OTP_TTL_MS } from './state/otp.ts';
import type { Sandbox } from './state/sandbox.ts';

/** Pact's provider-state request: `{ state, params?, action? }`. */
export interface ProviderStateRequest {
  state: string;
  params?: Record<string, unknown>;
  action?: 'setup' | 'teardown';
}

export type ProviderStateResult =
  | { ok: true; values: Record<string, string | number> }
  | { ok: false; message: string };

const CARD = String.raw`card (\d{4})`;
const PROGRAM = '(?: in (Pay|Shop) with Points)?';
const COUNTS: Record<string, number> = { once: 1, twice: 2 };

interface StateDef {
  readonly phrase: string;
  readonly pattern: RegExp;
  apply(sandbox: Sandbox, m: RegExpExecArray, params: Record<string, unknown>): ProviderStateResult;
}

/**
 * The provider states the sandbox knows (card digits, counts and points vary). Each first resets
 * all state to the fixture, so interactions are independent. Links belong to `params.clientId`
 * (default: the fixture's first client) and use `params.rewardLinkCode` (default 9035268).
 */
export const providerStates: readonly StateDef[] = [
  {
    phrase: 'card 7411 is not enrolled',
    pattern: new RegExp(`^${CARD} is not enrolled${PROGRAM}$`),
    apply: (s, m) =>
      withCard(s, m[1], (account) => ({
        ok: true,
        values: { lastFourDigitsCardNumber: account.card.lastFourDigitsCardNumber },
      })),
  },
  {
    phrase: 'card 7411 is enrolled and awaiting activation',
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and awaiting activation$`),
    apply: (s, m, p) => seed(s, m, p, 'pending', 0, s.now()),
  },
  {
    phrase: 'card 7411 is enrolled and has failed activation twice',
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and has failed activation (once|twice|\\d+ times?)$`),
    apply: (s, m, p) => {
      const n = COUNTS[m[3]] ?? parseInt(m[3], 10);
      if (n >= MAX_ACTIVATION_ATTEMPTS)
        return { ok: false, message: `at most ${MAX_ACTIVATION_ATTEMPTS - 1} failed activations leave a link usable` };
      return seed(s, m, p, 'pending', n, s.now());
    },
  },
  {
    phrase: 'card 7411 is enrolled and its confirmation code has expired',
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and its confirmation code has expired$`),
    apply: (s, m, p) => seed(s, m, p, 'pending', 0, s.now() - CONFIRMATION_CODE_TTL_MS - 1),
  },
  {
    phrase: 'card 7411 is enrolled and active with 10000 points',
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and active with (\\d+) points$`),
    apply: (s, m, p) => seed(s, m, p, 'active', 0, s.now(), Number(m[3])),
  },
  {
    phrase: 'card 7411 is enrolled and active with 10000 points but not eligible to redeem',
    pattern: new RegExp(`^${CARD} is enrolled${PROGRAM} and active with (\\d+) points but not eligible to redeem$`),
    apply: (s, m, p) => {
      const seeded = seed(s, m, p, 'active', 0, s.now(), Number(m[3]));
      if (seeded.ok) s.cardByLastFour(m[1])!.eligibleToRedeem = false;
      return seeded;
    },
  },
  {
    phrase: 'card 7411 is enrolled and active with 10000 points but order ids cannot be generated',
    pattern: new RegExp(
      `^${CARD} is enrolled${PROGRAM} and active with (\\d+) points but order ids cannot be generated$`,
    ),
    apply: (s, m, p) => {
      const seeded = seed(s, m, p, 'active', 0, s.now(), Number(m[3]));
      if (seeded.ok) s.orderIdsFailing = true;
      return seeded;
    },
  },
  {
    phrase: 'reward link 0000000 does not exist',
    pattern: /^reward link (\w+) does not exist$/,
    apply: (s, m) => {
      const link = s.links.get(m[1]);
      if (link) s.links.remove(link);
      return { ok: true, values: { rewardLinkCode: m[1] } };
    },
  },
  {
    phrase: 'card 5212 has a card access token awaiting activation',
    pattern:
      /^card (\d{4}) has a card access token (awaiting activation|whose one-time password has expired|that is active|that has expired|that was revoked)$/,
    apply: (s, m, p) => withCard(s, m[1], (account) => cardTokenState(s, account, m[2], p)),
  },
  {
    phrase: 'customer chan.taiman has authorized the client',
    pattern:
      /^customer (\S+) has (authorized the client|authorized the client but the access token has expired|revoked the client's access|an authorization code|an expired authorization code)$/,
    apply: (s, m, p) => customerState(s, m[1], m[2], p),
  },
  {
    phrase: 'the service is unavailable',
    pattern: /^the service is unavailable$/,
    apply: (s) => {
      s.unavailable = true;
      return { ok: true, values: {} };
    },
  },
];

/** Resets to the fixture and sets up the named state (teardown: does nothing). */
export function applyProviderState(sandbox: Sandbox, request: unknown): ProviderStateResult {
  if (typeof request !== 'object' || request === null || typeof (request as ProviderStateRequest).state !== 'string') {
    return { ok: false, message: 'expected { "state": string, "params"?: object, "action"?: "setup" | "teardown" }' };
  }
  const { state, params = {}, action = 'setup' } = request as ProviderStateRequest;
  if (action === 'teardown') return { ok: true, values: {} };
  if (action !== 'setup') return { ok: false, message: `action must be "setup" or "teardown"` };
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return { ok: false, message: 'params must be an object' };
  const phrase = state.trim();
  for (const def of providerStates) {
    const m = def.pattern.exec(phrase);
    if (!m) continue;
    sandbox.reset();
    return def.apply(sandbox, m, params);
  }
  return {
    ok: false,
    message: `unknown provider state "${phrase.slice(0, 200)}"; known states: ${providerStates.map((d) => `"${d.phrase}"`).join(', ')} (card digits, counts and points vary; "enrolled in Shop with Points" works too)`,
  };
}

/** Authorize API states: `params.clientId` as for links; `params.access_token` / `params.refresh_token` (and `params.otp` for a pending card token) pin the values (Pact interactions use fixed placeholders). */
function pinned(params: Record<string, unknown>): { access?: string; refresh?: string } | string {
  const out: { access?: string; refresh?: string } = {};
  for (const [key, field] of [
    ['access_token', 'access'],
    ['refresh_token', 'refresh'],
  ] as const) {
    const v = params[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !/^[\x21-\x7e]{8,256}$/.test(v))
      return `params.${key} must be 8 to 256 printable characters`;
    out[field] = v;
  }
  return out;
}

function clientOf(sandbox: Sandbox, params: Record<string, unknown>): string | { ok: false; message: string } {
  const clientId = params.clientId === undefined ? sandbox.fixture.clients[0].clientId : String(params.clientId);
  return sandbox.auth.isClient(clientId)
    ? clientId
    : { ok: false, message: `params.clientId "${clientId.slice(0, 64)}" is not a client of the fixture` };
}

function cardTokenState(
  sandbox: Sandbox,
  account: CardAccount,
  condition: string,
  params: Record<string, unknown>,
): ProviderStateResult {
  const clientId = clientOf(sandbox, params);
  if (typeof clientId !== 'string') return clientId;
  const tokens = pinned(params);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const scope = typeof params.scope === 'string' ? params.scope : '/api';
  if (params.otp !== undefined && (typeof params.otp !== 'string' || !/^\d{4,8}$/.test(params.otp)))
    return { ok: false, message: 'params.otp must be 4 to 8 digits' };
  const otp = (params.otp as string | undefined) ?? account.card.linkageConfirmationCode;
  const card = { lastFourDigitsCardNumber: account.card.lastFourDigitsCardNumber, otp };
  if (condition === 'awaiting activation' || condition === 'whose one-time password has expired') {
    const token = sandbox.grants.seedPendingCard(
      clientId,
      account,
      scope,
      condition === 'awaiting activation' ? 0 : OTP_TTL_MS + 1,
      tokens.access,
      otp,
    );
    return { ok: true, values: { ...card, access_token: token } };
  }
  const seeded = sandbox.grants.seed(
    'card',
    clientId,
    account.card.lastFourDigitsCardNumber,
    scope,
    condition === 'that is active' ? 'active' : condition === 'that has expired' ? 'expired' : 'revoked',
    tokens,
  );
  return { ok: true, values: { ...card, access_token: seeded.access_token, refresh_token: seeded.refresh_token } };
}

function customerState(
  sandbox: Sandbox,
  userId: string,
  condition: string,
  params: Record<string, unknown>,
): ProviderStateResult {
  const customer = sandbox.grants.customer(userId);
  if (!customer)
    return {
      ok: false,
      message: `no customer "${userId.slice(0, 64)}" in the fixture (customers: ${(sandbox.fixture.customers ?? []).map((c) => c.userId).join(', ') || 'none'})`,
    };
  const clientId = clientOf(sandbox, params);
  if (typeof clientId !== 'string') return clientId;
  const scope = typeof params.scope === 'string' ? params.scope : 'accounts_details_transactions';
  if (condition.endsWith('authorization code')) {
    const redirectUri =
      typeof params.redirect_uri === 'string' ? params.redirect_uri : sandbox.grants.firstRedirect(clientId);
    if (!redirectUri || !sandbox.grants.redirectAllowed(clientId, redirectUri))
      return { ok: false, message: `params.redirect_uri must be registered for ${clientId}` };
    const code = sandbox.grants.issueCode(
      clientId,
      redirectUri,
      userId,
      scope,
      condition.startsWith('an expired') ? sandbox.now() - 1 : undefined,
    );
    return { ok: true, values: { code, redirect_uri: redirectUri } };
  }
  const tokens = pinned(params);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  const seeded = sandbox.grants.seed(
    'authCode',
    clientId,
    userId,
    scope,
    condition === 'authorized the client' ? 'active' : condition.startsWith('revoked') ? 'revoked' : 'expired',
    tokens,
  );
  return { ok: true, values: { access_token: seeded.access_token, refresh_token: seeded.refresh_token } };
}

function withCard(
  sandbox: Sandbox,
  lastFour: string,
  then: (account: NonNullable<ReturnType<Sandbox['cardByLastFour']>>) => ProviderStateResult,
): ProviderStateResult {
  const account = sandbox.cardByLastFour(lastFour);
  if (!account)
    return {
      ok: false,
      message: `no card ending ${lastFour} in the fixture (cards: ${sandbox.accounts.map((a) => a.card.lastFourDigitsCardNumber).join(', ')})`,
    };
  return then(account);
}

function seed(
  sandbox: Sandbox,
  m: RegExpExecArray,
  params: Record<string, unknown>,
  status: 'pending' | 'active',
  failed: number,
  enrolledAt: number,
  points?: number,
): ProviderStateResult {
  return withCard(sandbox, m[1], (account) => {
    const program: Program = m[2] === 'Shop' ? 'shopWithPoints' : 'payWithPoints';
    const code = params.rewardLinkCode === undefined ? EXAMPLE_LINK_CODE : String(params.rewardLinkCode);
    if (!/^[\x21-\x7e]{1,64}$/.test(code) || code === MISSING_LINK_CODE)
      return { ok: false, message: 'params.rewardLinkCode must be 1 to 64 printable characters (and not 0000000)' };
    const clientId = params.clientId === undefined ? sandbox.fixture.clients[0].clientId : String(params.clientId);
    if (!sandbox.auth.isClient(clientId))
      return { ok: false, message: `params.clientId "${clientId.slice(0, 64)}" is not a client of the fixture` };
    if (points !== undefined) {
      if (!Number.isSafeInteger(points)) return { ok: false, message: 'points must be a whole number' };
      account.availablePointBalance = points;
    }
    sandbox.seedLink(clientId, program, account, code, status, failed, enrolledAt);
    return {
      ok: true,
      values: {
        rewardLinkCode: code,
        lastFourDigitsCardNumber: account.card.lastFourDigitsCardNumber,
        linkageConfirmationCode: account.card.linkageConfirmationCode,
        availablePointBalance: account.availablePointBalance,
      },
    };
  });
}
