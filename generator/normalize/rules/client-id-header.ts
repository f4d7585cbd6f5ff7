import { derefLocal, eachOperation, isObject, type JsonObject } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * An apiKey scheme naming a header that no operation sends (`X-IBM-Client-Id`) while the
 * operations document a look-alike (`client_id`): the operations are what clients are written
 * against, so the scheme follows them.
 */
export const clientIdHeaderRule = defineRule(
  'api-key-header-name',
  ['swagger2'],
  'apiKey schemes follow the header name the operations document',
  (doc, report) => {
    if (!isObject(doc.securityDefinitions)) return;
    const documented = documentedHeaderNames(doc);
    for (const [schemeName, scheme] of Object.entries(doc.securityDefinitions)) {
      if (!isObject(scheme) || scheme.type !== 'apiKey' || scheme.in !== 'header' || typeof scheme.name !== 'string')
        continue;
      const declared = scheme.name;
      if (documented.some((h) => h.toLowerCase() === declared.toLowerCase())) continue;
      const lookAlike = documented.find((h) => squash(h).includes('clientid') && squash(declared).includes('clientid'));
      const ptr = `/securityDefinitions/${schemeName}/name`;
      if (lookAlike) {
        report({
          pointer: ptr,
          kind: 'change',
          message:
            `the scheme names header "${declared}" but every operation documents "${lookAlike}"; ` +
            'keeping what the operations document',
          before: declared,
          after: lookAlike,
        });
        scheme.name = lookAlike;
      } else if (documented.length > 0) {
        report({
          pointer: ptr,
          kind: 'warning',
          message: `the scheme names header "${declared}", which no operation documents`,
        });
      }
    }
  },
);

function documentedHeaderNames(doc: JsonObject): string[] {
  const names = new Set<string>();
  for (const { operation, pathItem } of eachOperation(doc)) {
    for (const list of [pathItem.parameters, operation.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const p of list.map((entry) => derefLocal(doc, entry))) {
        if (isObject(p) && p.in === 'header' && typeof p.name === 'string') names.add(p.name);
      }
    }
  }
  return [...names].sort();
}
