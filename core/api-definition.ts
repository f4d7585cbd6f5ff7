import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiDefinition, OperationValidatorSet, ValidatorFn } from '@pwpkit/runtime';
import { createValidatorAjv } from '../generator/compile/validator-ajv.ts';
import type { JsonObject, LoadedSpec } from '../input/document.ts';
import { errorCatalogOf } from '../generator/emit/errors-module.ts';
import { apiTable, operationTable } from '../generator/emit/operations-module.ts';
import { prepareValidatorSchemas, type PreparedValidators } from '../generator/emit/validator-schemas.ts';
import { loadSpec } from '../generator/load/load-spec.ts';
import { buildApiModel, type ApiModel } from '../generator/model/api-model.ts';
import { normalizeSpec, type NormalizeOptions } from '../generator/normalize/normalize-spec.ts';
import type { Change } from '../generator/normalize/rule.ts';
import { sourceStamp, type SourceStamp } from '../generator/source-stamp.ts';

/**
 * An API as the tools that take `--spec` at run time need it (pact-check, verify, proxy): the
 * same tables `generate` emits (operations, error catalog, validators), built in memory.
 */
export interface LoadedApiDefinition extends ApiDefinition {
  readonly model: ApiModel;
  /** The normalized OpenAPI 3 document. */
  readonly openapi: JsonObject;
  readonly changes: readonly Change[];
  /** `generated`: read from the project's generated/ output (no normalization); `spec`: built from the spec now. */
  readonly origin: 'generated' | 'spec';
}

/**
 * Reads, normalizes and compiles one spec file. Bad input throws InputError, as `generate` does.
 * When the project's generated/ folder holds this very spec's output (its source stamp matches),
 * that output is reused: no swagger-parser, no conversion, no ajv compile.
 */
export interface LoadOptions extends NormalizeOptions {
  /**
   * Where `pwpkit generate` wrote this project's output (the CLI reads it from the config). Absent: the
   * spec is always built in memory (a library call never guesses a folder from the working directory).
   */
  generatedDir?: string;
}

export async function loadApiDefinition(file: string, options: LoadOptions = {}): Promise<LoadedApiDefinition> {
  const spec = await loadSpec(file);
  return (await reuseGenerated(spec, options)) ?? (await buildApiDefinition(spec, options));
}

async function buildApiDefinition(spec: LoadedSpec, options: NormalizeOptions): Promise<LoadedApiDefinition> {
  const normalized = await normalizeSpec(spec, options);
  const model = buildApiModel(normalized.apiName, normalized.openapi);
  const prepared = prepareValidatorSchemas(model, normalized.openapi);
  return {
    api: apiTable(model),
    operations: operationTable(model),
    errorCatalog: errorCatalogOf(model),
    validators: compileValidators(model, prepared),
    model,
    openapi: normalized.openapi,
    changes: [...normalized.changes, ...prepared.changes],
    origin: 'spec',
  };
}

/** generated/<api>/ as an ApiDefinition, if it was generated from exactly this text by this pwpkit. */
async function reuseGenerated(spec: LoadedSpec, options: LoadOptions): Promise<LoadedApiDefinition | undefined> {
  if (options.allowRemoteRefs || options.generatedDir === undefined) return undefined;
  try {
    const dir = join(options.generatedDir, spec.apiName);
    const report = JSON.parse(await readFile(join(dir, 'normalization.json'), 'utf8')) as {
      source?: Partial<SourceStamp>;
      changes?: Change[];
    };
    const wanted = sourceStamp(spec, options);
    if (
      report.source?.sha256 !== wanted.sha256 ||
      report.source.generator !== wanted.generator ||
      report.source.lenient !== wanted.lenient
    )
      return undefined;
    const openapi = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8')) as JsonObject;
    const model = buildApiModel(spec.apiName, openapi);
    // validators.ts is TypeScript (the project compiles it): the same schemas are compiled here.
    const validators = compileValidators(model, prepareValidatorSchemas(model, openapi));
    const tables = {
      api: apiTable(model),
      operations: operationTable(model),
      errorCatalog: errorCatalogOf(model),
      validators,
    };
    return { ...tables, model, openapi, changes: report.changes ?? [], origin: 'generated' };
  } catch {
    // A missing, partial or foreign generated/ folder is not an error: it is only a shortcut.
    return undefined;
  }
}

/** The in-memory twin of `validators.ts`: same schemas, same ajv options, compiled now. */
export function compileValidators(
  model: ApiModel,
  prepared: PreparedValidators,
): Record<string, OperationValidatorSet> {
  const ajv = createValidatorAjv({ standalone: false });
  // The shared components are checked against the meta-schema when the first validator compiles,
  // with the same error, not here: on a large spec that check costs as much as the rest of loading them.
  ajv.addSchema(prepared.components, undefined, undefined, false);
  let componentsChecked = false;
  const compile = (schema: object): ValidatorFn => {
    if (!componentsChecked) {
      for (const component of prepared.components) ajv.validateSchema(component, true);
      componentsChecked = true;
    }
    return ajv.compile(schema) as ValidatorFn;
  };
  const table: Record<string, Record<string, unknown> & { responses: Record<string, ValidatorFn> }> = {};
  for (const op of model.operations) table[op.name] = { responses: {} };
  for (const v of prepared.schemas) {
    const entry = table[v.operation];
    const [target, key] = v.part.startsWith('response:')
      ? [entry.responses, v.part.slice('response:'.length)]
      : [entry, v.part];
    defineLazy(target, key, () => compile(v.schema));
  }
  return table;
}

/**
 * A validator compiled when first used: a mock of a large spec (gitea: 400 operations) starts
 * without compiling the schemas of operations nobody calls, and each is compiled once.
 */
function defineLazy(target: Record<string, unknown>, key: string, compile: () => ValidatorFn): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const validate = compile();
      Object.defineProperty(target, key, { value: validate, enumerable: true, writable: false, configurable: false });
      return validate;
    },
  });
}
