import { defineCheck, statusKeyOf } from './check.ts';

/**
 * Check 1: a documented path and method is served. 404 or 405 to a request for it means the
 * route is missing, even when 404 happens to be documented for another reason.
 */
export const served = defineCheck('served', ['not-served'], (input) => {
  const status = input.exchange.response?.status;
  if (status !== 404 && status !== 405) return undefined;
  const { expectation } = input;
  if (
    expectation.kind === 'refused' &&
    (expectation.status === status || (expectation.missingResource && status === 404))
  )
    return undefined;
  const documented = statusKeyOf(input) !== undefined;
  const why = documented ? ` (${status} is documented, but not for a well-formed request to an existing resource)` : '';
  const { method, path } = input.operation.model;
  const served = `${method.toUpperCase()} ${path} answered ${status}`;
  const message = `${served}: the documented path and method is not served${why}`;
  return { code: 'not-served', message, location: { part: 'response', in: 'status' } };
});
