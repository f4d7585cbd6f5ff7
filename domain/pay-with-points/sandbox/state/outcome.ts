import {
  fail as failWith,
  ok,
  type Failure as MockFailure,
  type Outcome as MockOutcome,
} from '../../../../mock/outcome.ts';

/**
 * What the domain answers: a value, or a failure named by the error code the Pay with Points
 * catalog uses. The mock maps the name onto the calling operation's documented row (see
 * ../errors.ts for the fallbacks when an operation documents a different code).
 */
export type DomainCode =
  | 'invalidRequest'
  | 'unAuthorized'
  | 'accessNotConfigured'
  | 'serverUnavailable'
  | 'resourceNotFound'
  | 'invalidCardType'
  | 'cardAlreadyRegistered'
  | 'activationFailed'
  | 'exceedsMaximumAttempts'
  | 'linkageConfirmationCodeExpired'
  | 'invalidRewardLinkCode'
  | 'inactiveRewardLinkCode'
  | 'inSufficientPointBalance'
  | 'exceedsMaximumPointsAllowed'
  | 'belowMinimumPointsAllowed'
  | 'invalidPointsAndAmountCombination'
  | 'currencyNotSupported'
  | 'notEligibleToRedeem'
  | 'errorGeneratingOrderId'
  | 'exceedsMaximumCardsAllowed'
  | 'invalidCustomer'
  /** Authorize API card authorization. */
  | 'invalidCardDetails'
  | 'otpExpired'
  | 'invalidRefreshToken';

export type Failure = MockFailure<DomainCode>;

export type Outcome<T> = MockOutcome<T, DomainCode>;

export { ok };

/** A failure; the common ones (no location, no details) are shared, not allocated per request. */
export const fail: (code: DomainCode, location?: string, details?: string) => Failure = failWith;
