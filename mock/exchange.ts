/**
 * What the mock remembers of one exchange, for `--log` and hooks (a contract self-check, a broken
 * provider in the tests): the operation a request went to and why it was refused.
 */
import type { FastifyRequest } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import type { OperationRouteConfig } from './plugin.ts';
import type { Refusal } from './refusal.ts';
import type { ServedOperation } from './served-operation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The operation the request went to (null: none). */
    mockOperation: ServedOperation | null;
    /** Why it was refused, for `--log`. */
    mockRefusal: string | null;
  }
  interface FastifyContextConfig {
    /** The operation a plug-in's hand-made route serves (`RouteKit.routeConfig`). */
    pwpkit?: OperationRouteConfig['pwpkit'];
  }
}

/** A refusal in one line, for `--log`: its kind and the places at fault, never a value the client sent. */
export function describeRefusal(refusal: Refusal): string {
  const places = refusal.violations.map((v) =>
    v.in === 'body' ? `body${v.pointer ? ` ${v.pointer}` : ''}` : `${v.in}${v.name ? ` ${v.name}` : ''}`,
  );
  return places.length > 0 ? `${refusal.kind}: ${places.join(', ')}` : refusal.kind;
}

/**
 * The route a request went to, for logs and hooks: the operation's template (`/api/pets/{id}`),
 * else a plug-in route's (`/token/:countryCode`), else the path (no route: 404).
 */
export function routeOf(request: FastifyRequest): string {
  const op = request.mockOperation;
  if (op) return op.template;
  const url = request.routeOptions?.url;
  return url && url !== '/*' && url !== '/' ? url : request.url.split('?')[0];
}

export function routeConfigOf(request: FastifyRequest): OperationRouteConfig['pwpkit'] | undefined {
  return request.routeOptions?.config?.pwpkit;
}

/** The operation a request went to, for hooks (a contract self-check): the pipeline's, or a hand-made route's. */
export function servedOperationOf(request: FastifyRequest): { api: ApiDefinition; operation: string } | undefined {
  const op = request.mockOperation;
  return op ? { api: op.api, operation: op.name } : routeConfigOf(request);
}
