import type { RequestFinding, RequestFindingCode, SentRequest } from '@pwpkit/runtime';
import type { FindingCode, RuleFinding } from '../findings.ts';
import type { PactInteraction } from '../pact-file.ts';
import { headerValue, type RuleContext } from './rule.ts';

/** A pact's request as runtime's request judgment takes it (the judgment the proxy asks too). */
export function sentRequestOf(interaction: PactInteraction, pathParams: Record<string, string>): SentRequest {
  const { request } = interaction;
  const headers: Record<string, string> = {};
  for (const [lower, header] of request.headers) headers[lower] = headerValue(header) ?? '';
  const query = Object.fromEntries([...request.query].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  const body = request.body;
  return {
    headers,
    pathParams,
    query,
    ...(body ? { body: { value: body.value, ...(body.contentType ? { contentType: body.contentType } : {}) } } : {}),
  };
}

/** The request judgment's findings of `codes`, each pointing where it is in the pact file. */
export function requestFindingsOf(context: RuleContext, codes: readonly RequestFindingCode[]): RuleFinding[] {
  return context.requestFindings
    .filter((f) => codes.includes(f.code))
    .map((f) => ({
      code: pactCodeOf(f.code),
      pointer: pointerOf(context.interaction, f),
      message: f.message,
      ...(f.severity === 'warning' ? { severity: 'warning' as const } : {}),
    }));
}

/** A pact holds decoded JSON: a body that is not JSON shows as a schema breach. */
function pactCodeOf(code: RequestFindingCode): FindingCode {
  return code === 'request-body-not-json' ? 'request-body-invalid' : code;
}

function pointerOf(interaction: PactInteraction, finding: RequestFinding): string {
  const { request } = interaction;
  const lower = finding.name?.toLowerCase() ?? '';
  switch (finding.code) {
    case 'path-parameter-invalid':
      return `${request.pointer}/path`;
    case 'query-parameter-missing':
      return `${request.pointer}/query`;
    case 'query-parameter-invalid':
      return request.queryPointer(finding.name ?? '');
    case 'header-value-invalid':
      return request.headers.get(lower)?.pointer ?? request.headersPointer;
    case 'required-header-missing':
    case 'security-header-missing':
      return request.headersPointer;
    case 'request-body-missing':
      return request.pointer;
    case 'request-body-not-documented':
    case 'request-body-not-json':
    case 'request-body-invalid':
      return `${request.body?.pointer ?? request.pointer}${finding.at ?? ''}`;
    case 'request-content-type-not-consumed':
      return (
        request.headers.get('content-type')?.pointer ??
        `${(request.body?.pointer ?? request.pointer).replace(/\/content$/, '')}/contentType`
      );
    case 'request-accept-not-produced':
      return request.headers.get('accept')?.pointer ?? request.headersPointer;
  }
}
