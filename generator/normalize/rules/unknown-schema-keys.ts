import { pointer } from '../../../input/document.ts';
import { eachSchema } from '../each-schema.ts';
import { defineRule } from '../rule.ts';

/** Keys a Swagger 2.0 Schema Object may carry; anything else fails schema validation. */
const SCHEMA_KEYS = new Set([
  '$ref',
  'format',
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'additionalProperties',
  'type',
  'items',
  'allOf',
  'properties',
  'discriminator',
  'readOnly',
  'xml',
  'externalDocs',
  'example',
]);

/** An unknown key on a schema (`example_type`) is kept as a vendor extension instead of failing validation. */
export const unknownSchemaKeysRule = defineRule(
  'unknown-schema-keys',
  ['swagger2'],
  'Unknown schema keys become x- extensions',
  (doc, report) => {
    eachSchema(doc, (schema, ptr) => {
      for (const key of Object.keys(schema)) {
        if (SCHEMA_KEYS.has(key) || key.startsWith('x-')) continue;
        const renamed = `x-${key}`;
        report({
          pointer: ptr + pointer(key),
          kind: 'change',
          message: `"${key}" is not a Swagger 2.0 schema keyword: kept as ${renamed}`,
          before: key,
          after: renamed,
        });
        if (!(renamed in schema)) schema[renamed] = schema[key];
        delete schema[key];
      }
    });
  },
);
