import { judgeErrorCode } from '@pwpkit/runtime';
import { defineCheck, documentedAnswersOf, statusKeyOf } from './check.ts';

/**
 * Check 3: an error answer carries a `type` and `code` the operation documents for that status
 * (the error catalog lifted from the spec's tables; core's judgment).
 */
export const errorCatalog = defineCheck('error-catalog', (input) => {
  const response = input.exchange.response;
  const key = statusKeyOf(input);
  // An answer over the --max-body cap: body-size reports it.
  if (!response || key === undefined || response.status < 400 || response.overLimit !== undefined) return undefined;
  return judgeErrorCode(documentedAnswersOf(input), key, response.body).finding?.message;
});
