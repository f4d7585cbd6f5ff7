import { isObject } from '../../../input/document.ts';
import { defineRule } from '../rule.ts';

/** `info.version` is required by both specs; an absent one gets a visible placeholder. */
export const infoVersionRule = defineRule(
  'info-version',
  ['swagger2', 'openapi3'],
  'A missing info.version becomes "0.0.0"',
  (doc, report) => {
    if (!isObject(doc.info)) {
      report({
        pointer: '/info',
        kind: 'change',
        message: 'info object missing: added with a placeholder title and version',
        before: doc.info,
        after: { title: 'API', version: '0.0.0' },
      });
      doc.info = { title: 'API', version: '0.0.0' };
      return;
    }
    if (typeof doc.info.version !== 'string' || doc.info.version === '') {
      report({
        pointer: '/info/version',
        kind: 'change',
        message: 'info.version is required: set a placeholder',
        before: doc.info.version,
        after: '0.0.0',
      });
      doc.info.version = '0.0.0';
    }
  },
);
