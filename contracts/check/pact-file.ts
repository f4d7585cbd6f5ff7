/**
 * Pact files of any specification version (V2, V3, V4) read into one shape: each HTTP
 * interaction's request and response with lower-cased headers and decoded bodies, and the JSON
 * pointers that lead back to each part in the file. Anything unreadable is an InputError naming
 * the file and the pointer (exit 2).
 */
import { readInputFile } from '../../input/read-input-file.ts';
import { InputError, oneLine } from '../../input/errors.ts';
import { escapePointerToken, isJsonMediaType } from '@pwpkit/runtime';

export interface PactHeader {
  /** As written in the pact. */
  name: string;
  values: string[];
  pointer: string;
}

export interface PactBody {
  /** The decoded value: parsed JSON for JSON content, else the text. */
  value: unknown;
  /** `contentType` of a V4 body, when given. */
  contentType?: string;
  /** Where the value sits in the file (`…/body/content` in V4, `…/body` before). */
  pointer: string;
}

export interface PactMessage {
  /** Lower-cased header name → header. */
  headers: Map<string, PactHeader>;
  headersPointer: string;
  body?: PactBody;
}

export interface PactRequest extends PactMessage {
  method: string;
  path: string;
  /** Name → values. */
  query: Map<string, string[]>;
  /** Where a query parameter sits in the file (V2 holds the query as one string). */
  queryPointer(name: string): string;
  /** Lower-cased names of headers the pact matches by rule (regex, type…) rather than by value. */
  matchedHeaders: Set<string>;
  pointer: string;
}

export interface PactResponse extends PactMessage {
  status: number;
  pointer: string;
}

export interface PactInteraction {
  index: number;
  description: string;
  providerStates: string[];
  request: PactRequest;
  response: PactResponse;
  pointer: string;
}

export interface PactDocument {
  file: string;
  consumer: string;
  provider: string;
  /** `metadata.pactSpecification.version` (or its older spellings); `unknown` when absent. */
  specification: string;
  interactions: PactInteraction[];
  /** Interactions that are not HTTP request/response pairs (V4 messages…): not checked. */
  skipped: Array<{ index: number; description: string; reason: string }>;
}

export async function readPactFile(file: string): Promise<PactDocument> {
  const text = await readInputFile(file, 'a pact file (JSON)');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(
      `${file}: not valid JSON (${oneLine(error instanceof Error ? error.message : String(error))})`,
    );
  }
  return parsePact(json, file);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const esc = (s: string | number) => escapePointerToken(String(s));

class Problems {
  readonly list: string[] = [];
  constructor(private readonly file: string) {}
  add(pointer: string, message: string): void {
    this.list.push(`${this.file}: ${oneLine(pointer) || '/'}: ${oneLine(message)}`);
  }
}

export function parsePact(json: unknown, file: string): PactDocument {
  const problems = new Problems(file);
  if (!isObject(json))
    throw new InputError(
      `${file}: not a pact file: expected a JSON object with "consumer", "provider" and "interactions"`,
    );
  const name = (key: 'consumer' | 'provider') => {
    const party = json[key];
    if (isObject(party) && typeof party.name === 'string') return party.name;
    problems.add(`/${key}/name`, 'expected a string');
    return '';
  };
  const consumer = name('consumer');
  const provider = name('provider');
  const specification = specificationOf(json.metadata);
  const interactions: PactInteraction[] = [];
  const skipped: PactDocument['skipped'] = [];
  if (!Array.isArray(json.interactions)) {
    if (Array.isArray(json.messages)) {
      // A V3 message pact: nothing HTTP to check.
      json.messages.forEach((m, index) =>
        skipped.push({
          index,
          description: isObject(m) && typeof m.description === 'string' ? m.description : `message ${index}`,
          reason: 'a message, not an HTTP interaction',
        }),
      );
    } else {
      problems.add('/interactions', 'expected an array of interactions');
    }
  } else {
    json.interactions.forEach((entry, index) => {
      const ptr = `/interactions/${index}`;
      if (!isObject(entry)) return problems.add(ptr, 'expected an object');
      const description = typeof entry.description === 'string' ? entry.description : '';
      if (!description) problems.add(`${ptr}/description`, 'expected a non-empty string');
      if (entry.type !== undefined && entry.type !== 'Synchronous/HTTP') {
        skipped.push({
          index,
          description,
          reason: `not an HTTP request/response (type ${JSON.stringify(entry.type)})`,
        });
        return;
      }
      const request = readRequest(entry.request, `${ptr}/request`, problems);
      const response = readResponse(entry.response, `${ptr}/response`, problems);
      if (request && response)
        interactions.push({ index, description, providerStates: statesOf(entry), request, response, pointer: ptr });
    });
  }
  if (problems.list.length > 0) {
    const shown = problems.list.slice(0, 5).join('\n  ');
    throw new InputError(
      `${file}: not a valid pact file (${problems.list.length} problem${problems.list.length === 1 ? '' : 's'}):` +
        `\n  ${shown}${problems.list.length > 5 ? '\n  …' : ''}`,
      problems.list,
    );
  }
  return { file, consumer, provider, specification, interactions, skipped };
}

