import type { ApiSet, Operation } from '../api-set.ts';
import type { Exchange, Expectation, Finding } from '../types.ts';
import type { ValidatorFn } from '@pwpkit/runtime';
import { documentedStatusKey } from '@pwpkit/runtime';

/** What every response check sees: one exchange with the operation it went to and what was expected. */
export interface CheckInput {
  operation: Operation;
  exchange: Exchange;
  expectation: Expectation;
  set?: ApiSet;
}

/**
 * A check is a plug-in: a name and a pure function from one exchange to its findings (none when it
 * passes). The engine runs every registered check on every exchange; the proxy runs the subset
 * that judges conformance rather than a test's expectation.
 */
export interface Check {
  name: string;
  run(input: CheckInput): Finding[];
}

export function defineCheck(name: string, run: (input: CheckInput) => string | string[] | undefined): Check {
  return {
    name,
    run(input) {
      const out = run(input);
      if (out === undefined) return [];
      return (Array.isArray(out) ? out : [out]).map((message) => ({ check: name, message }));
    },
  };
}

/** The documented status key (`400`, `4XX`, `default`) the exchange's status falls under. */
export function statusKeyOf(input: CheckInput): string | undefined {
  const status = input.exchange.response?.status;
  return status === undefined ? undefined : documentedStatusKey(input.operation.spec.statuses, status);
}

/** `#/a/b must be integer; #/c must have required property 'd'` from ajv errors. */
export function ajvMessage(validate: ValidatorFn, max = 3): string {
  const errors = validate.errors ?? [];
  const parts = errors.slice(0, max).map((e) => {
    const params = (e as { params?: { missingProperty?: string; allowedValues?: unknown[] } }).params;
    const where = `#${e.instancePath}`;
    if (params?.missingProperty) return `${where} is missing required property "${params.missingProperty}"`;
    if (params?.allowedValues) return `${where} ${e.message ?? 'is invalid'} (${params.allowedValues.map(String).join(', ')})`;
    return `${where} ${e.message ?? 'is invalid'}`;
  });
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
