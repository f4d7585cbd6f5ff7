import type { ApiDefinition, OperationValidatorSet, ValidatorFn } from '../runtime/definition.ts';
import { createValidatorAjv } from './compile/validator-ajv.ts';
import type { JsonObject } from './document.ts';
import { errorCatalogOf } from './emit/errors-module.ts';
import { operationTable } from './emit/operations-module.ts';
import { prepareValidatorSchemas, type PreparedValidators } from './emit/validator-schemas.ts';
import { loadSpec } from './load/load-spec.ts';
import { buildApiModel, type ApiModel } from './model/api-model.ts';
import { normalizeSpec, type NormalizeOptions } from './normalize/normalize-spec.ts';
import type { Change } from './normalize/rule.ts';

/**
 * An API as the tools that take `--spec` at run time need it (pact-check, verify, proxy): the
 * same tables `generate` emits (operations, error catalog, validators), built in memory.
 */
export interface LoadedApiDefinition extends ApiDefinition {
  readonly model: ApiModel;
  /** The normalized OpenAPI 3 document. */
  readonly openapi: JsonObject;
  readonly changes: readonly Change[];
}

/** Reads, normalizes and compiles one spec file. Bad input throws InputError, as `generate` does. */
export async function loadApiDefinition(file: string, options: NormalizeOptions = {}): Promise<LoadedApiDefinition> {
  const normalized = await normalizeSpec(await loadSpec(file), options);
  const model = buildApiModel(normalized.apiName, normalized.openapi);
  const prepared = prepareValidatorSchemas(model, normalized.openapi);
  return {
    api: { name: model.apiName, basePath: model.basePath },
    operations: operationTable(model),
    errorCatalog: errorCatalogOf(model),
    validators: compileValidators(model, prepared),
    model,
    openapi: normalized.openapi,
    changes: [...normalized.changes, ...prepared.changes],
  };
}

/** The in-memory twin of `validators.js`: same schemas, same ajv options, compiled now. */
export function compileValidators(model: ApiModel, prepared: PreparedValidators): Record<string, OperationValidatorSet> {
  const ajv = createValidatorAjv({ standalone: false });
  ajv.addSchema(prepared.components);
  const table: Record<string, { headers?: ValidatorFn; path?: ValidatorFn; query?: ValidatorFn; body?: ValidatorFn; responses: Record<string, ValidatorFn> }> = {};
  for (const op of model.operations) table[op.name] = { responses: {} };
  for (const v of prepared.schemas) {
    const validate = ajv.compile(v.schema) as ValidatorFn;
    const entry = table[v.operation];
    if (v.part.startsWith('response:')) entry.responses[v.part.slice('response:'.length)] = validate;
    else entry[v.part as 'headers' | 'path' | 'query' | 'body'] = validate;
  }
  return table;
}
