import { derefChain, isObject, type JsonObject } from '../input/document.ts';
import { loadApiDefinition, type LoadedApiDefinition, type LoadOptions } from '../core/api-definition.ts';
import type { OperationModel } from '../generator/model/api-model.ts';
import { buildOperationIndex, type OperationMatch } from '../core/operation-index.ts';
import { documentedRequestOf, producesByStatus } from '../core/documented-request.ts';
import type { DocumentedRequest, OperationSpec, OperationValidatorSet } from '@pwpkit/runtime';

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
  /** What the spec documents about its requests, as runtime's request judgment takes it. */
  request: DocumentedRequest;
  /** Status key → the media types of that response; a response without a body is absent. */
  producesByStatus: Readonly<Record<string, readonly string[]>>;
}

export interface ApiSet {
  apis: LoadedApiDefinition[];
  operations: Operation[];
  /** The operation a request for `method` and `path` (basePath included) goes to: core's one path matcher. */
  match(method: string, path: string): OperationMatch<Operation>;
  /** Follows local `$ref`s in the operation's OpenAPI 3 document. */
  resolve(op: Operation, schema: unknown): JsonObject;
}

export async function loadApiSet(files: readonly string[], options: LoadOptions = {}): Promise<ApiSet> {
  return apiSetOf(await Promise.all(files.map((f) => loadApiDefinition(f, options))));
}

export function apiSetOf(apis: LoadedApiDefinition[]): ApiSet {
  const index = buildOperationIndex(
    apis,
    ({ api, model }): Operation => ({
      key: `${api.api.name}/${model.name}`,
      name: model.name,
      api,
      model,
      spec: api.operations[model.name],
      validators: api.validators[model.name] ?? { responses: {} },
      catalog: api.errorCatalog[model.name] ?? {},
      request: documentedRequestOf(api, model),
      producesByStatus: producesByStatus(model),
    }),
  );
  return {
    apis,
    operations: [...index.operations],
    match: (method, path) => index.match(method, path),
    resolve(op, schema) {
      const node = derefChain(op.api.openapi, schema);
      return isObject(node) ? node : {};
    },
  };
}
