/**
 * Every operation of the loaded specs and the one answer to "which operation does this request
 * go to?", asked by verify, the proxy and pact-check (the mock routes with the same `Router`).
 * Each tool keeps its own per-operation data in `T`; the index only places it.
 */
import type { LoadedApiDefinition } from './api-definition.ts';
import type { OperationModel } from '../generator/model/api-model.ts';
import { Router } from './path-router.ts';

export type OperationMatch<T> =
  | { kind: 'operation'; operation: T; pathParams: Record<string, string> }
  /** A documented path without this method: `path` is the most specific template, `methods` upper-case. */
  | { kind: 'method-not-documented'; path: string; methods: string[] }
  /** `hint`: the path is documented under an API's basePath the request left out. */
  | { kind: 'path-not-documented'; hint?: string }
  /** The path goes to `operation`, but its parameter `param` is not valid percent-encoding. */
  | { kind: 'undecodable-path'; operation: T; param: string };

export interface OperationIndex<T> {
  readonly operations: readonly T[];
  /** `path` is the request's path, basePath included; a query string is ignored. */
  match(method: string, path: string): OperationMatch<T>;
}

/** An operation of one loaded spec, as the index hands it to a tool to describe. */
export interface IndexedOperation {
  readonly api: LoadedApiDefinition;
  readonly model: OperationModel;
}

export function buildOperationIndex<T>(
  apis: readonly LoadedApiDefinition[],
  describe: (operation: IndexedOperation) => T,
): OperationIndex<T> {
  const operations: T[] = [];
  const routes = apis.flatMap((api) =>
    api.model.operations.map((model) => {
      const operation = describe({ api, model });
      operations.push(operation);
      return { method: model.method, template: api.api.basePath + model.path, value: operation };
    }),
  );
  const router = new Router(routes);
  const bare = new Map<LoadedApiDefinition, Router<true>>();
  /** The first API that documents `path` under the basePath the request left out. */
  const basePathHint = (path: string): string | undefined => {
    for (const api of apis) {
      const basePath = api.api.basePath;
      if (!basePath || path.startsWith(`${basePath}/`)) continue;
      let paths = bare.get(api);
      if (!paths) {
        paths = new Router(api.model.operations.map((m) => ({ method: m.method, template: m.path, value: true })));
        bare.set(api, paths);
      }
      if (paths.match('GET', path).kind !== 'unknown')
        return `${api.api.name} documents this path under its basePath ${basePath}: ${basePath}${path}`;
    }
    return undefined;
  };
  return {
    operations,
    match(method, rawPath) {
      const q = rawPath.indexOf('?');
      const path = q < 0 ? rawPath : rawPath.slice(0, q);
      const found = router.match(method, path);
      switch (found.kind) {
        case 'found':
          return { kind: 'operation', operation: found.route.value, pathParams: found.params };
        case 'method':
          return { kind: 'method-not-documented', path: found.route.template, methods: found.allow };
        case 'bad-path':
          return { kind: 'undecodable-path', operation: found.route.value, param: found.param };
        case 'unknown': {
          const hint = basePathHint(path);
          return hint ? { kind: 'path-not-documented', hint } : { kind: 'path-not-documented' };
        }
      }
    },
  };
}

/** The one wording of an undecodable path, for every tool that reports it. */
export function undecodablePathMessage(param: string): string {
  return `path parameter "${param}" is not valid percent-encoding`;
}
