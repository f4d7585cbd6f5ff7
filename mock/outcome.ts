/**
 * What a behaviour answers: a value, or a failure named by an error code of the served API's
 * catalog. The HTTP layer maps the code onto the calling operation's documented row (errors.ts,
 * with the plug-in's fallbacks when an operation documents a different code).
 */
export interface Failure<Code extends string = string> {
  readonly ok: false;
  readonly code: Code;
  /** The field at fault (`location` of the error body). */
  readonly location?: string;
  /** A specific explanation; the catalog's text is used when absent. Never carries secrets. */
  readonly details?: string;
}

export type Outcome<T, Code extends string = string> = { readonly ok: true; readonly value: T } | Failure<Code>;

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

const plain = new Map<string, Failure>();
/** A failure; the common ones (no location, no details) are shared, not allocated per request. */
export function fail<Code extends string>(code: Code, location?: string, details?: string): Failure<Code> {
  if (location === undefined && details === undefined) {
    let f = plain.get(code);
    if (!f) plain.set(code, (f = Object.freeze({ ok: false as const, code })));
    return f as Failure<Code>;
  }
  return {
    ok: false,
    code,
    ...(location !== undefined ? { location } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}
