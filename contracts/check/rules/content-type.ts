import type { RuleFinding } from '../findings.ts';
import { mediaTypeAllowed } from '@pwpkit/runtime';
import { defineRule, headerValue } from './rule.ts';
import { requestFindingsOf } from './request-judgment.ts';

/**
 * Request Content-Type is one the operation consumes (runtime's request judgment); Accept and the
 * response Content-Type agree with what it produces.
 */
export const contentTypeRule = defineRule(
  'content-type',
  'request Content-Type is consumed, Accept and response Content-Type are produced by the operation',
  (context) => {
    const { interaction, operation, statusKey } = context;
    if (!operation) return [];
    const { response } = interaction;

    const findings: RuleFinding[] = requestFindingsOf(context, [
      'request-content-type-not-consumed',
      'request-accept-not-produced',
    ]);

    const body = response.body;
    const documented = statusKey !== undefined ? operation.produces[statusKey] : undefined;
    if (documented && body !== undefined && body.value !== undefined && body.value !== '') {
      const responseType = response.headers.get('content-type');
      const expected = headerValue(responseType) ?? body.contentType;
      if (expected === undefined) {
        findings.push({
          code: 'response-content-type-missing',
          severity: 'warning',
          pointer: response.headersPointer,
          message:
            `the expected ${response.status} response has a body but no Content-Type; ` +
            `${operation.name} produces ${documented.join(', ')}`,
        });
      } else if (!mediaTypeAllowed(expected, documented)) {
        findings.push({
          code: 'response-content-type-not-produced',
          pointer: responseType?.pointer ?? `${body.pointer.replace(/\/content$/, '')}/contentType`,
          message:
            `response Content-Type "${expected}" is not one ${operation.name} produces for ${statusKey} ` +
            `(${documented.join(', ')})`,
        });
      }
    }
    return findings;
  },
);
