import { judgeResponseContentType } from '@pwpkit/runtime';
import { defineCheck, statusKeyOf } from './check.ts';

/**
 * Check 2b: a response with a body says what it is, and it is a type the spec documents for its
 * status (runtime's judgment). A real answer without a Content-Type is a finding here; pact-check,
 * judging a pact that may leave it out, makes the same finding a warning.
 */
export const contentType = defineCheck(
  'content-type',
  ['response-content-type-missing', 'response-content-type-not-produced'],
  (input) => {
    const response = input.exchange.response;
    const key = statusKeyOf(input);
    if (!response || key === undefined) return undefined;
    const { operation } = input;
    const finding = judgeResponseContentType(
      { status: response.status, contentType: response.headers['content-type'], hasBody: response.bodyText !== '' },
      {
        operation: operation.name,
        statusKey: key,
        mediaTypes: operation.producesByStatus[key] ?? operation.request.produces,
      },
    );
    return finding && { ...finding, location: { part: 'response', in: 'header', name: 'Content-Type' } };
  },
);
