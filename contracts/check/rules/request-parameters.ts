import { undecodablePathMessage } from '../../../core/operation-index.ts';
import type { RuleFinding } from '../findings.ts';
import { defineRule, schemaErrors } from './rule.ts';

/**
 * Path parameters and query parameters validate against their documented schemas; required query
 * parameters are sent.
 */
export const requestParametersRule = defineRule(
  'request-parameters',
  'path parameters validate; required query parameters are sent and every documented one validates',
  ({ interaction, match, operation, pathParams }) => {
    if (!operation) return [];
    const { request } = interaction;
    const findings: RuleFinding[] = [];
    const path = operation.validators.path;
    if (match.kind === 'undecodable-path')
      findings.push({
        code: 'path-parameter-invalid',
        pointer: `${request.pointer}/path`,
        message: undecodablePathMessage(match.param),
      });
    else if (path && !path(pathParams)) {
      for (const e of schemaErrors(path.errors, '')) {
        const name = (e.at.split('/')[1] ?? e.pointer.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
        findings.push({
          code: 'path-parameter-invalid',
          pointer: `${request.pointer}/path`,
          message: `path parameter "${name}" (${JSON.stringify(pathParams[name] ?? '')}) ${e.message}`,
        });
      }
    }
    for (const q of operation.spec.queryParams) {
      if (q.required && !request.query.has(q.name))
        findings.push({
          code: 'query-parameter-missing',
          pointer: `${request.pointer}/query`,
          message: `required query parameter "${q.name}" is not sent`,
        });
    }
    const query = operation.validators.query;
    if (query) {
      const values = Object.fromEntries([...request.query].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
      if (!query(values)) {
        for (const e of schemaErrors(
          (query.errors ?? []).filter((x) => (x as { keyword?: string }).keyword !== 'required'),
          '',
        )) {
          const name = (e.at.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
          findings.push({
            code: 'query-parameter-invalid',
            pointer: request.queryPointer(name),
            message: `query parameter "${name}" ${JSON.stringify(values[name] ?? '')} ${e.message}`,
          });
        }
      }
    }
    return findings;
  },
);
