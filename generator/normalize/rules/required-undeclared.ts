import { isObject } from '../../../input/document.ts';
import { eachSchema } from '../each-schema.ts';
import { defineRule } from '../rule.ts';

/**
 * `required` naming a property the schema never declares (and cannot inherit: no allOf) is a
 * documentation slip; the name is dropped so the schema validates and stays satisfiable.
 */
export const requiredUndeclaredRule = defineRule(
  'required-undeclared',
  ['swagger2'],
  'required entries without a declared property are dropped',
  (doc, report) => {
    eachSchema(doc, (schema, ptr) => {
      if (!Array.isArray(schema.required) || !isObject(schema.properties) || schema.allOf !== undefined) return;
      const properties = schema.properties;
      const kept = schema.required.filter((name) => typeof name === 'string' && name in properties);
      if (kept.length === schema.required.length) return;
      report({
        pointer: `${ptr}/required`,
        kind: 'change',
        message: `required lists ${schema.required
          .filter((n) => !kept.includes(n))
          .map((n) => `"${String(n)}"`)
          .join(', ')}, which the schema does not declare`,
        before: schema.required,
        after: kept,
      });
      if (kept.length > 0) schema.required = kept;
      else delete schema.required;
    });
  },
);
