import { defineRule } from './rule.ts';
import { requestFindingsOf } from './request-judgment.ts';

/**
 * Every required header is sent (names compared case-insensitively, as HTTP does), sent values
 * validate against the header's schema (a `uuid` header must hold a UUID), and one of the
 * security requirements' credentials is present (runtime's request judgment).
 */
export const requestHeadersRule = defineRule(
  'request-headers',
  'required headers are sent (case-insensitive), their values validate, and security credentials are present',
  (context) =>
    context.operation
      ? requestFindingsOf(context, ['required-header-missing', 'header-value-invalid', 'security-header-missing'])
      : [],
);
