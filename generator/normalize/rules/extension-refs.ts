import { isObject, pointer, type JsonObject } from '../../../input/document.ts';
import { defineRule, type Report } from '../rule.ts';

/**
 * `$ref`s inside vendor extensions (`x-ms-examples`) point at example files next to the spec.
 * They are documentation, not schema, and resolving them would read other files or the network.
 */
export const extensionRefsRule = defineRule(
  'extension-external-refs',
  ['swagger2', 'openapi3'],
  'External $refs inside x- extensions are dropped',
  (doc, report) => {
    visit(doc, '', false, report);
  },
);

function visit(node: unknown, ptr: string, inExtension: boolean, report: Report): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => visit(item, `${ptr}/${i}`, inExtension, report));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const childPtr = ptr + pointer(key);
    const childInExtension = inExtension || key.startsWith('x-');
    if (childInExtension && isExternalRef(value)) {
      report({
        pointer: childPtr,
        kind: 'change',
        message: 'external $ref inside a vendor extension removed (never fetched)',
        before: (value as JsonObject).$ref,
        after: null,
      });
      delete node[key];
      continue;
    }
    if (typeof value === 'object' && value !== null) visit(value, childPtr, childInExtension, report);
  }
}

function isExternalRef(value: unknown): boolean {
  return isObject(value) && typeof value.$ref === 'string' && !value.$ref.startsWith('#');
}
