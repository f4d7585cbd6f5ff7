import { randomUUID } from 'node:crypto';
import { isObject } from '../../generator/document.ts';
import type { Operation } from '../api-set.ts';
import { toHttpRequest, validParts, type RequestParts } from '../cases/build-request.ts';
import type { CaseRunner } from '../engine/case-runner.ts';
import { cardLabel, type LaneContext } from '../engine/lanes.ts';
import { cardValues, type FixtureCard } from '../fixture.ts';
import { producedValue, type Family } from '../resources.ts';
import type { Exchange, Expectation } from '../types.ts';
import { withFields } from './body-fields.ts';
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
    redeem: family.consumers.find((op) => op.model.method === 'post' && op !== family.activator && op.model.requestBody),
    deregister: family.finalizers[0],
  };
}

export function scenarioName(family: Family): string {
  return `scenario: ${family.name} lifecycle`;
}

interface Account {
  balance: number;
  rate?: number;
  min?: number;
  max?: number;
  currency?: string;
}

/**
 * Check 5, the rules the Pay with Points documents state in prose: enrol → balance and redemption
 * refused as inactive → three wrong codes lock the link → a new enrolment activates → balance → redemption
 * by amount deducts exactly round(amount/rate) → the balance agrees → a replayed
 * transactionReferenceNumber returns the same orderId and deducts nothing → over-balance,
 * below-min, above-max, mismatched points/amount and another currency are refused with their
 * codes → de-registration ends the link. Steps whose operation the family lacks are left out; a
 * step that cannot run (its precondition failed) is reported skipped.
 */
export async function lifecycleScenario(lc: LaneContext, family: Family, card: FixtureCard): Promise<void> {
  const roles = rolesOf(family);
  const run = new StepRunner(lc, scenarioName(family), { ...cardValues(card) });
  const account0 = card.account;
  const code = card.linkageConfirmationCode;
  const wrong = code === '000000' ? '111111' : '000000';

  // 0. A card the provider does not know is refused.
  const unknownCard = unknownCardOf(lc.cards ?? [card]);
  await run.step(roles.enrol, `enrol an unknown card (…${unknownCard.lastFourDigitsCardNumber})`, { fields: unknownCard }, run.refusal(roles.enrol, 'invalidCardType'));

  // 1. Enrol: a pending link.
  const first = await run.step(roles.enrol, `enrol ${cardLabel(card)}: a pending ${family.param}`, {}, { kind: 'accepted' }, (e) => (producedValue(e.response?.body, family.param) ? undefined : `no ${family.param} in the answer`));
  const link1 = producedValue(first?.response?.body, family.param);
  if (!link1) return run.skipRest(`enrolment of ${cardLabel(card)} did not yield a ${family.param}${first?.response ? ` (${first.response.status} ${describeError(first.response.body)})` : ''}`);
  run.values[family.param] = link1;

  // 2. Balance before activation: inactive.
  if (roles.balance) await run.step(roles.balance, 'balance before activation', {}, run.refusal(roles.balance, 'inactiveRewardLinkCode'));
  // 2b. Redemption before activation: inactive too (a well-formed order the account could pay for).
  if (roles.redeem && roles.activate) {
    await run.step(roles.redeem, 'redemption before activation', { fields: affordableOrder(account0) }, run.refusal(roles.redeem, 'inactiveRewardLinkCode'));
  }

  // 3. Three wrong confirmation codes lock the link.
  if (roles.activate) {
    const act = roles.activate;
    await run.step(act, 'wrong confirmation code (1st)', { body: { linkageConfirmationCode: wrong } }, run.refusal(act, 'activationFailed'));
    await run.step(act, 'wrong confirmation code (2nd)', { body: { linkageConfirmationCode: wrong } }, run.refusal(act, 'activationFailed'));
    await run.step(act, 'wrong confirmation code (3rd): the link is dead', { body: { linkageConfirmationCode: wrong } }, run.refusal(act, 'exceedsMaximumAttempts'));
    await run.step(act, 'the right code after the lock', { body: { linkageConfirmationCode: code } }, { kind: 'refused', why: 'the link was locked by three wrong codes' });

    // 4. A new enrolment, activated with the right code.
    const second = await run.step(roles.enrol, `enrol ${cardLabel(card)} again: a new ${family.param}`, {}, { kind: 'accepted' });
    const link2 = producedValue(second?.response?.body, family.param);
    if (!link2) return run.skipRest(`re-enrolment after the lock did not yield a ${family.param}`);
    run.values[family.param] = link2;
    const activated = await run.step(act, 'the right confirmation code activates it', { body: { linkageConfirmationCode: code } }, { kind: 'accepted' });
    if (!ok(activated)) return run.skipRest('the new link could not be activated');
    await run.step(roles.enrol, `enrol ${cardLabel(card)} while its link is active`, {}, run.refusal(roles.enrol, 'cardAlreadyRegistered'));
  }

  // 5. Balance, redemption by amount, replay, refusals.
  let account: Account | undefined;
  if (roles.balance) {
    const b = await run.step(roles.balance, 'balance of the active link', {}, { kind: 'accepted' });
    account = accountOf(b, account0);
  }
  if (roles.redeem && roles.balance) {
    if (account) await redemptionSteps(run, roles.redeem, roles.balance, account);
    else run.skip(roles.redeem, 'redemption steps', 'the balance answer carried no availablePointBalance');
  }

  // 6. De-registration ends the link.
  if (roles.deregister) {
    const d = await run.step(roles.deregister, `de-register the ${family.param}`, {}, { kind: 'accepted' });
    if (!ok(d)) return run.skipRest('de-registration was refused');
    if (roles.balance) await run.step(roles.balance, 'balance after de-registration', {}, run.refusal(roles.balance, 'invalidRewardLinkCode'));
    if (roles.redeem) {
      const body = { transactionReferenceNumber: reference(), transactionAmount: account?.rate && account.min ? amountFor(account.min, account.rate) : 10, currencyCode: account?.currency, pointsToRedeem: undefined };
      await run.step(roles.redeem, 'redemption after de-registration', { fields: body }, run.refusal(roles.redeem, 'invalidRewardLinkCode'));
    }
  }
}

