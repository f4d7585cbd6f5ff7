import { defineCheck, statusKeyOf } from './check.ts';

/** Check 2a: the status is one the operation documents. */
export const statusDocumented = defineCheck('status-documented', (input) => {
  const response = input.exchange.response;
  if (!response || statusKeyOf(input) !== undefined) return undefined;
  return `status ${response.status} is not documented for ${input.operation.name} (documented: ${input.operation.spec.statuses.join(', ')})`;
});
