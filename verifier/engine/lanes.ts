import type { Operation } from '../api-set.ts';
import { exampleFor, toHttpRequest, validParts, type RequestContext } from '../cases/build-request.ts';
import { negativeCases } from '../cases/negative.ts';
import { cardValues, type FixtureCard } from '../fixture.ts';
import { producedValue, type Family } from '../resources.ts';
import { isObject } from '../../generator/document.ts';
import { describeMissing, missingCardData } from '../cases/card-data.ts';
import { documentsCode, Lifecycle, scenarioName } from '../scenarios/lifecycle.ts';
import type { Exchange, Expectation } from '../types.ts';
import type { CaseRunner } from './case-runner.ts';
import type { LeftResource, RunState } from './run-state.ts';

export interface LaneContext {
  runner: CaseRunner;
  base: RequestContext;
  isSelected(op: Operation): boolean;
  /** The fixture's cards (a scenario makes up one that is not among them). */
  cards?: readonly FixtureCard[];
  /** What earlier runs left at this provider, and what this one leaves (default: nothing, kept in memory). */
  state?: RunState;
}

export function cardLabel(card: FixtureCard): string {
  return `card …${card.lastFourDigitsCardNumber}`;
}

/**
 * Everything one resource family checks on one card, around a single enrolment (so one test card
 * is enough, and a correct provider never sees the card enrolled twice):
 * 1. an earlier run's leftover link is de-registered first where the spec can; the lifecycle's
 *    unknown-card step; the card is enrolled once (checks 1–4 for the producer);
 * 2. on that pending link, the lifecycle's inactive and lock steps, then its new enrolment is
 *    activated with the fixture's code (the activator's valid request);
 * 3. every consumer's valid request, negative cases and never-issued link at once, then the
 *    lifecycle's steps on the active link (balance, redemptions);
 * 4. the finalizers last: de-registration (a clean-up when not selected) frees the card for the
 *    next lane and the next run, then the lifecycle's steps on the ended link.
 * A card still enrolled from an earlier run (the spec cannot de-register) reuses the link the state
 * file kept; the checks that need a new enrolment are skipped with the reason. What could not be
 * ended is remembered in the state file.
 */
