import { isObject } from '../../input/document.ts';
import type { Operation } from '../api-set.ts';
import { toHttpRequest, validParts } from '../cases/build-request.ts';
import type { Sender } from '../http/send.ts';
import type { Family } from '../resources.ts';
import type { VerifyPlugin } from '../plugin.ts';
import type { Expectation } from '../types.ts';
import type { LaneContext } from './lanes.ts';
import { parseHttpUrl } from '../../input/option-values.ts';

/**
 * `--states-url`: checks that need the provider put in a state no request can reach (an outage, a
 * confirmation code past its lifetime), through a Pact-style provider-state endpoint:
 * `POST <url>` with `{ state, params, action: 'setup' }`, answered with the values the state
 * created. `pwpkit mock --admin` serves one at `/__admin/provider-states`. A real provider has
 * none, so verify never needs it. The sentences are a domain's provider-state vocabulary (the
 * plug-in's); this engine only sends them.
 */
/** `--states-url` must be an http(s) URL (exit 2 otherwise). */
export function checkStatesUrl(url: string): string {
  parseHttpUrl(url, '--states-url');
  return url;
}

/**
 * Whether `url` answers as a provider-state endpoint, asked once before any check runs with the
 * state every provider can set up harmlessly (the plug-in's neutral state, e.g. no enrolment for
 * the first card): a 2xx that is not an HTML page, or a refusal of the state itself (400, 409, 422,
 * 500: the endpoint is there and does not know it). Anything else (unreachable, 404, 405, a
 * redirect, 401/403, 501…) means the URL is wrong: the reason, for a "could not run" (exit 2);
 * undefined when it is an endpoint.
 */
export async function probeStatesEndpoint(
  sender: Sender,
  url: string,
  neutral: string | undefined,
): Promise<string | undefined> {
  const state = neutral ?? 'pwpkit verify is about to run';
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
  return (
    `--states-url ${url} does not answer as a provider-state endpoint: POST { state: "${state}", ` +
    `action: "setup" } was answered ${r.status}${html ? ' with an HTML page' : ''} ` +
    '(pwpkit mock --admin serves one at <mock>/__admin/provider-states)'
  );
}

export type StateOutcome = { ok: true; values: Record<string, unknown> } | { ok: false; reason: string };

export interface StatesClient {
  setup(state: string, params?: Record<string, unknown>): Promise<StateOutcome>;
  /**
   * Leaves the provider in its normal state: the mock's reset when the URL is the mock's admin API,
   * else `neutral` (undefined: none to set up, and `missing` says why).
   */
  reset(neutral: string | undefined, missing: string): Promise<StateOutcome>;
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
    async reset(neutral, missing) {
      const u = new URL(url);
      if (/\/__admin\/provider-states\/?$/.test(u.pathname)) {
        u.pathname = u.pathname.replace(/provider-states\/?$/, 'reset');
        return post(u.toString(), {}, 'the reset');
      }
      if (neutral === undefined) return { ok: false, reason: missing };
      return post(url, { state: neutral, params: {}, action: 'setup' }, `"${neutral}"`);
    },
  };
}

/**
 * The state-driven phase, after every other check (each state resets the provider), one request at
 * a time: every selected operation under the plug-in's outage state answers a documented 5xx with
 * a documented code; then the plug-in's own state checks; then the provider is reset. A state the
 * endpoint does not know is a skipped check. A state may end the tokens the provider issued, so a
 * fetched token is fetched again (`reauthenticate`).
 */
export async function providerStatePhase(
  lc: LaneContext,
  families: readonly Family[],
  states: StatesClient,
  reauthenticate: () => Promise<string | undefined>,
  plugin: VerifyPlugin | undefined,
): Promise<void> {
  const { runner, base } = lc;
  const subject = lc.fixture.subjects[0];
  const outageState = plugin?.states?.outage;
  const ops = base.set.operations.filter((op) => lc.isSelected(op));
  if (outageState !== undefined && ops.length > 0) {
    const params = base.clientId ? { clientId: base.clientId } : {};
    const outage = await states.setup(outageState, params);
    for (const op of ops) {
      const expectation = outageExpectation(op);
      const title = `"${outageState}" (provider state) → ${expectation ? labelOf(expectation) : 'a documented 5xx'}`;
      if (!outage.ok) runner.skip(op.name, title, 'state', outage.reason, op);
      else if (!expectation) runner.skip(op.name, title, 'state', `${op.name} documents no 5xx answer`, op);
      else {
        const ctx = { ...base, values: { ...subject?.values, ...outage.values } };
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
  await plugin?.states?.checks?.(lc, families, states, reauthenticate);
  const neutral = plugin?.states?.neutral(subject);
  const reset = await states.reset(neutral, `no fixture ${lc.fixture.noun} to phrase a neutral state with`);
  if (!reset.ok)
    runner.skip(
      'provider states',
      'reset after the provider-state checks',
      'state',
      `${reset.reason} (the provider may still be in the last state set up)`,
    );
}

/**
 * A documented 5xx (the one status when there is one) with the outage code the operation documents
 * for it (`serverUnavailable`), else any documented 5xx code.
 */
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
