import { randomUUID } from 'node:crypto';
import { isObject } from '../../../input/document.ts';
import {
  producedValue,
  scenarioName,
  StepRunner,
  type Exchange,
  type Family,
  type LaneContext,
  type LifecycleRun,
  type Operation,
} from '../../../verifier/plugin.ts';
import { cardLabel, cardValues, type FixtureAccount, type FixtureCard } from '../fixture.ts';
import { amountFor, pointsFor } from './points.ts';

/** The operations a lifecycle scenario drives, found by their shape in the family. */
export interface Roles {
  enrol: Operation;
  activate?: Operation;
  balance?: Operation;
  redeem?: Operation;
  deregister?: Operation;
}

export function rolesOf(family: Family): Roles {
  return {
    enrol: family.producer,
    activate: family.activator,
    balance: family.consumers.find((op) => op.model.method === 'get'),
    redeem: family.consumers.find(
      (op) => op.model.method === 'post' && op !== family.activator && op.model.requestBody,
    ),
    deregister: family.finalizers[0],
  };
}

interface Account {
  balance: number;
  rate?: number;
  min?: number;
  max?: number;
  currency?: string;
}

/**
 * Check 5, the rules the Pay with Points documents state in prose, run in phases around the one
 * enrolment a card gets per run (`familyLane` in verifier/engine/lanes.ts drives them):
 * - `beforeCreation`: a card the provider does not know is refused;
 * - `whilePending`, on the freshly enrolled link: balance and redemption refused as inactive →
 *   three wrong codes lock the link → the right code after the lock is refused → a new enrolment,
 *   whose link the lane then activates;
 * - `whileActive`, on the active link: enrolling again is refused → balance → redemption by amount
 *   deducts exactly round(amount/rate) → the balance agrees → a replayed transactionReferenceNumber
 *   returns the same orderId and deducts nothing → over-balance, below-min, above-max, mismatched
 *   points/amount and another currency are refused with their codes;
 * - `afterEnd`: de-registration ended the link.
 * Steps whose operation the family lacks are left out; a step that cannot run (no card left to
 * enrol, a precondition failed) is reported skipped with the reason, one result per step, so every
 * run counts the same checks.
 */
export class Lifecycle implements LifecycleRun {
  readonly roles: Roles;
  private readonly run: StepRunner;
  private account: Account | undefined;

  /** `cards`: the fixture's (the unknown card is one that is not among them). */
  constructor(
    lc: LaneContext,
    private readonly family: Family,
    private readonly card: FixtureCard,
    private readonly cards: readonly FixtureCard[],
  ) {
    this.roles = rolesOf(family);
    this.run = new StepRunner(lc, scenarioName(family), { ...cardValues(card) });
  }

  /** 0. A card the provider does not know is refused. */
  async beforeCreation(): Promise<void> {
    const unknownCard = unknownCardOf(this.cards);
    await this.run.step(
      this.roles.enrol,
      `enrol an unknown card (…${unknownCard.lastFourDigitsCardNumber})`,
      { fields: unknownCard },
      this.run.refusal(this.roles.enrol, 'invalidCardType'),
    );
  }

