import type { RuleFinding, RuleName } from '../findings.ts';
import type { PactHeader, PactInteraction } from '../pact-file.ts';
import type { OperationMatch, SpecOperation } from '../spec-index.ts';

/** What every rule sees of one interaction. */
export interface RuleContext {
  interaction: PactInteraction;
  match: OperationMatch;
  /** Set when the path and method matched an operation. */
  operation?: SpecOperation;
  pathParams: Record<string, string>;
  /** The documented status key the response status falls under (`400`, `4XX`, `default`). */
  statusKey?: string;
}

export interface Rule {
  name: RuleName;
  /** One line for `--help` and the README. */
  summary: string;
  check(context: RuleContext): RuleFinding[];
}

export function defineRule(name: RuleName, summary: string, check: (context: RuleContext) => RuleFinding[]): Rule {
  return { name, summary, check };
}

/** A header's value as a server sees it: repeated values joined with ", ". */
export function headerValue(header: PactHeader | undefined): string | undefined {
  return header === undefined ? undefined : header.values.join(', ');
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeEssence(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

/** Whether `actual` is one of `allowed` (wildcards `*\/*`, `application/*` and `+json` suffixes allowed). */
export function mediaTypeAllowed(actual: string, allowed: readonly string[]): boolean {
  const a = mediaTypeEssence(actual);
  return allowed.some((entry) => {
    const e = mediaTypeEssence(entry);
    if (e === a || e === '*/*' || a === '*/*') return true;
    const [et, es] = e.split('/');
    const [at, as] = a.split('/');
    if (es === '*' && et === at) return true;
    if (as === '*' && et === at) return true;
    return false;
  });
}

interface AjvError {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/**
 * ajv errors as `{ pointer, at, message }`: `pointer` leads into the pact (`base` + the value's
 * path, the missing property included), `at` is the value's path inside the body.
 */
export function schemaErrors(errors: readonly AjvError[] | null | undefined, base: string): Array<{ pointer: string; at: string; message: string }> {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' && typeof e.params?.missingProperty === 'string' ? `/${escape(e.params.missingProperty)}` : '';
    const extra = e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string' ? ` ("${e.params.additionalProperty}")` : '';
    const allowed = e.keyword === 'enum' && Array.isArray(e.params?.allowedValues) ? `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
    return { pointer: `${base}${e.instancePath}${missing}`, at: e.instancePath, message: `${e.message ?? 'is invalid'}${extra}${allowed}` };
  });
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
