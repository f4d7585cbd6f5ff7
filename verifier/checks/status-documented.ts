import { judgeStatus } from '@pwpkit/runtime';
import { defineCheck, documentedAnswersOf } from './check.ts';

/** Check 2a: the status is one the operation documents (core's judgment). */
export const statusDocumented = defineCheck('status-documented', (input) => {
  const response = input.exchange.response;
  if (!response) return undefined;
  const judged = judgeStatus(documentedAnswersOf(input), response.status);
  return 'finding' in judged ? judged.finding.message : undefined;
});
