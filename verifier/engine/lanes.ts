import type { Operation } from '../api-set.ts';
import { exampleFor, toHttpRequest, validParts, type RequestContext } from '../cases/build-request.ts';
import { negativeCases } from '../cases/negative.ts';
import { producedValue, type Family } from '../resources.ts';
import { isObject } from '../../input/document.ts';
import { describeMissing, missingSubjectData } from '../cases/subject-data.ts';
import type { FixtureSubject, LifecycleRun, SubjectFixture } from '../plugin.ts';
import { documentsCode } from '../scenarios/refusals.ts';
import type { Exchange, Expectation } from '../types.ts';
import type { CaseRunner } from './case-runner.ts';
import type { LeftResource, RunState } from './run-state.ts';

export interface LaneContext {
  runner: CaseRunner;
  base: RequestContext;
  isSelected(op: Operation): boolean;
  /** The fixture's subjects, and what a subject is called (no plug-in: none). */
  fixture: SubjectFixture;
  /** How the activation's valid request names what it sends (the plug-in's words). */
  activationInput: string;
  /** Starts a family's lifecycle scenario on a subject (no plug-in, or `--no-scenarios`: none). */
  lifecycle?: (family: Family, subject: FixtureSubject) => LifecycleRun;
  /** What earlier runs left at this provider, and what this one leaves (default: nothing, kept in memory). */
  state?: RunState;
}

/** The suite a family's lifecycle scenario reports under (and `--only` selects). */
export function scenarioName(family: Family): string {
  return `scenario: ${family.name} lifecycle`;
}

/**
 * Everything one resource family checks on one subject, around a single enrolment (so one test
 * subject is enough, and a correct provider never sees it enrolled twice):
 * 1. an earlier run's leftover link is de-registered first where the spec can; the lifecycle's
 *    steps before creation; the subject is enrolled once (checks 1–4 for the producer);
 * 2. on that pending link, the lifecycle's pending steps, then its new enrolment is activated
 *    with the fixture's values (the activator's valid request);
 * 3. every consumer's valid request, negative cases and never-issued link at once, then the
 *    lifecycle's steps on the active link;
 * 4. the finalizers last: de-registration (a clean-up when not selected) frees the subject for the
 *    next lane and the next run, then the lifecycle's steps on the ended link.
 * A subject still enrolled from an earlier run (the spec cannot de-register) reuses the link the
 * state file kept; the checks that need a new enrolment are skipped with the reason. What could
 * not be ended is remembered in the state file.
 */
