import { judgeErrorCode } from '@pwpkit/runtime';
import { answerLocation } from '../../core/finding-location.ts';
import { defineCheck, documentedAnswersOf, statusKeyOf } from './check.ts';

/**
 * Check 3: an error answer carries a `type` and `code` the operation documents for that status
 * (the error catalog lifted from the spec's tables; core's judgment).
 */
export const errorCatalog = defineCheck(
  'error-catalog',
  ['error-body-not-object', 'error-code-not-documented', 'error-type-mismatch'],
  (input) => {
    const response = input.exchange.response;
    const key = statusKeyOf(input);
    // An answer over the --max-body cap: body-size reports it.
    if (!response || key === undefined || response.status < 400 || response.overLimit !== undefined) return undefined;
    const { finding } = judgeErrorCode(documentedAnswersOf(input), key, response.body);
    return finding && { code: finding.code, message: finding.message, location: answerLocation(finding) };
  },
);
