import type { ApiModel, OperationModel } from '../model/api-model.ts';
import { identifier, stringLiteral } from './escape.ts';
import { GENERATED_HEADER, literal, type EmitOptions } from './source-text.ts';

/** `operations.ts`: every operation's name, method, path, headers and documented statuses. */
export function emitOperationsModule(model: ApiModel, options: EmitOptions): string {
  const table = operationTable(model);
  const { name, basePath, clientCredentials } = apiTable(model);
  const api = { name, title: model.title, version: model.version, basePath, clientCredentials };
  const typeMap = model.operations.map(
    (op) => `  ${identifier(op.name)}: paths[${stringLiteral(op.path)}][${stringLiteral(op.method)}];`,
  );
  return [
    GENERATED_HEADER,
    `import type { paths } from './types${options.importExtension}';`,
    '',
    `export const api = ${literal(api)} as const;`,
    '',
    `export const operations = ${literal(table)} as const;`,
    '',
    'export type OperationName = keyof typeof operations;',
    '',
    "/** openapi-typescript's description of each operation, by operation name. */",
    'export interface OperationTypes {',
    ...typeMap,
    '}',
    '',
  ].join('\n');
}

/** What the runtime reads of the API as a whole: where its operations live and how its token is fetched. */
export function apiTable(model: ApiModel) {
  return {
    name: model.apiName,
    basePath: model.basePath,
    ...(model.clientCredentials ? { clientCredentials: model.clientCredentials } : {}),
  };
}

/** The runtime table of operations (what `operations.ts` exports), by operation name. */
export function operationTable(model: ApiModel) {
  return Object.fromEntries(model.operations.map((op) => [op.name, operationEntry(op)]));
}

function operationEntry(op: OperationModel) {
  const headers = [
    ...op.parameters.filter((p) => p.in === 'header').map((p) => ({ name: p.name, required: p.required })),
    ...op.contentHeaders.map((h) => ({ name: h.name, required: h.required, mediaTypes: h.mediaTypes })),
  ];
  const statuses = op.responses.map((r) => r.status);
  return {
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    summary: op.summary,
    headers,
    requiredHeaders: headers.filter((h) => h.required).map((h) => h.name),
    pathParams: op.parameters.filter((p) => p.in === 'path').map((p) => p.name),
    queryParams: op.parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required })),
    body: op.requestBody ? { required: op.requestBody.required, contentType: op.requestBody.contentType } : null,
    responseContentTypes: Object.fromEntries(
      op.responses.filter((r) => r.contentType).map((r) => [r.status, r.contentType]),
    ),
    statuses,
    successStatuses: statuses.filter((s) => /^2/.test(s)),
    idempotent: isIdempotent(op),
  };
}

/**
 * Safe to send twice: a read, or a write whose body must carry an idempotency key (the model's
 * `idempotencyKey`: named so, or marked `x-idempotency-key` in the spec). PUT and DELETE are not
 * assumed safe: an activation counts attempts.
 */
function isIdempotent(op: OperationModel): boolean {
  if (['get', 'head', 'options'].includes(op.method)) return true;
  return op.requestBody?.idempotencyKey !== undefined;
}
