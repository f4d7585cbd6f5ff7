import { escapePointerToken, unescapePointerToken } from '@pwpkit/runtime';

/** The loose shape every stage works on: a parsed Swagger 2.0 or OpenAPI 3.x document. */
export type JsonObject = { [key: string]: unknown };

export type SpecVersion = 'swagger2' | 'openapi3';

export interface LoadedSpec {
  /** Path as the user gave it; used in every message about this spec. */
  file: string;
  /** Short, file-system-safe API name (`pay-with-points` for `pay-with-points.swagger.yaml`). */
  apiName: string;
  version: SpecVersion;
  document: JsonObject;
  /** SHA-256 of the text the document was parsed from: what `normalization.json` records as its source. */
  sha256: string;
  /** Line number (1-based) of a JSON pointer in the source, when the source is YAML or JSON text. */
  lineOf(pointer: string): number | undefined;
  /** Problems that do not stop generation (invalid UTF-8), each naming the file and line. */
  warnings?: readonly string[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 pointer from path segments. */
export function pointer(...segments: Array<string | number>): string {
  let ptr = '';
  for (const segment of segments) ptr += '/' + escapeSegment(String(segment));
  return ptr;
}

/** Most segments need no escaping; walks over whole documents build millions of pointers. */
function escapeSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? escapePointerToken(segment) : segment;
}

export function parsePointer(ptr: string): string[] {
  if (ptr === '' || ptr === '#') return [];
  return ptr
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => (s.includes('~') ? unescapePointerToken(s) : s));
}

/** Keys whose values are data (examples, defaults, enums) or vendor notes, never schema or spec structure. */
export function isDataKey(key: string): boolean {
  return (
    key === 'example' ||
    key === 'examples' ||
    key === 'default' ||
    key === 'enum' ||
    key === 'const' ||
    key.startsWith('x-')
  );
}

/**
 * Visits every object node of the spec structure depth-first with its pointer, skipping data
 * (examples, defaults, enums, vendor extensions). Cycles cannot occur: input is parsed JSON/YAML.
 */
export function walkObjects(
  node: unknown,
  visit: (obj: JsonObject, ptr: string, key: string | undefined) => void,
  ptr = '',
  key?: string,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walkObjects(item, visit, `${ptr}/${index}`, String(index)));
    return;
  }
  if (!isObject(node)) return;
  visit(node, ptr, key);
  for (const [k, value] of Object.entries(node)) {
    if (typeof value === 'object' && value !== null && !isDataKey(k)) walkObjects(value, visit, ptr + pointer(k), k);
  }
}

/** Follows one local `$ref` (`#/parameters/x`); returns the node itself when it is not a reference. */
export function derefLocal(doc: JsonObject, node: unknown): unknown {
  if (!isObject(node) || typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return node;
  let current: unknown = doc;
  for (const segment of parsePointer(node.$ref)) {
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Follows a chain of local `$ref`s (at most `hops`, so a cycle ends): the node the chain leads to. */
export function derefChain(doc: JsonObject, node: unknown, hops = 32): unknown {
  let current = node;
  for (let i = 0; i < hops && isObject(current) && typeof current.$ref === 'string'; i++)
    current = derefLocal(doc, current);
  return current;
}

/** Every operation of a document, in document order. */
export function* eachOperation(
  doc: JsonObject,
): Generator<{ path: string; method: HttpMethod; operation: JsonObject; pathItem: JsonObject; ptr: string }> {
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) yield { path, method, operation, pathItem, ptr: pointer('paths', path, method) };
    }
  }
}