export async function familyLane(
  lc: LaneContext,
  family: Family,
  card: FixtureCard | undefined,
  withScenario = false,
): Promise<void> {
  const { runner } = lc;
  const state = lc.state;
  const set = lc.base.set;
  let values: Record<string, unknown> = card ? cardValues(card) : {};
  const kindOf = (op: Operation) => (lc.isSelected(op) ? 'positive' : 'setup');
  const producer = family.producer;
  const deregister = family.finalizers[0];
  let lifecycle = withScenario && card ? new Lifecycle(lc, family, card) : undefined;
  if (withScenario && !card)
    runner.skip(scenarioName(family), 'all steps', 'scenario', 'the fixture has no card to enrol');
  const remember = (value: string, status: 'active' | 'pending') =>
    card &&
    state?.remember({ family: producer.key, param: family.param, value, card: card.lastFourDigitsCardNumber, status });
  const forget = () => card && state?.forget(producer.key, card.lastFourDigitsCardNumber);

  // 1. An earlier run's leftover, ended first where the spec can (housekeeping, not a check); then one enrolment.
  let leftover = card ? state?.leftover(producer.key, card.lastFourDigitsCardNumber) : undefined;
  if (leftover && deregister && (await endLeftover(lc, deregister, family, leftover.value))) {
    forget();
    leftover = undefined;
  }
  if (lifecycle) await lifecycle.unknownCard();

  const enrolTitle = card
    ? `valid request (${cardLabel(card)}) yields ${family.param}`
    : 'valid request (spec examples)';
  const missing = card ? missingCardData(set, producer, card, lc.cards ?? [card]) : [];
  let link: string | undefined;
  /** Why no link is at hand, when none is: the checks that need one are skipped with it. */
  let noLink: string | undefined;
  let reused = false;
  if (missing.length > 0) {
    noLink = describeMissing(card, missing);
    runner.skip(producer.name, enrolTitle, kindOf(producer), noLink, producer);
  } else {
    // A card found still enrolled (and its link unknown) gives way to the next card that is not.
    const first = card;
    const others = (lc.cards ?? []).filter(
      (c) =>
        c !== first &&
        !state?.leftover(producer.key, c.lastFourDigitsCardNumber) &&
        missingCardData(set, producer, c, lc.cards ?? []).length === 0,
    );
    for (const candidate of [first, ...others]) {
      if (candidate !== card && candidate) {
        card = candidate;
        values = cardValues(candidate);
        leftover = undefined;
        lifecycle = withScenario ? new Lifecycle(lc, family, candidate) : undefined;
      }
      const pctx = { ...lc.base, values };
      let stillEnrolled = false;
      const enrol = await runner.run({
        suite: producer.name,
        title: card ? `valid request (${cardLabel(card)}) yields ${family.param}` : enrolTitle,
        kind: kindOf(producer),
        operation: producer,
        request: toHttpRequest(producer, pctx, validParts(producer, pctx)),
        expectation: card ? { kind: 'accepted' } : { kind: 'documented' },
        assert: (e) =>
          e.response && e.response.status < 300 && !producedValue(e.response.body, family.param)
            ? `the ${e.response.status} answer carries no ${family.param}`
            : undefined,
        excuse: card
          ? (e) =>
              (stillEnrolled = refusedAsEnrolled(producer, e, leftover !== undefined))
                ? stillEnrolledReason(card!, family, leftover, state)
                : undefined
          : undefined,
      });
      const answered =
        enrol.response && enrol.response.status < 300 ? producedValue(enrol.response.body, family.param) : undefined;
      if (answered !== undefined) {
        link = answered;
        noLink = undefined;
        remember(link, 'pending');
      } else if (stillEnrolled && leftover) {
        link = leftover.value;
        reused = true;
      } else if (stillEnrolled) {
        noLink ??= stillEnrolledReason(card!, family, undefined, state);
        continue;
      }
      // Anything else refused is the provider's finding (recorded above); what needs the link runs with the spec's example.
      break;
    }
    if (link === undefined && noLink !== undefined && first && card !== first) {
      card = first;
      values = cardValues(first);
      lifecycle = withScenario ? new Lifecycle(lc, family, first) : undefined;
    }
  }

  // 2. The pending link: the lifecycle's inactive and lock steps, then activation.
  let active = false;
  let inactive = noLink ?? `enrolment of ${card ? cardLabel(card) : 'the spec example'} yielded no ${family.param}`;
  const activator = family.activator;
  const activationTitle = `valid request (${card ? cardLabel(card) : 'spec examples'}, the fixture's confirmation code) activates the ${family.param}`;
  let toActivate: string | undefined;
  if (reused) {
    const why = `needs a new enrolment, and ${cardLabel(card!)} is still enrolled from an earlier run${deregister ? '' : ' (the spec has no de-registration operation)'}: its ${family.param} from ${state?.file ?? 'the earlier run'} is reused; give the fixture another card to run it`;
    if (lifecycle) await lifecycle.pendingSteps(undefined, why);
    inactive = why;
    if (leftover!.status === 'active' || !activator) {
      active = true;
      if (activator) runner.skip(activator.name, activationTitle, kindOf(activator), why, activator);
    } else toActivate = link;
  } else if (link !== undefined && card) {
    toActivate = link;
    if (lifecycle) {
      const next = await lifecycle.pendingSteps(link, '');
      if (next.link === undefined) {
        // The first link is locked and no new one came: nothing to activate.
        forget();
        inactive = next.why;
        toActivate = undefined;
      } else if (next.link !== link) {
        remember(next.link, 'pending');
        link = toActivate = next.link;
      }
    }
  } else if (lifecycle) await lifecycle.pendingSteps(undefined, inactive);
  if (activator && !active) {
    if (toActivate !== undefined) {
      const actx = { ...lc.base, values: { ...values, [family.param]: toActivate } };
      const activation = await runner.run({
        suite: activator.name,
        title: activationTitle,
        kind: kindOf(activator),
        operation: activator,
        request: toHttpRequest(activator, actx, validParts(activator, actx)),
        expectation: { kind: 'accepted' },
      });
      active = activation.response !== undefined && activation.response.status < 300;
      if (active) remember(toActivate, 'active');
      else inactive = `the ${family.param} could not be activated`;
    } else if (card) runner.skip(activator.name, activationTitle, kindOf(activator), inactive, activator);
  } else if (!activator && link !== undefined) {
    active = true;
    remember(link, 'active');
  }

  // 3. Every consumer at once, on the link; then the lifecycle's steps on the active link.
  if (link !== undefined) values[family.param] = link;
  const ctx = { ...lc.base, values };
  const positive = (op: Operation): Expectation =>
    !active
      ? { kind: 'documented' }
      : op.model.method === 'get'
        ? { kind: 'accepted' }
        : { kind: 'documented', wellFormed: true };
  const finalizers = new Set(family.finalizers);
  const positiveTitle =
    link !== undefined ? `valid request (the provisioned ${family.param})` : `valid request (example ${family.param})`;
  const middle: Promise<unknown>[] = [];
  if (lc.isSelected(producer)) middle.push(negatives(lc, producer, ctx));
  for (const op of family.consumers) {
    if (finalizers.has(op) || !lc.isSelected(op)) continue;
    if (op !== activator) {
      if (noLink !== undefined)
        runner.skip(op.name, `valid request (the provisioned ${family.param})`, 'positive', noLink, op);
      else middle.push(runPositive(lc, op, ctx, positive(op), positiveTitle, card));
    }
    middle.push(negatives(lc, op, ctx), unknownResource(lc, op, family, ctx, link));
  }
  await Promise.all(middle);
  if (lifecycle) await lifecycle.activeSteps(active ? link : undefined, inactive);

  // 4. The finalizers last. De-registration ends the link (also as a clean-up when not selected).
  for (const op of family.finalizers)
    if (lc.isSelected(op)) await Promise.all([negatives(lc, op, ctx), unknownResource(lc, op, family, ctx, link)]);
  let ended: string | undefined = deregister ? inactive : undefined;
  for (const op of family.finalizers) {
    const ending = op === deregister && link !== undefined;
    if (!ending && !lc.isSelected(op)) continue;
    const title =
      link !== undefined
        ? `valid request (the provisioned ${family.param}), run last`
        : `valid request (example ${family.param})`;
    if (noLink !== undefined) {
      runner.skip(op.name, title, kindOf(op), noLink, op);
      continue;
    }
    const done = await runner.run({
      suite: op.name,
      title,
      kind: ending ? kindOf(op) : 'positive',
      operation: op,
      request: toHttpRequest(op, ctx, validParts(op, ctx)),
      expectation: ending && active ? { kind: 'accepted' } : { kind: 'documented' },
    });
    if (ending && done.response && done.response.status < 300) {
      forget();
      ended = undefined;
    } else if (ending) ended = `the de-registration of the ${family.param} was not accepted`;
  }
  if (lifecycle) await lifecycle.afterDeregistration(ended);
}

