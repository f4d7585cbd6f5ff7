import { derefLocal, isObject, type JsonObject } from '../generator/document.ts';
import { loadApiDefinition, type LoadedApiDefinition, type LoadOptions } from '../generator/api-definition.ts';
import type { OperationModel } from '../generator/model/api-model.ts';
import type { OperationSpec, OperationValidatorSet } from '@pwpkit/runtime';

/** One operation with everything a check or a case needs, across however many specs were loaded. */
export interface Operation {
  /** `api/name`: unique across specs. */
  key: string;
  name: string;
  api: LoadedApiDefinition;
  model: OperationModel;
  spec: OperationSpec;
  validators: OperationValidatorSet;
  /** Documented `{ type, code }` rows by status key. */
  catalog: Readonly<Record<string, readonly { type: string; code: string }[]>>;
  /** Path template segments, for matching a concrete path. */
  matcher: RegExp;
  literalSegments: number;
}

export interface ApiSet {
  apis: LoadedApiDefinition[];
  operations: Operation[];
  /** The operation a request for `method` and `path` (basePath included, no query) goes to. */
  match(
    method: string,
    path: string,
  ): { operation?: Operation; pathParams: Record<string, string>; pathKnown: boolean };
  /** Follows local `$ref`s in the operation's OpenAPI 3 document. */
  resolve(op: Operation, schema: unknown): JsonObject;
}

export async function loadApiSet(files: readonly string[], options: LoadOptions = {}): Promise<ApiSet> {
  return apiSetOf(await Promise.all(files.map((f) => loadApiDefinition(f, options))));
}

export function apiSetOf(apis: LoadedApiDefinition[]): ApiSet {
  const operations: Operation[] = apis.flatMap((api) =>
    api.model.operations.map((model) => {
      const names: string[] = [];
      const pattern = model.path
        .split('/')
        .map((segment) =>
          segment.replace(/\{([^}]+)\}|[^{]+/g, (part, param: string | undefined) => {
            if (param === undefined) return escapeRegExp(part);
            names.push(param);
            return '([^/]+)';
          }),
        )
        .join('/');
      const matcher = new RegExp(`^${escapeRegExp(api.api.basePath)}${pattern}/?$`);
      Object.defineProperty(matcher, 'paramNames', { value: names });
      return {
        key: `${api.api.name}/${model.name}`,
        name: model.name,
        api,
        model,
        spec: api.operations[model.name],
        validators: api.validators[model.name] ?? { responses: {} },
        catalog: api.errorCatalog[model.name] ?? {},
        matcher,
        literalSegments: model.path.split('/').filter((s) => s && !s.includes('{')).length,
      };
    }),
  );
  // Most literal first, so `/pets/mine` wins over `/pets/{petId}`.
  const byLiteral = [...operations].sort((a, b) => b.literalSegments - a.literalSegments);
  return {
    apis,
    operations,
    match(method, path) {
      let pathKnown = false;
      for (const op of byLiteral) {
        const m = op.matcher.exec(path);
        if (!m) continue;
        pathKnown = true;
        if (op.model.method !== method.toLowerCase()) continue;
        const names = (op.matcher as RegExp & { paramNames: string[] }).paramNames;
        const pathParams = Object.fromEntries(names.map((n, i) => [n, safeDecode(m[i + 1])]));
        return { operation: op, pathParams, pathKnown };
      }
      return { pathParams: {}, pathKnown };
    },
    resolve(op, schema) {
      let node = schema;
      for (let i = 0; i < 32 && isObject(node) && typeof node.$ref === 'string'; i++)
        node = derefLocal(op.api.openapi, node);
      return isObject(node) ? node : {};
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
