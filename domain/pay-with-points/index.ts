/**
 * Citi's Pay with Points family (and its Authorize API) as plug-ins into pwpkit's tools: the one
 * fixture, the provider-state vocabulary, and the sandbox (the one mock plus this domain's plug-in).
 */
export {
  cardKey,
  cardKeyOf,
  cardLabel,
  cardValues,
  type Fixture,
  type FixtureAccount,
  type FixtureCard,
  type FixtureClient,
  type FixtureCustomer,
  type FixtureE2eKey,
  FixtureError,
  fixtureSecrets,
  lastFourOf,
  loadFixture,
  parseFixture,
} from './fixture.ts';
export { defaultFixture } from './default-fixture.ts';
export {
  type CardTokenCondition,
  type CustomerGrantCondition,
  type OrderRefusal,
  PROVIDER_STATE_EXAMPLES,
  parseProviderState,
  type ProviderState,
  type ProviderStateKind,
  providerStateSentence,
  type RewardProgram,
} from './provider-states.ts';
export {
  createPayWithPointsSandbox,
  payWithPointsPlugin,
  type SandboxHandle,
  type SandboxOptions,
  sandboxOf,
  startPayWithPointsSandbox,
} from './sandbox/index.ts';
export { applyProviderState, type ProviderStateRequest, type ProviderStateResult } from './sandbox/provider-states.ts';
export type { Sandbox } from './sandbox/state/sandbox.ts';
