import type { ApiSet } from '../api-set.ts';
import { undecodablePathMessage } from '../../core/operation-index.ts';
import { endpointOf } from '../engine/case-runner.ts';
import { conformanceChecks, runChecks } from '../checks/index.ts';
import { requestFindings } from '../checks/request.ts';
import { maskResult, secretsOf } from '../mask.ts';
import type { CaseResult, Exchange, Finding } from '../types.ts';

/**
 * Requests the proxy forwards without judging them: not in any spec, but part of the flow (seed 002's OAuth2 token
 * endpoint).
 */
export const DEFAULT_PASSTHROUGH: readonly RegExp[] = [/\/oauth2\/token(\/|$)/];

/**
 * At most this many secrets seen in earlier exchanges are remembered (the newest), so masking stays cheap on a long
 * run.
 */
const REMEMBERED_SECRETS = 64;
const seen = new WeakMap<ApiSet, Set<string>>();

/**
 * The secrets of the run so far: what earlier exchanges showed to be one (a client's token, the
 * secret in its Basic credentials, an issued access token, a confirmation code sent as a form
 * field), so a later exchange that echoes one elsewhere is masked too.
 */
function learn(set: ApiSet, exchange: Exchange): string[] {
  const book = seen.get(set) ?? new Set<string>();
  seen.set(set, book);
  for (const secret of secretsOf(exchange)) {
    book.delete(secret);
    book.add(secret);
  }
  for (const oldest of book) {
    if (book.size <= REMEMBERED_SECRETS) break;
    book.delete(oldest);
  }
  return [...book];
}

/**
 * Every secret the proxy's exchanges have shown so far (the newest `REMEMBERED_SECRETS`): the report masks them all,
 * wherever an earlier exchange showed one before it was known.
 */
export function secretsSeen(set: ApiSet): string[] {
  return [...(seen.get(set) ?? [])];
}

/**
 * Judges one proxied exchange: the client's request against the spec (unknown path, method,
 * headers, body), and the provider's answer with the same conformance checks verify uses. The
 * result is masked (`maskResult`) before anything reports it.
 */
export function inspectExchange(
  set: ApiSet,
  exchange: Exchange,
  bodyText: string,
  passthrough: readonly RegExp[] = DEFAULT_PASSTHROUGH,
): CaseResult {
  return maskResult(judge(set, exchange, bodyText, passthrough), learn(set, exchange));
}

function judge(set: ApiSet, exchange: Exchange, bodyText: string, passthrough: readonly RegExp[]): CaseResult {
  const url = new URL(exchange.request.path, 'http://proxy.invalid');
  const path = url.pathname;
  const title = `${exchange.request.method} ${path}${exchange.response ? ` → ${exchange.response.status}` : ''}`;
  const base = {
    id: `${exchange.request.method} ${path}`,
    title,
    kind: 'proxy' as const,
    expected: 'conforms to the spec',
    exchange,
    ms: Math.round(exchange.ms),
  };
  if (passthrough.some((p) => p.test(path)))
    return {
      ...base,
      suite: 'not in the spec (forwarded unchecked)',
      findings: [],
      skipped: 'not in the spec: forwarded unchecked',
    };

  const match = set.match(exchange.request.method, path);
  if (match.kind === 'path-not-documented' || match.kind === 'method-not-documented') {
    const pathKnown = match.kind === 'method-not-documented';
    const hint = match.kind === 'path-not-documented' && match.hint ? ` (${match.hint})` : '';
    const findings: Finding[] = [
      {
        code: pathKnown ? 'method-not-documented' : 'path-not-documented',
        severity: 'error',
        check: 'request-path',
        location: { part: 'request', in: pathKnown ? 'method' : 'path' },
        message: pathKnown
          ? `${exchange.request.method} is not documented for ${path}`
          : `${path} is not a documented path${hint}`,
      },
    ];
    if (exchange.error) findings.push(notAnswered(exchange.error));
    return { ...base, suite: pathKnown ? 'undocumented method' : 'unknown path', findings };
  }
  const { operation } = match;
  const requestSide: Finding[] =
    match.kind === 'operation'
      ? requestFindings(operation, {
          headers: exchange.request.headers,
          pathParams: match.pathParams,
          query: url.searchParams,
          bodyText,
        })
      : [
          {
            code: 'path-parameter-invalid',
            severity: 'error',
            check: 'request-path',
            message: undecodablePathMessage(match.param),
            location: { part: 'request', in: 'path', name: match.param },
          },
        ];
  const findings = [
    ...requestSide,
    ...runChecks(conformanceChecks, { operation, exchange, expectation: { kind: 'documented' } }),
  ];
  return {
    ...base,
    suite: operation.name,
    api: operation.api.api.name,
    operation: operation.name,
    endpoint: endpointOf(operation),
    findings,
  };
}

/** A path the spec does not know, and the target did not answer either: both are said. */
function notAnswered(error: string): Finding {
  return { code: 'not-answered', severity: 'error', check: 'answered', message: `no answer from the target: ${error}` };
}
