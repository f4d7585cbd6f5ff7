import type { FixtureAccount, FixtureCard } from '../../fixture.ts';

/** One card of the fixture with its live rewards account. */
export interface CardAccount {
  readonly card: FixtureCard;
  /** Mutable: the only field redemptions change. */
  availablePointBalance: number;
  readonly programConversionRate: number;
  readonly currencyCode: string;
  readonly minimumPointsToRedeem?: number;
  readonly maximumPointsToRedeem?: number;
  /** False only through the "not eligible to redeem" provider state: every order is refused. */
  eligibleToRedeem: boolean;
}

/** One successful redemption, in order. */
export interface LedgerEntry {
  readonly orderId: string;
  readonly lastFourDigitsCardNumber: string;
  readonly rewardLinkCode: string;
  readonly transactionReferenceNumber: string;
  readonly pointsRedeemed: number;
  readonly transactionAmount: number;
  readonly currencyCode: string;
  readonly balanceBefore: number;
  readonly balanceAfter: number;
  readonly at: number;
}

export function openAccount(card: FixtureCard, balance?: number): CardAccount {
  const a: FixtureAccount = card.account;
  return {
    card,
    availablePointBalance: balance ?? a.availablePointBalance,
    programConversionRate: a.programConversionRate,
    currencyCode: a.currencyCode,
    ...(a.minimumPointsToRedeem !== undefined ? { minimumPointsToRedeem: a.minimumPointsToRedeem } : {}),
    ...(a.maximumPointsToRedeem !== undefined ? { maximumPointsToRedeem: a.maximumPointsToRedeem } : {}),
    eligibleToRedeem: true,
  };
}

/** The GetRewardPointBalanceResponse of an account. */
export function balanceOf(a: CardAccount) {
  return {
    availablePointBalance: a.availablePointBalance,
    programConversionRate: a.programConversionRate,
    currencyCode: a.currencyCode,
    ...(a.maximumPointsToRedeem !== undefined ? { maximumPointsToRedeem: a.maximumPointsToRedeem } : {}),
    ...(a.minimumPointsToRedeem !== undefined ? { minimumPointsToRedeem: a.minimumPointsToRedeem } : {}),
  };
}
