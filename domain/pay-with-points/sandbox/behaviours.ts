import type { components as PayWithPoints } from '../../../generated/pay-with-points/types.ts';
import type { components as RewardsApac } from '../../../generated/rewards-apac/types.ts';
import type { Behaviour as MockBehaviour, Call } from '../../../mock/index.ts';
import type { Program } from './state/links.ts';
import { fail, ok, type DomainCode, type Outcome } from './state/outcome.ts';
import type { RedemptionOrderInput } from './state/redemption.ts';
import type { Sandbox } from './state/sandbox.ts';

/**
 * What a behaviour sees of a request that passed auth, header, path and body checks: the sandbox as
 * `state`; `pathParam` is the rewardLinkCode (every served operation has at most one path
 * parameter); `body` was checked by the operation's generated validator (`bodyOf` types it).
 */
type CallContext = Call<Sandbox>;

type Schemas = PayWithPoints['schemas'] & RewardsApac['schemas'];

/** The request body as its schema describes it; sound because the body validator ran first. */
const bodyOf = <Name extends keyof Schemas>(ctx: CallContext, _schema: Name) => ctx.body as Schemas[Name];

export interface Behaviour extends MockBehaviour<Sandbox> {
  /**
   * The domain codes it may answer besides the ones every operation answers (checked against each
   * operation's catalog at start).
   */
  readonly codes: readonly DomainCode[];
  handle(ctx: CallContext): Outcome<unknown>;
}

const LINK = ['invalidRewardLinkCode', 'inactiveRewardLinkCode'] as const;
const REDEEM = [
  ...LINK,
  'invalidRequest',
  'currencyNotSupported',
  'invalidPointsAndAmountCombination',
  'exceedsMaximumPointsAllowed',
  'belowMinimumPointsAllowed',
  'inSufficientPointBalance',
  'notEligibleToRedeem',
  'errorGeneratingOrderId',
] as const;

const enrol = (program: Program): Behaviour => ({
  codes: ['invalidCardType', 'cardAlreadyRegistered'],
  handle: (ctx) => {
    const body = bodyOf(ctx, 'RewardsLinkageRequest');
    return ctx.state.enrol(ctx.clientId, program, body.lastFourDigitsCardNumber, body.citiCardHolderPhoneNumber);
  },
});

const activate = (program: Program): Behaviour => ({
  codes: ['invalidRewardLinkCode', 'activationFailed', 'exceedsMaximumAttempts', 'linkageConfirmationCodeExpired'],
  handle: (ctx) =>
    ctx.state.activate(
      ctx.clientId,
      program,
      ctx.pathParam,
      bodyOf(ctx, 'RewardsLinkageActivationRequest').linkageConfirmationCode,
    ),
});

const balance = (program: Program): Behaviour => ({
  codes: LINK,
  handle: ({ state, clientId, pathParam }) => state.balance(clientId, program, pathParam),
});

const deregister = (program: Program): Behaviour => ({
  codes: ['invalidRewardLinkCode'],
  handle: ({ state, clientId, pathParam }) => state.deregister(clientId, program, pathParam),
});

const redeem = (program: Program): Behaviour => ({
  codes: REDEEM,
  handle: (ctx) => {
    const body = bodyOf(ctx, 'RewardPointsRedemptionRequest');
    return ctx.state.redeem(
      ctx.clientId,
      program,
      ctx.pathParam,
      body.transactionReferenceNumber,
      body.redemptionOrder as RedemptionOrderInput,
    );
  },
});

const search: Behaviour = {
  codes: ['invalidRequest', 'exceedsMaximumCardsAllowed', 'invalidCustomer'],
  handle: (ctx) => {
    const details = bodyOf(ctx, 'RewardPointBalanceSearchRequest')?.cardDetails;
    if (!Array.isArray(details)) return fail('invalidRequest', 'cardDetails', 'cardDetails must be an array');
    return ctx.state.searchBalances(details.map((d) => d.cardId));
  },
};

/**
 * The sandbox's behaviour per operation, by `METHOD path-template` (without basePath), never by
 * generated operation names. An operation of a served spec that is not listed here answers 500
 * serverUnavailable and is reported by `unimplementedOperations`.
 */
export const behaviours: Readonly<Record<string, Behaviour>> = {
  'POST /v1/apac/rewards/linkage': enrol('payWithPoints'),
  'PUT /v1/apac/rewards/{rewardLinkCode}/activations': activate('payWithPoints'),
  'GET /v1/apac/rewards/{rewardLinkCode}/pointBalance': balance('payWithPoints'),
  'POST /v1/apac/rewards/{rewardLinkCode}/redemption': redeem('payWithPoints'),
  'DELETE /v1/apac/rewards/{rewardLinkCode}': deregister('payWithPoints'),
  'POST /v1/creditCards/rewards/pointBalance/search': search,
  'POST /v1/rewards/shopWithPoints/linkage': enrol('shopWithPoints'),
  'PUT /v1/rewards/{rewardLinkCode}/shopWithPoints/activations': activate('shopWithPoints'),
  'GET /v1/rewards/{rewardLinkCode}/shopWithPoints/pointBalance': balance('shopWithPoints'),
  'DELETE /v1/rewards/{rewardLinkCode}/shopWithPoints': deregister('shopWithPoints'),
  'GET /partner/v1/prelogin/security/e2eKey': { codes: [], handle: ({ state }) => ok(state.e2eKey.publicKey) },
};

/** The key of an operation in `behaviours`; path parameter names do not matter. */
export function behaviourKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export function behaviourFor(method: string, path: string): Behaviour | undefined {
  const wanted = behaviourKey(method, path.replace(/\{[^}]+\}/g, '{}'));
  for (const [key, b] of Object.entries(behaviours)) if (key.replace(/\{[^}]+\}/g, '{}') === wanted) return b;
  return undefined;
}
