import { defineRule } from '../rule.ts';

const TEMPLATE = /\{\{[^}]*\}\}/g;

/** A basePath rendered from a server-side template (`{{AppSubUrl}}/api/v1`) keeps only its literal part. */
export const basePathTemplateRule = defineRule(
  'base-path-template',
  ['swagger2'],
  'Template variables are removed from basePath, which must start with "/"',
  (doc, report) => {
    if (typeof doc.basePath !== 'string') return;
    const before = doc.basePath;
    let after = before.replace(TEMPLATE, '');
    if (!after.startsWith('/')) after = '/' + after;
    after = after.replace(/\/{2,}/g, '/');
    if (after !== before) {
      report({
        pointer: '/basePath',
        kind: 'change',
        message: 'basePath must start with "/" and cannot hold template variables',
        before,
        after,
      });
      doc.basePath = after;
    }
  },
);
