/**
 * `pwpkit mock`'s machinery: the catalog mock (server.ts: a stateful mock of APIs whose errors are
 * catalog rows, with a plug-in's state and behaviours, see plugin.ts) and, for `--spec`, the mock of
 * any spec (generic/). The Pay with Points sandbox is the catalog mock plus domain/pay-with-points.
 */
export { createCatalogMock, listen, type CatalogMock, type CatalogMockOptions } from './server.ts';
export type {
  AdminGuard,
  Behaviour,
  Call,
  CatalogMockPlugin,
  ErrorCatalog,
  ErrorVocabulary,
  RefusalCodes,
  RouteKit,
} from './plugin.ts';
export { OperationErrors, type ErrorBody, type ErrorRow } from './errors.ts';
export { fail, ok, type Failure, type Outcome } from './outcome.ts';
export { validationFailure } from './routes/validation.ts';
export { operationErrorsOf, type OperationRouteConfig } from './routes/operations.ts';
export type { FaultOptions } from './faults.ts';
