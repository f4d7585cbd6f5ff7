import { setMaxListeners } from 'node:events';
import { tokenUrlOf } from '@pwpkit/runtime';
import { InputError } from '../../input/errors.ts';
import { loadApiSet, type ApiSet, type Operation } from '../api-set.ts';
import { serverRoot } from '../cases/build-request.ts';
import { verifyChecks, type Check } from '../checks/index.ts';
import { coverageOf, type Coverage } from '../coverage.ts';
import { createSender, formatDuration } from '../http/send.ts';
import type { SubjectFixture, VerifyPlugin } from '../plugin.ts';
import { findFamilies, type Family } from '../resources.ts';
import { summarize, type CaseResult, type Summary, type VerifyEvent } from '../types.ts';
import { authenticate, basicCredentials, withoutToken, type AuthOptions } from './auth.ts';
import { anyWantsToken } from '../cases/security.ts';
import { CaseRunner } from './case-runner.ts';
import { familyLane, orphanLane, scenarioName, type LaneContext } from './lanes.ts';
import { RunState, type LeftResource } from './run-state.ts';
import { checkStatesUrl, probeStatesEndpoint, providerStatePhase, statesClient } from './provider-states.ts';
import { parseHttpUrl } from '../../input/option-values.ts';

export interface VerifyOptions extends AuthOptions {
  baseUrl: string;
  /** Spec files, or an already loaded set. */
  specs: readonly string[] | ApiSet;
  /** The project's generated/ folder, reused when it holds a spec's very output (see core/api-definition.ts). */
  generatedDir?: string;
  /**
   * A domain's plug-in: the fixture subjects lanes work on, its scenarios and provider-state
   * sentences (`pwpkit verify` passes Pay with Points'). Without one, the spec alone is verified.
   */
  plugin?: VerifyPlugin;
  /** Operation names (or `scenario: <name> lifecycle`) to limit the run to. */
  only?: readonly string[];
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Deadline for each exchange, first byte sent to last byte read (default 10 s); passing it is a finding. */
  timeoutMs?: number;
  /** Deadline for the whole run (default none); passing it stops the run: exit 2, with what ran so far. */
  runTimeoutMs?: number;
  /** At most this many bytes of an answer are read (default 4 MiB); a longer one is a finding. */
  maxBodyBytes?: number;
  /** Default: all of them. */
  checks?: readonly Check[];
  /** Run the plug-in's behavioural scenarios (default true). */
  scenarios?: boolean;
  /**
   * A Pact-style provider-state endpoint (`pwpkit mock --admin`: `<mock>/__admin/provider-states`).
   * With it, a last phase checks what the plug-in's provider states reach (an outage, an expired
   * confirmation code); without it, nothing needs one.
   */
  statesUrl?: string;
  /**
   * Where to remember what verify could not clean up (a subject left enrolled, its link), read at the
   * start of the next run against the same provider (`pwpkit verify`: `.pwpkit/verify-state.json`).
   * Default: none, kept for this run only.
   */
  stateFile?: string;
  onEvent?: (event: VerifyEvent) => void;
}

export interface VerifyReport {
  baseUrl: string;
  specs: string[];
  results: CaseResult[];
  summary: Summary;
  coverage: Coverage;
  /**
   * 0: every check passed; 1: the provider broke the contract; 2: verify could not run to the end
   * (`couldNotRun` says why: the run deadline passed, the provider refused the credentials). Other
   * reasons to stop (unreachable provider, bad input) are thrown as InputError.
   */
  exitCode: 0 | 1 | 2;
  couldNotRun?: string;
  /** What this run (or an earlier one) left at the provider and could not end, as kept in the state file. */
  left?: LeftResource[];
  stateFile?: string;
}

/** No plug-in: no subjects, no credentials but the options', nothing secret but theirs. */
const NO_FIXTURE: SubjectFixture = { subjects: [], noun: 'subject', fields: [], secrets: [] };

