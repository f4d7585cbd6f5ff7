import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isClientIdHeader, type ApiDefinition } from '@pwpkit/runtime';
import { behaviourFor, type Behaviour } from '../behaviours.ts';
import { OperationErrors } from '../errors.ts';
import type { Faults } from '../faults.ts';
import { negotiateMediaType } from '../negotiate.ts';
import { fail } from '../state/outcome.ts';
import type { Sandbox } from '../state/sandbox.ts';
import { validationFailure } from './validation.ts';

/** What every route of the mock shares. */
export interface MockContext {
  readonly sandbox: Sandbox;
  readonly faults: Faults | undefined;
}

/** Route config: which operation a route serves (read by hooks, e.g. the tests' contract self-check). */
export interface OperationRouteConfig {
  readonly pwpkit: { readonly api: ApiDefinition; readonly operation: string; readonly errors: OperationErrors };
}

interface CheckedRequest extends FastifyRequest {
  mockClientId: string;
}

const UNAVAILABLE = fail('serverUnavailable');
const UNAUTHORIZED = fail('unAuthorized', 'Authorization');
const FORBIDDEN = fail('accessNotConfigured', 'client_id');
const COMMON = ['invalidRequest', 'unAuthorized', 'accessNotConfigured', 'serverUnavailable'] as const;
const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;
const JSON_ONLY = ['application/json'] as const;

export function fastifyPath(basePath: string, path: string): string {
  return (basePath.replace(/\/+$/, '') + path).replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * Registers one operation: an onRequest check (outage, faults, bearer token, headers, client id,
 * Accept, Content-Type, path) before the body is even read, then the body validator and the
 * behaviour. Returns the operation's key if no behaviour implements it (it then answers 500).
 */
export function registerOperation(
  app: FastifyInstance,
  ctx: MockContext,
  api: ApiDefinition,
  name: string,
): string | undefined {
  const op = api.operations[name];
  const validators = api.validators[name] ?? { responses: {} };
  const errors = new OperationErrors(`${api.api.name}.${name}`, api.errorCatalog[name] ?? {});
  const found = behaviourFor(op.method, op.path);
  const behaviour: Behaviour = found ?? {
    codes: [],
    handle: () =>
      fail('serverUnavailable', undefined, `The sandbox does not implement ${op.method.toUpperCase()} ${op.path}`),
  };
  for (const code of [...COMMON, ...behaviour.codes]) errors.row(code); // a mapping bug fails at start, not mid-test
  const { sandbox, faults } = ctx;

  const headerNames = new Map(op.headers.map((h) => [h.name.toLowerCase(), h.name]));
  const clientIdHeader = op.headers.find((h) => isClientIdHeader(h.name))?.name.toLowerCase();
  const accept = op.headers.find((h) => h.name.toLowerCase() === 'accept');
  const contentType = op.body ? new RegExp(`^\\s*${escapeRegExp(op.body.contentType)}\\s*(;|$)`, 'i') : undefined;
  const pathParam = op.pathParams[0];
  const successKey = op.statuses.find((s) => /^2/.test(s)) ?? '200';
  const successStatus = /^\d{3}$/.test(successKey) ? Number(successKey) : 200;
  const successHasBody = validators.responses[successKey] !== undefined;

  function check(request: FastifyRequest, reply: FastifyReply): boolean {
    const headers = request.headers;
    const auth = headers.authorization;
    const token = auth === undefined ? null : BEARER.exec(auth);
    const clientId = token ? sandbox.auth.clientOf(token[1]) : undefined;
    if (clientId === undefined) return deny(reply, UNAUTHORIZED);
    if (validators.headers && !validators.headers(headers))
      return deny(reply, validationFailure(validators.headers, 'header', headerNames));
    if (clientIdHeader !== undefined && headers[clientIdHeader] !== clientId) return deny(reply, FORBIDDEN);
    if (
      accept?.required &&
      (headers.accept === undefined || negotiateMediaType(headers.accept, JSON_ONLY) === undefined)
    )
      return deny(
        reply,
        fail(
          'invalidRequest',
          accept.name,
          headers.accept === undefined ? 'Accept header is required' : 'Accept must allow application/json',
        ),
      );
    if (contentType && !contentType.test(headers['content-type'] ?? ''))
      return deny(reply, fail('invalidRequest', 'Content-Type', `Content-Type must be ${op.body?.contentType}`));
    if (validators.path && !validators.path(request.params))
      return deny(reply, validationFailure(validators.path, 'path', headerNames));
    (request as CheckedRequest).mockClientId = clientId;
    return true;
  }

  function deny(reply: FastifyReply, failure: Parameters<OperationErrors['send']>[1]): false {
    errors.send(reply, failure);
    return false;
  }

  function onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (sandbox.unavailable) return void errors.send(reply, UNAVAILABLE);
    const fault = faults?.next() ?? 'none';
    if (fault === 'error')
      return void errors.send(
        reply,
        fail(
          'serverUnavailable',
          undefined,
          'Injected fault: the sandbox answers this share of requests with an outage',
        ),
      );
    if (fault === 'delay') {
      setTimeout(() => {
        if (check(request, reply)) done();
      }, faults!.delayMs);
      return;
    }
    if (check(request, reply)) done();
  }

  function handler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const body = request.body;
    if (op.body) {
      if (body === undefined || body === null) {
        if (op.body.required)
          return errors.send(reply, fail('invalidRequest', 'body', 'A JSON request body is required'));
      } else if (validators.body && !validators.body(body)) {
        return errors.send(reply, validationFailure(validators.body, 'body', headerNames));
      }
    }
    const linkCode = pathParam === undefined ? '' : (request.params as Record<string, string>)[pathParam];
    const outcome = behaviour.handle({ sandbox, clientId: (request as CheckedRequest).mockClientId, linkCode, body });
    if (!outcome.ok) return errors.send(reply, outcome);
    reply.code(successStatus);
    return successHasBody ? reply.send(outcome.value ?? {}) : reply.send();
  }

  const config: OperationRouteConfig = { pwpkit: { api, operation: name, errors } };
  app.route({
    method: op.method.toUpperCase() as 'GET',
    url: fastifyPath(api.api.basePath, op.path),
    config,
    onRequest,
    handler,
  });
  return found ? undefined : `${op.method.toUpperCase()} ${op.path}`;
}

export function operationErrorsOf(request: FastifyRequest): OperationErrors | undefined {
  return (request.routeOptions?.config as Partial<OperationRouteConfig> | undefined)?.pwpkit?.errors;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