  /**
   * 2–3: on the pending link the lane's enrolment yielded (undefined: none, and `why` says why),
   * up to a new enrolment after the lock. Returns the new link (the one to activate), or the given
   * one when the family has no activation.
   */
  async whilePending(link: string | undefined, why: string): Promise<{ resource?: string; why: string }> {
    const { roles, family, card, run } = this;
    const code = card.linkageConfirmationCode;
    const wrong = code === '000000' ? '111111' : '000000';
    run.resume(link === undefined ? why : undefined);
    if (link !== undefined) run.values[family.param] = link;
    if (roles.balance)
      await run.step(
        roles.balance,
        'balance before activation',
        {},
        run.refusal(roles.balance, 'inactiveRewardLinkCode'),
      );
    if (roles.redeem && roles.activate)
      await run.step(
        roles.redeem,
        'redemption before activation',
        { fields: affordableOrder(card.account) },
        run.refusal(roles.redeem, 'inactiveRewardLinkCode'),
      );
    if (!roles.activate) return { resource: link, why };
    const act = roles.activate;
    await run.step(
      act,
      'wrong confirmation code (1st)',
      { body: { linkageConfirmationCode: wrong } },
      run.refusal(act, 'activationFailed'),
    );
    await run.step(
      act,
      'wrong confirmation code (2nd)',
      { body: { linkageConfirmationCode: wrong } },
      run.refusal(act, 'activationFailed'),
    );
    await run.step(
      act,
      'wrong confirmation code (3rd): the link is dead',
      { body: { linkageConfirmationCode: wrong } },
      run.refusal(act, 'exceedsMaximumAttempts'),
    );
    await run.step(
      act,
      'the right code after the lock',
      { body: { linkageConfirmationCode: code } },
      { kind: 'refused', why: 'the link was locked by three wrong codes' },
    );
    const second = await run.step(
      roles.enrol,
      `enrol ${cardLabel(card)} again: a new ${family.param}`,
      {},
      { kind: 'accepted' },
      (e) => (producedValue(e.response?.body, family.param) ? undefined : `no ${family.param} in the answer`),
    );
    const link2 = producedValue(second?.response?.body, family.param);
    if (second && !link2) {
      const answer = second.response ? ` (${second.response.status} ${describeError(second.response.body)})` : '';
      return { why: `re-enrolment after the lock did not yield a ${family.param}${answer}` };
    }
    return link2 ? { resource: link2, why } : { why: run.reason ?? why };
  }

  /** 5: on the active link (undefined: none, and `why` says why). */
  async whileActive(link: string | undefined, why: string): Promise<void> {
    const { roles, family, card, run } = this;
    run.resume(link === undefined ? why : undefined);
    if (link !== undefined) run.values[family.param] = link;
    if (roles.activate)
      await run.step(
        roles.enrol,
        `enrol ${cardLabel(card)} while its link is active`,
        {},
        run.refusal(roles.enrol, 'cardAlreadyRegistered'),
      );
    if (roles.balance) {
      const b = await run.step(roles.balance, 'balance of the active link', {}, { kind: 'accepted' });
      this.account = accountOf(b, card.account);
    }
    if (roles.redeem && roles.balance) {
      const reason = run.reason ?? (this.account ? undefined : 'the balance answer carried no availablePointBalance');
      await redemptionSteps(run, roles.redeem, roles.balance, this.account ?? fixtureAccount(card.account), reason);
    }
  }

  /** 6: after the lane de-registered the link (`why`: it did not, and why). */
  async afterEnd(why: string | undefined): Promise<void> {
    const { roles, run } = this;
    if (!roles.deregister) return;
    run.resume(why);
    if (roles.balance)
      await run.step(
        roles.balance,
        'balance after de-registration',
        {},
        run.refusal(roles.balance, 'invalidRewardLinkCode'),
      );
    if (roles.redeem) {
      const account = this.account;
      const body = {
        transactionReferenceNumber: reference(),
        transactionAmount: account?.rate && account.min ? amountFor(account.min, account.rate) : 10,
        currencyCode: account?.currency ?? this.card.account.currencyCode,
        pointsToRedeem: undefined,
      };
      await run.step(
        roles.redeem,
        'redemption after de-registration',
        { fields: body },
        run.refusal(roles.redeem, 'invalidRewardLinkCode'),
      );
    }
  }
}

/** The fixture's account as the scenario reads a balance answer (steps are skipped when it is all there is). */
function fixtureAccount(a: FixtureAccount): Account {
  return {
    balance: a.availablePointBalance ?? 0,
    rate: a.programConversionRate,
    min: a.minimumPointsToRedeem,
    max: a.maximumPointsToRedeem,
    currency: a.currencyCode,
  };
}

/**
 * The redemption rules, on an active link. `skip`: no step can run (no link, no balance answer),
 * and why. Each step is reported, run or skipped with its reason: a balance below the minimum
 * (points are spent by every run, and a sandbox keeps them) skips the redemption and what depends
 * on it, not the refusals that need no redemption.
 */