function specificationOf(metadata: unknown): string {
  if (!isObject(metadata)) return 'unknown';
  for (const key of ['pactSpecification', 'pact-specification']) {
    const entry = metadata[key];
    if (isObject(entry) && typeof entry.version === 'string') return entry.version;
  }
  return typeof metadata.pactSpecificationVersion === 'string' ? metadata.pactSpecificationVersion : 'unknown';
}

function statesOf(entry: Json): string[] {
  if (typeof entry.providerState === 'string') return [entry.providerState];
  if (!Array.isArray(entry.providerStates)) return [];
  return entry.providerStates.filter(isObject).map((s) => String(s.name ?? ''));
}

function readRequest(raw: unknown, ptr: string, problems: Problems): PactRequest | undefined {
  if (!isObject(raw)) return (problems.add(ptr, 'expected the request object'), undefined);
  const method =
    typeof raw.method === 'string' && raw.method
      ? raw.method
      : (problems.add(`${ptr}/method`, 'expected an HTTP method'), '');
  const path =
    typeof raw.path === 'string' && raw.path.startsWith('/')
      ? raw.path
      : (problems.add(`${ptr}/path`, 'expected a path starting with "/"'), '');
  const message = readMessage(raw, ptr, problems);
  const queryPtr = `${ptr}/query`;
  const queryPointer = (name: string) => (isObject(raw.query) ? `${queryPtr}/${esc(name)}` : queryPtr);
  const query = readQuery(raw.query, queryPtr, problems);
  // Some writers leave the query string on the path.
  const [pathOnly, inline] = path.split(/\?(.*)/s, 2);
  if (inline) for (const [k, v] of new URLSearchParams(inline)) query.set(k, [...(query.get(k) ?? []), v]);
  return {
    method: method.toLowerCase(),
    path: pathOnly,
    query,
    queryPointer,
    matchedHeaders: matchedHeadersOf(raw.matchingRules),
    pointer: ptr,
    ...message,
  };
}

/** V3/V4: `matchingRules.header.<name>`; V2: `matchingRules["$.headers.<name>"]`. */
function matchedHeadersOf(rules: unknown): Set<string> {
  const names = new Set<string>();
  if (!isObject(rules)) return names;
  if (isObject(rules.header)) for (const name of Object.keys(rules.header)) names.add(name.toLowerCase());
  for (const key of Object.keys(rules)) {
    const m = /^\$\.headers\.(.+)$/.exec(key) ?? /^\$\.headers\['(.+)'\]$/.exec(key);
    if (m) names.add(m[1].toLowerCase());
  }
  return names;
}

function readResponse(raw: unknown, ptr: string, problems: Problems): PactResponse | undefined {
  if (!isObject(raw)) return (problems.add(ptr, 'expected the response object'), undefined);
  const status =
    typeof raw.status === 'number' && Number.isInteger(raw.status) && raw.status >= 100 && raw.status <= 599
      ? raw.status
      : (problems.add(`${ptr}/status`, 'expected an HTTP status code (100–599)'), 0);
  return { status, pointer: ptr, ...readMessage(raw, ptr, problems) };
}

