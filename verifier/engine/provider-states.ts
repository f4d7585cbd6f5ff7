import { isObject } from '../../generator/document.ts';
import type { Operation } from '../api-set.ts';
import { toHttpRequest, validParts } from '../cases/build-request.ts';
import { cardValues, type FixtureCard } from '../fixture.ts';
import type { Sender } from '../http/send.ts';
import { producedValue, type Family } from '../resources.ts';
import { withFields } from '../scenarios/body-fields.ts';
import { affordableOrder, documentsCode, refusalOf } from '../scenarios/lifecycle.ts';
import type { Expectation } from '../types.ts';
import { cardLabel, type LaneContext } from './lanes.ts';
import { parseHttpUrl } from '../../generator/input-checks.ts';

/**
 * `--states-url`: checks that need the provider put in a state no request can reach (an outage, a
 * confirmation code past its lifetime), through a Pact-style provider-state endpoint:
 * `POST <url>` with `{ state, params, action: 'setup' }`, answered with the values the state
 * created (`{ rewardLinkCode }`). `pwpkit mock --admin` serves one at `/__admin/provider-states`.
 * A real provider has none, so verify never needs it; the phrases are the ones the mock knows.
 */
export const OUTAGE_STATE = 'the service is unavailable';

export function expiredCodeState(card: FixtureCard, family: Family): string {
  return `card ${card.lastFourDigitsCardNumber} is enrolled${programOf(family)} and its confirmation code has expired`;
}

/** Conditions of an active link under which a valid order is refused, and the code that says so. */
const ORDER_REFUSAL_STATES = [
  { condition: 'not eligible to redeem', code: 'notEligibleToRedeem' },
  { condition: 'order ids cannot be generated', code: 'errorGeneratingOrderId' },
] as const;

/** The card's fixture balance keeps the valid order affordable, as in the main phase. */
function orderRefusalState(card: FixtureCard, family: Family, condition: string): string {
  const points = typeof card.account.availablePointBalance === 'number' ? card.account.availablePointBalance : 10000;
  return `card ${card.lastFourDigitsCardNumber} is enrolled${programOf(family)} and active with ${points} points but ${condition}`;
}

/** A state every provider can set up harmlessly, ending the last one: no enrolment for the card. */
export function neutralState(card: FixtureCard): string {
  return `card ${card.lastFourDigitsCardNumber} is not enrolled`;
}

/** ` in Shop with Points` when the family's paths name the program (`/v1/rewards/{code}/shopWithPoints/…`); Pay with Points is the default. */
function programOf(family: Family): string {
  for (const op of [family.producer, ...family.consumers]) {
    for (const segment of op.model.path.split('/')) {
      const m = /^(pay|shop)withpoints$/i.exec(segment);
      if (m) return m[1].toLowerCase() === 'shop' ? ' in Shop with Points' : '';
    }
  }
  return '';
}

/** `--states-url` must be an http(s) URL (exit 2 otherwise). */
export function checkStatesUrl(url: string): string {
  parseHttpUrl(url, '--states-url');
  return url;
}

/**
 * Whether `url` answers as a provider-state endpoint, asked once before any check runs with the
 * state every provider can set up harmlessly (no enrolment for the first card): a 2xx that is not
 * an HTML page, or a refusal of the state itself (400, 409, 422, 500: the endpoint is there and
 * does not know it). Anything else (unreachable, 404, 405, a redirect, 401/403, 501…) means the URL
 * is wrong: the reason, for a "could not run" (exit 2); undefined when it is an endpoint.
 */
export async function probeStatesEndpoint(
  sender: Sender,
  url: string,
  card: FixtureCard | undefined,
): Promise<string | undefined> {
  const state = card ? neutralState(card) : 'pwpkit verify is about to run';
  const exchange = await sender.send({
    method: 'POST',
    url,
    path: new URL(url).pathname,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ state, params: {}, action: 'setup' }),
  });
  const r = exchange.response;
  if (exchange.error || !r)
    return `the provider-state endpoint ${url} is unreachable: ${exchange.error ?? 'no answer'}`;
  const html = /text\/html/i.test(r.headers['content-type'] ?? '');
  if ((r.status >= 200 && r.status < 300 && !html) || [400, 409, 422, 500].includes(r.status)) return undefined;
  return `--states-url ${url} does not answer as a provider-state endpoint: POST { state: "${state}", action: "setup" } was answered ${r.status}${html ? ' with an HTML page' : ''} (pwpkit mock --admin serves one at <mock>/__admin/provider-states)`;
}

