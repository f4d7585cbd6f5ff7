import { walkObjects } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

/**
 * `x-nullable` is a Swagger 2.0 vendor extension ajv cannot read; the OpenAPI 3 conversion turns
 * it into `nullable`. The misspelt `x-isnullable` (seen in real specs) is folded in first.
 */
export const nullableExtensionRule = defineRule(
  'x-nullable',
  ['swagger2'],
  'x-nullable / x-isnullable become nullable in OpenAPI 3',
  (doc, report) => {
    walkObjects(doc, (node, ptr) => {
      if ('x-isnullable' in node) {
        report({
          pointer: `${ptr}/x-isnullable`,
          kind: 'change',
          message: 'misspelt x-isnullable read as x-nullable',
          before: node['x-isnullable'],
          after: node['x-isnullable'],
        });
        if (!('x-nullable' in node)) node['x-nullable'] = node['x-isnullable'];
        delete node['x-isnullable'];
      }
      if (node['x-nullable'] === true) {
        report({
          pointer: `${ptr}/x-nullable`,
          kind: 'change',
          message: 'rewritten as nullable: true for OpenAPI 3 and ajv',
          before: true,
          after: 'nullable: true',
        });
      }
    });
  },
);