async function redemptionSteps(run: StepRunner, redeem: Operation, balanceOp: Operation, account: Account): Promise<void> {
  const { rate, currency } = account;
  const min = account.min ?? 1;
  const max = account.max ?? Number.MAX_SAFE_INTEGER;
  if (!rate || rate <= 0) return run.skip(redeem, 'redemption steps', 'no programConversionRate in the balance answer or the fixture');
  const balanceNow = async (title: string, expected: number) => {
    const b = await run.step(balanceOp, `${title}: ${expected} points`, {}, { kind: 'accepted' }, (e) => {
      const got = balanceOf(e);
      return got === expected ? undefined : `availablePointBalance is ${String(got)}, expected ${expected}`;
    });
    return balanceOf(b);
  };
  const redeemFields = (amount: number | undefined, extra: Record<string, unknown> = {}) => ({ transactionReferenceNumber: reference(), transactionAmount: amount, currencyCode: currency, pointsToRedeem: undefined, ...extra });

  let balance = account.balance;
  // Above the maximum first, while the balance may still exceed it (then only one code is right).
  if (max < Number.MAX_SAFE_INTEGER) {
    const above = amountFor(max + Math.max(1, Math.round(max * 0.1)), rate, max + 1, Number.MAX_SAFE_INTEGER);
    if (above !== undefined) {
      const abovePoints = pointsFor(above, rate);
      // Above the maximum is also above the balance when the balance is not above the maximum: both codes are right then.
      const codes = abovePoints > balance ? ['exceedsMaximumPointsAllowed', 'inSufficientPointBalance'] : ['exceedsMaximumPointsAllowed'];
      await run.step(redeem, `above the maximum (${abovePoints} > ${max} points)`, { fields: redeemFields(above) }, run.refusal(redeem, ...codes));
    }
  }

  // Redeem by amount: points = round(amount / rate).
  const target = Math.min(max, balance, Math.max(min, Math.min(min + 100, max)));
  const amount = target >= min ? amountFor(target, rate, min, Math.min(max, balance)) : undefined;
  if (amount === undefined) return run.skip(redeem, 'redemption by amount', `the balance (${balance}) is below the minimum (${min})`);
  const points = pointsFor(amount, rate);
  const fields = redeemFields(amount);
  const r1 = await run.step(redeem, `redeem ${amount}${currency ? ` ${currency}` : ''} by amount: ${points} points (round(${amount}/${rate}))`, { fields }, { kind: 'accepted' }, (e) => {
    const reported = isObject(e.response?.body) ? e.response.body.availablePointBalance : undefined;
    return reported === undefined || reported === balance - points ? undefined : `the answer reports availablePointBalance ${String(reported)}, expected ${balance} - ${points} = ${balance - points}`;
  });
  if (!ok(r1)) return run.skipRest('the redemption was refused');
  const orderId = isObject(r1!.response!.body) ? r1!.response!.body.orderId : undefined;
  const after = await balanceNow(`balance after redeeming ${points} points`, balance - points);
  balance = after ?? balance - points;

  // Replay: same transactionReferenceNumber → same orderId, nothing deducted.
  await run.step(redeem, 'replayed transactionReferenceNumber: the same orderId', { fields }, { kind: 'accepted' }, (e) => {
    const again = isObject(e.response?.body) ? e.response.body.orderId : undefined;
    return again === orderId ? undefined : `orderId ${JSON.stringify(again)}, the first answer had ${JSON.stringify(orderId)}`;
  });
  balance = (await balanceNow('balance after the replay (nothing deducted)', balance)) ?? balance;

  // Refusals: none of them may deduct anything.
  if (balance + 1 <= max) {
    const over = amountFor(Math.min(max, balance + Math.max(1, Math.floor((max - balance) / 2))), rate, balance + 1, max);
    if (over !== undefined) await run.step(redeem, `over the balance (${pointsFor(over, rate)} > ${balance} points)`, { fields: redeemFields(over) }, run.refusal(redeem, 'inSufficientPointBalance'));
  } else run.skip(redeem, 'over the balance → inSufficientPointBalance', `the balance (${balance}) is not below the maximum (${max})`);
  if (min > 1) {
    const below = amountFor(Math.floor(min / 2), rate, 1, min - 1);
    if (below !== undefined) await run.step(redeem, `below the minimum (${pointsFor(below, rate)} < ${min} points)`, { fields: redeemFields(below) }, run.refusal(redeem, 'belowMinimumPointsAllowed'));
  }
  const pair = amountFor(Math.min(min + 10, max, balance), rate, min, Math.min(max, balance));
  if (pair !== undefined) {
    const wrongPoints = pointsFor(pair, rate) + Math.max(2, Math.round(pointsFor(pair, rate) * 0.1));
    await run.step(redeem, `amount ${pair} with pointsToRedeem ${wrongPoints} (round(${pair}/${rate}) = ${pointsFor(pair, rate)})`, { fields: redeemFields(pair, { pointsToRedeem: wrongPoints }) }, run.refusal(redeem, 'invalidPointsAndAmountCombination'));
    const other = currency === 'USD' ? 'EUR' : 'USD';
    await run.step(redeem, `currency ${other} instead of ${currency ?? 'the account currency'}`, { fields: redeemFields(pair, { currencyCode: other }) }, run.refusal(redeem, 'currencyNotSupported'));
  }
  await balanceNow('balance after the refused redemptions (nothing deducted)', balance);
}

