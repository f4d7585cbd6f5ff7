import type { CardAccount } from './accounts.ts';
import { fail, ok, type Outcome } from './outcome.ts';

/** Multi-card balance search accepts at most this many cardIds (exceedsMaximumCardsAllowed above). */
export const MAX_SEARCH_CARDS = 10;

export interface RewardAccountsAnswer {
  rewardAccounts: Record<string, unknown>[];
}

/**
 * POST /v1/creditCards/rewards/pointBalance/search. Known cardIds answer their account; an
 * unknown one, among known ones, answers an entry with `rewardAccountErrorDetails`
 * (`error accountNotFound`, balance 0, since the schema requires one); if none is known the
 * whole request answers `invalidCustomer`.
 */
export function searchRewardAccounts(
  cardIds: readonly string[],
  find: (cardId: string) => CardAccount | undefined,
): Outcome<RewardAccountsAnswer> {
  if (cardIds.length === 0) return fail('invalidRequest', 'cardDetails', 'cardDetails must list at least one card');
  if (cardIds.length > MAX_SEARCH_CARDS)
    return fail('exceedsMaximumCardsAllowed', 'cardDetails', `At most ${MAX_SEARCH_CARDS} cards a request`);
  const found = cardIds.map(find);
  if (found.every((a) => a === undefined)) return fail('invalidCustomer', 'cardDetails');
  return ok({ rewardAccounts: cardIds.map((cardId, i) => rewardAccount(cardId, found[i])) });
}

function rewardAccount(cardId: string, a: CardAccount | undefined): Record<string, unknown> {
  if (!a) {
    return {
      cardId,
      displayCardNumber: '',
      availablePointBalance: 0,
      rewardAccountErrorDetails: {
        type: 'error',
        code: 'accountNotFound',
        details: 'No rewards account for this cardId',
      },
    };
  }
  return {
    cardId,
    displayCardNumber: a.card.displayCardNumber ?? `XXXXXXXXXXXX${a.card.lastFourDigitsCardNumber}`,
    availablePointBalance: a.availablePointBalance,
    rewardCategoryCode: 'POINTS',
    programConversionRate: a.programConversionRate,
    currencyCode: a.currencyCode,
    ...(a.maximumPointsToRedeem !== undefined ? { maximumPointsToRedeem: a.maximumPointsToRedeem } : {}),
    ...(a.minimumPointsToRedeem !== undefined ? { minimumPointsToRedeem: a.minimumPointsToRedeem } : {}),
    payWithPointsEligibleFlag: true,
  };
}
