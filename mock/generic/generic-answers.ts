import { isObject } from '../../input/document.ts';
import { negotiateMediaType } from '../negotiate.ts';
import type { Answer, Refusal, RefusalPhrasing } from '../refusal.ts';
import type { ServedOperation } from '../served-operation.ts';
import {
  contentTypeFor,
  isJsonMediaType,
  responseBody,
  responseHeaders,
  successKey,
  type BodyOptions,
} from './answers.ts';
import type { MockOperation } from './operations.ts';
import type { Collection, Role, Store } from './stateful.ts';

export interface GenericAnswerOptions {
  readonly seed: number;
  readonly dynamic: boolean;
  /** Draws for `--dynamic` (one seeded stream per mock). */
  readonly random: () => number;
  readonly store: Store;
  /** `--stateful`: each collection operation's role. */
  readonly roleOf: ReadonlyMap<MockOperation, { collection: Collection; role: Role }>;
  readonly phrasing: RefusalPhrasing<ServedOperation>;
}

/** What of a judged request the documented answer depends on. */
export interface AnsweredRequest {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** The decoded body. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The answer of an operation no behaviour serves, from the spec: the first documented 2xx (or
 * the one `Prefer: code=` asks for), its media type negotiated with Accept, a body from the
 * documented examples (`Prefer: example=`) or the seeded sampler (`--dynamic`), through the
 * stateful store when the operation belongs to a collection. Static answers are rendered once.
 */
export class GenericAnswers {
  private readonly cache = new Map<string, Answer>();

  constructor(private readonly options: GenericAnswerOptions) {}

  answer(served: ServedOperation, request: AnsweredRequest, refused: (refusal: Refusal) => void): Answer {
    const refuse = (refusal: Refusal): Answer => {
      refused(refusal);
      return this.options.phrasing.answer(served, refusal, request.path);
    };
    const op = served.documented;
    if (!op) return refuse(NO_ANSWER);
    const prefer = parsePrefer(request.headers.prefer);
    const success = successKey(op, prefer.code);
    if (!success) return refuse(NO_ANSWER);
    const response = op.responses.get(success.key)!;
    let mediaType: string | undefined;
    if (response.mediaTypes.length > 0) {
      const accept = request.headers.accept;
      mediaType = negotiateMediaType(
        Array.isArray(accept) ? accept.join(', ') : accept,
        response.mediaTypes.map((t) => (t.includes('*') ? 'application/json' : t.split(';')[0].trim())),
      );
      if (mediaType === undefined)
        return refuse({
          kind: 'not-acceptable',
          violations: [
            {
              in: 'header',
              name: 'Accept',
              message:
                `Accept accepts none of the media types of the ${success.key} answer ` +
                `(${response.mediaTypes.join(', ')})`,
            },
          ],
        });
      const chosen = mediaType;
      mediaType = response.mediaTypes.find((t) => t.split(';')[0].trim() === chosen) ?? response.mediaTypes[0];
    }
    const dynamic = this.options.dynamic || prefer.dynamic === true;
    const role = this.options.roleOf.get(op);
    if (role) {
      const answer = this.statefully(op, role.collection, role.role, request, success, mediaType, dynamic);
      if (answer && 'kind' in answer) return refuse(answer);
      if (answer) return answer;
    }
    const cacheKey = dynamic
      ? undefined
      : `${op.api.api.name} ${op.name} ${success.key} ${mediaType} ${prefer.example ?? ''}`;
    let answer = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (!answer) {
      const example = prefer.example !== undefined ? { example: prefer.example } : {};
      answer = this.render(op, success, mediaType, { ...this.bodyOptions(dynamic), ...example });
      if (!answer) return refuse(noValidBody(op, success.key));
      if (cacheKey) this.cache.set(cacheKey, answer);
    }
    return answer;
  }

  private bodyOptions(dynamic: boolean): BodyOptions {
    return { seed: this.options.seed, dynamic, random: this.options.random };
  }

  /** `undefined`: no body valid against the schema could be built. */
  private render(
    op: MockOperation,
    success: { key: string; status: number },
    mediaType: string | undefined,
    bodyOptions: BodyOptions,
    value?: unknown,
  ): Answer | undefined {
    const response = op.responses.get(success.key)!;
    const headers = responseHeaders(op, response, this.options.seed);
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
    if (!body) return undefined;
    return { status: success.status, headers, body: JSON.stringify(body.value), value: body.value };
  }

  /** The collection's answer; a refusal for an item never created; `undefined`: answered statelessly. */
  private statefully(
    op: MockOperation,
    c: Collection,
    role: Role,
    request: AnsweredRequest,
    success: { key: string; status: number },
    mediaType: string | undefined,
    dynamic: boolean,
  ): Answer | Refusal | undefined {
    const { store } = this.options;
    const path = request.path;
    const itemPath = role === 'create' || role === 'list' ? path : path.slice(0, path.lastIndexOf('/'));
    const id = request.params[c.param];
    const bodyOptions = this.bodyOptions(dynamic);
    const response = op.responses.get(success.key)!;
    const rendered = (value?: unknown): Answer | Refusal =>
      this.render(op, success, mediaType, bodyOptions, value) ?? noValidBody(op, success.key);
    const fitted = (value: unknown): unknown => {
      if (!response.schema) return undefined;
      if (!response.validate || response.validate(value)) return value;
      const overlay = isObject(value) ? value : undefined;
      return responseBody(op, response, mediaType ?? 'application/json', bodyOptions, overlay)?.value;
    };
    const body = request.body;
    switch (role) {
      case 'list': {
        const items = store.list(itemPath);
        return response.validate && !response.validate(items) ? undefined : rendered(items);
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
        if (response.schema && mediaType)
          item = responseBody(op, response, mediaType, bodyOptions, overlay)?.value ?? overlay;
        const key = String(c.idField && isObject(item) && item[c.idField] !== undefined ? item[c.idField] : newId);
        store.put(itemPath, key, item);
        const answer = rendered(response.schema ? item : undefined);
        if (!('kind' in answer)) answer.headers.location = `${itemPath}/${encodeURIComponent(key)}`;
        return answer;
      }
      default: {
        if (!store.has(itemPath, id))
          return {
            kind: 'not-found',
            violations: [
              { in: 'path', name: c.param, message: `no item ${id} in ${itemPath} (created items only: --stateful)` },
            ],
          };
        if (role === 'delete') {
          store.delete(itemPath, id);
          return rendered();
        }
        let item = store.get(itemPath, id);
        if (role === 'replace' || role === 'update') {
          const given = isObject(body) ? body : {};
          const base = role === 'update' && isObject(item) ? item : {};
          item = { ...base, ...given, ...(c.idField && isObject(item) ? { [c.idField]: item[c.idField] } : {}) };
          store.put(itemPath, id, item);
        }
        return rendered(mediaType ? fitted(item) : undefined);
      }
    }
  }
}

const NO_ANSWER: Refusal = {
  kind: 'server',
  violations: [
    {
      in: 'resource',
      message: 'the spec documents no answer the mock can give (a 101 protocol upgrade is not mocked)',
    },
  ],
};

function noValidBody(op: MockOperation, key: string): Refusal {
  return {
    kind: 'server',
    violations: [
      {
        in: 'resource',
        message: `pwpkit could not build a body valid against the ${key} response schema of ${op.name}`,
      },
    ],
  };
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
