import { unescapePointerToken } from '@pwpkit/runtime';
import { isObject, pointer, type JsonObject } from '../../input/document.ts';
import type { ApiModel, OperationModel, ParameterModel } from '../model/api-model.ts';
import type { Change } from '../normalize/rule.ts';

/** Formats ajv (with ajv-formats) checks; any other format is dropped from validator schemas. */
export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);

export const COMPONENTS_ID = 'pwpkit:components';
/**
 * Each component schema is its own ajv schema (`pwpkit:components/<name>`), so ajv compiles it
 * once and every validator calls it. A `#/definitions/<name>` fragment of one shared document
 * would instead be compiled again for every operation schema that reaches it.
 */
export const componentId = (name: string) => `${COMPONENTS_ID}/${encodeURIComponent(name)}`;
const COMPONENT_REF = '#/components/schemas/';

export type ValidatorPart = 'headers' | 'path' | 'query' | 'body';

export interface ValidatorSchema {
  exportName: string;
  operation: string;
  /** `headers`, `path`, `query`, `body` or a response status. */
  part: ValidatorPart | `response:${string}`;
  schema: JsonObject;
}

export interface PreparedValidators {
  /** One schema per component, each with its own `$id` (`componentId(name)`); `ajv.addSchema` takes the list. */
  components: JsonObject[];
  schemas: ValidatorSchema[];
  changes: Change[];
}

/**
 * Turns the OpenAPI 3 schemas into schemas ajv compiles as written, reporting each rewrite:
 * a Swagger-style discriminator is dropped (subtypes are still checked through allOf), unknown
 * formats are dropped, `nullable` without `type` becomes `anyOf [..., null]`, and `$ref`
 * siblings are ignored as OpenAPI 3.0 says.
 */
export function prepareValidatorSchemas(model: ApiModel, openapi: JsonObject): PreparedValidators {
  const changes: Change[] = [];
  const rewrite = (schema: unknown, ptr: string) => toAjvSchema(schema, ptr, changes);
  const componentSchemas =
    isObject(openapi.components) && isObject(openapi.components.schemas) ? openapi.components.schemas : {};
  const components = Object.entries(componentSchemas).map(([name, schema]) => ({
    ...rewrite(schema, pointer('components', 'schemas', name)),
    $id: componentId(name),
  }));
  const schemas = model.operations.flatMap((op) => operationSchemas(op, rewrite));
  return { components, schemas, changes: dedupe(changes) };
}

function operationSchemas(
  op: OperationModel,
  rewrite: (schema: unknown, ptr: string) => JsonObject,
): ValidatorSchema[] {
  const opPtr = pointer('paths', op.path, op.method);
  const out: ValidatorSchema[] = [];
  for (const location of ['header', 'path', 'query'] as const) {
    const params = op.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const part = location === 'header' ? 'headers' : location;
    out.push({
      exportName: `${op.name}__${part}`,
      operation: op.name,
      part,
      schema: parameterObjectSchema(params, location === 'header', (s) => rewrite(s, `${opPtr}/parameters`)),
    });
  }
  if (op.requestBody?.schema) {
    out.push({
      exportName: `${op.name}__body`,
      operation: op.name,
      part: 'body',
      schema: rewrite(op.requestBody.schema, `${opPtr}/requestBody`),
    });
  }
  for (const response of op.responses) {
    if (!response.schema) continue;
    out.push({
      exportName: `${op.name}__response_${response.status.replace(/[^A-Za-z0-9]/g, '_')}`,
      operation: op.name,
      part: `response:${response.status}`,
      schema: rewrite(response.schema, `${opPtr}${pointer('responses', response.status)}`),
    });
  }
  return out;
}

