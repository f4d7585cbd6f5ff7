import { contentTypeRule } from './content-type.ts';
import { errorCodeRule } from './error-code.ts';
import { pathAndMethodRule } from './path-and-method.ts';
import { requestBodyRule } from './request-body.ts';
import { requestHeadersRule } from './request-headers.ts';
import { requestParametersRule } from './request-parameters.ts';
import { responseBodyRule } from './response-body.ts';
import { responseStatusRule } from './response-status.ts';
import type { Rule } from './rule.ts';

/** In report order: request first, then response. */
export const rules: readonly Rule[] = [
  pathAndMethodRule,
  requestParametersRule,
  requestHeadersRule,
  requestBodyRule,
  contentTypeRule,
  responseStatusRule,
  responseBodyRule,
  errorCodeRule,
];
