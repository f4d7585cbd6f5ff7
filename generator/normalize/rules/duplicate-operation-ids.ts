import { eachOperation } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

/** operationIds must be unique; a repeat gets the method and path appended so names stay readable. */
export const duplicateOperationIdsRule = defineRule(
  'duplicate-operation-ids',
  ['swagger2', 'openapi3'],
  'Repeated operationIds are made unique',
  (doc, report) => {
    const seen = new Set<string>();
    for (const { operation, method, path, ptr } of eachOperation(doc)) {
      if (typeof operation.operationId !== 'string') continue;
      const id = operation.operationId;
      if (!seen.has(id)) {
        seen.add(id);
        continue;
      }
      const suffix = [method, ...path.split('/').filter((s) => s && !s.startsWith('{'))]
        .join('_')
        .replace(/[^A-Za-z0-9_]/g, '');
      let unique = `${id}_${suffix}`;
      for (let n = 2; seen.has(unique); n++) unique = `${id}_${suffix}${n}`;
      seen.add(unique);
      report({
        pointer: `${ptr}/operationId`,
        kind: 'change',
        message: `operationId "${id}" is already used by an earlier operation`,
        before: id,
        after: unique,
      });
      operation.operationId = unique;
    }
  },
);
