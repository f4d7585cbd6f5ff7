import { judgeStatus } from '@pwpkit/runtime';
import { answerLocation } from '../../core/finding-location.ts';
import { defineCheck, documentedAnswersOf } from './check.ts';

/** Check 2a: the status is one the operation documents (core's judgment). */
export const statusDocumented = defineCheck('status-documented', ['response-status-not-documented'], (input) => {
  const response = input.exchange.response;
  if (!response) return undefined;
  const judged = judgeStatus(documentedAnswersOf(input), response.status);
  if (!('finding' in judged)) return undefined;
  const { finding } = judged;
  return { code: finding.code, message: finding.message, location: answerLocation(finding) };
});
