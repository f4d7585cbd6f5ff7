import { derefLocal, isObject, type JsonObject } from '../../input/document.ts';
import type { MockOperation } from './operations.ts';
import { typeOf } from './sampler.ts';

/**
 * `--stateful`: collections inferred from the paths alone, no per-spec code.
 *
 * - A path `C` with a `POST` and a path `C/{p}` (one parameter as its last segment) with a `GET`,
 *   `PUT`, `PATCH` or `DELETE` form a collection; `C` may itself hold parameters
 *   (`/users/{u}/repos`): each concrete parent has its own items.
 * - `POST C` creates an item: the request body's fields over a body of the documented success,
 *   the id taken from the body when it carries one, else assigned (1, 2, 3… for an integer id,
 *   a UUID for `format: uuid`, else "1", "2"…); the answer carries `Location: C/{id}`.
 * - The id field is the item schema's property named as the path parameter `p`, else `id`,
 *   else the one property ending in `id`/`Id`/`_id`; with none, the id lives only in the URL.
 * - `GET C/{p}` answers the stored item; `PUT` replaces it (id kept), `PATCH` merges the body
 *   into it; `DELETE` removes it; any of them on an id never created or deleted → 404.
 * - `GET C`, when its success is an array of items, lists the stored items.
 * Everything else stays stateless.
 */
export type Role = 'create' | 'list' | 'read' | 'replace' | 'update' | 'delete';

export interface Collection {
  /** The collection's template (`/api/pets`). */
  readonly template: string;
  /** The item path parameter (`id`). */
  readonly param: string;
  /** The item body's id property, if the schemas have one. */
  readonly idField?: string;
  readonly idKind: 'integer' | 'uuid' | 'string';
  readonly roles: Map<MockOperation, Role>;
}

export function inferCollections(operations: readonly MockOperation[]): {
  collections: Collection[];
  roleOf: Map<MockOperation, { collection: Collection; role: Role }>;
} {
  const byTemplate = new Map<string, MockOperation[]>();
  for (const op of operations) byTemplate.set(op.template, [...(byTemplate.get(op.template) ?? []), op]);
  const collections: Collection[] = [];
  const roleOf = new Map<MockOperation, { collection: Collection; role: Role }>();
  for (const [template, ops] of byTemplate) {
    const create = ops.find((o) => o.method === 'POST');
    if (!create) continue;
    const itemTemplate = [...byTemplate.keys()].find(
      (t) => t.startsWith(`${template}/{`) && /^\/\{[^}/]+\}$/.test(t.slice(template.length)),
    );
    if (!itemTemplate) continue;
    const itemOps = byTemplate.get(itemTemplate)!.filter((o) => ['GET', 'PUT', 'PATCH', 'DELETE'].includes(o.method));
    if (itemOps.length === 0) continue;
    const param = itemTemplate.slice(template.length + 2, -1);
    const read = itemOps.find((o) => o.method === 'GET');
    const itemSchema = successSchema(read ?? create) ?? successSchema(create);
    const doc = create.api.openapi;
    const props = propertiesOf(doc, itemSchema);
    const idField = props.has(param)
      ? param
      : props.has('id')
        ? 'id'
        : [...props.keys()].filter((k) => /(^|[a-z_])(id|Id|ID)$/.test(k)).length === 1
          ? [...props.keys()].find((k) => /(^|[a-z_])(id|Id|ID)$/.test(k))
          : undefined;
    const paramSchema = resolved(
      doc,
      (read ?? itemOps[0]).model.parameters.find((p) => p.in === 'path' && p.name === param)?.schema,
    );
    const idSchema = idField ? resolved(doc, props.get(idField)) : paramSchema;
    const idKind =
      typeOf(idSchema) === 'integer' || typeOf(idSchema) === 'number'
        ? 'integer'
        : idSchema.format === 'uuid'
          ? 'uuid'
          : 'string';
    const collection: Collection = { template, param, ...(idField ? { idField } : {}), idKind, roles: new Map() };
    const set = (op: MockOperation, role: Role) => {
      collection.roles.set(op, role);
      roleOf.set(op, { collection, role });
    };
    set(create, 'create');
    const list = ops.find((o) => o.method === 'GET');
    if (list && typeOf(resolved(doc, successSchema(list))) === 'array') set(list, 'list');
    for (const op of itemOps)
      set(
        op,
        op.method === 'GET' ? 'read' : op.method === 'PUT' ? 'replace' : op.method === 'PATCH' ? 'update' : 'delete',
      );
    collections.push(collection);
  }
  return { collections, roleOf };
}

function successSchema(op: MockOperation): JsonObject | undefined {
  const key = [...op.responses.keys()].filter((k) => /^2/.test(k)).sort()[0];
  return key ? op.responses.get(key)?.schema : undefined;
}

function resolved(doc: JsonObject, schema: unknown): JsonObject {
  let s = schema;
  for (let i = 0; i < 16 && isObject(s) && typeof s.$ref === 'string'; i++) s = derefLocal(doc, s);
  return isObject(s) ? s : {};
}

function propertiesOf(doc: JsonObject, schema: unknown, depth = 0): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const s = resolved(doc, schema);
  if (depth > 8) return out;
  if (isObject(s.properties)) for (const [k, v] of Object.entries(s.properties)) out.set(k, v);
  if (Array.isArray(s.allOf))
    for (const part of s.allOf) for (const [k, v] of propertiesOf(doc, part, depth + 1)) out.set(k, v);
  return out;
}

/** The items of every collection, by concrete collection path then id. */
export class Store {
  private readonly items = new Map<string, Map<string, unknown>>();
  private counter = 0;

  reset(): void {
    this.items.clear();
    this.counter = 0;
  }

  list(path: string): unknown[] {
    return [...(this.items.get(path)?.values() ?? [])];
  }

  get(path: string, id: string): unknown {
    return this.items.get(path)?.get(id);
  }

  has(path: string, id: string): boolean {
    return this.items.get(path)?.has(id) ?? false;
  }

  put(path: string, id: string, value: unknown): void {
    let map = this.items.get(path);
    if (!map) this.items.set(path, (map = new Map()));
    map.set(id, value);
  }

  delete(path: string, id: string): boolean {
    return this.items.get(path)?.delete(id) ?? false;
  }

  /** A new id of the collection's kind, never used in that collection. */
  nextId(path: string, kind: Collection['idKind']): string | number {
    for (;;) {
      const n = ++this.counter;
      const id =
        kind === 'integer'
          ? n
          : kind === 'uuid'
            ? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
            : String(n);
      if (!this.has(path, String(id))) return id;
    }
  }
}
