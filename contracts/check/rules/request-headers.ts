import type { RuleFinding } from '../findings.ts';
import { defineRule, headerValue } from './rule.ts';

/**
 * Every required header is sent (names compared case-insensitively, as HTTP does), sent values
 * validate against the header's schema (a `uuid` header must hold a UUID), and one of the
 * security requirements' credentials is present.
 */
export const requestHeadersRule = defineRule(
  'request-headers',
  'required headers are sent (case-insensitive), their values validate, and security credentials are present',
  ({ interaction, operation }) => {
    if (!operation) return [];
    const { request } = interaction;
    const findings: RuleFinding[] = [];
    const missing = new Set<string>();
    for (const h of operation.spec.headers) {
      if (!h.required || request.headers.has(h.name.toLowerCase())) continue;
      missing.add(h.name.toLowerCase());
      findings.push({
        code: 'required-header-missing',
        pointer: request.headersPointer,
        message: `required header "${h.name}" is not sent`,
      });
    }
    const validate = operation.validators.headers;
    if (validate) {
      const sent = Object.fromEntries([...request.headers].map(([lower, h]) => [lower, headerValue(h)]));
      if (!validate(sent)) {
        for (const e of validate.errors ?? []) {
          if ((e as { keyword?: string }).keyword === 'required') continue;
          const lower = (e.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
          const header = request.headers.get(lower);
          findings.push({
            code: 'header-value-invalid',
            pointer: header?.pointer ?? request.headersPointer,
            message: `header "${header?.name ?? lower}" ${JSON.stringify(headerValue(header) ?? '')} ${e.message ?? 'is invalid'}`,
          });
        }
      }
    }
    if (operation.security.length > 0) {
      const has = (c: { in: string; name: string }) =>
        c.in === 'header'
          ? request.headers.has(c.name.toLowerCase())
          : c.in === 'query'
            ? request.query.has(c.name)
            : (headerValue(request.headers.get('cookie')) ?? '')
                .split(/;\s*/)
                .some((kv) => kv.startsWith(`${c.name}=`));
      const satisfied = operation.security.some((alternative) => alternative.every(has));
      // A credential that is also a required header parameter was reported above already.
      const alreadyReported = operation.security.some((alternative) =>
        alternative.every((c) => has(c) || (c.in === 'header' && missing.has(c.name.toLowerCase()))),
      );
      if (!satisfied && !alreadyReported) {
        const wanted = operation.security
          .map((alt) => alt.map((c) => `${c.in} "${c.name}" (${c.scheme})`).join(' + '))
          .join(' or ');
        findings.push({
          code: 'security-header-missing',
          pointer: request.headersPointer,
          message: `no credentials for the operation's security requirements: send ${wanted}`,
        });
      }
    }
    return findings;
  },
);
