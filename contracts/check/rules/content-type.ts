import type { RuleFinding } from '../findings.ts';
import { judgeResponseContentType } from '@pwpkit/runtime';
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

    const findings: RuleFinding<'content-type'>[] = requestFindingsOf(context, [
      'request-content-type-not-consumed',
      'request-accept-not-produced',
    ]);

    const body = response.body;
    const mediaTypes = statusKey !== undefined ? (operation.produces[statusKey] ?? operation.producesAny) : [];
    const responseType = response.headers.get('content-type');
    const finding =
      statusKey === undefined
        ? undefined
        : judgeResponseContentType(
            {
              status: response.status,
              contentType: headerValue(responseType) ?? body?.contentType,
              hasBody: body !== undefined && body.value !== undefined && body.value !== '',
            },
            { operation: operation.name, statusKey, mediaTypes },
          );
    // A pact may leave the Content-Type out (its body's own content type stands in): only a warning.
    if (finding?.code === 'response-content-type-missing')
      findings.push({ ...finding, severity: 'warning', pointer: response.headersPointer });
    else if (finding)
      findings.push({
        ...finding,
        pointer:
          responseType?.pointer ??
          (body ? `${body.pointer.replace(/\/content$/, '')}/contentType` : response.headersPointer),
      });
    return findings;
  },
);
