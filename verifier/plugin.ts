/**
 * The plug-in points of `pwpkit verify`. The engine verifies any spec on its own: cases from the
 * spec, one lane per resource family, the checks. A domain (Citi's Pay with Points family, in
 * `domain/pay-with-points/verify/`) plugs in what only it knows: the *subjects* its fixture names
 * (what a lane works on), the scenarios its documents state in prose, and the provider-state
 * sentences its provider understands. The engine never names a domain's fields.
 */

import type { ApiDefinition } from '@pwpkit/runtime';
import type { Family } from './resources.ts';
import type { LaneContext } from './engine/lanes.ts';
import type { StatesClient } from './engine/provider-states.ts';

/** One thing of the provider's world the fixture names, which a lane works on (a card). */
export interface FixtureSubject {
  /** Stable across runs: what the state file keys a leftover resource by (a card's last four digits). */
  readonly key: string;
  /** How checks and reasons name it (`card …7411`). */
  readonly label: string;
  /** What it contributes to requests, by parameter or property name. */
  readonly values: Readonly<Record<string, unknown>>;
  /** What no report may show (a confirmation code, a phone number). */
  readonly secrets: readonly string[];
}

/** The client verify runs as when no `--client-id` is given. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the fixture gives the engine. */
export interface SubjectFixture {
  readonly subjects: readonly FixtureSubject[];
  /** What a subject is called in reasons (`card`: "the fixture has no card to enrol"). */
  readonly noun: string;
  /**
   * Names only a subject can supply: a valid request that requires one the subject lacks would be
   * made up, so its check is skipped with the reason.
   */
  readonly fields: readonly string[];
  readonly client?: ClientCredentials;
  /** What no report may show, besides the subjects' secrets (client secrets, passwords). */
  readonly secrets: readonly string[];
}

/**
 * One family's lifecycle scenario on one subject, in phases around the one creation the subject
 * gets per run (`familyLane` in engine/lanes.ts calls them in this order).
 */
export interface LifecycleRun {
  /** Before the producer's valid request. */
  beforeCreation(): Promise<void>;
  /**
   * On the created, not yet activated resource (undefined: none, and `why` says why). Answers the
   * resource to activate (a scenario may replace it), or none and why.
   */
  whilePending(resource: string | undefined, why: string): Promise<{ resource?: string; why: string }>;
  /** On the active resource (undefined: none, and `why` says why). */
  whileActive(resource: string | undefined, why: string): Promise<void>;
  /** After the finalizer ended the resource (`why`: it did not, and why). */
  afterEnd(why: string | undefined): Promise<void>;
}

export interface LifecycleScenario {
  /** The scenario for `family` on `subject` (steps whose operation the family lacks are left out). */
  start(lc: LaneContext, family: Family, subject: FixtureSubject): LifecycleRun;
}

/** Scenarios the engine runs where the plug-in says (each skips, with the reason, what it cannot run). */
export interface ScenarioPlugins {
  /** Steps around each family's enrolment (one per family and subject). */
  readonly lifecycle?: LifecycleScenario;
  /** Lanes of their own, beside the families' (the Authorize API's OAuth rules). */
  lanes?(lc: LaneContext, only: ReadonlySet<string> | undefined): Promise<void>[];
}

/**
 * With `--states-url` (scenarios or not): a domain's provider-state vocabulary, and the checks
 * that need the provider put in a state no request can reach.
 */
export interface ProviderStatePlugin {
  /** A state every provider can set up harmlessly (sent first, to probe the endpoint, and last, to end the phase). */
  neutral(subject: FixtureSubject | undefined): string | undefined;
  /** Every operation is unavailable: each selected one must answer a documented 5xx. */
  readonly outage?: string;
  /**
   * After every other check and the outage check, one step at a time. `reauthenticate` fetches the
   * run's token again (a state may end the tokens the provider issued).
   */
  checks?(
    lc: LaneContext,
    families: readonly Family[],
    states: StatesClient,
    reauthenticate: () => Promise<string | undefined>,
  ): Promise<void>;
}

/** Everything a domain plugs into verify. */
export interface VerifyPlugin {
  readonly fixture: SubjectFixture;
  /**
   * Whether the plug-in speaks of these APIs (its operations are among them); absent: always. A run on
   * another spec then verifies the spec alone, with no scenario reported skipped.
   */
  readonly appliesTo?: (apis: readonly ApiDefinition[]) => boolean;
  /** How the activation's valid request names what it sends (`the fixture's confirmation code`). */
  readonly activationInput?: string;
  readonly states?: ProviderStatePlugin;
  readonly scenarios?: ScenarioPlugins;
}

// What a plug-in's scenarios build on: the engine's request building, case runner and refusal rules.
export type { ApiSet, Operation } from './api-set.ts';
export { toHttpRequest, validParts, type RequestContext, type RequestParts } from './cases/build-request.ts';
export type { CaseSpec } from './engine/case-runner.ts';
export { scenarioName, type LaneContext } from './engine/lanes.ts';
export type { StateOutcome, StatesClient } from './engine/provider-states.ts';
export { producedValue, type Family } from './resources.ts';
export { withFields } from './scenarios/body-fields.ts';
export { documentsCode, refusalOf } from './scenarios/refusals.ts';
export { StepRunner } from './scenarios/step-runner.ts';
export type { CaseKind, Exchange, Expectation } from './types.ts';
