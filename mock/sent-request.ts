/** A request as runtime's judgment takes it (`SentRequest`), read from what node:http and fastify give. */
import { formFields, isFormMediaType, isJsonMediaType, type SentRequest } from '@pwpkit/runtime';

/**
 * A request body as the mock reads it: JSON (a `__proto__` or `constructor.prototype` key
 * refused: a behaviour or the stateful store must never merge one into an object) and form
 * fields decoded; any other media type stays text, its media type judged, its content not.
 */
export type ReadBody =
  | { readonly kind: 'none' }
  /** What the judgment takes (`text` where the JSON did not parse: the judgment says so). */
  | { readonly kind: 'read'; readonly sent: NonNullable<SentRequest['body']>; readonly value: unknown }
  /** Judged as sent (runtime's judgment parses JSON safely), refused by the mock. */
  | { readonly kind: 'forbidden-key'; readonly sent: { readonly text: string } };

const NONE: ReadBody = { kind: 'none' };
export const FORBIDDEN_KEY_MESSAGE = 'the JSON body contains a forbidden key (__proto__ or constructor.prototype)';

export function readBody(raw: unknown, contentType: string | undefined): ReadBody {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return NONE;
  const text = raw.toString('utf8');
  const mediaType = contentType ?? '';
  if (isJsonMediaType(mediaType) || /^\s*text\/json\b/i.test(mediaType)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'read', sent: { text }, value: undefined };
    }
    // Only a body that could spell one of the keys (escapes included) pays for the second, careful parse.
    if ((text.includes('proto') || text.includes('constructor') || text.includes('\\u')) && hasPrototypeKey(text))
      return { kind: 'forbidden-key', sent: { text } };
    return { kind: 'read', sent: { value }, value };
  }
  if (isFormMediaType(mediaType)) {
    const value = formFields(text);
    return { kind: 'read', sent: { value }, value };
  }
  return { kind: 'read', sent: { text }, value: text };
}

function hasPrototypeKey(text: string): boolean {
  let found = false;
  JSON.parse(text, function (this: unknown, key: string, value: unknown) {
    if (
      key === '__proto__' ||
      (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype'))
    )
      found = true;
    return value;
  });
  return found;
}

export function queryOf(query: unknown): Readonly<Record<string, string | string[]>> {
  return isQuery(query) ? query : {};
}

/** fastify's query parser gives an object of strings and string arrays. */
function isQuery(query: unknown): query is Readonly<Record<string, string | string[]>> {
  return typeof query === 'object' && query !== null;
}

/** Node's request headers as the judgment takes them: a repeated header's values joined with ", ". */
export function sentHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Readonly<Record<string, string>> {
  return isFlat(headers) ? headers : flatHeaders(headers);
}

/** Node joins every repeated request header but Set-Cookie: nearly always true, checked without copying. */
function isFlat(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): headers is Readonly<Record<string, string>> {
  for (const name in headers) if (typeof headers[name] !== 'string') return false;
  return true;
}

function flatHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
