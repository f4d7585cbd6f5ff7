import { derefLocal, isObject, pointer, type JsonObject } from '../document.ts';

export interface RefProblem {
  kind: 'remote' | 'dangling' | 'circular';
  /** Where the `$ref` sits. */
  pointer: string;
  ref: string;
}

/**
 * Finds every `$ref` outside vendor extensions that cannot be used as written: a remote one
 * (generate never touches the network unless told to), one that points nowhere, and an alias
 * loop (`A: {$ref: B}`, `B: {$ref: A}`) that describes no value at all. Cycles through
 * properties or items are ordinary recursive schemas and are fine.
 */
export function findRefProblems(doc: JsonObject): RefProblem[] {
  const problems: RefProblem[] = [];
  const visit = (node: unknown, ptr: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${ptr}/${i}`));
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#')) problems.push({ kind: 'remote', pointer: ptr, ref });
      else if (derefLocal(doc, node) === undefined) problems.push({ kind: 'dangling', pointer: ptr, ref });
      else if (isAliasLoop(doc, node)) problems.push({ kind: 'circular', pointer: ptr, ref });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') || key === 'example' || key === 'examples') continue;
      if (typeof value === 'object' && value !== null) visit(value, ptr + pointer(key));
    }
  };
  visit(doc, '');
  return problems;
}

function isAliasLoop(doc: JsonObject, start: JsonObject): boolean {
  const seen = new Set<string>();
  let node: unknown = start;
  while (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    if (seen.has(node.$ref)) return true;
    seen.add(node.$ref);
    node = derefLocal(doc, node);
  }
  return false;
}

/** `--lenient`: each dangling `$ref` becomes an unconstrained schema (`unknown` in TypeScript). */
export function replaceDanglingRefs(doc: JsonObject, problems: readonly RefProblem[]): JsonObject {
  const draft = structuredClone(doc) as JsonObject;
  for (const problem of problems.filter((p) => p.kind === 'dangling')) {
    const segments = problem.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop();
    let parent: unknown = draft;
    for (const s of segments) parent = (parent as Record<string, unknown>)[s];
    if (last !== undefined && (isObject(parent) || Array.isArray(parent))) {
      (parent as Record<string, unknown>)[last] = { description: `unresolved $ref ${problem.ref}`, 'x-pwpkit-dangling-ref': problem.ref };
    }
  }
  return draft;
}