/**
 * `pwpkit verify`: derives every case from the spec(s), runs them against the provider and
 * returns the results. Independent work runs concurrently: one lane per fixture subject (a lane's
 * steps share the subject's state, so they run in order), and inside a lane every case that does
 * not change state at once.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => undefined);
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per request in flight
  const deadline = options.runTimeoutMs
    ? setTimeout(
        () => stop.abort(new Error(`the run passed its ${formatDuration(options.runTimeoutMs!)} deadline (--timeout)`)),
        options.runTimeoutMs,
      )
    : undefined;
  deadline?.unref();
  emit({ type: 'phase', name: 'loading specs' });
  const set = isApiSet(options.specs)
    ? options.specs
    : await loadApiSet(options.specs, { generatedDir: options.generatedDir });
  const plugin = options.plugin?.appliesTo?.(set.apis) === false ? undefined : options.plugin;
  const fixture = plugin?.fixture ?? NO_FIXTURE;
  const scenarios = (options.scenarios ?? true) ? plugin?.scenarios : undefined;
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const families = findFamilies(set, new Set(fixture.subjects.flatMap((s) => Object.keys(s.values))));
  if (only) checkSelection(set, families, only);
  if (options.statesUrl !== undefined) checkStatesUrl(options.statesUrl);

  parseHttpUrl(options.baseUrl, '--base-url');
  const root = serverRoot(
    options.baseUrl,
    set.apis.map((a) => a.api.basePath),
  );
  const sender = createSender({
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    signal: stop.signal,
  });
  try {
    emit({ type: 'phase', name: 'connecting' });
    const basePath = set.apis[0]?.api.basePath ?? '';
    const probe = await sender.send({ method: 'GET', url: `${root}${basePath}/`, path: `${basePath}/`, headers: {} });
    if (probe.error) throw new InputError(`the provider at ${options.baseUrl} is unreachable: ${probe.error}`);
    if (options.statesUrl !== undefined) {
      const neutral = plugin?.states?.neutral(fixture.subjects[0]);
      const notAnEndpoint = await probeStatesEndpoint(sender, options.statesUrl, neutral);
      if (notAnEndpoint) throw new InputError(notAnEndpoint);
    }
    // Only where the spec's security (or a documented Authorization header) asks for a token is one fetched.
    // The token endpoint and scope are the spec's (its client-credentials grant), as the generated client's;
    // `--token-url` overrides the endpoint.
    const grant = clientCredentialsOf(set, root);
    const auth = anyWantsToken(set)
      ? await authenticate(options, fixture.client, grant, stop.signal)
      : withoutToken(options, fixture.client);
    const secrets = [...auth.secrets, ...fixtureSecrets(fixture)];

    const state = await RunState.load(options.stateFile, root);
    const runner = new CaseRunner(
      sender,
      options.checks ?? verifyChecks,
      () => secrets,
      emit,
      options.concurrency ?? 16,
      stop.signal,
    );
    const lc: LaneContext = {
      runner,
      base: {
        set,
        root,
        token: auth.token,
        clientId: auth.clientId,
        basic: basicCredentials(options, fixture.client),
        values: {},
      },
      isSelected: (op) => !only || only.has(op.name) || only.has(op.key),
      fixture,
      activationInput: plugin?.activationInput ?? "the fixture's values",
      ...(scenarios?.lifecycle
        ? { lifecycle: (family, subject) => scenarios.lifecycle!.start(lc, family, subject) }
        : {}),
      state,
    };
    emit({ type: 'phase', name: 'running checks' });
    await Promise.all([...planLanes(lc, set, families, only), ...(scenarios?.lanes?.(lc, only) ?? [])]);
    if (options.statesUrl !== undefined && !stop.signal.aborted && runner.refusedCredentials() === undefined) {
      // Each state resets the provider: this phase runs alone, after everything else, one step at a time.
      emit({ type: 'phase', name: 'provider states' });
      // States may drop the tokens the provider issued (the mock's reset does): a fetched token is
      // fetched again after each.
      const tokenUrl = auth.tokenUrl;
      const reauthenticate = tokenUrl
        ? async () => {
            const again = await authenticate(
              options,
              fixture.client,
              { ...grant, defaultTokenUrl: tokenUrl },
              stop.signal,
            );
            secrets.push(...again.secrets);
            return again.token;
          }
        : async () => auth.token;
      const states = statesClient(sender, options.statesUrl);
      await providerStatePhase(lc, families, states, reauthenticate, plugin);
    }

    await state.save();
    const refused = runner.refusedCredentials();
    const couldNotRun = stop.signal.aborted
      ? `${(stop.signal.reason as Error).message}: stopped after ${sender.count} requests`
      : refused !== undefined
        ? `the provider refused the ${auth.token ? 'bearer token' : 'requests without a token'}: ` +
          `all ${refused} requests that must succeed were answered 401 ` +
          (auth.token
            ? '(check --token, or give --client-id/--client-secret)'
            : '(give --token or --client-id/--client-secret)')
        : undefined;
    // Refused credentials: every result is the same 401, which says nothing of the provider.
    const results =
      refused !== undefined && !stop.signal.aborted ? [] : runner.ordered(set.operations.map((op) => op.name));
    const summary = summarize(results, sender.count, performance.now() - started);
    emit(couldNotRun !== undefined ? { type: 'stopped', reason: couldNotRun } : { type: 'finish', summary });
    return {
      baseUrl: options.baseUrl,
      specs: set.apis.map((a) => a.api.name),
      results,
      summary,
      coverage: coverageOf(
        set.operations.filter(
          (op) => lc.isSelected(op) || results.some((r) => r.operation === op.name && r.api === op.api.api.name),
        ),
        results,
      ),
      exitCode: couldNotRun !== undefined ? 2 : summary.failed > 0 ? 1 : 0,
      ...(state.resources.length > 0 ? { left: [...state.resources] } : {}),
      ...(options.stateFile !== undefined ? { stateFile: options.stateFile } : {}),
      ...(couldNotRun !== undefined ? { couldNotRun } : {}),
    };
  } catch (error) {
    // The deadline passed before the checks could start (connecting, fetching the token).
    if (stop.signal.aborted && error instanceof InputError)
      throw new InputError(`${(stop.signal.reason as Error).message}, before any check ran`);
    throw error;
  } finally {
    clearTimeout(deadline);
    sender.close();
  }
}

/**
 * One lane per subject: each family goes to one subject, which gets one enrolment for the family's
 * checks and its lifecycle scenario (engine/lanes.ts `familyLane`); families on the same subject
 * run one after the other, subjects at once. A family goes to a subject an earlier run left nothing
 * on, if there is one (so its enrolment is checked afresh), families spread over the subjects.
 */
