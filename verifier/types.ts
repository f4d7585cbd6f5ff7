/**
 * The vocabulary verify and the proxy share. The engine and the proxy produce `CaseResult`s and
 * `VerifyEvent`s; checks read one `Exchange`; reporters only consume results. Nothing here does I/O.
 */

import type { Exchange } from '../core/exchange.ts';
import type { Finding } from '../core/finding.ts';

export type { Exchange, HttpRequest, HttpResponse } from '../core/exchange.ts';

/**
 * What a case expects of the answer, on top of "conforms to the spec":
 * - `documented`: any documented answer; a refusal typed `invalid` is a finding when `wellFormed`.
 * - `accepted`: a 2xx.
 * - `refused`: a documented 4xx; `status` narrows it, `types`/`codes` narrow the error body.
 * - `outage`: the provider was put in an outage (a provider state): a documented 5xx; `status` and `codes` narrow it.
 */
export type Expectation =
  | { kind: 'documented'; wellFormed?: boolean }
  | { kind: 'accepted' }
  | {
      kind: 'refused';
      status?: number;
      types?: readonly string[];
      codes?: readonly string[];
      why?: string;
      /** The request names something that does not exist: a 404 is a fine refusal, not a missing route. */
      missingResource?: boolean;
      /**
       * A rule from a domain's prose (these codes) that this spec does not promise: its operation
       * documents no error codes.
       */
      unpromised?: string;
    }
  | { kind: 'outage'; status?: number; codes?: readonly string[] };

/** core's one finding: a code of the closed set, a severity, the check that produced it, where. */
export type { Finding, FindingCode, FindingLocation } from '../core/finding.ts';

/** `state`: a check run under a provider state (`--states-url`). */
export type CaseKind = 'setup' | 'positive' | 'negative' | 'scenario' | 'state' | 'proxy';

export interface CaseResult {
  /** Stable within a run: `<suite>/<title>`. */
  id: string;
  /** Report grouping: an operation name or a scenario name. */
  suite: string;
  api?: string;
  /** The operation the exchange went to, when known (a scenario step names its operation). */
  operation?: string;
  /** `METHOD /path/{template}` of that operation. */
  endpoint?: string;
  title: string;
  kind: CaseKind;
  /** Human-readable expectation (`400 invalid (invalidRequest)`, `2xx`…). */
  expected: string;
  exchange?: Exchange;
  findings: Finding[];
  /** Not run, and why. */
  skipped?: string;
  ms: number;
}

export type VerifyEvent =
  | { type: 'phase'; name: string }
  | { type: 'planned'; count: number }
  | { type: 'case'; result: CaseResult }
  | { type: 'finish'; summary: Summary }
  /** The run could not go on (its deadline passed, the credentials were refused): no summary follows. */
  | { type: 'stopped'; reason: string };

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  requests: number;
  durationMs: number;
}

export function summarize(results: readonly CaseResult[], requests: number, durationMs: number): Summary {
  const failed = results.filter((r) => r.findings.length > 0).length;
  const skipped = results.filter((r) => r.findings.length === 0 && r.skipped !== undefined).length;
  return { total: results.length, passed: results.length - failed - skipped, failed, skipped, requests, durationMs };
}
