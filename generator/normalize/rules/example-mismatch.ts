import { walkObjects } from '../../../input/document.ts';
import { defineRule, type Report } from '../rule.ts';

/**
 * An example should be a valid instance of its own schema: mocks serve examples and tests replay
 * them. Scalar examples of the wrong JSON type are converted when the value survives the trip
 * (`4412` → `"4412"`, `"10"` → `10`); anything else is only flagged.
 */
export const exampleMismatchRule = defineRule(
  'example-matches-schema',
  ['swagger2', 'openapi3'],
  'Examples of the wrong scalar type are corrected or flagged',
  (doc, report) => {
    walkObjects(doc, (node, ptr) => {
      for (const key of ['example', 'x-example'] as const) {
        if (key in node && typeof node.type === 'string')
          correctExample(node as Record<string, unknown>, key, node.type, `${ptr}/${key}`, report);
      }
    });
  },
);

function correctExample(node: Record<string, unknown>, key: string, type: string, ptr: string, report: Report): void {
  const value = node[key];
  if (value === null || typeof value === 'object') return;
  const converted = convertScalar(value, type);
  if (converted.ok) {
    if (converted.value !== value) {
      report({
        pointer: ptr,
        kind: 'change',
        message: `example is a ${typeof value}, schema says ${type}`,
        before: value,
        after: converted.value,
      });
      node[key] = converted.value;
    }
    return;
  }
  report({
    pointer: ptr,
    kind: 'warning',
    message: `example ${JSON.stringify(value)} is not a valid ${type} and has no safe conversion`,
  });
}

type Conversion = { ok: true; value: unknown } | { ok: false };

function convertScalar(value: unknown, type: string): Conversion {
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? { ok: true, value }
        : typeof value === 'number' || typeof value === 'boolean'
          ? { ok: true, value: String(value) }
          : { ok: false };
    case 'integer':
    case 'number': {
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) return { ok: false };
      return { ok: true, value: n };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      return value === 'true' || value === 'false' ? { ok: true, value: value === 'true' } : { ok: false };
    default:
      return { ok: true, value };
  }
}
