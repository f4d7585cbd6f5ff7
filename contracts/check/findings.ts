/**
 * What pact-check reports. The rules and the codes each may emit form a closed set: a report
 * consumer (CI annotations, the JSON report) can switch on `code` exhaustively.
 */
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
} as const;

export type RuleName = keyof typeof FINDING_CODES;
export type FindingCode = (typeof FINDING_CODES)[RuleName][number];
export type Severity = 'error' | 'warning';

export interface Finding {
  /** The pact file, as given on the command line. */
  file: string;
  /** `interactions[index].description`. */
  interaction: string;
  index: number;
  rule: RuleName;
  code: FindingCode;
  severity: Severity;
  /** JSON pointer into the pact file: where the breach is. */
  pointer: string;
  message: string;
  /** The operation the interaction was matched to, when it was. */
  operation?: { api: string; name: string; method: string; path: string };
}

/** What a rule returns: the file/interaction/operation fields are filled in by the runner. */
export type RuleFinding = Pick<Finding, 'code' | 'pointer' | 'message'> & { severity?: Severity };
