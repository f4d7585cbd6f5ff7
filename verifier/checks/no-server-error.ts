import { defineCheck } from './check.ts';

/**
 * A 5xx is never the right answer to a test request: well-formed or not, the provider must handle
 * it. (Unless the run put the provider in an outage on purpose: the `outage` expectation judges that.)
 */
export const noServerError = defineCheck('no-server-error', ['server-error'], ({ exchange, expectation }) => {
  if (expectation.kind === 'outage') return undefined;
  const status = exchange.response?.status;
  if (status === undefined || status < 500) return undefined;
  return {
    code: 'server-error',
    message: `the provider failed with ${status}`,
    location: { part: 'response', in: 'status' },
  };
});
