import type { RequestFinding, RequestFindingCode, SentRequest } from '@pwpkit/runtime';
import type { RuleFinding } from '../findings.ts';
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

/**
 * The request judgment's findings of `codes`, each pointing where it is in the pact file. (A pact's
 * body arrives decoded, so `request-body-not-json`, a verdict on raw text, never comes up here.)
 */
export function requestFindingsOf<Code extends RequestFindingCode>(
  context: RuleContext,
  codes: readonly Code[],
): Array<Pick<RuleFinding, 'pointer' | 'message' | 'severity'> & { code: Code }> {
  const wanted = (f: RequestFinding): f is RequestFinding & { code: Code } => codes.some((code) => code === f.code);
  return context.requestFindings.filter(wanted).map((f) => ({
    code: f.code,
    pointer: pointerOf(context.interaction, f),
    message: f.message,
    ...(f.severity === 'warning' ? { severity: 'warning' as const } : {}),
  }));
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