function readMessage(raw: Json, ptr: string, problems: Problems): PactMessage {
  const headersPointer = `${ptr}/headers`;
  const headers = new Map<string, PactHeader>();
  if (raw.headers !== undefined && raw.headers !== null) {
    if (!isObject(raw.headers)) problems.add(headersPointer, 'expected an object of header names to values');
    else
      for (const [name, value] of Object.entries(raw.headers)) {
        const values = Array.isArray(value) ? value : [value];
        if (!values.every((v) => typeof v === 'string')) {
          problems.add(`${headersPointer}/${esc(name)}`, 'expected a string or an array of strings');
          continue;
        }
        const existing = headers.get(name.toLowerCase());
        if (existing) existing.values.push(...(values as string[]));
        else
          headers.set(name.toLowerCase(), {
            name,
            values: [...(values as string[])],
            pointer: `${headersPointer}/${esc(name)}`,
          });
      }
  }
  const body = readBody(raw, ptr, headers, problems);
  return { headers, headersPointer, ...(body ? { body } : {}) };
}

/**
 * V2/V3: `body` is the JSON value itself (a string for non-JSON content). V4: `body` is
 * `{ content, contentType, encoded }`, `encoded` being false, "base64" or "json" (content is a
 * JSON document in a string).
 */
function readBody(raw: Json, ptr: string, headers: Map<string, PactHeader>, problems: Problems): PactBody | undefined {
  if (!('body' in raw) || raw.body === undefined) return undefined;
  const body = raw.body;
  const headerType = headers.get('content-type')?.values[0];
  if (isObject(body) && 'content' in body && ('contentType' in body || 'encoded' in body)) {
    const contentType = typeof body.contentType === 'string' ? body.contentType : headerType;
    const pointer = `${ptr}/body/content`;
    const decoded = decodeV4(body.content, body.encoded, contentType, pointer, problems);
    if (decoded === NO_BODY) return undefined;
    return { value: decoded, pointer, ...(contentType ? { contentType } : {}) };
  }
  // V2/V3 (and a V4 writer that stored the value directly).
  if (typeof body === 'string' && isJsonType(headerType)) {
    try {
      return { value: body === '' ? undefined : JSON.parse(body), pointer: `${ptr}/body` };
    } catch {
      return { value: body, pointer: `${ptr}/body` };
    }
  }
  return { value: body, pointer: `${ptr}/body` };
}

const NO_BODY = Symbol('no body');

function decodeV4(
  content: unknown,
  encoded: unknown,
  contentType: string | undefined,
  pointer: string,
  problems: Problems,
): unknown {
  if (content === undefined) return NO_BODY;
  if (encoded === undefined || encoded === false) return content;
  if (typeof content !== 'string') return content;
  let text = content;
  if (encoded === 'base64' || encoded === true) {
    text = Buffer.from(content, 'base64').toString('utf8');
  } else if (encoded !== 'json' && encoded !== 'JSON') {
    problems.add(pointer.replace(/\/content$/, '/encoded'), `unknown body encoding ${JSON.stringify(encoded)}`);
    return content;
  }
  if (encoded === 'json' || encoded === 'JSON' || isJsonType(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      if (encoded === 'json' || encoded === 'JSON') problems.add(pointer, 'encoded as "json" but is not valid JSON');
      return text;
    }
  }
  return text;
}

export function isJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && isJsonMediaType(contentType);
}

function readQuery(raw: unknown, ptr: string, problems: Problems): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (raw === undefined || raw === null || raw === '') return query;
  if (typeof raw === 'string') {
    // V2: the query string itself.
    for (const [k, v] of new URLSearchParams(raw)) query.set(k, [...(query.get(k) ?? []), v]);
    return query;
  }
  if (!isObject(raw)) {
    problems.add(ptr, 'expected a query string or an object of names to values');
    return query;
  }
  for (const [k, v] of Object.entries(raw)) {
    const values = Array.isArray(v) ? v : [v];
    if (!values.every((x) => typeof x === 'string'))
      problems.add(`${ptr}/${esc(k)}`, 'expected a string or an array of strings');
    else query.set(k, values as string[]);
  }
  return query;
}

export { esc as escapePointer };
