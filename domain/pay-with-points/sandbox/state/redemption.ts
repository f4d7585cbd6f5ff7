import type { CardAccount } from './accounts.ts';
import { fail, ok, type Outcome } from './outcome.ts';

export interface RedemptionOrderInput {
  transactionAmount: number;
  currencyCode?: string;
  pointsToRedeem?: number;
  transactionDescription?: string;
}

/**
 * The points an order costs, or why it cannot be redeemed, checked in this order: 0 < amount < ∞,
 * the member is eligible, currency = the account's, pointsToRedeem (if sent) =
 * round(amount / programConversionRate), at most maximumPointsToRedeem, at least
 * minimumPointsToRedeem (and 1), at most the balance.
 */
export function priceOrder(account: CardAccount, order: RedemptionOrderInput): Outcome<number> {
  if (!(order.transactionAmount > 0) || !Number.isFinite(order.transactionAmount))
    return fail(
      'invalidRequest',
      'redemptionOrder.transactionAmount',
      'transactionAmount must be a finite number greater than 0',
    );
  if (!account.eligibleToRedeem) return fail('notEligibleToRedeem');
  if (order.currencyCode !== undefined && order.currencyCode !== account.currencyCode)
    return fail('currencyNotSupported', 'redemptionOrder.currencyCode');
  const points = Math.round(order.transactionAmount / account.programConversionRate);
  if (order.pointsToRedeem !== undefined && order.pointsToRedeem !== points)
    return fail('invalidPointsAndAmountCombination', 'redemptionOrder.pointsToRedeem');
  if (account.maximumPointsToRedeem !== undefined && points > account.maximumPointsToRedeem)
    return fail('exceedsMaximumPointsAllowed');
  if (points < Math.max(1, account.minimumPointsToRedeem ?? 0)) return fail('belowMinimumPointsAllowed');
  if (points > account.availablePointBalance) return fail('inSufficientPointBalance');
  return ok(points);
}

/**
 * What makes two requests with one transactionReferenceNumber the same order: amount, currency
 * (absent = the account's) and points (absent = derived from the amount). The description is ignored.
 */
export function orderFingerprint(account: CardAccount, order: RedemptionOrderInput): string {
  const points = order.pointsToRedeem ?? Math.round(order.transactionAmount / account.programConversionRate);
  return `${order.transactionAmount}|${order.currencyCode ?? account.currencyCode}|${points}`;
}
