import standaloneModule from 'ajv/dist/standalone/index.js';
import { createValidatorAjv } from '../compile/validator-ajv.ts';
import { standaloneAsEsm } from '../compile/standalone-esm.ts';
import type { ApiModel } from '../model/api-model.ts';
import type { PreparedValidators } from './validator-schemas.ts';
import { identifier } from './escape.ts';
import { GENERATED_HEADER, jsKey } from './source-text.ts';

// A CommonJS module whose function sits on `.default` when imported from ESM.
const standaloneCode = standaloneModule.default;

/**
 * Compiles every validator once, at generate time, into one TypeScript module (`validators.ts`,
 * ajv's standalone JavaScript under `@ts-nocheck`, so any project's tsc emits it with the rest):
 * the client, mock and verifier import plain functions and never run the ajv compiler.
 */
export function emitValidatorsModule(model: ApiModel, prepared: PreparedValidators): string {
  const ajv = createValidatorAjv({ standalone: true });
  ajv.addSchema(prepared.components);
  const mapping: Record<string, string> = {};
  // Many validators are the same schema (every `$ref: ErrorResponse` answer): each distinct schema
  // is compiled once and later exports alias the first. (Mapping two names to one id in ajv's
  // standalone output would declare the function twice.)
  const firstWith = new Map<string, string>();
  const aliases: string[] = [];
  for (const v of prepared.schemas) {
    const key = JSON.stringify(v.schema);
    const first = firstWith.get(key);
    if (first !== undefined) {
      aliases.push(`export const ${identifier(v.exportName)} = ${first};`);
      continue;
    }
    firstWith.set(key, v.exportName);
    const id = `pwpkit:${identifier(v.exportName)}`;
    ajv.addSchema({ $id: id, ...v.schema });
    mapping[v.exportName] = id;
  }
  const compiled = prepared.schemas.length > 0 ? standaloneCode(ajv, mapping) : '';
  const table = operationTable(model, prepared);
  const { imports, code } = standaloneAsEsm(compiled);
  return [
    GENERATED_HEADER,
    '// ajv standalone code: checked by ajv when it was compiled, not by your compiler.',
    '// @ts-nocheck',
    `import type { OperationValidators, Validator } from '@pwpkit/runtime/validation';`,
    ...imports,
    code,
    ...aliases,
    '',
    `export const validators: ${declarations(model, prepared)} = ${table};`,
    '',
  ].join('\n');
}

function operationTable(model: ApiModel, prepared: PreparedValidators): string {
  const lines = model.operations.map((op) => {
    const own = prepared.schemas.filter((s) => s.operation === op.name);
    const parts = own.filter((s) => !s.part.startsWith('response:')).map((s) => `${s.part}: ${s.exportName}`);
    const responses = own
      .filter((s) => s.part.startsWith('response:'))
      .map((s) => `${jsKey(s.part.slice('response:'.length))}: ${s.exportName}`);
    return `  ${identifier(op.name)}: { ${[...parts, `responses: { ${responses.join(', ')} }`].join(', ')} },`;
  });
  return `{\n${lines.join('\n')}\n}`;
}

/** The type of the `validators` table: one entry per operation, with the parts it validates. */
function declarations(model: ApiModel, prepared: PreparedValidators): string {
  const ops = model.operations.map((op) => {
    const own = prepared.schemas.filter((s) => s.operation === op.name);
    const parts = own.filter((s) => !s.part.startsWith('response:')).map((s) => `${s.part}: Validator`);
    const responses = own
      .filter((s) => s.part.startsWith('response:'))
      .map((s) => `${jsKey(s.part.slice('response:'.length))}: Validator`);
    const members = [...parts, `responses: { ${responses.join('; ')} }`].join('; ');
    return `  readonly ${jsKey(op.name)}: OperationValidators & { ${members} };`;
  });
  return ['{', ...ops, '}'].join('\n');
}
