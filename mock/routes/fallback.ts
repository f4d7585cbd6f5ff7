import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import { genericErrors } from '../errors.ts';
import { fail, type Failure } from '../state/outcome.ts';
import type { Sandbox } from '../state/sandbox.ts';
import { fastifyPath, operationErrorsOf } from './operations.ts';

export const BODY_LIMIT = 64 * 1024;

/**
 * JSON bodies: fastify's own parser (secure-json-parse, `__proto__` and `constructor.prototype`
 * refused), with a malformed document told apart from a forbidden key.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (!error) return done(null, value);
      if ((body as string).length === 0) return done(badBody('The request body is empty'), undefined);
      let wellFormed = true;
      try {
        JSON.parse(body as string);
      } catch {
        wellFormed = false;
      }
      done(
        badBody(
          wellFormed
            ? 'The request body contains a forbidden key (__proto__ or constructor.prototype)'
            : 'The request body is not valid JSON',
        ),
        undefined,
      );
    });
  });
}

function badBody(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'PWPKIT_BAD_BODY' });
}

/** Every error fastify raises becomes a documented ErrorResponse: 400 invalidRequest for the client's, 500 serverUnavailable for ours. */
export function registerErrorHandler(app: FastifyInstance, log: ((line: string) => void) | undefined): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const errors = operationErrorsOf(request) ?? genericErrors;
    const failure = failureOf(error);
    if (failure.code === 'serverUnavailable')
      log?.(
        `internal error on ${request.method} ${request.routeOptions?.url ?? '(unrouted)'}: ${error.name}: ${error.code ?? ''}`,
      );
    return errors.send(reply, failure);
  });
}

export function failureOf(error: FastifyError): Failure {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fail('invalidRequest', 'body', `The request body is larger than ${BODY_LIMIT} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fail('invalidRequest', 'Content-Type', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return fail('invalidRequest', 'body', 'The request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'PWPKIT_BAD_BODY':
      return fail('invalidRequest', 'body', error.message);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return fail('invalidRequest', 'path', 'The request path is malformed');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return fail('invalidRequest', undefined, 'The request could not be read');
  return fail('serverUnavailable');
}

/** Unknown path → 404 resourceNotFound; a known path with another method → 405 methodNotAllowed, with `Allow`. */
export function registerNotFound(app: FastifyInstance, apis: readonly ApiDefinition[], sandbox: Sandbox): void {
  const templates = apis.flatMap((a) =>
    Object.values(a.operations).map((op) => ({
      method: op.method.toUpperCase(),
      pattern: new RegExp(
        `^${fastifyPath(a.api.basePath, op.path)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/:[^/]+/g, '[^/]+')}$`,
      ),
    })),
  );
  app.setNotFoundHandler((request, reply) => {
    if (sandbox.unavailable && !request.url.startsWith('/__admin'))
      return genericErrors.send(reply, fail('serverUnavailable'));
    const path = request.url.split('?')[0];
    const allowed = templates.filter((t) => t.pattern.test(path)).map((t) => t.method);
    if (allowed.length === 0) return genericErrors.send(reply, fail('resourceNotFound', undefined, 'No such resource'));
    // RFC 9110 §15.5.6: 405 with `Allow`, in the spec's ErrorResponse shape (no operation documents a 405 code).
    const allow = [...new Set(allowed)].join(', ');
    return reply
      .code(405)
      .header('allow', allow)
      .send({
        type: 'error',
        code: 'methodNotAllowed',
        details: `${request.method} is not supported here; allowed: ${allow}`,
      });
  });
}

/** fastify `frameworkErrors`: a malformed URL or an over-long path parameter. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  genericErrors.send(reply, failureOf(error));
}

/** fastify `clientErrorHandler`: malformed HTTP still gets an ErrorResponse, then the socket closes. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = genericErrors.answer(fail('invalidRequest', undefined, 'Malformed HTTP request'));
  const text = JSON.stringify(body);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} Bad Request\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${text}`,
    );
  socket.destroy();
}