export async function familyLane(
  lc: LaneContext,
  family: Family,
  subject: FixtureSubject | undefined,
  withScenario = false,
): Promise<void> {
  const { runner } = lc;
  const state = lc.state;
  const set = lc.base.set;
  const subjects = lc.fixture.subjects;
  let values: Record<string, unknown> = subject ? { ...subject.values } : {};
  const kindOf = (op: Operation) => (lc.isSelected(op) ? 'positive' : 'setup');
  const producer = family.producer;
  const deregister = family.finalizers[0];
  const startScenario = withScenario ? lc.lifecycle : undefined;
  let lifecycle = startScenario && subject ? startScenario(family, subject) : undefined;
  if (startScenario && !subject)
    runner.skip(scenarioName(family), 'all steps', 'scenario', `the fixture has no ${lc.fixture.noun} to enrol`);
  const remember = (value: string, status: 'active' | 'pending') =>
    subject && state?.remember({ family: producer.key, param: family.param, value, card: subject.key, status });
  const forget = () => subject && state?.forget(producer.key, subject.key);

  // 1. An earlier run's leftover, ended first where the spec can (housekeeping, not a check); then one enrolment.
  let leftover = subject ? state?.leftover(producer.key, subject.key) : undefined;
  if (leftover && deregister && (await endLeftover(lc, deregister, family, leftover.value))) {
    forget();
    leftover = undefined;
  }
  if (lifecycle) await lifecycle.beforeCreation();

  const enrolTitle = subject
    ? `valid request (${subject.label}) yields ${family.param}`
    : 'valid request (spec examples)';
  const missing = subject ? missingSubjectData(set, producer, subject, lc.fixture) : [];
  let link: string | undefined;
  /** Why no link is at hand, when none is: the checks that need one are skipped with it. */
  let noLink: string | undefined;
  let reused = false;
  if (missing.length > 0) {
    noLink = describeMissing(subject, missing, lc.fixture);
    runner.skip(producer.name, enrolTitle, kindOf(producer), noLink, producer);
  } else {
    // A subject found still enrolled (and its link unknown) gives way to the next one that is not.
    const first = subject;
    const others = subjects.filter(
      (c) =>
        c !== first &&
        !state?.leftover(producer.key, c.key) &&
        missingSubjectData(set, producer, c, lc.fixture).length === 0,
    );
    for (const candidate of [first, ...others]) {
      if (candidate !== subject && candidate) {
        subject = candidate;
        values = { ...candidate.values };
        leftover = undefined;
        lifecycle = startScenario?.(family, candidate);
      }
      const pctx = { ...lc.base, values };
      let stillEnrolled = false;
      const enrolling = subject;
      const enrol = await runner.run({
        suite: producer.name,
        title: enrolling ? `valid request (${enrolling.label}) yields ${family.param}` : enrolTitle,
        kind: kindOf(producer),
        operation: producer,
        request: toHttpRequest(producer, pctx, validParts(producer, pctx)),
        expectation: enrolling ? { kind: 'accepted' } : { kind: 'documented' },
        assert: (e) =>
          e.response && e.response.status < 300 && !producedValue(e.response.body, family.param)
            ? `the ${e.response.status} answer carries no ${family.param}`
            : undefined,
        excuse: enrolling
          ? (e) =>
              (stillEnrolled = refusedAsEnrolled(producer, e, leftover !== undefined))
                ? stillEnrolledReason(enrolling, lc.fixture, family, leftover, state)
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
      } else if (stillEnrolled && enrolling) {
        noLink ??= stillEnrolledReason(enrolling, lc.fixture, family, undefined, state);
        continue;
      }
      // Anything else refused is the provider's finding (recorded above); what needs the link
      // runs with the spec's example.
      break;
    }
    if (link === undefined && noLink !== undefined && first && subject !== first) {
      subject = first;
      values = { ...first.values };
      lifecycle = startScenario?.(family, first);
    }
  }

  // 2. The pending link: the lifecycle's pending steps, then activation.
  let active = false;
  let inactive = noLink ?? `enrolment of ${subject ? subject.label : 'the spec example'} yielded no ${family.param}`;
  const activator = family.activator;
  const activationTitle =
    `valid request (${subject ? subject.label : 'spec examples'}, ${lc.activationInput}) ` +
    `activates the ${family.param}`;
  let toActivate: string | undefined;
  if (reused && subject) {
    const why =
      `needs a new enrolment, and ${subject.label} is still enrolled from an earlier run` +
      `${deregister ? '' : ' (the spec has no de-registration operation)'}: its ${family.param} from ` +
      `${state?.file ?? 'the earlier run'} is reused; give the fixture another ${lc.fixture.noun} to run it`;
    if (lifecycle) await lifecycle.whilePending(undefined, why);
    inactive = why;
    if (leftover!.status === 'active' || !activator) {
      active = true;
      if (activator) runner.skip(activator.name, activationTitle, kindOf(activator), why, activator);
    } else toActivate = link;
  } else if (link !== undefined && subject) {
    toActivate = link;
    if (lifecycle) {
      const next = await lifecycle.whilePending(link, '');
      if (next.resource === undefined) {
        // The first link is dead and no new one came: nothing to activate.
        forget();
        inactive = next.why;
        toActivate = undefined;
      } else if (next.resource !== link) {
        remember(next.resource, 'pending');
        link = toActivate = next.resource;
      }
    }
  } else if (lifecycle) await lifecycle.whilePending(undefined, inactive);
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
    } else if (subject) runner.skip(activator.name, activationTitle, kindOf(activator), inactive, activator);
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
      else middle.push(runPositive(lc, op, ctx, positive(op), positiveTitle, subject));
    }
    middle.push(negatives(lc, op, ctx), unknownResource(lc, op, family, ctx, link));
  }
  await Promise.all(middle);
  if (lifecycle) await lifecycle.whileActive(active ? link : undefined, inactive);

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
  if (lifecycle) await lifecycle.afterEnd(ended);
}

