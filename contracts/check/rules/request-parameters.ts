import { undecodablePathMessage } from '../../../core/operation-index.ts';
import { defineRule } from './rule.ts';
import { requestFindingsOf } from './request-judgment.ts';

/**
 * Path parameters and query parameters validate against their documented schemas; required query
 * parameters are sent (runtime's request judgment).
 */
export const requestParametersRule = defineRule(
  'request-parameters',
  'path parameters validate; required query parameters are sent and every documented one validates',
  (context) => {
    if (!context.operation) return [];
    const { interaction, match } = context;
    const query = requestFindingsOf(context, ['query-parameter-missing', 'query-parameter-invalid']);
    if (match.kind === 'undecodable-path') {
      const pointer = `${interaction.request.pointer}/path`;
      return [{ code: 'path-parameter-invalid', pointer, message: undecodablePathMessage(match.param) }, ...query];
    }
    return [...requestFindingsOf(context, ['path-parameter-invalid']), ...query];
  },
);