/** Sends scenario steps in order; once a precondition fails, the remaining steps are reported skipped. */
class StepRunner {
  private stopped: string | undefined;
  private readonly runner: CaseRunner;

  constructor(
    private readonly lc: LaneContext,
    readonly suite: string,
    readonly values: Record<string, unknown>,
  ) {
    this.runner = lc.runner;
  }

  async step(op: Operation, title: string, change: { body?: Record<string, unknown>; fields?: Record<string, unknown> }, expectation: Expectation, assert?: (e: Exchange) => string | undefined): Promise<Exchange | undefined> {
    if (this.stopped) {
      this.runner.skip(this.suite, title, 'scenario', this.stopped, op);
      return undefined;
    }
    const ctx = { ...this.lc.base, values: this.values };
    const parts: RequestParts = validParts(op, ctx);
    if (change.body) parts.body = { ...(isObject(parts.body) ? parts.body : {}), ...change.body };
    if (change.fields) parts.body = withFields(this.lc.base.set, op, parts.body, change.fields);
    return this.runner.run({ suite: this.suite, title: `${title} → ${labelOf(expectation)}`, kind: 'scenario', operation: op, request: toHttpRequest(op, ctx, parts), expectation, assert });
  }

  skip(op: Operation, title: string, reason: string): void {
    this.runner.skip(this.suite, title, 'scenario', reason, op);
  }