function planLanes(lc: LaneContext, set: ApiSet, families: Family[], only: Set<string> | undefined): Promise<void>[] {
  const subjects = lc.fixture.subjects;
  const plans: Array<{ family: Family; scenario: boolean }> = [];
  for (const family of families) {
    const name = scenarioName(family);
    const scenario = lc.lifecycle !== undefined && (!only || only.has(name) || only.has(`scenario:${family.name}`));
    if (scenario || [family.producer, ...family.consumers].some((op) => lc.isSelected(op)))
      plans.push({ family, scenario });
  }
  const inFamilies = new Set(families.flatMap((f) => [f.producer, ...f.consumers]));
  const orphans = set.operations.filter((op) => !inFamilies.has(op));
  const running: Promise<void>[] = [orphanLane(lc, orphans)];
  if (subjects.length === 0) return [...running, ...plans.map((p) => familyLane(lc, p.family, undefined, p.scenario))];
  const bySubject = new Map<number, typeof plans>();
  plans.forEach((plan, i) => {
    const order = subjects.map((_, k) => (i + k) % subjects.length);
    const k = order.find((c) => !lc.state?.leftover(plan.family.producer.key, subjects[c].key)) ?? order[0];
    bySubject.set(k, [...(bySubject.get(k) ?? []), plan]);
  });
  for (const [k, list] of bySubject) {
    running.push(
      (async () => {
        for (const plan of list) await familyLane(lc, plan.family, subjects[k], plan.scenario);
      })(),
    );
  }
  return running;
}

function checkSelection(set: ApiSet, families: Family[], only: Set<string>): void {
  const known = new Set<string>([
    ...set.operations.flatMap((op: Operation) => [op.name, op.key]),
    ...families.flatMap((f) => [scenarioName(f), `scenario:${f.name}`]),
  ]);
  const unknown = [...only].filter((o) => !known.has(o));
  if (unknown.length > 0) {
    const names = [...set.operations.map((op) => op.name), ...families.map((f) => `scenario:${f.name}`)];
    throw new InputError(
      `--only: unknown operation ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${names.join(', ')}`,
    );
  }
}

function isApiSet(specs: VerifyOptions['specs']): specs is ApiSet {
  return !Array.isArray(specs) && typeof (specs as ApiSet).match === 'function';
}

/** What a report must never show: the plug-in's secrets and each subject's. */
function fixtureSecrets(fixture: SubjectFixture): string[] {
  return [...fixture.secrets, ...fixture.subjects.flatMap((s) => s.secrets)].filter((s) => s.length >= 4);
}

/** The first API's documented client-credentials grant, as a default token URL and scope. */
function clientCredentialsOf(set: ApiSet, root: string): { defaultTokenUrl?: string; scope: string } {
  for (const { api } of set.apis) {
    if (!api.clientCredentials) continue;
    try {
      return {
        defaultTokenUrl: tokenUrlOf(api.clientCredentials, `${root}${api.basePath}`, {}),
        scope: api.clientCredentials.scope ?? '',
      };
    } catch {
      // a placeholder without a default: `--token-url` must name the endpoint
      return { scope: api.clientCredentials.scope ?? '' };
    }
  }
  return { scope: '' };
}
