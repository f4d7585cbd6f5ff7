import {
  PROVIDER_STATE_EXAMPLES,
  parseProviderState,
  providerStateSentence,
  type CardTokenCondition,
  type CustomerGrantCondition,
  type ProviderState,
  type RewardProgram,
} from '../provider-states.ts';
import { lastFourOf } from '../fixture.ts';
import type { CardAccount } from './state/accounts.ts';
import {
  CONFIRMATION_CODE_TTL_MS,
  EXAMPLE_LINK_CODE,
  MAX_ACTIVATION_ATTEMPTS,
  MISSING_LINK_CODE,
  type LinkStatus,
} from './state/links.ts';
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

const KNOWN_STATES =
  `known states: ${PROVIDER_STATE_EXAMPLES.map((s) => `"${providerStateSentence(s)}"`).join(', ')} ` +
  '(card digits, counts and points vary; "enrolled in Shop with Points" works too)';

/**
 * Resets to the fixture and sets up the named state (teardown: does nothing). Each state first
 * resets all state to the fixture, so interactions are independent. Links belong to
 * `params.clientId` (default: the fixture's first client) and use `params.rewardLinkCode`
 * (default 9035268).
 */
export function applyProviderState(sandbox: Sandbox, request: unknown): ProviderStateResult {
  if (typeof request !== 'object' || request === null || typeof (request as ProviderStateRequest).state !== 'string') {
    return { ok: false, message: 'expected { "state": string, "params"?: object, "action"?: "setup" | "teardown" }' };
  }
  const { state, params = {}, action = 'setup' } = request as ProviderStateRequest;
  if (action === 'teardown') return { ok: true, values: {} };
  if (action !== 'setup') return { ok: false, message: `action must be "setup" or "teardown"` };
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return { ok: false, message: 'params must be an object' };
  const parsed = parseProviderState(state);
  if (!parsed) return { ok: false, message: `unknown provider state "${state.trim().slice(0, 200)}"; ${KNOWN_STATES}` };
  sandbox.reset();
  return setUp(sandbox, parsed, params);
}

/** The sandbox in one state, from the fixture. */
function setUp(sandbox: Sandbox, state: ProviderState, params: Record<string, unknown>): ProviderStateResult {
  const now = sandbox.now();
  switch (state.kind) {
    case 'cardNotEnrolled':
      return withCard(sandbox, state.card, (account) => ({
        ok: true,
        values: { lastFourDigitsCardNumber: account.card.lastFourDigitsCardNumber },
      }));
    case 'linkAwaitingActivation':
      return seed(sandbox, state, params, 'pending', 0, now);
    case 'linkFailedActivation':
      if (state.failures >= MAX_ACTIVATION_ATTEMPTS)
        return { ok: false, message: `at most ${MAX_ACTIVATION_ATTEMPTS - 1} failed activations leave a link usable` };
      return seed(sandbox, state, params, 'pending', state.failures, now);
    case 'confirmationCodeExpired':
      return seed(sandbox, state, params, 'pending', 0, now - CONFIRMATION_CODE_TTL_MS - 1);
    case 'linkActive': {
      const seeded = seed(sandbox, state, params, 'active', 0, now, state.points);
      if (seeded.ok && state.refusal === 'notEligibleToRedeem')
        sandbox.cardByLastFour(state.card)!.eligibleToRedeem = false;
      if (seeded.ok && state.refusal === 'errorGeneratingOrderId') sandbox.orderIdsFailing = true;
      return seeded;
    }
    case 'rewardLinkMissing': {
      const link = sandbox.links.get(state.rewardLinkCode);
      if (link) sandbox.links.remove(link);
      return { ok: true, values: { rewardLinkCode: state.rewardLinkCode } };
    }
    case 'cardAccessToken':
      return withCard(sandbox, state.card, (account) => cardTokenState(sandbox, account, state.condition, params));
    case 'customerGrant':
      return customerState(sandbox, state.userId, state.condition, params);
    case 'serviceUnavailable':
      sandbox.unavailable = true;
      return { ok: true, values: {} };
  }
}

/**
 * Authorize API states: `params.clientId` as for links; `params.access_token` /
 * `params.refresh_token` (and `params.otp` for a pending card token) pin the values (Pact
 * interactions use fixed placeholders).
 */
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
  condition: CardTokenCondition,
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
  if (condition === 'awaitingActivation' || condition === 'otpExpired') {
    const token = sandbox.grants.seedPendingCard(
      clientId,
      account,
      scope,
      condition === 'awaitingActivation' ? 0 : OTP_TTL_MS + 1,
      tokens.access,
      otp,
    );
    return { ok: true, values: { ...card, access_token: token } };
  }
  const seeded = sandbox.grants.seed('card', clientId, account.card.lastFourDigitsCardNumber, scope, condition, tokens);
  return { ok: true, values: { ...card, access_token: seeded.access_token, refresh_token: seeded.refresh_token } };
}

function customerState(
  sandbox: Sandbox,
  userId: string,
  condition: CustomerGrantCondition,
  params: Record<string, unknown>,
): ProviderStateResult {
  const customer = sandbox.grants.customer(userId);
  if (!customer) {
    const known = (sandbox.fixture.customers ?? []).map((c) => c.userId).join(', ') || 'none';
    return { ok: false, message: `no customer "${userId.slice(0, 64)}" in the fixture (customers: ${known})` };
  }
  const clientId = clientOf(sandbox, params);
  if (typeof clientId !== 'string') return clientId;
  const scope = typeof params.scope === 'string' ? params.scope : 'accounts_details_transactions';
  if (condition === 'authorizationCode' || condition === 'expiredAuthorizationCode') {
    const redirectUri =
      typeof params.redirect_uri === 'string' ? params.redirect_uri : sandbox.grants.firstRedirect(clientId);
    if (!redirectUri || !sandbox.grants.redirectAllowed(clientId, redirectUri))
      return { ok: false, message: `params.redirect_uri must be registered for ${clientId}` };
    const code = sandbox.grants.issueCode(
      clientId,
      redirectUri,
      userId,
      scope,
      condition === 'expiredAuthorizationCode' ? sandbox.now() - 1 : undefined,
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
    condition === 'authorized' ? 'active' : condition === 'revoked' ? 'revoked' : 'expired',
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
  if (!account) {
    const known = sandbox.accounts.map((a) => lastFourOf(a.card)).join(', ');
    return { ok: false, message: `no card ending ${lastFour} in the fixture (cards: ${known})` };
  }
  return then(account);
}

function seed(
  sandbox: Sandbox,
  state: { card: string; program?: RewardProgram },
  params: Record<string, unknown>,
  status: LinkStatus,
  failed: number,
  enrolledAt: number,
  points?: number,
): ProviderStateResult {
  return withCard(sandbox, state.card, (account) => {
    const program = state.program ?? 'payWithPoints';
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
