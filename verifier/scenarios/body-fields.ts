import { isObject } from '../../input/document.ts';
import type { ApiSet, Operation } from '../api-set.ts';
import { flatten } from '../cases/sample.ts';

/** Where a property of that name sits in the operation's request body schema (`['order', 'amount']`). */
export function propertyPath(set: ApiSet, op: Operation, name: string): string[] | undefined {
  const search = (schema: unknown, path: string[], depth: number): string[] | undefined => {
    if (depth > 6) return undefined;
    const s = flatten(set, op, schema);
    const properties = isObject(s.properties) ? s.properties : {};
    if (name in properties) return [...path, name];
    for (const [key, sub] of Object.entries(properties)) {
      const found = search(sub, [...path, key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return op.model.requestBody?.schema ? search(op.model.requestBody.schema, [], 0) : undefined;
}

/** A copy of `body` with the named properties set (or removed with `undefined`) wherever the schema puts them. */
export function withFields(set: ApiSet, op: Operation, body: unknown, fields: Record<string, unknown>): unknown {
  const copy = (isObject(body) ? structuredClone(body) : {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    const path = propertyPath(set, op, name);
    if (!path) continue;
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return copy;
}
