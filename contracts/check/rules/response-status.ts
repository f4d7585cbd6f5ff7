import { judgeStatus } from '@pwpkit/runtime';
import { defineRule, documentedAnswersOf } from './rule.ts';

/** The response status is documented for the operation (exactly, as `4XX`, or by `default`; core's judgment). */
export const responseStatusRule = defineRule(
  'response-status',
  'the response status is documented for the operation (exact, range or default)',
  ({ interaction, operation }) => {
    if (!operation) return [];
    const { status, pointer } = interaction.response;
    const judged = judgeStatus(documentedAnswersOf(operation), status);
    return 'finding' in judged
      ? [{ code: 'response-status-not-documented', pointer: `${pointer}/status`, message: judged.finding.message }]
      : [];
  },
);