/** Headers, path and query values arrive as strings: their schemas check the string form. */
function parameterObjectSchema(
  params: ParameterModel[],
  lowerCaseNames: boolean,
  rewrite: (s: unknown) => JsonObject,
): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const p of params) {
    const key = lowerCaseNames ? p.name.toLowerCase() : p.name;
    properties[key] = asStringSchema(rewrite(p.schema));
    if (p.required) required.push(key);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function asStringSchema(schema: JsonObject): JsonObject {
  const enumStrings = Array.isArray(schema.enum) ? { enum: schema.enum.map(String) } : {};
  switch (schema.type) {
    case 'integer':
      return { type: 'string', pattern: '^-?[0-9]+$', ...enumStrings };
    case 'number':
      return { type: 'string', pattern: '^-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$', ...enumStrings };
    case 'boolean':
      return { type: 'string', enum: ['true', 'false'] };
    case 'array':
      return { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
    case 'string': {
      const { type, format, pattern, minLength, maxLength } = schema;
      return {
        type,
        ...(format ? { format } : {}),
        ...(pattern ? { pattern } : {}),
        ...(minLength !== undefined ? { minLength } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
        ...enumStrings,
      };
    }
    default:
      return { type: 'string' };
  }
}

function toAjvSchema(node: unknown, ptr: string, changes: Change[]): JsonObject {
  const result = rewriteNode(node, ptr, changes);
  return isObject(result) ? result : {};
}

function rewriteNode(node: unknown, ptr: string, changes: Change[]): unknown {
  if (Array.isArray(node)) return node.map((item, i) => rewriteNode(item, `${ptr}/${i}`, changes));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') return refNode(node, ptr, changes);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs' || key.startsWith('x-'))
      continue;
    if (key === 'discriminator') {
      changes.push({
        rule: 'ajv-discriminator',
        pointer: `openapi.json#${ptr}/discriminator`,
        kind: 'change',
        message:
          'ajv needs oneOf + propertyName for a discriminator; validators check the subtypes through allOf instead',
        before: value,
        after: null,
      });
      continue;
    }
    if (key === 'format' && typeof value === 'string' && !KNOWN_FORMATS.has(value)) {
      changes.push({
        rule: 'ajv-unknown-format',
        pointer: `openapi.json#${ptr}/format`,
        kind: 'change',
        message: `format "${value}" is unknown to ajv and is not checked`,
        before: value,
        after: null,
      });
      continue;
    }
    if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, rewriteNode(sub, `${ptr}${pointer(key, name)}`, changes)]),
      );
      continue;
    }
    out[key] = isDataKeyword(key) ? value : rewriteNode(value, `${ptr}${pointer(key)}`, changes);
  }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    changes.push({
      rule: 'ajv-nullable',
      pointer: `openapi.json#${ptr}/nullable`,
      kind: 'change',
      message: 'nullable without type: ajv refuses it; rewritten as anyOf [schema, null]',
      before: true,
      after: 'anyOf',
    });
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** OpenAPI 3.0 ignores `$ref` siblings; only `nullable` among them changes meaning. */
function refNode(node: JsonObject, ptr: string, changes: Change[]): JsonObject {
  const ref = String(node.$ref);
  const target = ref.startsWith(COMPONENT_REF)
    ? componentId(decodeJsonPointerToken(ref.slice(COMPONENT_REF.length)))
    : undefined;
  if (!target) {
    changes.push({
      rule: 'ajv-unsupported-ref',
      pointer: `openapi.json#${ptr}/$ref`,
      kind: 'warning',
      message: `$ref ${ref} is not a component schema; not validated`,
    });
    return {};
  }
  if (node.nullable === true) return { anyOf: [{ $ref: target }, { type: 'null' }] };
  return { $ref: target };
}

function isDataKeyword(key: string): boolean {
  return key === 'enum' || key === 'const' || key === 'default' || key === 'required';
}

function dedupe(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const key = `${c.rule}|${c.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `#/components/schemas/a~1b` names the component `a/b` (JSON pointer escaping). */
function decodeJsonPointerToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // not percent-encoded
  }
  return unescapePointerToken(decoded);
}
