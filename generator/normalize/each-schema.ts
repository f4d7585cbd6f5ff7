import { eachOperation, isObject, pointer, type JsonObject } from '../../input/document.ts';

/**
 * Visits every Swagger 2.0 / OpenAPI 3 schema object once with its pointer: definitions and
 * component schemas, parameter, body and response schemas, and their sub-schemas.
 */
export function eachSchema(doc: JsonObject, visit: (schema: JsonObject, ptr: string) => void): void {
  const seen = new Set<JsonObject>();
  const walk = (schema: unknown, ptr: string) => {
    if (!isObject(schema) || seen.has(schema)) return;
    seen.add(schema);
    visit(schema, ptr);
    for (const key of ['properties', 'patternProperties', 'definitions'] as const) {
      const map = schema[key];
      if (isObject(map)) for (const [name, sub] of Object.entries(map)) walk(sub, ptr + pointer(key, name));
    }
    for (const key of ['items', 'additionalProperties', 'not'] as const) walk(schema[key], ptr + pointer(key));
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, ptr + pointer(key, i)));
    }
  };
  const walkMap = (map: unknown, prefix: string[]) => {
    if (isObject(map)) for (const [name, s] of Object.entries(map)) walk(s, pointer(...prefix, name));
  };
  walkMap(doc.definitions, ['definitions']);
  if (isObject(doc.components)) walkMap(doc.components.schemas, ['components', 'schemas']);
  const paramSchema = (param: unknown, ptr: string) => {
    if (isObject(param)) walk(param.schema, `${ptr}/schema`);
  };
  if (isObject(doc.parameters))
    for (const [name, p] of Object.entries(doc.parameters)) paramSchema(p, pointer('parameters', name));
  if (isObject(doc.responses))
    for (const [name, r] of Object.entries(doc.responses)) paramSchema(r, pointer('responses', name));
  for (const { operation, ptr } of eachOperation(doc)) {
    if (Array.isArray(operation.parameters))
      operation.parameters.forEach((p, i) => paramSchema(p, `${ptr}/parameters/${i}`));
    if (isObject(operation.responses))
      for (const [status, r] of Object.entries(operation.responses))
        paramSchema(r, `${ptr}${pointer('responses', status)}`);
  }
}
