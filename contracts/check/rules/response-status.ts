import { defineRule } from './rule.ts';

/** The response status is documented for the operation (exactly, as `4XX`, or by `default`). */
export const responseStatusRule = defineRule('response-status', 'the response status is documented for the operation (exact, range or default)', ({ interaction, operation, statusKey }) => {
  if (!operation || statusKey !== undefined) return [];
  const { status, pointer } = interaction.response;
  return [{ code: 'response-status-not-documented', pointer: `${pointer}/status`, message: `status ${status} is not documented for ${operation.name} (documented: ${operation.spec.statuses.join(', ')})` }];
});
