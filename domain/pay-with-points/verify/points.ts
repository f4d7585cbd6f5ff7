/**
 * The redemption rule the spec states in prose:
 * pointsToRedeem = RoundOf(transactionAmount / programConversionRate).
 */
export function pointsFor(amount: number, rate: number): number {
  return Math.round(amount / rate);
}

/** A two-decimal amount worth exactly `target` points, or the nearest one inside [lo, hi]; undefined when none. */
export function amountFor(target: number, rate: number, lo = target, hi = target): number | undefined {
  for (let delta = 0; delta <= 5; delta++) {
    for (const t of delta === 0 ? [target] : [target + delta, target - delta]) {
      const amount = Math.round(t * rate * 100) / 100;
      const points = pointsFor(amount, rate);
      if (amount > 0 && points >= lo && points <= hi) return amount;
    }
  }
  return undefined;
}
