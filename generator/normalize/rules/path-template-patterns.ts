import { HTTP_METHODS, derefLocal, isObject, pointer, type JsonObject } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

const CONSTRAINED = /\{([A-Za-z0-9_.-]+):([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;

/**
 * Router-style path templates (`/namespaces/{namespace:[a-z0-9]+}`) are not OpenAPI templates:
 * the constraint moves to the path parameter's `pattern`, and the path keeps `{namespace}`.
 */
export const pathTemplatePatternsRule = defineRule(
  'path-template-patterns',
  ['swagger2', 'openapi3'],
  'Regex constraints inside path templates become parameter patterns',
  (doc, report) => {
    if (!isObject(doc.paths)) return;
    const rebuilt: JsonObject = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      const constraints = [...path.matchAll(CONSTRAINED)].map((m) => ({ name: m[1], pattern: m[2] }));
      if (constraints.length === 0) {
        rebuilt[path] = item;
        continue;
      }
      const clean = path.replace(CONSTRAINED, '{$1}');
      report({
        pointer: pointer('paths', path),
        kind: 'change',
        message: 'regex constraints in the path template moved to the path parameters',
        before: path,
        after: clean,
      });
      if (isObject(item)) addPatterns(item, constraints);
      rebuilt[clean] = item;
    }
    doc.paths = rebuilt;
    for (const [path, item] of Object.entries(rebuilt))
      if (isObject(item)) declareMissingPathParams(doc, path, item, report);
  },
);

/** A template variable no parameter declares gets a plain required string parameter. */
function declareMissingPathParams(
  doc: JsonObject,
  path: string,
  item: JsonObject,
  report: Parameters<Parameters<typeof defineRule>[3]>[1],
): void {
  const names = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
  if (names.length === 0) return;
  const declared = (list: unknown) =>
    Array.isArray(list)
      ? list
          .map((e) => derefLocal(doc, e))
          .filter((p): p is JsonObject => isObject(p) && p.in === 'path')
          .map((p) => p.name)
      : [];
  const shared = declared(item.parameters);
  for (const method of HTTP_METHODS) {
    const op = item[method];
    if (!isObject(op)) continue;
    const own = declared(op.parameters);
    for (const name of names.filter((n) => !shared.includes(n) && !own.includes(n))) {
      const param = { name, in: 'path', required: true, type: 'string' };
      op.parameters = [...(Array.isArray(op.parameters) ? op.parameters : []), param];
      report({
        pointer: pointer('paths', path, method, 'parameters'),
        kind: 'change',
        message: `path template variable {${name}} had no parameter: declared as a required string`,
        after: param,
      });
    }
  }
}

function addPatterns(item: JsonObject, constraints: Array<{ name: string; pattern: string }>): void {
  const lists = [item.parameters, ...Object.values(item).map((op) => (isObject(op) ? op.parameters : undefined))];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      if (!isObject(entry) || entry.in !== 'path' || typeof entry.name !== 'string') return;
      const constraint = constraints.find((c) => c.name === entry.name);
      if (constraint && entry.pattern === undefined && !isObject(entry.schema))
        list[i] = { ...entry, pattern: `^${constraint.pattern}$` };
    });
  }
}
