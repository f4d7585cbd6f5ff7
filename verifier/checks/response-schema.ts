import { ajvMessage, defineCheck, statusKeyOf } from './check.ts';

/**
 * Check 2c: the body is valid against the schema documented for that status (required fields, types, int64 as
 * integers, enums).
 */
export const responseSchema = defineCheck(
  'response-schema',
  ['response-body-not-json', 'response-body-missing', 'response-body-invalid'],
  (input) => {
    const response = input.exchange.response;
    const key = statusKeyOf(input);
    if (!response || key === undefined || response.overLimit !== undefined) return undefined; // body-size reports it
    const validate = input.operation.validators.responses[key];
    if (!validate) return undefined;
    const location = { part: 'response', in: 'body' } as const;
    if (response.malformed)
      return {
        code: 'response-body-not-json',
        message: `the ${response.status} body is not valid JSON: ${excerpt(response.bodyText)}`,
        location,
      };
    if (response.body === undefined)
      return {
        code: 'response-body-missing',
        message: `the ${response.status} response has no body; the spec documents one`,
        location,
      };
    if (validate(response.body)) return undefined;
    const message = `the ${response.status} body does not match the documented schema: ${ajvMessage(validate)}`;
    return { code: 'response-body-invalid', message, location };
  },
);

function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