export type StateOutcome = { ok: true; values: Record<string, unknown> } | { ok: false; reason: string };

export interface StatesClient {
  setup(state: string, params?: Record<string, unknown>): Promise<StateOutcome>;
  /** Leaves the provider in its normal state: the mock's reset when the URL is the mock's admin API, else a neutral state. */
  reset(card: FixtureCard | undefined): Promise<StateOutcome>;
}

const DETAIL_MAX = 240;

export function statesClient(sender: Sender, url: string): StatesClient {
  let down: string | undefined;
  const post = async (target: string, body: unknown, what: string): Promise<StateOutcome> => {
    if (down) return { ok: false, reason: down };
    const text = JSON.stringify(body);
    const exchange = await sender.send({
      method: 'POST',
      url: target,
      path: new URL(target).pathname,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: text,
    });
    if (exchange.error || !exchange.response) {
      down = `the provider-state endpoint ${url} is unreachable: ${exchange.error ?? 'no answer'}`;
      return { ok: false, reason: down };
    }
    const r = exchange.response;
    if (r.status >= 200 && r.status < 300) return { ok: true, values: isObject(r.body) ? r.body : {} };
    const details = isObject(r.body) && typeof r.body.details === 'string' ? r.body.details : r.bodyText;
    const shown = details.length > DETAIL_MAX ? `${details.slice(0, DETAIL_MAX)}…` : details;
    return {
      ok: false,
      reason: `the provider-state endpoint answered ${r.status} to ${what}${shown ? `: ${shown}` : ''}`,
    };
  };
  return {
    setup: (state, params = {}) => post(url, { state, params, action: 'setup' }, `"${state}"`),
    async reset(card) {
      const u = new URL(url);
      if (/\/__admin\/provider-states\/?$/.test(u.pathname)) {
        u.pathname = u.pathname.replace(/provider-states\/?$/, 'reset');
        return post(u.toString(), {}, 'the reset');
      }
      if (!card) return { ok: false, reason: 'no fixture card to phrase a neutral state with' };
      return post(url, { state: neutralState(card), params: {}, action: 'setup' }, `"${neutralState(card)}"`);
    },
  };
}

/**
 * The state-driven phase, after every other check (each state resets the provider), one request at
 * a time: every selected operation under the outage state answers a documented 5xx with a
 * documented code; every selected activation, for a link whose confirmation code has expired,
 * refuses the right code as expired. A state the endpoint does not know is a skipped check. A state
 * may end the tokens the provider issued, so a fetched token is fetched again (`reauthenticate`).
 */
