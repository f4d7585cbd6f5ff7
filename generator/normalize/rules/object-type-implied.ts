import { eachSchema } from '../each-schema.ts';
import { defineRule } from '../rule.ts';

/**
 * A schema with `properties` but no `type` describes an object to its author (Citi's
 * `RedemptionOrder`, `ErrorResponse`…), but JSON Schema lets any non-object through it: a string
 * `redemptionOrder` would pass every validator. Say `type: object` explicitly.
 */
export const objectTypeImpliedRule = defineRule(
  'object-type-implied',
  ['swagger2', 'openapi3'],
  'a schema with properties but no type becomes type object',
  (doc, report) => {
    eachSchema(doc, (schema, ptr) => {
      if (schema.type !== undefined || schema.$ref !== undefined) return;
      if (schema.properties === undefined && schema.additionalProperties === undefined) return;
      report({
        pointer: `${ptr}/type`,
        kind: 'change',
        message: 'properties describe an object, but without a type any JSON value passes the schema',
        before: null,
        after: 'object',
      });
      schema.type = 'object';
    });
  },
);
