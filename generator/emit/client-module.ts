import type { ApiModel, OperationModel } from '../model/api-model.ts';
import { commentText, identifier, stringLiteral } from './escape.ts';
import { GENERATED_HEADER, type EmitOptions } from './source-text.ts';

/** Headers the runtime fills in itself, so they are not part of a method's input. */
const MANAGED_HEADER = (name: string) =>
  /^authorization$/i.test(name) ||
  /^(x-)?(request-)?uuid$/i.test(name) ||
  name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .endsWith('clientid') ||
  /^(accept|content-type|accept-language|deviceinfo)$/i.test(name);

/** `client.ts`: a typed facade, one method per operation, over the shared runtime (`@pwpkit/runtime`). */
export function emitClientModule(model: ApiModel, options: EmitOptions): string {
  const ext = options.importExtension;
  const pascal = identifier(pascalCase(model.apiName));
  const factory = `create${pascal}Client`;
  // Operation names are identifiers by construction (model/operation-name.ts); `identifier` makes sure.
  const managed = model.operations.map((op) => `  ${identifier(op.name)}: ${managedUnion(op)};`);
  const methods = model.operations.map((op) => {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const doc = `  /** ${commentText(op.summary ? `${op.summary} (${where})` : where)} */\n`;
    const optional = inputIsOptional(op) ? '?' : '';
    const parameters = `(input${optional}: ${pascal}Input<'${op.name}'>, options?: CallOptions)`;
    return `${doc}  ${identifier(op.name)}${parameters}: Promise<${pascal}Result<'${op.name}'>>;`;
  });
  const impl = model.operations.map(
    (op) =>
      `    ${identifier(op.name)}: (input, options) => runtime.call('${op.name}', input as never, options) as never,`,
  );
  return [
    GENERATED_HEADER,
    'import { createApiClient, type CallOptions, type ClientOptions, type OperationInput, type OperationResult } ' +
      "from '@pwpkit/runtime';",
    `import { errorCatalog, type ErrorCatalog } from './errors${ext}';`,
    `import { api, operations, type OperationTypes } from './operations${ext}';`,
    `import { validators } from './validators${ext}';`,
    '',
    '/** Headers the client sets itself (auth, uuid, client id, content negotiation), per operation. */',
    'interface ManagedHeaders {',
    ...managed,
    '}',
    '',
    `export type ${pascal}Operation = keyof OperationTypes;`,
    `export type ${pascal}Input<N extends ${pascal}Operation> = OperationInput<OperationTypes[N], ManagedHeaders[N]>;`,
    `export type ${pascal}Result<N extends ${pascal}Operation> = ` +
      'OperationResult<OperationTypes[N], N extends keyof ErrorCatalog ? ErrorCatalog[N] : {}>;',
    '',
    `export interface ${pascal}Client {`,
    ...methods,
    '}',
    '',
    `export function ${factory}(options: ClientOptions): ${pascal}Client {`,
    '  const runtime = createApiClient({ api, operations, validators, errorCatalog }, options);',
    '  return {',
    ...impl,
    '  };',
    '}',
    '',
  ].join('\n');
}

function managedUnion(op: OperationModel): string {
  const names = op.parameters
    .filter((p) => p.in === 'header' && MANAGED_HEADER(p.name))
    .map((p) => stringLiteral(p.name));
  return names.length > 0 ? names.join(' | ') : 'never';
}

function inputIsOptional(op: OperationModel): boolean {
  const requiredParams = op.parameters.some(
    (p) => p.required && (p.in === 'path' || p.in === 'query' || (p.in === 'header' && !MANAGED_HEADER(p.name))),
  );
  return !requiredParams && !op.requestBody?.required;
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
    .replace(/^[0-9]/, (d) => `Api${d}`);
}
