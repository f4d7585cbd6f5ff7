import { ajvMessage, defineCheck, statusKeyOf } from './check.ts';

/**
 * Check 2c: the body is valid against the schema documented for that status (required fields, types, int64 as
 * integers, enums).
 */
export const responseSchema = defineCheck('response-schema', (input) => {
  const response = input.exchange.response;
  const key = statusKeyOf(input);
  if (!response || key === undefined || response.overLimit !== undefined) return undefined; // body-size reports it
  const validate = input.operation.validators.responses[key];
  if (!validate) return undefined;
  if (response.malformed) return `the ${response.status} body is not valid JSON: ${excerpt(response.bodyText)}`;
  if (response.body === undefined) return `the ${response.status} response has no body; the spec documents one`;
  if (validate(response.body)) return undefined;
  return `the ${response.status} body does not match the documented schema: ${ajvMessage(validate)}`;
});

function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
