import { walkObjects } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

/** `type: number` with an integer format is an integer: ajv and TypeScript should both know it. */
export const integerFormatRule = defineRule(
  'number-with-integer-format',
  ['swagger2', 'openapi3'],
  'type number with format int32/int64 becomes type integer',
  (doc, report) => {
    walkObjects(doc, (node, ptr) => {
      if (node.type === 'number' && (node.format === 'int64' || node.format === 'int32')) {
        report({
          pointer: `${ptr}/type`,
          kind: 'change',
          message: `format ${node.format} describes whole numbers`,
          before: 'number',
          after: 'integer',
        });
        node.type = 'integer';
      }
    });
  },
);