/** The enrolment was refused because the card is still enrolled: a documented 4xx code saying so (or any documented 4xx, when this run knows the card was left enrolled). */
function refusedAsEnrolled(producer: Operation, e: Exchange, knownLeft: boolean): boolean {
  const r = e.response;
  if (!r || r.status < 400 || r.status >= 500) return false;
  const code = isObject(r.body) && typeof r.body.code === 'string' ? r.body.code : undefined;
  if (code === undefined || !documentsCode(producer, code)) return false;
  return knownLeft || /already|exist|duplicate|registered|registration/i.test(code);
}

function stillEnrolledReason(
  card: FixtureCard,
  family: Family,
  leftover: LeftResource | undefined,
  state: RunState | undefined,
): string {
  if (leftover)
    return `${cardLabel(card)} is still enrolled from an earlier run: its ${family.param} from ${state?.file ?? 'the earlier run'} is reused`;
  return `${cardLabel(card)} is already enrolled at the provider and no earlier run recorded its ${family.param}${state?.file ? ` in ${state.file}` : ' (no --state-file)'}: end that enrolment at the provider, or give the fixture a card that is not enrolled`;
}

/** De-registers a link an earlier run left: true when it is gone (accepted, or refused as unknown); false when the provider could not say (5xx, no answer). */
async function endLeftover(lc: LaneContext, op: Operation, family: Family, value: string): Promise<boolean> {
  const ctx = { ...lc.base, values: { [family.param]: value } };
  const e = await lc.runner.send(toHttpRequest(op, ctx, validParts(op, ctx)));
  return e.response !== undefined && e.response.status < 500;
}

