import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDefinition } from '@pwpkit/runtime';
import type { OperationErrors } from '../errors.ts';
import { fail, type Failure } from '../outcome.ts';
import type { RefusalCodes } from '../plugin.ts';
import { fastifyPath, operationErrorsOf } from './operations.ts';

/** The answers outside any operation: the plug-in's rows and the codes the machinery answers with. */
export interface FallbackErrors {
  readonly errors: OperationErrors;
  readonly codes: RefusalCodes;
}

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

/**
 * Every error fastify raises becomes a documented error answer: the `invalid` code for the client's,
 * the `unavailable` code for ours.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  fallback: FallbackErrors,
  log: ((line: string) => void) | undefined,
): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const errors = operationErrorsOf(request) ?? fallback.errors;
    const failure = failureOf(error, fallback.codes);
    if (failure.code === fallback.codes.unavailable)
      log?.(
        `internal error on ${request.method} ${request.routeOptions?.url ?? '(unrouted)'}: ` +
          `${error.name}: ${error.code ?? ''}`,
      );
    return errors.send(reply, failure);
  });
}

export function failureOf(error: FastifyError, codes: RefusalCodes): Failure {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fail(codes.invalid, 'body', `The request body is larger than ${BODY_LIMIT} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fail(codes.invalid, 'Content-Type', 'Unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return fail(codes.invalid, 'body', 'The request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'PWPKIT_BAD_BODY':
      return fail(codes.invalid, 'body', error.message);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return fail(codes.invalid, 'path', 'The request path is malformed');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return fail(codes.invalid, undefined, 'The request could not be read');
  return fail(codes.unavailable);
}

/** Unknown path → the `notFound` code; a known path with another method → 405 `methodNotAllowed`, with `Allow`. */
export function registerNotFound(
  app: FastifyInstance,
  apis: readonly ApiDefinition[],
  fallback: FallbackErrors,
  isUnavailable: () => boolean,
): void {
  const { errors, codes } = fallback;
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
    if (isUnavailable() && !request.url.startsWith('/__admin')) return errors.send(reply, fail(codes.unavailable));
    const path = request.url.split('?')[0];
    const allowed = templates.filter((t) => t.pattern.test(path)).map((t) => t.method);
    if (allowed.length === 0) return errors.send(reply, fail(codes.notFound, undefined, 'No such resource'));
    // RFC 9110 §15.5.6: 405 with `Allow`, in the catalog's error shape (no operation documents a 405 code).
    const allow = [...new Set(allowed)].join(', ');
    const details = `${request.method} is not supported here; allowed: ${allow}`;
    return errors.send(reply.header('allow', allow), fail(codes.methodNotAllowed, undefined, details));
  });
}

/** fastify `frameworkErrors`: a malformed URL or an over-long path parameter. */
export function frameworkErrorsOf(fallback: FallbackErrors) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
    fallback.errors.send(reply, failureOf(error, fallback.codes));
  };
}

/** fastify `clientErrorHandler`: malformed HTTP still gets an error answer, then the socket closes. */
export function clientErrorHandlerOf(fallback: FallbackErrors) {
  return (error: Error & { code?: string }, socket: Socket): void => clientError(fallback, error, socket);
}

function clientError(fallback: FallbackErrors, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = fallback.errors.answer(fail(fallback.codes.invalid, undefined, 'Malformed HTTP request'));
  const text = JSON.stringify(body);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} Bad Request\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n\r\n${text}`,
    );
  socket.destroy();
}
