import type { RuleFinding } from '../findings.ts';
import { isJsonType } from '../pact-file.ts';
import { defineRule, headerValue, schemaErrors } from './rule.ts';

/**
 * The response body the consumer expects validates against the schema documented for its status,
 * as a minimum expectation: fields the spec requires may be left out (minimum-expectation.ts), but
 * every field present must match. A pact without a response body expects nothing of it.
 */
export const responseBodyRule = defineRule(
  'response-body',
  'the expected response body validates against the schema documented for its status',
  ({ interaction, operation, statusKey }) => {
    if (!operation || statusKey === undefined) return [];
    const { response } = interaction;
    const body = response.body;
    if (body === undefined || body.value === undefined || body.value === '' || body.value === null) return [];
    if (!operation.validators.responses[statusKey]) {
      if (operation.produces[statusKey]) return [];
      return [
        {
          code: 'response-body-not-documented',
          pointer: body.pointer,
          message: `${operation.name} documents no body for status ${statusKey}; the consumer expects one`,
        },
      ];
    }
    const contentType = headerValue(response.headers.get('content-type')) ?? body.contentType;
    if (contentType !== undefined && !isJsonType(contentType)) return [];
    const validate = operation.minimumResponse(statusKey);
    if (!validate || validate(body.value)) return [];
    return schemaErrors(validate.errors, body.pointer).map(
      (e): RuleFinding<'response-body'> => ({
        code: 'response-body-invalid',
        pointer: e.pointer,
        message: `${response.status} response body${e.at ? ` at ${e.at}` : ''} ${e.message}`,
      }),
    );
  },
);
