/**
 * What the domain answers: a value, or a failure named by the error code the Pay with Points
 * catalog uses. The HTTP layer maps the name onto the calling operation's documented row (see
 * mock/errors.ts for the fallbacks when an operation documents a different code).
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

export interface Failure {
  readonly ok: false;
  readonly code: DomainCode;
  /** The field at fault (`location` of the ErrorResponse). */
  readonly location?: string;
  /** A specific explanation; the catalog's text is used when absent. Never carries secrets. */
  readonly details?: string;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | Failure;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

const plain = new Map<DomainCode, Failure>();
/** A failure; the common ones (no location, no details) are shared, not allocated per request. */
export function fail(code: DomainCode, location?: string, details?: string): Failure {
  if (location === undefined && details === undefined) {
    let f = plain.get(code);
    if (!f) plain.set(code, (f = Object.freeze({ ok: false as const, code })));
    return f;
  }
  return {
    ok: false,
    code,
    ...(location !== undefined ? { location } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}
