/**
 * What pact-check reports: core's one finding (its codes are core's closed set) where the check is
 * a rule, plus where the breach is in the pact file. Each rule may emit only the codes of its row:
 * a report consumer (CI annotations, the JSON report) can switch on `code` exhaustively.
 */
import type { Finding, FindingCode, Severity } from '../../core/finding.ts';

export const FINDING_CODES = {
  'path-and-method': ['path-not-documented', 'method-not-documented'],
  'request-parameters': ['path-parameter-invalid', 'query-parameter-missing', 'query-parameter-invalid'],
  'request-headers': ['required-header-missing', 'header-value-invalid', 'security-header-missing'],
  'request-body': ['request-body-missing', 'request-body-invalid', 'request-body-not-documented'],
  'response-status': ['response-status-not-documented'],
  'response-body': ['response-body-invalid', 'response-body-not-documented'],
  'error-code': ['error-code-not-documented', 'error-type-mismatch'],
  'content-type': [
    'request-content-type-not-consumed',
    'request-accept-not-produced',
    'response-content-type-not-produced',
    'response-content-type-missing',
  ],
} as const satisfies Record<string, readonly FindingCode[]>;

export type RuleName = keyof typeof FINDING_CODES;
/** The codes `rule` may emit (every rule's, by default). */
export type RuleCode<Rule extends RuleName = RuleName> = (typeof FINDING_CODES)[Rule][number];
export type { Severity };

/** One finding of one interaction: core's finding, its check a rule, plus where it is in the pact. */
export interface PactFinding<Rule extends RuleName = RuleName> extends Finding<Rule, RuleCode<Rule>> {
  /** The pact file, as given on the command line. */
  readonly file: string;
  /** `interactions[index].description`. */
  readonly interaction: string;
  readonly index: number;
  /** JSON pointer into the pact file: where the breach is. */
  readonly pointer: string;
  /** The operation the interaction was matched to, when it was. */
  readonly operation?: { api: string; name: string; method: string; path: string };
}

/** What a rule returns: the file/interaction/operation fields are filled in by the runner. */
export type RuleFinding<Rule extends RuleName = RuleName> = Pick<PactFinding<Rule>, 'code' | 'pointer' | 'message'> & {
  severity?: Severity;
};