export async function providerStateChecks(
  lc: LaneContext,
  families: readonly Family[],
  states: StatesClient,
  reauthenticate: () => Promise<string | undefined>,
): Promise<void> {
  const { runner, base } = lc;
  const card = lc.cards?.[0];
  const params = base.clientId ? { clientId: base.clientId } : {};
  const values = card ? cardValues(card) : {};

  const ops = base.set.operations.filter((op) => lc.isSelected(op));
  if (ops.length > 0) {
    const outage = await states.setup(OUTAGE_STATE, params);
    for (const op of ops) {
      const expectation = outageExpectation(op);
      const title = `"${OUTAGE_STATE}" (provider state) → ${expectation ? labelOf(expectation) : 'a documented 5xx'}`;
      if (!outage.ok) runner.skip(op.name, title, 'state', outage.reason, op);
      else if (!expectation) runner.skip(op.name, title, 'state', `${op.name} documents no 5xx answer`, op);
      else {
        const ctx = { ...base, values: { ...values, ...outage.values } };
        await runner.run({
          suite: op.name,
          title,
          kind: 'state',
          operation: op,
          request: toHttpRequest(op, ctx, validParts(op, ctx)),
          expectation,
        });
      }
    }
  }

  /**
   * Sets up a state that leaves `family`'s link in some condition, then sends `op` one valid
   * request for that link (with `fields` in its body: an order the account can pay for).
   */
  const checkLinkState = async (
    op: Operation,
    family: Family,
    code: string,
    state: string | undefined,
    title: string,
    fields?: Record<string, unknown>,
  ) => {
    const expectation = refusalOf(op, code);
    if (!card || !state) return runner.skip(op.name, title, 'state', 'the fixture has no card', op);
    if (expectation.kind !== 'refused' || !expectation.codes)
      return runner.skip(op.name, title, 'state', `${op.name} does not document ${code}`, op);
    const setUp = await states.setup(state, params);
    if (!setUp.ok) return runner.skip(op.name, title, 'state', setUp.reason, op);
    const link = producedValue(setUp.values, family.param);
    if (!link)
      return runner.skip(
        op.name,
        title,
        'state',
        `the provider-state endpoint answered no ${family.param} for "${state}"`,
        op,
      );
    let token: string | undefined;
    try {
      token = await reauthenticate();
    } catch (error) {
      return runner.skip(
        op.name,
        title,
        'state',
        `no token after setting up the state: ${error instanceof Error ? error.message : String(error)}`,
        op,
      );
    }
    const ctx = { ...base, token, values: { ...values, [family.param]: link } };
    const parts = validParts(op, ctx);
    if (fields) parts.body = withFields(base.set, op, parts.body, fields);
    await runner.run({
      suite: op.name,
      title,
      kind: 'state',
      operation: op,
      request: toHttpRequest(op, ctx, parts),
      expectation,
    });
  };

  for (const family of families) {
    const act = family.activator;
    if (act && lc.isSelected(act)) {
      const title = card
        ? `${cardLabel(card)}: its confirmation code has expired (provider state), the right code → linkageConfirmationCodeExpired`
        : 'an expired confirmation code (provider state) → linkageConfirmationCodeExpired';
      await checkLinkState(
        act,
        family,
        'linkageConfirmationCodeExpired',
        card && expiredCodeState(card, family),
        title,
      );
    }
    // Refusals of a valid order that depend on the member or the provider, not the request: only
    // the operations documenting the code (the redemption) are checked.
    for (const op of family.consumers.filter((c) => lc.isSelected(c))) {
      for (const refusal of ORDER_REFUSAL_STATES) {
        if (!documentsCode(op, refusal.code)) continue;
        const title = card
          ? `${cardLabel(card)}: active but ${refusal.condition} (provider state), a valid request → ${refusal.code}`
          : `${refusal.condition} (provider state) → ${refusal.code}`;
        await checkLinkState(
          op,
          family,
          refusal.code,
          card && orderRefusalState(card, family, refusal.condition),
          title,
          card && affordableOrder(card.account),
        );
      }
    }
  }

  const reset = await states.reset(card);
  if (!reset.ok)
    runner.skip(
      'provider states',
      'reset after the provider-state checks',
      'state',
      `${reset.reason} (the provider may still be in the last state set up)`,
    );
}

/** A documented 5xx (the one status when there is one) with the outage code the operation documents for it (`serverUnavailable`), else any documented 5xx code. */
function outageExpectation(op: Operation): Expectation | undefined {
  const statuses = op.spec.statuses.filter((s) => /^5/.test(s));
  if (statuses.length === 0) return undefined;
  const rows = statuses.flatMap((s) => op.catalog[s] ?? []);
  const outage = rows.filter((r) => /unavailable/i.test(r.code));
  const codes = [...new Set((outage.length > 0 ? outage : rows).map((r) => r.code))];
  const status = statuses.length === 1 && /^\d+$/.test(statuses[0]) ? Number(statuses[0]) : undefined;
  return { kind: 'outage', ...(status !== undefined ? { status } : {}), ...(codes.length > 0 ? { codes } : {}) };
}

function labelOf(e: Expectation): string {
  if (e.kind !== 'outage') return '';
  return `${e.status ?? '5xx'}${e.codes?.length ? ` ${e.codes.join(' or ')}` : ''}`;
}