/** Operations no family provides for: spec examples and fixture values only (the first card that has every value the request needs). */
export async function orphanLane(
  lc: LaneContext,
  ops: readonly Operation[],
  card: FixtureCard | undefined,
): Promise<void> {
  const cards = lc.cards ?? (card ? [card] : []);
  await Promise.all(
    ops
      .filter((op) => lc.isSelected(op))
      .flatMap((op) => {
        const usable = cards.find((c) => missingCardData(lc.base.set, op, c, cards).length === 0);
        const chosen = usable ?? card;
        const ctx = { ...lc.base, values: chosen ? cardValues(chosen) : {} };
        const hasPathParams = op.model.parameters.some((p) => p.in === 'path');
        const title = 'valid request (spec examples and fixture values)';
        if (!usable && card) {
          lc.runner.skip(
            op.name,
            title,
            'positive',
            describeMissing(card, missingCardData(lc.base.set, op, card, cards)),
            op,
          );
          return [negatives(lc, op, ctx)];
        }
        return [
          runPositive(
            lc,
            op,
            ctx,
            hasPathParams ? { kind: 'documented' } : { kind: 'documented', wellFormed: true },
            title,
          ),
          negatives(lc, op, ctx),
        ];
      }),
  );
}

function runPositive(
  lc: LaneContext,
  op: Operation,
  ctx: RequestContext,
  expectation: Expectation,
  title: string,
  card?: FixtureCard,
) {
  const missing = card ? missingCardData(lc.base.set, op, card, lc.cards ?? [card]) : [];
  if (missing.length > 0)
    return Promise.resolve(lc.runner.skip(op.name, title, 'positive', describeMissing(card, missing), op));
  return lc.runner.run({
    suite: op.name,
    title,
    kind: 'positive',
    operation: op,
    request: toHttpRequest(op, ctx, validParts(op, ctx)),
    expectation,
  });
}

/** Check 4, for resources: a well-formed request for a `param` the provider never issued is refused (4xx), never served. */
function unknownResource(
  lc: LaneContext,
  op: Operation,
  family: Family,
  ctx: RequestContext,
  issued: string | undefined,
) {
  const values = {
    ...ctx.values,
    [family.param]: unknownLike(issued ?? exampleFor(lc.base.set, op, family.param, {})),
  };
  const uctx = { ...ctx, values };
  return lc.runner.run({
    suite: op.name,
    title: `${family.param} never issued`,
    kind: 'negative',
    operation: op,
    request: toHttpRequest(op, uctx, validParts(op, uctx)),
    expectation: { kind: 'refused', why: `no such ${family.param}`, missingResource: true },
  });
}

/** A value shaped like `like` (same length, digits stay digits) that is almost surely not issued. */
function unknownLike(like: string): string {
  if (/^\d+$/.test(like)) {
    for (;;) {
      const candidate = Array.from({ length: Math.max(like.length, 4) }, (_, i) =>
        String(i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10)),
      ).join('');
      if (candidate !== like) return candidate;
    }
  }
  return `pwpkit-unknown-${Math.random().toString(36).slice(2, 10)}`;
}

/** Check 4: each defective request built from a fresh valid one (its own uuid and reference number). */
function negatives(lc: LaneContext, op: Operation, ctx: RequestContext): Promise<unknown> {
  const cases = negativeCases(lc.base.set, op, validParts(op, ctx));
  return Promise.all(
    cases.map((nc) => {
      const { parts, rawBody } = nc.apply(validParts(op, ctx));
      return lc.runner.run({
        suite: op.name,
        title: nc.title,
        kind: 'negative',
        operation: op,
        request: toHttpRequest(op, ctx, parts, rawBody),
        expectation: nc.expectation,
      });
    }),
  );
}
