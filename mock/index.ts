/** `pwpkit mock`: a stateful sandbox of the Pay with Points family (see mock/server.ts). */
export { createMock, startMock, sandboxOf, type MockHandle, type MockOptions } from './server.ts';
export { defaultFixture } from './default-fixture.ts';
export {
  loadFixture,
  parseFixture,
  FixtureError,
  type Fixture,
  type FixtureAccount,
  type FixtureCard,
  type FixtureClient,
} from './fixture.ts';
export { applyProviderState, providerStates, type ProviderStateRequest } from './provider-states.ts';
export { operationErrorsOf, type OperationRouteConfig } from './routes/operations.ts';
export type { FaultOptions } from './faults.ts';