async function redemptionSteps(
  run: StepRunner,
  redeem: Operation,
  balanceOp: Operation,
  account: Account,
  skip: string | undefined,
): Promise<void> {
  const { rate, currency } = account;
  const min = account.min ?? 1;
  const max = account.max ?? Number.MAX_SAFE_INTEGER;
  if (!rate || rate <= 0)
    return run.skip(
      redeem,
      'redemption steps',
      skip ?? 'no programConversionRate in the balance answer or the fixture',
    );
  const balanceNow = async (title: string, expected: number, unless?: string) => {
    const b = await run.step(
      balanceOp,
      `${title}: ${expected} points`,
      {},
      { kind: 'accepted' },
      (e) => {
        const got = balanceOf(e);
        return got === expected ? undefined : `availablePointBalance is ${String(got)}, expected ${expected}`;
      },
      unless,
    );
    return balanceOf(b);
  };
  const redeemFields = (amount: number | undefined, extra: Record<string, unknown> = {}) => ({
    transactionReferenceNumber: reference(),
    transactionAmount: amount,
    currencyCode: currency,
    pointsToRedeem: undefined,
    ...extra,
  });

  let balance = account.balance;
  // Above the maximum first, while the balance may still exceed it (then only one code is right).
  if (max < Number.MAX_SAFE_INTEGER) {
    const above = amountFor(max + Math.max(1, Math.round(max * 0.1)), rate, max + 1, Number.MAX_SAFE_INTEGER);
    const abovePoints = above !== undefined ? pointsFor(above, rate) : max + 1;
    // Above the maximum is also above the balance when the balance is not above the maximum: both codes are right then.
    const codes =
      abovePoints > balance
        ? ['exceedsMaximumPointsAllowed', 'inSufficientPointBalance']
        : ['exceedsMaximumPointsAllowed'];
    await run.step(
      redeem,
      `above the maximum (${abovePoints} > ${max} points)`,
      { fields: redeemFields(above) },
      run.refusal(redeem, ...codes),
      undefined,
      skip ?? (above === undefined ? `no two-decimal amount is worth more than ${max} points at ${rate}` : undefined),
    );
  }

  // Redeem by amount: points = round(amount / rate).
  const target = Math.min(max, balance, Math.max(min, Math.min(min + 100, max)));
  const amount = target >= min ? amountFor(target, rate, min, Math.min(max, balance)) : undefined;
  let unredeemed =
    skip ??
    (amount === undefined
      ? `the balance (${balance}) is below the minimum (${min})` +
        (balance < account.balance
          ? ''
          : ': earlier runs spent the points (a sandbox keeps them); reset the provider or give a card with more')
      : undefined);
  const points = amount !== undefined ? pointsFor(amount, rate) : min;
  const fields = redeemFields(amount ?? amountFor(min, rate));
  const r1 = await run.step(
    redeem,
    amount !== undefined
      ? `redeem ${amount}${currency ? ` ${currency}` : ''} by amount: ${points} points (round(${amount}/${rate}))`
      : 'redeem by amount',
    { fields },
    { kind: 'accepted' },
    (e) => {
      const reported = isObject(e.response?.body) ? e.response.body.availablePointBalance : undefined;
      return reported === undefined || reported === balance - points
        ? undefined
        : `the answer reports availablePointBalance ${String(reported)}, ` +
            `expected ${balance} - ${points} = ${balance - points}`;
    },
    unredeemed,
  );
  if (unredeemed === undefined && !ok(r1)) unredeemed = run.reason ?? 'the redemption was refused';
  const orderId = r1 && isObject(r1.response?.body) ? r1.response.body.orderId : undefined;
  const after = await balanceNow(`balance after redeeming ${points} points`, balance - points, unredeemed);
  if (unredeemed === undefined) balance = after ?? balance - points;

  // Replay: same transactionReferenceNumber → same orderId, nothing deducted.
  await run.step(
    redeem,
    'replayed transactionReferenceNumber: the same orderId',
    { fields },
    { kind: 'accepted' },
    (e) => {
      const again = isObject(e.response?.body) ? e.response.body.orderId : undefined;
      return again === orderId
        ? undefined
        : `orderId ${JSON.stringify(again)}, the first answer had ${JSON.stringify(orderId)}`;
    },
    unredeemed,
  );
  const replayed = await balanceNow('balance after the replay (nothing deducted)', balance, unredeemed);
  if (unredeemed === undefined) balance = replayed ?? balance;

  // Refusals: none of them may deduct anything.
  const over =
    balance + 1 <= max
      ? amountFor(Math.min(max, balance + Math.max(1, Math.floor((max - balance) / 2))), rate, balance + 1, max)
      : undefined;
  await run.step(
    redeem,
    over !== undefined ? `over the balance (${pointsFor(over, rate)} > ${balance} points)` : 'over the balance',
    { fields: redeemFields(over) },
    run.refusal(redeem, 'inSufficientPointBalance'),
    undefined,
    skip ?? (over === undefined ? `the balance (${balance}) is not below the maximum (${max})` : undefined),
  );
  if (min > 1) {
    const below = amountFor(Math.floor(min / 2), rate, 1, min - 1);
    await run.step(
      redeem,
      below !== undefined ? `below the minimum (${pointsFor(below, rate)} < ${min} points)` : 'below the minimum',
      { fields: redeemFields(below) },
      run.refusal(redeem, 'belowMinimumPointsAllowed'),
      undefined,
      skip ?? (below === undefined ? `no two-decimal amount is worth fewer than ${min} points at ${rate}` : undefined),
    );
  }
  const pair = amountFor(Math.min(min + 10, max, balance), rate, min, Math.min(max, balance));
  const outsideRules = `no amount within the points rules (${min}–${max})`;
  const noPair = skip ?? (pair === undefined ? `${outsideRules} and the balance (${balance})` : undefined);
  const pairPoints = pair !== undefined ? pointsFor(pair, rate) : min;
  const wrongPoints = pairPoints + Math.max(2, Math.round(pairPoints * 0.1));
  await run.step(
    redeem,
    pair !== undefined
      ? `amount ${pair} with pointsToRedeem ${wrongPoints} (round(${pair}/${rate}) = ${pairPoints})`
      : 'amount with a mismatched pointsToRedeem',
    { fields: redeemFields(pair, { pointsToRedeem: wrongPoints }) },
    run.refusal(redeem, 'invalidPointsAndAmountCombination'),
    undefined,
    noPair,
  );
  const other = currency === 'USD' ? 'EUR' : 'USD';
  await run.step(
    redeem,
    `currency ${other} instead of ${currency ?? 'the account currency'}`,
    { fields: redeemFields(pair, { currencyCode: other }) },
    run.refusal(redeem, 'currencyNotSupported'),
    undefined,
    noPair,
  );
  await balanceNow('balance after the refused redemptions (nothing deducted)', balance, skip);
}

