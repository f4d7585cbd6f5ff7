import { defineRule } from './rule.ts';
import { requestFindingsOf } from './request-judgment.ts';

/**
 * A required body is sent, a body is only sent where one is documented, and a JSON body validates
 * (runtime's request judgment).
 */
export const requestBodyRule = defineRule(
  'request-body',
  'a required request body is sent and validates against the documented schema',
  (context) =>
    context.operation
      ? requestFindingsOf(context, ['request-body-missing', 'request-body-not-documented', 'request-body-invalid'])
      : [],
);
