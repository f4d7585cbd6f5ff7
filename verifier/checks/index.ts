import { answered } from './answered.ts';
import { bodySize } from './body-size.ts';
import type { Check, CheckInput } from './check.ts';
import { contentType } from './content-type.ts';
import { errorCatalog } from './error-catalog.ts';
import { expectation } from './expectation.ts';
import { noServerError } from './no-server-error.ts';
import { responseSchema } from './response-schema.ts';
import { served } from './served.ts';
import { statusDocumented } from './status-documented.ts';
import type { Finding } from '../types.ts';

export type { Check, CheckInput } from './check.ts';
export { defineCheck } from './check.ts';

/** What the spec says of any response, whoever sent the request: the proxy runs these. */
export const conformanceChecks: readonly Check[] = [
  answered,
  bodySize,
  statusDocumented,
  contentType,
  responseSchema,
  errorCatalog,
];

/** verify adds: the route is served, no 5xx, and the case's own expectation. */
export const verifyChecks: readonly Check[] = [
  answered,
  bodySize,
  served,
  statusDocumented,
  contentType,
  responseSchema,
  errorCatalog,
  noServerError,
  expectation,
];

export function runChecks(checks: readonly Check[], input: CheckInput): Finding[] {
  return checks.flatMap((c) => c.run(input));
}
