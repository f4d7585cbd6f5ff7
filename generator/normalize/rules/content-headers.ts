import { derefLocal, eachOperation, isObject, type JsonObject } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

const NEGOTIATION_HEADERS = ['accept', 'content-type'];

/**
 * `Accept` and `Content-Type` declared as header parameters duplicate consumes/produces, and
 * OpenAPI 3 ignores such parameters. They move to `x-content-headers` (so the fact that they
 * are required is kept) and the operation gets explicit consumes/produces.
 */
export const contentHeadersRule = defineRule(
  'content-negotiation-headers',
  ['swagger2'],
  'Accept / Content-Type header parameters are reconciled with consumes/produces',
  (doc, report) => {
    for (const { operation, ptr } of eachOperation(doc)) {
      if (!Array.isArray(operation.parameters)) continue;
      const moved: JsonObject[] = [];
      const kept: unknown[] = [];
      operation.parameters.forEach((entry, index) => {
        const param = derefLocal(doc, entry);
        if (
          isObject(param) &&
          param.in === 'header' &&
          typeof param.name === 'string' &&
          NEGOTIATION_HEADERS.includes(param.name.toLowerCase())
        ) {
          const mediaTypes = mediaTypesFor(doc, operation, param.name.toLowerCase());
          moved.push({ name: param.name, required: param.required === true, mediaTypes });
          const listedIn = param.name.toLowerCase() === 'accept' ? 'produces' : 'consumes';
          report({
            pointer: `${ptr}/parameters/${index}`,
            kind: 'change',
            message:
              `header parameter "${param.name}" moved to x-content-headers; ` +
              `its values come from ${listedIn}: ${mediaTypes.join(', ')}`,
            before: param,
            after: { name: param.name, required: param.required === true, mediaTypes },
          });
        } else {
          kept.push(entry);
        }
      });
      if (moved.length === 0) continue;
      operation.parameters = kept;
      operation['x-content-headers'] = moved;
      if (moved.some((m) => String(m.name).toLowerCase() === 'content-type') && !hasBody(doc, kept)) {
        report({
          pointer: ptr,
          kind: 'warning',
          message: 'Content-Type is required but the operation declares no body',
        });
      }
    }
  },
);

function mediaTypesFor(doc: JsonObject, operation: JsonObject, header: string): string[] {
  const key = header === 'accept' ? 'produces' : 'consumes';
  const list = operation[key] ?? doc[key];
  return Array.isArray(list) && list.length > 0 ? list.map(String) : ['application/json'];
}

function hasBody(doc: JsonObject, params: unknown[]): boolean {
  return params.some((entry) => {
    const p = derefLocal(doc, entry);
    return isObject(p) && (p.in === 'body' || p.in === 'formData');
  });
}
