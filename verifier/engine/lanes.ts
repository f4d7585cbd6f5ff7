import type { Operation } from '../api-set.ts';
import { exampleFor, toHttpRequest, validParts, type RequestContext } from '../cases/build-request.ts';
import { negativeCases } from '../cases/negative.ts';
import { cardValues, type FixtureCard } from '../fixture.ts';
import { producedValue, type Family } from '../resources.ts';
import type { Expectation } from '../types.ts';
import type { CaseRunner } from './case-runner.ts';

export interface LaneContext {
  runner: CaseRunner;
  base: RequestContext;
  isSelected(op: Operation): boolean;
  /** The fixture's cards (a scenario makes up one that is not among them). */
  cards?: readonly FixtureCard[];
}

export function cardLabel(card: FixtureCard): string {
  return `card …${card.lastFourDigitsCardNumber}`;
}

/**
 * Checks 1–4 for one resource family on one card: provision a real resource (producer, then the
 * activator), run every consumer's valid request and negative cases against it concurrently,
 * then the finalizers (de-registration) last, so the card is free again for the next lane.
 */
export async function familyLane(lc: LaneContext, family: Family, card: FixtureCard | undefined): Promise<void> {
  const { runner } = lc;
  const values: Record<string, unknown> = card ? cardValues(card) : {};
  const kindOf = (op: Operation) => (lc.isSelected(op) ? 'positive' : 'setup');
  let link: string | undefined;
  let active = false;

  const producer = family.producer;
  const pctx = { ...lc.base, values };
  const enrol = await runner.run({
    suite: producer.name,
    title: card ? `valid request (${cardLabel(card)}) yields ${family.param}` : 'valid request (spec examples)',
    kind: kindOf(producer),
    operation: producer,
    request: toHttpRequest(producer, pctx, validParts(producer, pctx)),
    expectation: card ? { kind: 'accepted' } : { kind: 'documented' },
    assert: (e) => (e.response && e.response.status < 300 && !producedValue(e.response.body, family.param) ? `the ${e.response.status} answer carries no ${family.param}` : undefined),
  });
  link = producedValue(enrol.response?.body, family.param);
  if (link !== undefined) {
    active = true;
    values[family.param] = link;
    if (family.activator) {
      const actx = { ...lc.base, values };
      const activation = await runner.run({
        suite: family.activator.name,
        title: `valid request (${cardLabel(card!)}, the fixture's confirmation code) activates the ${family.param}`,
        kind: kindOf(family.activator),
        operation: family.activator,
        request: toHttpRequest(family.activator, actx, validParts(family.activator, actx)),
        expectation: { kind: 'accepted' },
      });
      active = activation.response !== undefined && activation.response.status < 300;
    }
  }

  const ctx = { ...lc.base, values };
  const positive = (op: Operation): Expectation => (!active ? { kind: 'documented' } : op.model.method === 'get' ? { kind: 'accepted' } : { kind: 'documented', wellFormed: true });
  const finalizers = new Set(family.finalizers);
  const middle: Promise<unknown>[] = [];
  if (lc.isSelected(producer)) middle.push(negatives(lc, producer, ctx));
  for (const op of family.consumers) {
    if (finalizers.has(op) || !lc.isSelected(op)) continue;
    if (op !== family.activator) middle.push(runPositive(lc, op, ctx, positive(op), link !== undefined ? `valid request (the provisioned ${family.param})` : `valid request (example ${family.param})`));
    middle.push(negatives(lc, op, ctx), unknownResource(lc, op, family, ctx, link));
  }
  await Promise.all(middle);
  for (const op of family.finalizers) {
    if (!lc.isSelected(op)) continue;
    await Promise.all([negatives(lc, op, ctx), unknownResource(lc, op, family, ctx, link)]);
    await runPositive(lc, op, ctx, active ? { kind: 'accepted' } : { kind: 'documented' }, link !== undefined ? `valid request (the provisioned ${family.param}), run last` : `valid request (example ${family.param})`);
  }
}

/** Operations no family provides for: spec examples and fixture values only. */
export async function orphanLane(lc: LaneContext, ops: readonly Operation[], card: FixtureCard | undefined): Promise<void> {
  const ctx = { ...lc.base, values: card ? cardValues(card) : {} };
  await Promise.all(
    ops.filter((op) => lc.isSelected(op)).flatMap((op) => {
      const hasPathParams = op.model.parameters.some((p) => p.in === 'path');
      return [runPositive(lc, op, ctx, hasPathParams ? { kind: 'documented' } : { kind: 'documented', wellFormed: true }, 'valid request (spec examples and fixture values)'), negatives(lc, op, ctx)];
    }),
  );
}

function runPositive(lc: LaneContext, op: Operation, ctx: RequestContext, expectation: Expectation, title: string) {
  return lc.runner.run({ suite: op.name, title, kind: 'positive', operation: op, request: toHttpRequest(op, ctx, validParts(op, ctx)), expectation });
}

/** Check 4, for resources: a well-formed request for a `param` the provider never issued is refused (4xx), never served. */
function unknownResource(lc: LaneContext, op: Operation, family: Family, ctx: RequestContext, issued: string | undefined) {
  const values = { ...ctx.values, [family.param]: unknownLike(issued ?? exampleFor(lc.base.set, op, family.param, {})) };
  const uctx = { ...ctx, values };
  return lc.runner.run({ suite: op.name, title: `${family.param} never issued`, kind: 'negative', operation: op, request: toHttpRequest(op, uctx, validParts(op, uctx)), expectation: { kind: 'refused', why: `no such ${family.param}` } });
}

/** A value shaped like `like` (same length, digits stay digits) that is almost surely not issued. */
function unknownLike(like: string): string {
  if (/^\d+$/.test(like)) {
    for (;;) {
      const candidate = Array.from({ length: Math.max(like.length, 4) }, (_, i) => String(i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10))).join('');
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
      return lc.runner.run({ suite: op.name, title: nc.title, kind: 'negative', operation: op, request: toHttpRequest(op, ctx, parts, rawBody), expectation: nc.expectation });
    }),
  );
}
