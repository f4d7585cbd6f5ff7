import type { JsonObject } from '../../input/document.ts';
import { isObject } from '../../input/document.ts';
import type { MockOperation, MockResponse } from './operations.ts';
import { repair, sample, sampleContext, seedFor } from './sampler.ts';

export type { Answer } from '../refusal.ts';

export interface BodyOptions {
  seed: number;
  dynamic: boolean;
  /** `Prefer: example=<name>`. */
  example?: string;
  /** Draws for `--dynamic` (one seeded stream per mock). */
  random?: () => number;
}

/** The status a documented key stands for: `2XX` → 200, `default` → the fallback given. */
export function statusOf(key: string, fallback: number): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  return fallback;
}

/** The operation's success: `Prefer: code=` when documented, else the first 2xx (then `2XX`, then `default`). */
export function successKey(op: MockOperation, preferred?: number): { key: string; status: number } | undefined {
  const keys = [...op.responses.keys()];
  if (preferred !== undefined) {
    const key =
      keys.find((k) => k === String(preferred)) ?? keys.find((k) => k.toUpperCase() === `${String(preferred)[0]}XX`);
    if (key) return { key, status: preferred };
    if (keys.includes('default')) return { key: 'default', status: preferred };
  }
  const exact = keys.filter((k) => /^2\d\d$/.test(k)).sort()[0];
  if (exact) return { key: exact, status: Number(exact) };
  const range = keys.find((k) => /^2XX$/i.test(k));
  if (range) return { key: range, status: 200 };
  if (keys.includes('default')) return { key: 'default', status: 200 };
  // Only refusals documented (a health check answering 401, say): the first documented one. A
  // 101 (a protocol upgrade, Docker's hijacked streams) is not something a mock can do: none.
  const any = keys.filter((k) => /^[3-5]\d\d$/.test(k)).sort()[0];
  if (keys.some((k) => /^1\d\d$/.test(k))) return undefined;
  return any ? { key: any, status: Number(any) } : undefined;
}

/**
 * A body for a documented response, valid against its schema: the named example (Prefer), the
 * first documented example that validates, the schema's own example, else a sample (always with
 * `--dynamic`). `undefined` when no candidate validates (never sent as if it were valid).
 */
export function responseBody(
  op: MockOperation,
  response: MockResponse,
  mediaType: string,
  options: BodyOptions,
  overlay?: Record<string, unknown>,
): { value: unknown } | undefined {
  const validate = response.validate;
  const examples = response.examples.get(mediaType) ?? [];
  const candidates: unknown[] = [];
  if (options.example !== undefined) {
    const named = examples.find((e) => e.name === options.example);
    if (named) candidates.push(named.value);
  }
  if (!options.dynamic) for (const e of examples) candidates.push(e.value);
  if (!response.schema) return candidates.length > 0 ? { value: candidates[0] } : undefined;
  const doc = op.api.openapi;
  const seed = seedFor(options.seed, `${op.api.api.name} ${op.name} ${response.key}`);
  const ctx =
    options.dynamic && options.random
      ? { ...sampleContext(doc, seed, true), random: options.random }
      : sampleContext(doc, seed, options.dynamic);
  const generated = sample(ctx, response.schema);
  for (const candidate of [...candidates, ...(overlay ? [merge(generated, overlay)] : []), generated]) {
    if (!validate || validate(candidate)) return { value: candidate };
  }
  if (overlay) {
    const fixed = repair(merge(generated, overlay), validate);
    if (fixed !== undefined) return { value: fixed };
  }
  const fixed = repair(generated, validate);
  if (fixed !== undefined) return { value: fixed };
  // Last: the plainest sample (no examples, no optional parts), repaired.
  const plain = repair(sample(sampleContext(doc, seed, false), stripExamples(doc, response.schema)), validate);
  return plain === undefined ? undefined : { value: plain };
}

function merge(base: unknown, overlay: Record<string, unknown>): unknown {
  return isObject(base) ? { ...base, ...overlay } : base;
}

/** The schema with `example`/`default` ignored at the top: a sample of the type alone. */
function stripExamples(_doc: JsonObject, schema: JsonObject): JsonObject {
  const { example: _e, default: _d, ...rest } = schema;
  return rest;
}

/** Documented response headers, sampled (hop-by-hop and framing headers are the server's). */
export function responseHeaders(op: MockOperation, response: MockResponse, seed: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of response.headers) {
    const lower = h.name.toLowerCase();
    if (
      [
        'content-type',
        'content-length',
        'transfer-encoding',
        'connection',
        'keep-alive',
        'upgrade',
        'trailer',
      ].includes(lower)
    )
      continue;
    const value = sample(
      sampleContext(op.api.openapi, seedFor(seed, `${op.name} ${response.key} ${h.name}`), false),
      h.schema,
    );
    out[lower] = Array.isArray(value)
      ? value.join(',')
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

export { isJsonMediaType } from '../../generator/model/api-model.ts';

/** The `Content-Type` to send for a documented media type (a wildcard is sent as JSON). */
export function contentTypeFor(mediaType: string): string {
  if (mediaType === '*/*' || mediaType.includes('*')) return 'application/json';
  return mediaType;
}
