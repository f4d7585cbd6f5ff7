import { createRequire } from 'node:module';

/** The part of `negotiator` (a kept, widely used Accept parser: q-values, wildcards, specificity) used here. */
interface NegotiatorInstance {
  mediaTypes(available?: string[]): string[];
}
type NegotiatorConstructor = new (request: { headers: Record<string, string | undefined> }) => NegotiatorInstance;
const Negotiator = createRequire(import.meta.url)('negotiator') as NegotiatorConstructor;

const cache = new Map<string, string | null>();
const CACHE_LIMIT = 256;

/**
 * The media type of `available` an `Accept` header prefers, or `undefined` when it accepts none of
 * them (`q=0` means not acceptable, RFC 9110 §12.5.1). No header accepts anything (the first).
 * Answers are cached per header text and list: a client sends the same Accept every time.
 */
export function negotiateMediaType(accept: string | undefined, available: readonly string[]): string | undefined {
  if (accept === undefined) return available[0];
  // What clients send nearly always, answered without parsing: `*/*` accepts every type alike (the
  // first wins), and a single exact type is the one it names when offered. The rest goes to negotiator.
  if (accept === '*/*') return available[0];
  if (available.includes(accept)) return accept;
  const key = `${available.join('\n')}\u0000${accept}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = new Negotiator({ headers: { accept } }).mediaTypes([...available])[0] ?? null;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, found);
  }
  return found ?? undefined;
}
