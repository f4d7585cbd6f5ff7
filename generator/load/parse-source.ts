import jsYaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import { InputError, oneLine } from '../../input/errors.ts';
import { isObject, parsePointer, type JsonObject } from '../../input/document.ts';
import { checkDocumentLimits, MAX_NESTING } from './input-limits.ts';

export interface ParsedSource {
  document: JsonObject;
  lineOf(pointer: string): number | undefined;
}

/**
 * Parses spec text (JSON or YAML, BOM tolerated). JSON.parse and js-yaml are the fast paths;
 * the `yaml` library's source map (for line numbers) is built lazily, only when a message needs
 * one, because it costs five times as much on a large spec.
 */
export function parseSource(text: string, file: string): ParsedSource {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '')
    throw new InputError(`${file}: the file is empty; expected a Swagger 2.0 or OpenAPI 3 document`);
  const looksLikeJson = /^\s*[{[]/.test(source);
  let document: unknown;
  let yamlDoc: { doc: Document; lines: LineCounter } | undefined;
  const parseYaml = () => {
    const { LineCounter, parseDocument } = yamlLibrary();
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    return { doc, lines };
  };
  if (looksLikeJson) {
    try {
      document = JSON.parse(source);
    } catch (error) {
      throw new InputError(`${file}:${jsonErrorPosition(source, error)}: JSON syntax error: ${jsonErrorReason(error)}`);
    }
  } else {
    try {
      // CORE_SCHEMA: YAML 1.2 scalars only, so `2024-01-01` stays a string, as in JSON.
      document = jsYaml.load(source, {
        schema: jsYaml.CORE_SCHEMA,
        filename: file,
        maxDepth: MAX_NESTING,
      } as jsYaml.LoadOptions);
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const reason = (
        (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error))
      ).split('\n')[0];
      const at = `${file}:${mark ? `${mark.line + 1}:${mark.column + 1}` : '1:1'}`;
      if (/^nesting exceeded maxDepth/.test(reason))
        throw new InputError(
          `${at}: nested deeper than ${MAX_NESTING} levels: ` +
            `expected at most ${MAX_NESTING} levels of mappings and sequences`,
        );
      throw new InputError(`${at}: YAML syntax error: ${reason}`);
    }
  }
  if (!isObject(document))
    throw new InputError(
      `${file}:1: expected a Swagger/OpenAPI mapping (object) at the top level, found ${describeValue(document)}`,
    );
  const lineOf = (ptr: string) => {
    yamlDoc ??= parseYaml();
    const offset = keyOffset(yamlDoc.doc, parsePointer(ptr));
    return offset === undefined ? undefined : yamlDoc.lines.linePos(offset).line;
  };
  // Only YAML anchors can make js-yaml share a node between two places (or nest one in itself).
  checkDocumentLimits(
    document,
    file,
    lineOf,
    !looksLikeJson && YAML_ANCHOR.test(source),
    looksLikeJson ? source : undefined,
  );
  return { document, lineOf };
}

/** An anchor (`&name`) somewhere in the text; a cheap test that may also match prose. */
const YAML_ANCHOR = /(?:^|[\s,[{])&[^\s,[\]{}]/;

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a sequence (array)';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

function jsonErrorReason(error: unknown): string {
  // V8 quotes the text around the error: its line breaks and control characters are shown escaped,
  // so the message stays one line.
  return oneLine((error instanceof Error ? error.message : String(error)).replace(/ in JSON at position \d+.*$/, ''));
}

function jsonErrorPosition(source: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '1:1';
  const offset = Number(match[1]);
  const before = source.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * The `yaml` library, loaded on first need: only messages read line numbers, and a generate that
 * succeeds should not pay for loading it. (Its CommonJS build, so `lineOf` can stay synchronous.)
 */
function yamlLibrary(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

/** Source offset of the key (or item) a pointer names: the line a reader looks for. */
function keyOffset(doc: Document, segments: string[]): number | undefined {
  const { isMap, isScalar, isSeq } = yamlLibrary();
  let node: unknown = doc.contents;
  let offset = (node as { range?: number[] } | null)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
      if (!pair) return offset;
      offset = (pair.key as { range?: number[] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      offset = (node as { range?: number[] } | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