  skipRest(reason: string): void {
    this.stopped = reason;
    this.runner.skip(this.suite, 'remaining steps', 'scenario', reason);
  }

  /** Refused with this code (at the status the spec documents it under), when the operation documents it; refused at all otherwise. */
  refusal(op: Operation, ...codes: string[]): Expectation {
    return refusalOf(op, ...codes);
  }
}

/** Refused with one of these codes (at the status the spec documents them under), when the operation documents any; refused at all otherwise. */
/** Whether the operation's catalog lists the code under any status. */
export function documentsCode(op: Operation, code: string): boolean {
  return Object.values(op.catalog).some((rows) => rows.some((r) => r.code === code));
}

export function refusalOf(op: Operation, ...codes: string[]): Expectation {
  const documented = codes.filter((c) => documentsCode(op, c));
  if (documented.length === 0) return { kind: 'refused' };
  const statuses = new Set(Object.entries(op.catalog).filter(([, rows]) => rows.some((r) => documented.includes(r.code))).map(([s]) => s));
  const status = statuses.size === 1 && /^\d+$/.test([...statuses][0]) ? Number([...statuses][0]) : undefined;
  return { kind: 'refused', codes: documented, ...(status !== undefined ? { status } : {}) };
}

function labelOf(e: Expectation): string {
  if (e.kind === 'accepted') return 'accepted';
  if (e.kind === 'refused') return e.codes?.length ? e.codes.join(' or ') : 'refused';
  return 'answered';
}

function ok(e: Exchange | undefined): boolean {
  return e?.response !== undefined && e.response.status >= 200 && e.response.status < 300;
}

function balanceOf(e: Exchange | undefined): number | undefined {
  const v = isObject(e?.response?.body) ? e.response.body.availablePointBalance : undefined;
  return typeof v === 'number' ? v : undefined;
}

function accountOf(e: Exchange | undefined, fixture: FixtureCard['account']): Account | undefined {
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
function unknownCardOf(cards: readonly FixtureCard[]): { lastFourDigitsCardNumber: string; citiCardHolderPhoneNumber: string } {
  const taken = new Set(cards.map((c) => c.lastFourDigitsCardNumber));
  let n = 0;
  while (taken.has(String(n).padStart(4, '0'))) n++;
  return { lastFourDigitsCardNumber: String(n).padStart(4, '0'), citiCardHolderPhoneNumber: '0000000000' };
}

/** Body fields of a well-formed order the fixture account can pay for: the minimum points' worth (10 without a rate and minimum). */
export function affordableOrder(account: FixtureCard['account']): Record<string, unknown> {
  const { programConversionRate: rate, minimumPointsToRedeem: min, currencyCode } = account;
  return { transactionReferenceNumber: reference(), transactionAmount: rate && min ? amountFor(min, rate) : 10, currencyCode, pointsToRedeem: undefined };
}

function reference(): string {
  return `pwpkit-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}
