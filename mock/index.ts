/**
 * `pwpkit mock`'s machinery: one mock (server.ts) of any APIs, through one pipeline (core's Router,
 * runtime's request judgment, a behaviour or the documented answer). A plug-in (plugin.ts) adds
 * domain state, behaviours, an error catalog, callers and extra routes: the Pay with Points
 * sandbox is this mock plus domain/pay-with-points.
 */
export { createMock, listen, type Mock, type MockOptions, type ServedRoute } from './server.ts';
export { routeOf, servedOperationOf } from './exchange.ts';
export type {
  AdminGuard,
  Behaviour,
  Call,
  ErrorCatalog,
  ErrorVocabulary,
  MockPlugin,
  OperationRouteConfig,
  RefusalCodes,
  RouteKit,
  RouteRequest,
} from './plugin.ts';
export { OperationErrors, type ErrorBody, type ErrorRow } from './errors.ts';
export { fail, ok, type Failure, type Outcome } from './outcome.ts';
export type { FaultOptions } from './faults.ts';
