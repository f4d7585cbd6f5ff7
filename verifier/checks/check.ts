import type { ApiSet, Operation } from '../api-set.ts';
import type { FindingCode, Severity } from '../../core/finding.ts';
import type { Exchange, Expectation, Finding } from '../types.ts';
import { describeSchemaErrors, documentedStatusKey, type DocumentedAnswers, type ValidatorFn } from '@pwpkit/runtime';

/** What every response check sees: one exchange with the operation it went to and what was expected. */
export interface CheckInput {
  operation: Operation;
  exchange: Exchange;
  expectation: Expectation;
  set?: ApiSet;
}

/**
 * A check is a plug-in: a name, the codes (of core's closed set) it may emit, and a pure function
 * from one exchange to its findings (none when it passes). The engine runs every registered check
 * on every exchange; the proxy runs the subset that judges conformance rather than a test's
 * expectation.
 */
export interface Check<Code extends FindingCode = FindingCode> {
  name: string;
  codes: readonly Code[];
  run(input: CheckInput): Finding<string, Code>[];
}

/** What a check's function says: a finding before the registry names the check (an error unless it says). */
export type Verdict<Code extends FindingCode = FindingCode> = Omit<Finding<string, Code>, 'check' | 'severity'> & {
  severity?: Severity;
};

/** A check that can only emit `codes`: a code outside its list (or outside core's set) does not compile. */
export function defineCheck<Code extends FindingCode>(
  name: string,
  codes: readonly Code[],
  run: (input: CheckInput) => Verdict<NoInfer<Code>> | Verdict<NoInfer<Code>>[] | undefined,
): Check<Code> {
  return {
    name,
    codes,
    run(input) {
      const out = run(input);
      if (out === undefined) return [];
      return (Array.isArray(out) ? out : [out]).map(({ severity, ...verdict }) => ({
        ...verdict,
        severity: severity ?? 'error',
        check: name,
      }));
    },
  };
}

/** The documented status key (`400`, `4XX`, `default`) the exchange's status falls under. */
export function statusKeyOf(input: CheckInput): string | undefined {
  const status = input.exchange.response?.status;
  return status === undefined ? undefined : documentedStatusKey(input.operation.spec.statuses, status);
}

/** What the spec documents about the operation's answers, as core's judgments take it. */
export function documentedAnswersOf(input: CheckInput): DocumentedAnswers {
  return { name: input.operation.name, statuses: input.operation.spec.statuses, errorCatalog: input.operation.catalog };
}

/** `#/a/b must be integer; #/c/d must have required property 'd'` from ajv errors (core's wording). */
export function ajvMessage(validate: ValidatorFn, max = 3): string {
  const errors = describeSchemaErrors(validate.errors);
  const parts = errors.slice(0, max).map((e) => `#${e.at} ${e.message}`);
  if (errors.length > max) parts.push(`and ${errors.length - max} more`);
  return parts.join('; ') || 'does not match the schema';
}

export interface ErrorBody {
  type?: unknown;
  code?: unknown;
}

export function errorBodyOf(exchange: Exchange): ErrorBody | undefined {
  const body = exchange.response?.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ErrorBody) : undefined;
}