function ok(e: Exchange | undefined): boolean {
  return e?.response !== undefined && e.response.status >= 200 && e.response.status < 300;
}

function balanceOf(e: Exchange | undefined): number | undefined {
  const v = isObject(e?.response?.body) ? e.response.body.availablePointBalance : undefined;
  return typeof v === 'number' ? v : undefined;
}

function accountOf(e: Exchange | undefined, fixture: FixtureAccount): Account | undefined {
  const body = isObject(e?.response?.body) ? e.response.body : {};
  const num = (v: unknown, f: unknown) => (typeof v === 'number' ? v : typeof f === 'number' ? f : undefined);
  const balance = num(body.availablePointBalance, undefined);
  if (balance === undefined) return undefined;
  return {
    balance,
    rate: num(body.programConversionRate, fixture.programConversionRate),
    min: num(body.minimumPointsToRedeem, fixture.minimumPointsToRedeem),
    max: num(body.maximumPointsToRedeem, fixture.maximumPointsToRedeem),
    currency: typeof body.currencyCode === 'string' ? body.currencyCode : fixture.currencyCode,
  };
}

function describeError(body: unknown): string {
  return isObject(body) ? `${String(body.type)}/${String(body.code)}` : '';
}

/** Last four digits no fixture card has. */
function unknownCardOf(cards: readonly FixtureCard[]): {
  lastFourDigitsCardNumber: string;
  citiCardHolderPhoneNumber: string;
} {
  const taken = new Set(cards.map((c) => c.lastFourDigitsCardNumber));
  let n = 0;
  while (taken.has(String(n).padStart(4, '0'))) n++;
  return { lastFourDigitsCardNumber: String(n).padStart(4, '0'), citiCardHolderPhoneNumber: '0000000000' };
}

/**
 * Body fields of a well-formed order the fixture account can pay for: the minimum points' worth
 * (10 without a rate and minimum).
 */
export function affordableOrder(account: FixtureAccount): Record<string, unknown> {
  const { programConversionRate: rate, minimumPointsToRedeem: min, currencyCode } = account;
  return {
    transactionReferenceNumber: reference(),
    transactionAmount: rate && min ? amountFor(min, rate) : 10,
    currencyCode,
    pointsToRedeem: undefined,
  };
}

function reference(): string {
  return `pwpkit-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}
