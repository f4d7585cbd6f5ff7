/**
 * Every operation of every spec pact-check was given, and the lookup from a pact request
 * (method + full path, basePath included) to the operation that documents it.
 */
import type { LoadedApiDefinition } from '../../generator/api-definition.ts';
import type { OperationSpec, OperationValidatorSet, ValidatorFn } from '@pwpkit/runtime';
import { minimumResponseValidators } from './minimum-expectation.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SecurityCredential {
  in: 'header' | 'query' | 'cookie';
  name: string;
  scheme: string;
}

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
  /** Alternatives (any one suffices), each a list of credentials sent together; empty: none needed. */
  security: SecurityCredential[][];
  pathParams: string[];
  regex: RegExp;
  /** Literal segments: with several templates matching, the most literal one wins. */
  literalSegments: number;
}

export type OperationMatch =
  | { kind: 'operation'; operation: SpecOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-documented'; path: string; methods: string[] }
  | { kind: 'path-not-documented'; hint?: string };

export interface SpecIndex {
  readonly operations: readonly SpecOperation[];
  readonly apis: readonly { name: string; file: string; basePath: string }[];
  match(method: string, path: string): OperationMatch;
}

export function buildSpecIndex(
  definitions: ReadonlyArray<{ file: string; definition: LoadedApiDefinition }>,
): SpecIndex {
  const operations: SpecOperation[] = [];
  for (const { file, definition } of definitions) {
    const minimum = minimumResponseValidators(definition);
    const openapi = definition.openapi as Json;
    const paths = isObject(openapi.paths) ? openapi.paths : {};
    const schemes =
      isObject(openapi.components) && isObject(openapi.components.securitySchemes)
        ? openapi.components.securitySchemes
        : {};
    for (const op of definition.model.operations) {
      const opSpec = definition.operations[op.name];
      const raw =
        isObject(paths[op.path]) && isObject((paths[op.path] as Json)[op.method])
          ? ((paths[op.path] as Json)[op.method] as Json)
          : {};
      const basePath = definition.api.basePath;
      const { regex, params, literals } = templateRegex(basePath + op.path);
      operations.push({
        api: definition.api.name,
        specFile: file,
        name: op.name,
        method: op.method,
        path: op.path,
        basePath,
        spec: opSpec,
        validators: definition.validators[op.name] ?? { responses: {} },
        minimumResponse: (statusKey) => minimum(op.name, statusKey),
        errorCatalog: definition.errorCatalog[op.name] ?? {},
        consumes: op.requestBody?.mediaTypes ?? [],
        produces: producesOf(raw, definition.openapi as Json),
        security: securityOf(raw.security ?? openapi.security, schemes),
        pathParams: params,
        regex,
        literalSegments: literals,
      });
    }
  }
  const apis = definitions.map(({ file, definition }) => ({
    name: definition.api.name,
    file,
    basePath: definition.api.basePath,
  }));
  return { operations, apis, match: (method, path) => matchOperation(operations, apis, method.toLowerCase(), path) };
}

function matchOperation(
  operations: SpecOperation[],
  apis: SpecIndex['apis'],
  method: string,
  rawPath: string,
): OperationMatch {
  const path = rawPath.split('?')[0];
  const byPath = operations.filter((op) => op.regex.test(path));
  if (byPath.length === 0) {
    const hint = apis
      .map((api) =>
        api.basePath &&
        !path.startsWith(`${api.basePath}/`) &&
        operations.some((op) => op.api === api.name && templateRegex(op.path).regex.test(path))
          ? `${api.name} documents this path under its basePath ${api.basePath}: ${api.basePath}${path}`
          : undefined,
      )
      .find(Boolean);
    return { kind: 'path-not-documented', ...(hint ? { hint } : {}) };
  }
  const withMethod = byPath.filter((op) => op.method === method).sort((a, b) => b.literalSegments - a.literalSegments);
  if (withMethod.length === 0) {
    const best = Math.max(...byPath.map((op) => op.literalSegments));
    const closest = byPath.filter((op) => op.literalSegments === best);
    return {
      kind: 'method-not-documented',
      path: `${closest[0].basePath}${closest[0].path}`,
      methods: [...new Set(closest.map((op) => op.method.toUpperCase()))].sort(),
    };
  }
  const operation = withMethod[0];
  const values = operation.regex.exec(path)!.slice(1);
  const pathParams: Record<string, string> = {};
  operation.pathParams.forEach((name, i) => {
    pathParams[name] = safeDecode(values[i]);
  });
  return { kind: 'operation', operation, pathParams };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function templateRegex(template: string): { regex: RegExp; params: string[]; literals: number } {
  const params: string[] = [];
  let literals = 0;
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.includes('{')) {
        literals++;
        return escapeRegex(segment);
      }
      return segment
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (!m) return escapeRegex(part);
          params.push(m[1]);
          return '([^/]+)';
        })
        .join('');
    })
    .join('/');
  // A trailing slash is another path (the mock and most frameworks answer it 404), not the documented one.
  return { regex: new RegExp(`^${source}$`), params, literals };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function producesOf(operation: Json, doc: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isObject(operation.responses)) return out;
  for (const [status, entry] of Object.entries(operation.responses)) {
    const response = deref(doc, entry);
    if (isObject(response) && isObject(response.content) && Object.keys(response.content).length > 0)
      out[status] = Object.keys(response.content);
  }
  return out;
}

function securityOf(requirements: unknown, schemes: Json): SecurityCredential[][] {
  if (!Array.isArray(requirements) || requirements.length === 0) return [];
  const alternatives: SecurityCredential[][] = [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    const names = Object.keys(requirement);
    if (names.length === 0) return []; // `{}`: anonymous access is allowed
    const credentials: SecurityCredential[] = [];
    for (const scheme of names) {
      const def = schemes[scheme];
      if (!isObject(def)) continue;
      if (
        def.type === 'apiKey' &&
        typeof def.name === 'string' &&
        (def.in === 'header' || def.in === 'query' || def.in === 'cookie')
      )
        credentials.push({ in: def.in, name: def.name, scheme });
      else if (def.type === 'http' || def.type === 'oauth2' || def.type === 'openIdConnect')
        credentials.push({ in: 'header', name: 'Authorization', scheme });
    }
    alternatives.push(credentials);
  }
  return alternatives;
}

function deref(doc: Json, node: unknown): unknown {
  let current = node;
  for (
    let i = 0;
    i < 20 && isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/');
    i++
  ) {
    let target: unknown = doc;
    for (const part of current.$ref.slice(2).split('/'))
      target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    current = target;
  }
  return current;
}
