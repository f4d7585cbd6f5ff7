/**
 * Every operation of every spec pact-check was given, and the lookup from a pact request
 * (method + full path, basePath included) to the operation that documents it.
 */
import type { LoadedApiDefinition } from '../../core/api-definition.ts';
import type { DocumentedRequest, OperationSpec, OperationValidatorSet, ValidatorFn } from '@pwpkit/runtime';
import { documentedRequestOf, producesByStatus, producesOf } from '../../core/documented-request.ts';
import { minimumResponseValidators } from './minimum-expectation.ts';
import { buildOperationIndex, type OperationMatch as CoreOperationMatch } from '../../core/operation-index.ts';

export interface SpecOperation {
  api: string;
  specFile: string;
  name: string;
  method: string;
  /** The path template as the spec writes it, without basePath. */
  path: string;
  basePath: string;
  spec: OperationSpec;
  validators: OperationValidatorSet;
  /** The response validator for a status with `required` lifted: a pact lists what it needs, not all. */
  minimumResponse(statusKey: string): ValidatorFn | undefined;
  /** Status key → documented `{ type, code }` rows. */
  errorCatalog: Readonly<Record<string, readonly { readonly type: string; readonly code: string }[]>>;
  /** Media types the request body may have (consumes). */
  consumes: string[];
  /** Status key → media types of that response (produces); absent: the response has no body. */
  produces: Record<string, string[]>;
  /** Every media type the operation produces: what a status documented without a body may answer with. */
  producesAny: string[];
  /** What the spec documents about its requests, as runtime's request judgment takes it. */
  request: DocumentedRequest;
}

/** Where a pact request goes: core's one operation index answers. */
export type OperationMatch = CoreOperationMatch<SpecOperation>;

export interface SpecIndex {
  readonly operations: readonly SpecOperation[];
  readonly apis: readonly { name: string; file: string; basePath: string }[];
  match(method: string, path: string): OperationMatch;
}

export function buildSpecIndex(
  definitions: ReadonlyArray<{ file: string; definition: LoadedApiDefinition }>,
): SpecIndex {
  const fileOf = new Map(definitions.map(({ file, definition }) => [definition, file]));
  const minimumOf = new Map(definitions.map(({ definition }) => [definition, minimumResponseValidators(definition)]));
  const index = buildOperationIndex(
    definitions.map((d) => d.definition),
    ({ api: definition, model: op }): SpecOperation => {
      const minimum = minimumOf.get(definition)!;
      return {
        api: definition.api.name,
        specFile: fileOf.get(definition)!,
        name: op.name,
        method: op.method,
        path: op.path,
        basePath: definition.api.basePath,
        spec: definition.operations[op.name],
        validators: definition.validators[op.name] ?? { responses: {} },
        minimumResponse: (statusKey) => minimum(op.name, statusKey),
        errorCatalog: definition.errorCatalog[op.name] ?? {},
        consumes: op.requestBody?.mediaTypes ?? [],
        produces: producesByStatus(op),
        producesAny: producesOf(op),
        request: documentedRequestOf(definition, op),
      };
    },
  );
  const apis = definitions.map(({ file, definition }) => ({
    name: definition.api.name,
    file,
    basePath: definition.api.basePath,
  }));
  return { operations: index.operations, apis, match: (method, path) => index.match(method, path) };
}
