import { derefChain, derefLocal, isObject, type JsonObject } from '../../input/document.ts';
import type { Operation } from '../api-set.ts';
import type { ParameterModel } from '../../generator/model/api-model.ts';

/**
 * OpenAPI 3 keeps a request's example values at several levels: on the parameter (`example`, or
 * `examples: { name: { value } }`, entries possibly `$ref`s to `components/examples`), on a
 * parameter's or request body's media type (`content.<type>.example(s)`), and on the schema. The
 * operation model keeps only schemas, so these read the operation as the document has it.
 * `undefined`: the document gives none at that level.
 */

/** The operation object and its path item as written in the (normalized OpenAPI 3) document. */
export function rawOperation(op: Operation): { operation: JsonObject; pathItem: JsonObject } | undefined {
  const paths = isObject(op.api.openapi.paths) ? op.api.openapi.paths : {};
  const pathItem = derefLocal(op.api.openapi, paths[op.model.path]);
  if (!isObject(pathItem)) return undefined;
  const operation = pathItem[op.model.method];
  return isObject(operation) ? { operation, pathItem } : undefined;
}

/**
 * The parameter object (with `$ref` followed) the model's parameter came from; the operation's own wins over the
 * path item's.
 */
function rawParameter(op: Operation, p: Pick<ParameterModel, 'name' | 'in'>): JsonObject | undefined {
  const raw = rawOperation(op);
  if (!raw) return undefined;
  let found: JsonObject | undefined;
  for (const list of [raw.pathItem.parameters, raw.operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const param = deref(op, entry);
      if (isObject(param) && param.name === p.name && param.in === p.in) found = param;
    }
  }
  return found;
}

function deref(op: Operation, node: unknown): unknown {
  return derefChain(op.api.openapi, node);
}

/** `example`, else the first `examples` entry with a `value` (a `$ref` to `components/examples` followed). */
function exampleOf(op: Operation, holder: JsonObject): { value: unknown } | undefined {
  if (holder.example !== undefined) return { value: holder.example };
  if (isObject(holder.examples)) {
    for (const entry of Object.values(holder.examples)) {
      const example = deref(op, entry);
      if (isObject(example) && example.value !== undefined) return { value: example.value };
    }
  }
  return undefined;
}

/** A media type map's example: the first media type that has one. */
function contentExample(op: Operation, content: unknown, preferred?: string): { value: unknown } | undefined {
  if (!isObject(content)) return undefined;
  const types = Object.keys(content).sort((a, b) => Number(b === preferred) - Number(a === preferred));
  for (const type of types) {
    const media = content[type];
    const found = isObject(media) ? exampleOf(op, media) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A parameter's example value: on the parameter itself, else on its `content` media type. */
export function parameterExample(
  op: Operation,
  p: Pick<ParameterModel, 'name' | 'in'>,
): { value: unknown } | undefined {
  const param = rawParameter(op, p);
  if (!param) return undefined;
  return exampleOf(op, param) ?? contentExample(op, param.content);
}

/** The request body's example value, from its media type (the one the model sends first). */
export function requestBodyExample(op: Operation): { value: unknown } | undefined {
  const raw = rawOperation(op);
  const body = raw ? deref(op, raw.operation.requestBody) : undefined;
  return isObject(body) ? contentExample(op, body.content, op.model.requestBody?.contentType) : undefined;
}