/**
 * The enrolment was refused because the subject is still enrolled: a documented 4xx code saying so
 * (or any documented 4xx, when this run knows the subject was left enrolled).
 */
function refusedAsEnrolled(producer: Operation, e: Exchange, knownLeft: boolean): boolean {
  const r = e.response;
  if (!r || r.status < 400 || r.status >= 500) return false;
  const code = isObject(r.body) && typeof r.body.code === 'string' ? r.body.code : undefined;
  if (code === undefined || !documentsCode(producer, code)) return false;
  return knownLeft || /already|exist|duplicate|registered|registration/i.test(code);
}

function stillEnrolledReason(
  subject: FixtureSubject,
  fixture: SubjectFixture,
  family: Family,
  leftover: LeftResource | undefined,
  state: RunState | undefined,
): string {
  if (leftover)
    return (
      `${subject.label} is still enrolled from an earlier run: its ${family.param} from ` +
      `${state?.file ?? 'the earlier run'} is reused`
    );
  return (
    `${subject.label} is already enrolled at the provider and no earlier run recorded its ${family.param}` +
    `${state?.file ? ` in ${state.file}` : ' (no --state-file)'}: end that enrolment at the provider, ` +
    `or give the fixture a ${fixture.noun} that is not enrolled`
  );
}

/**
 * De-registers a link an earlier run left: true when it is gone (accepted, or refused as unknown);
 * false when the provider could not say (5xx, no answer).
 */
async function endLeftover(lc: LaneContext, op: Operation, family: Family, value: string): Promise<boolean> {
  const ctx = { ...lc.base, values: { [family.param]: value } };
  const e = await lc.runner.send(toHttpRequest(op, ctx, validParts(op, ctx)));
  return e.response !== undefined && e.response.status < 500;
}

/**
 * Operations no family provides for: spec examples and fixture values only (the first subject that
 * has every value the request needs).
 */
export async function orphanLane(lc: LaneContext, ops: readonly Operation[]): Promise<void> {
  const subjects = lc.fixture.subjects;
  const first = subjects[0];
  await Promise.all(
    ops
      .filter((op) => lc.isSelected(op))
      .flatMap((op) => {
        const usable = subjects.find((c) => missingSubjectData(lc.base.set, op, c, lc.fixture).length === 0);
        const chosen = usable ?? first;
        const ctx = { ...lc.base, values: chosen ? { ...chosen.values } : {} };
        const hasPathParams = op.model.parameters.some((p) => p.in === 'path');
        const title = 'valid request (spec examples and fixture values)';
        if (!usable && first) {
          const missing = missingSubjectData(lc.base.set, op, first, lc.fixture);
          lc.runner.skip(op.name, title, 'positive', describeMissing(first, missing, lc.fixture), op);
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
  subject?: FixtureSubject,
) {
  const missing = subject ? missingSubjectData(lc.base.set, op, subject, lc.fixture) : [];
  if (missing.length > 0)
    return Promise.resolve(
      lc.runner.skip(op.name, title, 'positive', describeMissing(subject, missing, lc.fixture), op),
    );
  return lc.runner.run({
    suite: op.name,
    title,
    kind: 'positive',
    operation: op,
    request: toHttpRequest(op, ctx, validParts(op, ctx)),
    expectation,
  });
}

/**
 * Check 4, for resources: a well-formed request for a `param` the provider never issued is refused
 * (4xx), never served.
 */
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
