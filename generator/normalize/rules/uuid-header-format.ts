import { eachOperation, isObject, type JsonObject } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

/**
 * A header named `uuid` ("128 bit random UUID generated uniquely for every request") is a UUID,
 * but is published as a plain string; declaring the format lets validators refuse a bad one.
 */
export const uuidHeaderFormatRule = defineRule(
  'uuid-header-format',
  ['swagger2', 'openapi3'],
  'A string header named uuid gets format: uuid',
  (doc, report) => {
    const visit = (param: unknown, ptr: string) => {
      if (
        !isObject(param) ||
        param.in !== 'header' ||
        typeof param.name !== 'string' ||
        !/^(x-)?(request-)?uuid$/i.test(param.name)
      )
        return;
      const schema: JsonObject = isObject(param.schema) ? param.schema : param;
      if (schema.type === 'string' && schema.format === undefined) {
        report({
          pointer: `${ptr}${schema === param ? '' : '/schema'}/format`,
          kind: 'change',
          message: `header "${param.name}" carries a UUID`,
          before: undefined,
          after: 'uuid',
        });
        schema.format = 'uuid';
      }
    };
    if (isObject(doc.parameters))
      for (const [name, p] of Object.entries(doc.parameters)) visit(p, `/parameters/${name}`);
    for (const { operation, ptr } of eachOperation(doc)) {
      if (Array.isArray(operation.parameters))
        operation.parameters.forEach((p, i) => visit(p, `${ptr}/parameters/${i}`));
    }
  },
);
