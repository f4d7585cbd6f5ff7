import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { LoadedApiDefinition } from '../../core/api-definition.ts';
import { isObject } from '../../input/document.ts';
import { Router } from '../../core/path-router.ts';
import { isLoopback } from '../admin.ts';
import { createFaults, mulberry32, type FaultOptions } from '../faults.ts';
import { negotiateMediaType } from '../negotiate.ts';
import { HTTP_SERVER_OPTIONS, registerConnectionHandling } from '../routes/connection.ts';
import {
  contentTypeFor,
  isJsonMediaType,
  responseBody,
  responseHeaders,
  statusOf,
  successKey,
  type Answer,
} from './answers.ts';
import { mockOperations, type MockOperation } from './operations.ts';
import { problem, refusal, type ProblemKind, type Violation } from './problems.ts';
import { checkRequest } from './request-check.ts';
import { inferCollections, Store, type Collection, type Role } from './stateful.ts';

export interface SpecMockOptions {
  /** The specs to serve (`loadApiDefinition`); an operation in two specs: the first wins. */
  apis: readonly LoadedApiDefinition[];
  /** Seed of the generated bodies (default 1). */
  seed?: number;
  /** Bodies generated from the schemas on every request (seeded), never the documented examples. */
  dynamic?: boolean;
  /** Collections inferred from the paths keep what is created (see stateful.ts). */
  stateful?: boolean;
  /** `POST /__admin/reset` (loopback callers only). */
  admin?: boolean;
  faults?: FaultOptions;
  /** One line per exchange. */
  log?: (line: string) => void;
}

export interface SpecMock {
  app: FastifyInstance;
  /** Every route served: method, template, operation, and its stateful role if any. */
  routes: readonly {
    method: string;
    template: string;
    operation: string;
    api: string;
    role?: Role;
    collection?: string;
  }[];
  collections: readonly Collection[];
  store: Store;
}

const BODY_LIMIT = 1024 * 1024;
const refusals = new WeakMap<FastifyRequest, { operation?: string; detail?: string }>();

