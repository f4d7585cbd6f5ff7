import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Answer, Refusal } from '../refusal.ts';

/**
 * JSON bodies of a plug-in's own routes: fastify's own parser (secure-json-parse, `__proto__` and
 * `constructor.prototype` refused), with a malformed document told apart from a forbidden key.
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

/** Every error fastify raises, as a refusal: the client's (`invalid`, `too-large`) or ours (`server`). */
export function refusalOfError(error: FastifyError, bodyLimit: number): Refusal {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        kind: 'too-large',
        violations: [{ in: 'body', message: `the request body is larger than ${bodyLimit} bytes` }],
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        kind: 'invalid',
        violations: [{ in: 'header', name: 'Content-Type', message: 'unsupported Content-Type' }],
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'invalid', violations: [{ in: 'body', message: 'the request body is empty' }] };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'PWPKIT_BAD_BODY':
      return { kind: 'invalid', violations: [{ in: 'body', message: error.message }] };
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { kind: 'invalid', violations: [{ in: 'path', message: 'the request path is malformed' }] };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { kind: 'invalid', violations: [{ in: 'resource', message: 'the request could not be read' }] };
  return { kind: 'server', violations: [] };
}

/** fastify `clientErrorHandler`: malformed HTTP still gets an error answer, then the socket closes. */
export function clientErrorHandlerOf(answerOf: () => Answer) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, headers, body = '' } = answerOf();
    const contentType = headers['content-type'] ?? 'application/json';
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${contentType}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    socket.destroy();
  };
}
