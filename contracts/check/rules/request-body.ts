import type { RuleFinding } from '../findings.ts';
import { isJsonType } from '../pact-file.ts';
import { defineRule, headerValue, schemaErrors } from './rule.ts';

/** A required body is sent, a body is only sent where one is documented, and a JSON body validates. */
export const requestBodyRule = defineRule(
  'request-body',
  'a required request body is sent and validates against the documented schema',
  ({ interaction, operation }) => {
    if (!operation) return [];
    const { request } = interaction;
    const body = request.body;
    const present = body !== undefined && body.value !== undefined && body.value !== '';
    const documented = operation.spec.body;
    if (!present) {
      return documented?.required
        ? [
            {
              code: 'request-body-missing',
              pointer: request.pointer,
              message: `${operation.name} requires a request body; the interaction sends none`,
            },
          ]
        : [];
    }
    if (!documented) {
      return [
        {
          code: 'request-body-not-documented',
          severity: 'warning',
          pointer: body.pointer,
          message: `${operation.name} documents no request body; the interaction sends one`,
        },
      ];
    }
    const contentType = headerValue(request.headers.get('content-type')) ?? body.contentType;
    const validate = operation.validators.body;
    if (!validate || (contentType !== undefined && !isJsonType(contentType))) return [];
    if (validate(body.value)) return [];
    return schemaErrors(validate.errors, body.pointer).map(
      (e): RuleFinding => ({
        code: 'request-body-invalid',
        pointer: e.pointer,
        message: `request body${e.at ? ` at ${e.at}` : ''} ${e.message}`,
      }),
    );
  },
);
