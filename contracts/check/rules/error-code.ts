import { judgeErrorCode } from '@pwpkit/runtime';
import type { RuleFinding } from '../findings.ts';
import { defineRule, documentedAnswersOf } from './rule.ts';

/**
 * For an error status, the `code` the consumer expects is one the spec documents for that
 * operation and status, with the documented `type` (Citi's error tables: Type | Code | Details;
 * core's judgment). A pact that expects no code (no body, or a body without one) is not judged.
 */
export const errorCodeRule = defineRule(
  'error-code',
  'an error response carries a code documented for that operation and status, with its documented type',
  ({ interaction, operation, statusKey }) => {
    if (!operation || statusKey === undefined || interaction.response.status < 400) return [];
    const body = interaction.response.body;
    if (body === undefined || typeof body.value !== 'object' || body.value === null) return [];
    const value = body.value as { code?: unknown; type?: unknown };
    if (typeof value.code !== 'string') return [];
    // A pact may leave `type` out (a minimum expectation): judge the code with any documented type.
    const expected =
      value.type === undefined ? { ...value, type: typeOfCode(operation.errorCatalog[statusKey], value.code) } : value;
    const { finding } = judgeErrorCode(documentedAnswersOf(operation), statusKey, expected);
    if (!finding) return [];
    // The body is an object here, so the judgment names the code or the type.
    const code: RuleFinding<'error-code'>['code'] =
      finding.code === 'error-type-mismatch' ? 'error-type-mismatch' : 'error-code-not-documented';
    return [{ code, pointer: `${body.pointer}${finding.at}`, message: finding.message }];
  },
);

function typeOfCode(rows: readonly { type: string; code: string }[] | undefined, code: string): string | undefined {
  return rows?.find((r) => r.code === code)?.type;
}
