import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.ts';
import { isObject, parsePointer, type JsonObject } from '../document.ts';

export interface ParsedSource {
  document: JsonObject;
  lineOf(pointer: string): number | undefined;
}

/**
 * Parses spec text (JSON or YAML, BOM tolerated). JSON goes through JSON.parse for speed; line
 * numbers for it are worked out lazily, only when a message needs one.
 */
export function parseSource(text: string, file: string): ParsedSource {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') throw new InputError(`${file}: the file is empty; expected a Swagger 2.0 or OpenAPI 3 document`);
  const looksLikeJson = /^\s*[{[]/.test(source);
  let document: unknown;
  let yamlDoc: { doc: Document; lines: LineCounter } | undefined;
  const parseYaml = () => {
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
    yamlDoc = parseYaml();
    const first = yamlDoc.doc.errors[0];
    if (first) {
      const pos = yamlDoc.lines.linePos(first.pos[0]);
      const reason = first.message.split('\n')[0];
      throw new InputError(`${file}:${pos.line}:${pos.col}: YAML syntax error: ${reason}`);
    }
    document = yamlDoc.doc.toJS({ maxAliasCount: 1000 });
  }
  if (!isObject(document)) throw new InputError(`${file}: expected a Swagger/OpenAPI object at the top level, found ${Array.isArray(document) ? 'an array' : typeof document}`);
  return {
    document,
    lineOf(ptr) {
      yamlDoc ??= parseYaml();
      const node = yamlDoc.doc.getIn(parsePointer(ptr), true) as { range?: [number, number, number] } | undefined;
      return node?.range ? yamlDoc.lines.linePos(node.range[0]).line : undefined;
    },
  };
}

function jsonErrorReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/ in JSON at position \d+.*$/, '');
}

function jsonErrorPosition(source: string, error: unknown): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '1:1';
  const offset = Number(match[1]);
  const before = source.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
