import type { Rule } from '../rule.ts';
import { infoVersionRule } from './info-version.ts';
import { basePathTemplateRule } from './base-path-template.ts';
import { extensionRefsRule } from './extension-refs.ts';
import { errorCodeTablesRule } from './error-code-tables.ts';
import { integerFormatRule } from './integer-format.ts';
import { objectTypeImpliedRule } from './object-type-implied.ts';
import { exampleMismatchRule } from './example-mismatch.ts';
import { clientIdHeaderRule } from './client-id-header.ts';
import { uuidHeaderFormatRule } from './uuid-header-format.ts';
import { contentHeadersRule } from './content-headers.ts';
import { nullableExtensionRule } from './nullable-extension.ts';
import { pathTemplatePatternsRule } from './path-template-patterns.ts';
import { unknownSchemaKeysRule } from './unknown-schema-keys.ts';
import { duplicateOperationIdsRule } from './duplicate-operation-ids.ts';
import { requiredUndeclaredRule } from './required-undeclared.ts';

/** Safe repairs that make a published-but-invalid document valid; they run before validation. */
export const repairRules: readonly Rule[] = [
  infoVersionRule,
  basePathTemplateRule,
  pathTemplatePatternsRule,
  unknownSchemaKeysRule,
  duplicateOperationIdsRule,
  requiredUndeclaredRule,
  extensionRefsRule,
];

/** Rules over a valid document, in order: later rules see earlier rules' output. */
export const normalizationRules: readonly Rule[] = [
  errorCodeTablesRule,
  integerFormatRule,
  objectTypeImpliedRule,
  exampleMismatchRule,
  clientIdHeaderRule,
  uuidHeaderFormatRule,
  contentHeadersRule,
  nullableExtensionRule,
];
