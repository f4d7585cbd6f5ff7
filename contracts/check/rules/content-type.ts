import type { RuleFinding } from '../findings.ts';
import { defineRule, headerValue, mediaTypeAllowed } from './rule.ts';

/** Request Content-Type is one the operation consumes; Accept and the response Content-Type agree with what it produces. */
export const contentTypeRule = defineRule(
  'content-type',
  'request Content-Type is consumed, Accept and response Content-Type are produced by the operation',
  ({ interaction, operation, statusKey }) => {
    if (!operation) return [];
    const { request, response } = interaction;
    const findings: RuleFinding[] = [];

    const requestType = request.headers.get('content-type');
    const sentType =
      headerValue(requestType) ?? (request.body?.value !== undefined ? request.body?.contentType : undefined);
    if (
      sentType &&
      request.body?.value !== undefined &&
      operation.consumes.length > 0 &&
      !mediaTypeAllowed(sentType, operation.consumes)
    ) {
      findings.push({
        code: 'request-content-type-not-consumed',
        pointer: requestType?.pointer ?? `${request.body.pointer.replace(/\/content$/, '')}/contentType`,
        message: `request Content-Type "${sentType}" is not one ${operation.name} consumes (${operation.consumes.join(', ')})`,
      });
    }

    const produced = [...new Set(Object.values(operation.produces).flat())];
    const accept = request.headers.get('accept');
    if (accept && produced.length > 0) {
      const ranges = accept.values
        .flatMap((v) => v.split(','))
        .map((r) => r.trim())
        .filter(Boolean);
      if (ranges.length > 0 && !ranges.some((r) => mediaTypeAllowed(r, produced))) {
        findings.push({
          code: 'request-accept-not-produced',
          pointer: accept.pointer,
          message: `Accept "${headerValue(accept)}" matches nothing ${operation.name} produces (${produced.join(', ')})`,
        });
      }
    }

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
          message: `the expected ${response.status} response has a body but no Content-Type; ${operation.name} produces ${documented.join(', ')}`,
        });
      } else if (!mediaTypeAllowed(expected, documented)) {
        findings.push({
          code: 'response-content-type-not-produced',
          pointer: responseType?.pointer ?? `${body.pointer.replace(/\/content$/, '')}/contentType`,
          message: `response Content-Type "${expected}" is not one ${operation.name} produces for ${statusKey} (${documented.join(', ')})`,
        });
      }
    }
    return findings;
  },
);
