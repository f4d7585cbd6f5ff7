import type { RuleFinding, RuleName } from '../findings.ts';
import type { PactHeader, PactInteraction } from '../pact-file.ts';
import type { OperationMatch, SpecOperation } from '../spec-index.ts';
import { describeSchemaErrors, type DocumentedAnswers, type RequestFinding } from '@pwpkit/runtime';

/** What every rule sees of one interaction. */
export interface RuleContext {
  interaction: PactInteraction;
  match: OperationMatch;
  /** Set when the path and method matched an operation. */
  operation?: SpecOperation;
  pathParams: Record<string, string>;
  /** The documented status key the response status falls under (`400`, `4XX`, `default`). */
  statusKey?: string;
  /** Runtime's request judgment of the interaction's request (empty without an operation). */
  requestFindings: readonly RequestFinding[];
}

export interface Rule<Name extends RuleName = RuleName> {
  name: Name;
  /** One line for `--help` and the README. */
  summary: string;
  check(context: RuleContext): RuleFinding<Name>[];
}

/** A rule that can only emit the codes of its row in `FINDING_CODES` (a code outside it does not compile). */
export function defineRule<Name extends RuleName>(
  name: Name,
  summary: string,
  check: (context: RuleContext) => RuleFinding<NoInfer<Name>>[],
): Rule<Name> {
  return { name, summary, check };
}

/** A header's value as a server sees it: repeated values joined with ", ". */
export function headerValue(header: PactHeader | undefined): string | undefined {
  return header === undefined ? undefined : header.values.join(', ');
}

/** What the spec documents about the operation's answers, as core's judgments take it. */
export function documentedAnswersOf(operation: SpecOperation): DocumentedAnswers {
  return { name: operation.name, statuses: operation.spec.statuses, errorCatalog: operation.errorCatalog };
}

/**
 * Schema errors as `{ pointer, at, message }` (core's wording): `pointer` leads into the pact
 * (`base` + the value's path, a missing property included), `at` is the path inside the body.
 */
export function schemaErrors(
  errors: Parameters<typeof describeSchemaErrors>[0],
  base: string,
): Array<{ pointer: string; at: string; message: string }> {
  return describeSchemaErrors(errors).map((e) => ({ pointer: `${base}${e.at}`, at: e.at, message: e.message }));
}
