import standaloneModule from 'ajv/dist/standalone/index.js';
import { createValidatorAjv } from '../compile/validator-ajv.ts';
import { standaloneAsEsm } from '../compile/standalone-esm.ts';
import type { ApiModel } from '../model/api-model.ts';
import type { PreparedValidators } from './validator-schemas.ts';
import { GENERATED_HEADER, jsKey } from './source-text.ts';

// A CommonJS module whose function sits on `.default` when imported from ESM.
const standaloneCode = standaloneModule.default;

/**
 * Compiles every validator once, at generate time, into one ESM module: the client, mock and
 * verifier import plain functions and never run the ajv compiler.
 */
export function emitValidatorsModule(model: ApiModel, prepared: PreparedValidators): { js: string; dts: string } {
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
      aliases.push(`export const ${v.exportName} = ${first};`);
      continue;
    }
    firstWith.set(key, v.exportName);
    const id = `pwpkit:${v.exportName}`;
    ajv.addSchema({ $id: id, ...v.schema });
    mapping[v.exportName] = id;
  }
  const compiled = prepared.schemas.length > 0 ? standaloneCode(ajv, mapping) : '';
  const table = operationTable(model, prepared);
  const js = [
    GENERATED_HEADER,
    '// @ts-nocheck',
    "import { fullFormats as __fmts } from 'ajv-formats/dist/formats.js';",
    ...standaloneAsEsm(compiled),
    ...aliases,
    '',
    `export const validators = ${table};`,
    '',
  ].join('\n');
  return { js, dts: declarations(model, prepared) };
}

function operationTable(model: ApiModel, prepared: PreparedValidators): string {
  const lines = model.operations.map((op) => {
    const own = prepared.schemas.filter((s) => s.operation === op.name);
    const parts = own.filter((s) => !s.part.startsWith('response:')).map((s) => `${s.part}: ${s.exportName}`);
    const responses = own.filter((s) => s.part.startsWith('response:')).map((s) => `${jsKey(s.part.slice('response:'.length))}: ${s.exportName}`);
    return `  ${op.name}: { ${[...parts, `responses: { ${responses.join(', ')} }`].join(', ')} },`;
  });
  return `{\n${lines.join('\n')}\n}`;
}

function declarations(model: ApiModel, prepared: PreparedValidators): string {
  const ops = model.operations.map((op) => {
    const own = prepared.schemas.filter((s) => s.operation === op.name);
    const parts = own.filter((s) => !s.part.startsWith('response:')).map((s) => `${s.part}: Validator`);
    const responses = own.filter((s) => s.part.startsWith('response:')).map((s) => `${jsKey(s.part.slice('response:'.length))}: Validator`);
    return `  readonly ${op.name}: { ${[...parts, `responses: { ${responses.join('; ')} }`].join('; ')} };`;
  });
  return [
    GENERATED_HEADER,
    'export interface ValidationError {',
    '  instancePath: string;',
    '  schemaPath: string;',
    '  keyword: string;',
    '  params: Record<string, unknown>;',
    '  message?: string;',
    '}',
    '',
    '/** A compiled ajv validator: `errors` holds the first failure after a `false` result. */',
    'export interface Validator {',
    '  (data: unknown): boolean;',
    '  errors?: ValidationError[] | null;',
    '}',
    '',
    'export interface OperationValidators {',
    '  headers?: Validator;',
    '  path?: Validator;',
    '  query?: Validator;',
    '  body?: Validator;',
    '  responses: Readonly<Record<string, Validator>>;',
    '}',
    '',
    'export declare const validators: {',
    ...ops,
    '};',
    '',
  ].join('\n');
}
