import { derefLocal, isObject, parsePointer, pointer, type JsonObject } from '../../input/document.ts';

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
  // Large specs repeat the same few hundred targets thousands of times: judge each once. The
  // path is kept as segments and turned into a pointer only for a problem.
  const verdicts = new Map<string, RefProblem['kind'] | 'ok'>();
  const path: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(String(i));
        visit(item);
        path.pop();
      });
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      let verdict = verdicts.get(ref);
      if (verdict === undefined) {
        verdict = !ref.startsWith('#')
          ? 'remote'
          : derefLocal(doc, node) === undefined
            ? 'dangling'
            : isAliasLoop(doc, node)
              ? 'circular'
              : 'ok';
        verdicts.set(ref, verdict);
      }
      if (verdict !== 'ok') problems.push({ kind: verdict, pointer: pointer(...path), ref });
    }
    for (const key in node) {
      if (key.startsWith('x-') || key === 'example' || key === 'examples') continue;
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      path.push(key);
      visit(value);
      path.pop();
    }
  };
  visit(doc);
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

/**
 * `--lenient`: each dangling `$ref` becomes an unconstrained schema (`unknown` in TypeScript).
 * Edits `draft` itself: the caller owns it (normalize-spec.ts's private copy).
 */
export function replaceDanglingRefsInPlace(draft: JsonObject, problems: readonly RefProblem[]): void {
  for (const problem of problems.filter((p) => p.kind === 'dangling')) {
    const segments = parsePointer(problem.pointer);
    const last = segments.pop();
    let parent: unknown = draft;
    for (const s of segments) parent = (parent as Record<string, unknown>)[s];
    if (last !== undefined && (isObject(parent) || Array.isArray(parent))) {
      (parent as Record<string, unknown>)[last] = {
        description: `unresolved $ref ${problem.ref}`,
        'x-pwpkit-dangling-ref': problem.ref,
      };
    }
  }
}