/** The mock of any spec: routes from the ApiDefinition, validation, documented answers; no per-spec code. */
export function createSpecMock(options: SpecMockOptions): SpecMock {
  const seed = options.seed ?? 1;
  const dynamic = options.dynamic ?? false;
  const random = mulberry32(seed);
  const faults = createFaults(options.faults);
  const seen = new Set<string>();
  const operations: MockOperation[] = [];
  for (const api of options.apis) {
    for (const op of mockOperations(api)) {
      const key = `${op.method} ${op.template.replace(/\{[^}]+\}/g, '{}')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      operations.push(op);
    }
  }
  const router = new Router(
    operations.map((op) => ({ method: op.method, template: op.template, value: op })),
    { headServedByGet: true },
  );
  const { collections, roleOf } = options.stateful
    ? inferCollections(operations)
    : { collections: [], roleOf: new Map() };
  const store = new Store();
  const bodyCache = new Map<string, Answer>();

  const app = Fastify({
    logger: false,
    http: HTTP_SERVER_OPTIONS,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: false,
    routerOptions: { maxParamLength: 8000 },
    frameworkErrors: (error, _request, reply) =>
      void send(
        reply,
        problem(400, `the request could not be read (${error.code ?? error.message})`, [
          { in: 'resource', message: 'malformed request' },
        ]),
      ),
    clientErrorHandler,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
      return void send(
        reply,
        problem(400, 'header Host: an HTTP/1.1 request must carry a Host header', [
          { in: 'header', name: 'Host', message: 'is required' },
        ]),
      );
    done();
  });
  registerConnectionHandling(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const op = (request as FastifyRequest & { mockOperation?: MockOperation }).mockOperation;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(reply, refusal(op, 'too-large', [{ in: 'body', message: `larger than ${BODY_LIMIT} bytes` }], seed));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return send(reply, refusal(op, 'invalid', [{ in: 'body', message: 'the request could not be read' }], seed));
    options.log?.(
      `internal error on ${request.method} ${request.url.split('?')[0]}: ${error.name} ${error.code ?? ''}`,
    );
    return send(reply, refusal(op, 'server', [{ in: 'resource', message: 'internal error' }], seed));
  });

  if (options.admin) {
    app.post('/__admin/reset', (request, reply) => {
      if (!isLoopback(request.socket?.remoteAddress))
        return send(
          reply,
          problem(403, 'the admin API answers loopback callers only', [{ in: 'resource', message: 'forbidden' }]),
        );
      store.reset();
      return reply.send({});
    });
  }

  const handle = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const url = request.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const match = router.match(request.method, path);
    if (match.kind === 'unknown')
      return refuse(request, reply, undefined, 'not-found', [
        { in: 'resource', message: `no operation of the spec serves ${path}` },
      ]);
    if (match.kind === 'bad-path')
      return refuse(request, reply, undefined, 'invalid', [
        { in: 'path', message: 'a path parameter is not valid percent-encoding' },
      ]);
    if (match.kind === 'method') {
      reply.header('allow', match.allow.join(', '));
      return refuse(request, reply, undefined, 'method', [
        {
          in: 'method',
          message: `${request.method} is not documented for this path; allowed: ${match.allow.join(', ')}`,
        },
      ]);
    }
    const op = match.route.value;
    (request as FastifyRequest & { mockOperation?: MockOperation }).mockOperation = op;
    refusals.set(request, { operation: op.name });
    const fault = faults?.next() ?? 'none';
    if (fault === 'error')
      return refuse(request, reply, op, 'server', [{ in: 'resource', message: 'injected fault (--faults)' }]);
    const query = (isObject(request.query) ? request.query : {}) as Record<string, unknown>;
    const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
    const checked = checkRequest(op, { params: match.params, query, headers: request.headers, body: raw });
    if (!checked.ok) {
      if (checked.kind === 'unauthorized') reply.header('www-authenticate', wwwAuthenticate(op));
      return refuse(request, reply, op, checked.kind, checked.violations);
    }
    const prefer = parsePrefer(request.headers.prefer);
    const success = successKey(op, prefer.code);
    if (!success)
      return refuse(request, reply, op, 'server', [
        {
          in: 'resource',
          message: 'the spec documents no answer the mock can give (a 101 protocol upgrade is not mocked)',
        },
      ]);
    const response = op.responses.get(success.key)!;
    let mediaType: string | undefined;
    if (response.mediaTypes.length > 0) {
      mediaType = negotiateMediaType(
        request.headers.accept,
        response.mediaTypes.map((t) => (t.includes('*') ? 'application/json' : t.split(';')[0].trim())),
      );
      if (mediaType === undefined)
        return refuse(request, reply, op, 'not-acceptable', [
          { in: 'header', name: 'Accept', message: `accepts none of ${response.mediaTypes.join(', ')}` },
        ]);
      mediaType = response.mediaTypes.find((t) => t.split(';')[0].trim() === mediaType) ?? response.mediaTypes[0];
    }
    const useDynamic = dynamic || prefer.dynamic === true;
    const role = roleOf.get(op);
    if (role) {
      const answer = statefully(
        op,
        role.collection,
        role.role,
        path,
        match.params,
        checked.body,
        success,
        mediaType,
        useDynamic,
      );
      if (answer) {
        if (answer.status >= 400)
          refusals.set(request, { operation: op.name, detail: 'not found in the stateful store' });
        return send(reply, answer);
      }
    }
    const cacheKey = !useDynamic
      ? `${op.api.api.name} ${op.name} ${success.key} ${mediaType} ${prefer.example ?? ''}`
      : undefined;
    let answer = cacheKey ? bodyCache.get(cacheKey) : undefined;
    if (!answer) {
      answer = render(op, success, mediaType, {
        seed,
        dynamic: useDynamic,
        random,
        ...(prefer.example !== undefined ? { example: prefer.example } : {}),
      });
      if (cacheKey && answer.status < 500) bodyCache.set(cacheKey, answer);
    }
    if (fault === 'delay') {
      const chosen = answer;
      return new Promise<FastifyReply>((resolve) =>
        setTimeout(() => resolve(send(reply, chosen)), faults!.delayMs),
      ) as unknown as FastifyReply;
    }
    return send(reply, answer);
  };

  function render(
    op: MockOperation,
    success: { key: string; status: number },
    mediaType: string | undefined,
    bodyOptions: Parameters<typeof responseBody>[3],
    value?: unknown,
  ): Answer {
    const response = op.responses.get(success.key)!;
    const headers = responseHeaders(op, response, seed);
    // 204, 205 and 304 carry no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5), whatever the spec documents.
    if (mediaType === undefined || success.status === 204 || success.status === 205 || success.status === 304)
      return { status: success.status, headers };
    headers['content-type'] = contentTypeFor(mediaType);
    if (value !== undefined) return { status: success.status, headers, body: JSON.stringify(value), value };
    if (!isJsonMediaType(mediaType)) {
      const example = response.examples.get(mediaType)?.[0]?.value;
      return { status: success.status, headers, body: typeof example === 'string' ? example : '' };
    }
    const body = responseBody(op, response, mediaType, bodyOptions);
    if (!body)
      return problem(
        500,
        `pwpkit could not build a body valid against the ${success.key} response schema of ${op.name}`,
        [{ in: 'resource', message: 'no valid body' }],
      );
    return { status: success.status, headers, body: JSON.stringify(body.value), value: body.value };
  }

  function statefully(
    op: MockOperation,
    c: Collection,
    role: Role,
    path: string,
    params: Record<string, string>,
    body: unknown,
    success: { key: string; status: number },
    mediaType: string | undefined,
    useDynamic: boolean,
  ): Answer | undefined {
    const itemPath = role === 'create' || role === 'list' ? path : path.slice(0, path.lastIndexOf('/'));
    const id = params[c.param];
    const bodyOptions = { seed, dynamic: useDynamic, random };
    const response = op.responses.get(success.key)!;
    const fitted = (value: unknown): unknown => {
      if (!response.schema) return undefined;
      if (!response.validate || response.validate(value)) return value;
      const merged = responseBody(
        op,
        response,
        mediaType ?? 'application/json',
        bodyOptions,
        isObject(value) ? value : undefined,
      );
      return merged?.value;
    };
    switch (role) {
      case 'list': {
        const items = store.list(itemPath);
        return response.validate && !response.validate(items)
          ? undefined
          : render(op, success, mediaType, bodyOptions, items);
      }
      case 'create': {
        const given = isObject(body) ? body : {};
        const givenId = c.idField !== undefined ? given[c.idField] : undefined;
        const newId =
          givenId !== undefined && (typeof givenId === 'string' || typeof givenId === 'number')
            ? givenId
            : store.nextId(itemPath, c.idKind);
        const overlay = { ...given, ...(c.idField ? { [c.idField]: newId } : {}) };
        let item: unknown = overlay;
        if (response.schema && mediaType) {
          const built = responseBody(op, response, mediaType, bodyOptions, overlay);
          item = built?.value ?? overlay;
        }
        const key = String(c.idField && isObject(item) && item[c.idField] !== undefined ? item[c.idField] : newId);
        store.put(itemPath, key, item);
        const answer = render(op, success, mediaType, bodyOptions, response.schema ? item : undefined);
        answer.headers.location = `${itemPath}/${encodeURIComponent(key)}`;
        return answer;
      }
      default: {
        if (!store.has(itemPath, id))
          return refusal(
            op,
            'not-found',
            [{ in: 'path', name: c.param, message: `no item ${id} in ${itemPath} (created items only: --stateful)` }],
            seed,
          );
        if (role === 'delete') {
          store.delete(itemPath, id);
          return render(op, success, mediaType, bodyOptions);
        }
        let item = store.get(itemPath, id);
        if (role === 'replace' || role === 'update') {
          const given = isObject(body) ? body : {};
          const base = role === 'update' && isObject(item) ? item : {};
          item = { ...base, ...given, ...(c.idField && isObject(item) ? { [c.idField]: item[c.idField] } : {}) };
          store.put(itemPath, id, item);
        }
        const value = mediaType ? fitted(item) : undefined;
        return render(op, success, mediaType, bodyOptions, value);
      }
    }
  }

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    op: MockOperation | undefined,
    kind: ProblemKind,
    violations: Violation[],
  ): FastifyReply {
    const answer = refusal(op, kind, violations, seed, request.url.split('?')[0]);
    refusals.set(request, {
      ...(op ? { operation: op.name } : {}),
      detail: violations
        .map((v) => `${v.in}${v.name ? ` ${v.name}` : ''}${v.pointer ? ` ${v.pointer}` : ''}: ${v.message}`)
        .join('; '),
    });
    return send(reply, answer);
  }

  app.all('/*', handle);
  app.all('/', handle);

  if (options.log) {
    const log = options.log;
    app.addHook('onResponse', (request, reply, done) => {
      const seenBy = refusals.get(request);
      const operation = seenBy?.operation ? ` ${seenBy.operation}` : '';
      const detail = seenBy?.detail ? ` (${seenBy.detail})` : '';
      log(
        `${request.method} ${request.url.split('?')[0]} → ${reply.statusCode}${operation} ` +
          `${reply.elapsedTime.toFixed(1)}ms${detail}`,
      );
      done();
    });
  }

  const routes = operations.map((op) => {
    const r = roleOf.get(op);
    return {
      method: op.method,
      template: op.template,
      operation: op.name,
      api: op.api.api.name,
      ...(r ? { role: r.role, collection: r.collection.template } : {}),
    };
  });
  return { app, routes, collections, store };
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return answer.body === undefined ? reply.send() : reply.send(answer.body);
}

function wwwAuthenticate(op: MockOperation): string {
  const first = op.security[0]?.[0];
  if (!first) return 'Bearer';
  if (first.type === 'http') return first.scheme === 'basic' ? 'Basic realm="pwpkit mock"' : 'Bearer';
  if (first.type === 'apiKey') return `ApiKey ${first.in ?? 'header'}="${first.param ?? ''}"`;
  return 'Bearer';
}

/** `Prefer: code=404, example=notFound, dynamic=true` (as Prism reads it). */
export function parsePrefer(header: string | string[] | undefined): {
  code?: number;
  example?: string;
  dynamic?: boolean;
} {
  const out: { code?: number; example?: string; dynamic?: boolean } = {};
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return out;
  for (const part of text.split(/[,;]/)) {
    const m = /^\s*([a-z]+)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === 'code' && /^\d{3}$/.test(m[2])) out.code = Number(m[2]);
    else if (key === 'example') out.example = m[2];
    else if (key === 'dynamic') out.dynamic = m[2] === 'true';
  }
  return out;
}

function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const text = JSON.stringify({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'malformed HTTP request',
  });
  if (socket.writable)
    socket.write(
      'HTTP/1.1 400 Bad Request\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Connection: close\r\n\r\n${text}`,
    );
  socket.destroy();
}

/** Listens (default 127.0.0.1, port 0 = a free port). */
export async function startSpecMock(
  options: SpecMockOptions & { port?: number; host?: string },
): Promise<SpecMock & { url: string; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const mock = createSpecMock(rest);
  await mock.app.listen({ port, host });
  const address = mock.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { ...mock, url: `http://${shownHost}:${actualPort}`, close: () => mock.app.close() };
}

export { statusOf };
