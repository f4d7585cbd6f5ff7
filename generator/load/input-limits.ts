import { InputError, oneLine } from '../../input/errors.ts';
import { pointer } from '../../input/document.ts';

/**
 * Limits on the shape of a parsed spec, checked once right after parsing so that no later stage
 * (the rules, swagger-parser, ajv, openapi-typescript, JSON.stringify) recurses itself out of
 * stack or expands a small file into gigabytes. Real specs stay far below both: the deepest
 * document of the robustness corpus nests 16 levels, and anchors reused a few times add a few
 * hundred nodes.
 */

/** Deepest nesting of objects and arrays a spec may have (js-yaml's own default, now for JSON too). */
export const MAX_NESTING = 100;
/** Nodes that YAML aliases may add to a document when it is expanded (an alias bomb adds billions). */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Location of a problem: the JSON pointer, and the source line when one is known. */
type LineOf = (ptr: string) => number | undefined;

/** `file:line: #pointer: what`, the one-line form of every refusal here. */
export function locatedError(file: string, lineOf: LineOf, ptr: string, what: string): InputError {
  let line: number | undefined;
  try {
    line = lineOf(ptr);
  } catch {
    line = undefined; // a line number is a courtesy; the pointer already locates the problem
  }
  // Keys and values of the spec may hold line breaks: shown escaped, the message stays one line.
  return new InputError(`${file}${line ? `:${line}` : ''}: #${oneLine(shortPointer(ptr))}: ${oneLine(what)}`);
}

/** Long pointers (a 10,000-level nesting) keep their first segments: enough to find the place. */
export function shortPointer(ptr: string, keep = 12): string {
  const segments = ptr.split('/');
  return segments.length <= keep + 1 ? ptr : `${segments.slice(0, keep + 1).join('/')}/…`;
}

/**
 * Refuses a document nested deeper than MAX_NESTING, one whose YAML aliases form a cycle, and one
 * whose aliases expand it by more than MAX_ALIAS_EXPANSION nodes. `mayShareNodes` says whether
 * the parser can have produced shared nodes (YAML anchors); without it only the depth is checked,
 * and `jsonText`, when given, locates a too-deep node by scanning the text (the `yaml` library
 * behind `lineOf` must never be handed a document thousands of levels deep).
 */
export function checkDocumentLimits(
  document: unknown,
  file: string,
  lineOf: LineOf,
  mayShareNodes: boolean,
  jsonText?: string,
): void {
  if (mayShareNodes) checkSharedTree(document, file, lineOf);
  else
    checkDepth(
      document,
      file,
      jsonText === undefined ? () => undefined : () => lineAtJsonDepth(jsonText, MAX_NESTING + 1),
    );
}

/** The line where JSON text first opens its `depth`-th nested object or array. */
export function lineAtJsonDepth(text: string, depth: number): number | undefined {
  let level = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++level >= depth) return line;
    } else if (c === 0x7d || c === 0x5d) level--;
  }
  return undefined;
}

interface Frame {
  node: object;
  depth: number;
  parent: Frame | undefined;
  key: string;
}

function pathOf(frame: Frame): string {
  const segments: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) segments.push(f.key);
  return pointer(...segments.reverse());
}

function tooDeep(file: string, lineOf: LineOf, ptr: string, viaAliases = false): InputError {
  return locatedError(
    file,
    lineOf,
    ptr,
    `nested deeper than ${MAX_NESTING} levels${viaAliases ? ' (through YAML aliases)' : ''}: ` +
      `expected at most ${MAX_NESTING} levels of objects and arrays`,
  );
}

/** A plain tree (JSON, or YAML without anchors): depth only, iteratively. */
function checkDepth(document: unknown, file: string, lineOf: LineOf): void {
  if (typeof document !== 'object' || document === null) return;
  const stack: Frame[] = [{ node: document, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > MAX_NESTING) throw tooDeep(file, lineOf, pathOf(frame));
    const node = frame.node as Record<string, unknown>;
    for (const key in node) {
      const value = node[key];
      if (typeof value === 'object' && value !== null)
        stack.push({ node: value, depth: frame.depth + 1, parent: frame, key });
    }
  }
}

/**
 * A YAML document whose anchors js-yaml turned into shared objects (a DAG, or a cycle when an
 * alias sits inside its own anchor). One post-order walk, each distinct node once: its expanded
 * size and height are remembered, so a 600-byte alias bomb is measured without being expanded.
 */
function checkSharedTree(document: unknown, file: string, lineOf: LineOf): void {
  if (typeof document !== 'object' || document === null) return;
  const size = new Map<object, number>();
  const height = new Map<object, number>();
  const uses = new Map<object, number>();
  const open = new Set<object>();
  let distinct = 0;
  interface Walk extends Frame {
    keys: string[];
    next: number;
    size: number;
    height: number;
  }
  const enter = (node: object, depth: number, parent: Walk | undefined, key: string): Walk => {
    open.add(node);
    distinct++;
    return { node, depth, parent, key, keys: Object.keys(node), next: 0, size: 1, height: 1 };
  };
  const stack: Walk[] = [enter(document, 1, undefined, '')];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.keys.length) {
      const key = top.keys[top.next++];
      const child = (top.node as Record<string, unknown>)[key];
      if (typeof child !== 'object' || child === null) {
        top.size++;
        distinct++;
        continue;
      }
      uses.set(child, (uses.get(child) ?? 0) + 1);
      const childPath = () => `${pathOf(top)}${pointer(key)}`;
      if (open.has(child))
        throw locatedError(
          file,
          lineOf,
          childPath(),
          'a YAML alias refers to a node that contains it (a cycle): expected a finite tree',
        );
      const known = size.get(child);
      if (known !== undefined) {
        if (top.depth + height.get(child)! > MAX_NESTING) throw tooDeep(file, lineOf, childPath(), true);
        top.size += known;
        top.height = Math.max(top.height, height.get(child)! + 1);
        continue;
      }
      if (top.depth + 1 > MAX_NESTING) throw tooDeep(file, lineOf, childPath());
      stack.push(enter(child, top.depth + 1, top, key));
      continue;
    }
    stack.pop();
    open.delete(top.node);
    size.set(top.node, top.size);
    height.set(top.node, top.height);
    const parent = top.parent as Walk | undefined;
    if (parent) {
      parent.size += top.size;
      parent.height = Math.max(parent.height, top.height + 1);
    }
  }
  const added = size.get(document)! - distinct;
  if (added <= MAX_ALIAS_EXPANSION) return;
  // Name the place: follow the largest subtree down to the node whose own aliases expand it.
  let node = document as Record<string, unknown>;
  const segments: string[] = [];
  for (;;) {
    const children = Object.entries(node).filter(
      (e): e is [string, Record<string, unknown>] => typeof e[1] === 'object' && e[1] !== null,
    );
    if (children.length === 0) break;
    const [key, largest] = children.reduce((a, b) => (size.get(b[1])! > size.get(a[1])! ? b : a));
    if ((uses.get(largest) ?? 0) > 1) break;
    segments.push(key);
    node = largest;
  }
  throw locatedError(
    file,
    lineOf,
    pointer(...segments),
    `YAML aliases expand this to ${formatCount(size.get(node)!)} nodes (an alias bomb?): ` +
      `expected aliases to add at most ${MAX_ALIAS_EXPANSION} nodes to the document`,
  );
}

function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}
