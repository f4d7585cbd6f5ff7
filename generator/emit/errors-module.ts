import type { ApiModel } from '../model/api-model.ts';
import { GENERATED_HEADER, literal } from './source-text.ts';

/** `errors.ts`: the documented `{ type, code }` pairs per operation and status, as data and as types. */
export function emitErrorsModule(model: ApiModel): string {
  const catalog = errorCatalogOf(model);
  return [
    GENERATED_HEADER,
    '',
    `export const errorCatalog = ${literal(catalog)} as const;`,
    '',
    'export type ErrorCatalog = typeof errorCatalog;',
    '',
    '/** A documented error of one operation: `{ status, type, code, details }`, a union over every status. */',
    'export type DocumentedError<Op extends keyof ErrorCatalog> = {',
    '  [S in keyof ErrorCatalog[Op]]: ' +
      'ErrorCatalog[Op][S] extends readonly (infer Row)[] ? Row & { status: S } : never;',
    '}[keyof ErrorCatalog[Op]];',
    '',
    '/** The documented codes of one operation, optionally for one status. */',
    'export type ErrorCode<Op extends keyof ErrorCatalog, S extends keyof ErrorCatalog[Op] = keyof ErrorCatalog[Op]> =',
    '  ErrorCatalog[Op][S] extends readonly (infer Row)[] ? (Row extends { code: infer C } ? C : never) : never;',
    '',
  ].join('\n');
}

/** The error catalog as data: operation → status → documented `{ type, code, details }` rows. */
export function errorCatalogOf(model: ApiModel) {
  return Object.fromEntries(
    model.operations.map((op) => [
      op.name,
      Object.fromEntries(op.responses.filter((r) => r.errorCodes.length > 0).map((r) => [r.status, r.errorCodes])),
    ]),
  );
}
