import { isJsonMediaType } from '../../generator/model/api-model.ts';
import { producesOf } from '../../core/documented-request.ts';
import { defineCheck, statusKeyOf } from './check.ts';

/**
 * Check 2b: a response with a body says what it is. Where the spec documents a JSON body for the
 * status (or the operation produces JSON), `Content-Type` must be a JSON media type.
 */
export const contentType = defineCheck('content-type', (input) => {
  const response = input.exchange.response;
  if (!response || response.bodyText === '') return undefined;
  const key = statusKeyOf(input);
  const response_ = key ? input.operation.model.responses.find((r) => r.status === key) : undefined;
  const documented = response_?.contentType;
  // A status documented without a body (Swagger 2.0 gives it no media type): any media type the operation produces
  // will do (an HTML page, say).
  const actualMedia = response.headers['content-type']?.split(';')[0].trim().toLowerCase();
  const produced = producesOf(input.operation.model).map((m) => m.toLowerCase());
  if (response_ && !documented && actualMedia && produced.includes(actualMedia)) return undefined;
  const expected = documented ?? input.operation.model.responses.find((r) => r.contentType)?.contentType;
  if (!expected || !isJsonMediaType(expected)) return undefined;
  const actual = response.headers['content-type'];
  if (!actual) return `the ${response.status} response has a body but no Content-Type (expected ${expected})`;
  const media = actual.split(';')[0].trim();
  if (isJsonMediaType(media) && media !== '*/*') return undefined;
  return `the ${response.status} response is sent as "${actual}", expected ${expected}`;
});
