import { judgeRequest, type RequestFinding } from '@pwpkit/runtime';
import { requestLocation } from '../../core/finding-location.ts';
import type { Operation } from '../api-set.ts';
import type { Finding } from '../types.ts';

export interface IncomingRequest {
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  bodyText: string;
}

/**
 * What the proxy holds a client to: runtime's request judgment (the one pact-check asks), each
 * finding under the proxy's check for its part. A body sent where none is documented is only a
 * warning there, and the proxy reports what breaks the contract: it is left out.
 */
export function requestFindings(op: Operation, req: IncomingRequest): Finding[] {
  const headers = Object.fromEntries(
    Object.entries(req.headers)
      .filter((e): e is [string, string | string[]] => e[1] !== undefined)
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
  );
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(req.query.keys())) {
    const all = req.query.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return judgeRequest(op.request, { headers, pathParams: req.pathParams, query, body: { text: req.bodyText } })
    .filter((f) => f.severity === 'error')
    .map((f) => ({
      code: f.code,
      severity: f.severity,
      check: checkOf(f),
      message: f.message,
      location: requestLocation(f),
    }));
}

function checkOf(finding: RequestFinding): string {
  if (finding.code === 'request-content-type-not-consumed' || finding.code === 'request-accept-not-produced')
    return 'request-content-type';
  return { path: 'request-path', query: 'request-query', header: 'request-headers', body: 'request-body' }[finding.in];
}
