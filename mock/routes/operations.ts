import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isClientIdHeader, type ApiDefinition } from '@pwpkit/runtime';
import type { OperationErrors } from '../errors.ts';
import type { Faults } from '../faults.ts';
import { negotiateMediaType } from '../negotiate.ts';
import { fail } from '../outcome.ts';
import type { Behaviour, CatalogMockPlugin, RefusalCodes } from '../plugin.ts';
import { validationFailure } from './validation.ts';

/** What every operation route of the mock shares. */
export interface PipelineContext<State> {
  readonly plugin: CatalogMockPlugin<State>;
  readonly faults: Faults | undefined;
  /** An operation's documented error answers (made once per operation, with the plug-in's fallbacks). */
  errorsOf(api: ApiDefinition, operation: string): OperationErrors;
}

/** Route config: which operation a route serves (read by hooks, e.g. the tests' contract self-check). */
export interface OperationRouteConfig {
  readonly pwpkit: { readonly api: ApiDefinition; readonly operation: string; readonly errors: OperationErrors };
}

interface CheckedRequest extends FastifyRequest {
  mockClientId: string;
}

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
export function registerOperation<State>(
  app: FastifyInstance,
  ctx: PipelineContext<State>,
  api: ApiDefinition,
  name: string,
): string | undefined {
  const op = api.operations[name];
  const validators = api.validators[name] ?? { responses: {} };
  const { plugin, faults } = ctx;
  const codes: RefusalCodes = plugin.errors.codes;
  const errors = ctx.errorsOf(api, name);
  const found = plugin.behaviourFor(op.method, op.path);
  const behaviour: Behaviour<State> = found ?? {
    codes: [],
    handle: () =>
      fail(codes.unavailable, undefined, `The sandbox does not implement ${op.method.toUpperCase()} ${op.path}`),
  };
  // A mapping bug fails at start, not mid-test.
  for (const code of [codes.invalid, codes.unauthorized, codes.forbidden, codes.unavailable, ...behaviour.codes])
    errors.row(code);
  const unavailable = fail(codes.unavailable);
  const unauthorized = fail(codes.unauthorized, 'Authorization');
  const forbidden = fail(codes.forbidden, 'client_id');

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
    const clientId = token ? plugin.callerOf(token[1]) : undefined;
    if (clientId === undefined) return deny(reply, unauthorized);
    if (validators.headers && !validators.headers(headers))
      return deny(reply, validationFailure(validators.headers, 'header', headerNames, codes.invalid));
    if (clientIdHeader !== undefined && headers[clientIdHeader] !== clientId) return deny(reply, forbidden);
    if (
      accept?.required &&
      (headers.accept === undefined || negotiateMediaType(headers.accept, JSON_ONLY) === undefined)
    )
      return deny(
        reply,
        fail(
          codes.invalid,
          accept.name,
          headers.accept === undefined ? 'Accept header is required' : 'Accept must allow application/json',
        ),
      );
    if (contentType && !contentType.test(headers['content-type'] ?? ''))
      return deny(reply, fail(codes.invalid, 'Content-Type', `Content-Type must be ${op.body?.contentType}`));
    if (validators.path && !validators.path(request.params))
      return deny(reply, validationFailure(validators.path, 'path', headerNames, codes.invalid));
    (request as CheckedRequest).mockClientId = clientId;
    return true;
  }

  function deny(reply: FastifyReply, failure: Parameters<OperationErrors['send']>[1]): false {
    errors.send(reply, failure);
    return false;
  }

  function onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (plugin.isUnavailable()) return void errors.send(reply, unavailable);
    const fault = faults?.next() ?? 'none';
    if (fault === 'error')
      return void errors.send(
        reply,
        fail(codes.unavailable, undefined, 'Injected fault: the sandbox answers this share of requests with an outage'),
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
        if (op.body.required) return errors.send(reply, fail(codes.invalid, 'body', 'A JSON request body is required'));
      } else if (validators.body && !validators.body(body)) {
        return errors.send(reply, validationFailure(validators.body, 'body', headerNames, codes.invalid));
      }
    }
    const param = pathParam === undefined ? '' : (request.params as Record<string, string>)[pathParam];
    const clientId = (request as CheckedRequest).mockClientId;
    const outcome = behaviour.handle({ state: plugin.state, clientId, pathParam: param, body });
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
