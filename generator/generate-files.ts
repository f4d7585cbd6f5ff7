import { basename } from 'node:path';
import type { LoadedSpec } from '../input/document.ts';
import { sourceStamp } from './source-stamp.ts';
import { buildApiModel, type ApiModel } from './model/api-model.ts';
import { normalizeSpec, type NormalizeOptions } from './normalize/normalize-spec.ts';
import type { Change } from './normalize/rule.ts';
import { emitClientModule } from './emit/client-module.ts';
import { emitErrorsModule } from './emit/errors-module.ts';
import { emitOperationsModule } from './emit/operations-module.ts';
import { emitTypesModule } from './emit/types-module.ts';
import { prepareValidatorSchemas } from './emit/validator-schemas.ts';
import { emitValidatorsModule } from './emit/validators-module.ts';
import { DEFAULT_EMIT_OPTIONS, type EmitOptions } from './emit/source-text.ts';

export interface GeneratedApi {
  apiName: string;
  model: ApiModel;
  changes: Change[];
  /** Relative path inside `<out>/<apiName>/` → file content. */
  files: Map<string, string>;
}

/** One loaded spec in, every generated file out, in memory. */
export async function generateFiles(
  spec: LoadedSpec,
  options: NormalizeOptions = {},
  emit: EmitOptions = DEFAULT_EMIT_OPTIONS,
): Promise<GeneratedApi> {
  const normalized = await normalizeSpec(spec, options);
  // openapi-typescript renders in its worker thread (the document is copied when posted) while
  // this thread builds the model and compiles the validators: the two slowest steps overlap.
  const types = emitTypesModule(normalized.openapi, spec.file);
  types.catch(() => undefined); // awaited below; a failure there must not also be reported as unhandled
  const model = buildApiModel(spec.apiName, normalized.openapi);
  const prepared = prepareValidatorSchemas(model, normalized.openapi);
  const changes = [...normalized.changes, ...prepared.changes];
  const validators = emitValidatorsModule(model, prepared);
  const files = new Map<string, string>();
  files.set('openapi.json', json(normalized.openapi));
  if (normalized.swagger) files.set('swagger.json', json(normalized.swagger));
  files.set(
    'normalization.json',
    json({
      spec: basename(spec.file),
      apiName: spec.apiName,
      sourceVersion: normalized.sourceVersion,
      source: sourceStamp(spec, options),
      changes,
    }),
  );
  files.set('types.ts', await types);
  files.set('operations.ts', emitOperationsModule(model, emit));
  files.set('errors.ts', emitErrorsModule(model));
  files.set('validators.ts', validators);
  files.set('client.ts', emitClientModule(model, emit));
  return { apiName: spec.apiName, model, changes, files };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
