import type { ValidatorFn } from '@pwpkit/runtime';
import { fail, type Failure } from '../outcome.ts';

type Part = 'header' | 'path' | 'body';

/**
 * The `invalid` failure for a generated validator's first error: `location` is the header
 * as the spec spells it, the path parameter, or the body field (`order.currencyCode`,
 * `items[0].id`; `body` for the body as a whole). Never echoes the value.
 */
export function validationFailure(
  validate: ValidatorFn,
  part: Part,
  headerNames: ReadonlyMap<string, string>,
  invalid: string,
): Failure {
  const first = validate.errors?.[0] as
    | { instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }
    | undefined;
  const segments = (first?.instancePath ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = first?.keyword === 'required' ? String(first.params?.missingProperty ?? '') : undefined;
  if (missing) segments.push(missing);
  let location: string;
  if (part === 'header') location = headerNames.get(segments[0] ?? '') ?? segments[0] ?? 'headers';
  else if (part === 'path') location = segments[0] ?? 'path';
  else
    location =
      segments.length === 0
        ? 'body'
        : segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  const what =
    part === 'header'
      ? `${location} header`
      : part === 'path'
        ? `path parameter ${location}`
        : location === 'body'
          ? 'the request body'
          : location;
  const details = missing ? `${what} is required` : `${what} ${first?.message ?? 'is invalid'}`;
  return fail(invalid, location, details);
}
