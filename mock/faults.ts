/** Fault injection for client testing (`--faults`): a share of API requests fails or is delayed. */
export interface FaultOptions {
  /** Share of requests, 0..1. */
  rate: number;
  /**
   * `error`: the outage answer (the plug-in's `unavailable` code); `delay`: answered normally after
   * delayMs; `both`: either, evenly. Default `error`.
   */
  kind?: 'error' | 'delay' | 'both';
  /** Default 1000. */
  delayMs?: number;
  /** Same seed, same sequence of faults. */
  seed?: number;
}

export type FaultDecision = 'none' | 'error' | 'delay';

export interface Faults {
  next(): FaultDecision;
  readonly delayMs: number;
}

/** Validates the options (throws RangeError with a clear message) and returns a seeded decider. */
export function createFaults(options: FaultOptions | undefined): Faults | undefined {
  if (!options) return undefined;
  const { rate, kind = 'error', delayMs = 1000, seed = Date.now() } = options;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
    throw new RangeError(`faults.rate must be a number from 0 to 1, got ${String(rate)}`);
  if (!['error', 'delay', 'both'].includes(kind))
    throw new RangeError(`faults.kind must be error, delay or both, got ${String(kind)}`);
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000)
    throw new RangeError(
      `faults.delayMs must be a whole number of milliseconds from 0 to 600000, got ${String(delayMs)}`,
    );
  if (rate === 0) return undefined;
  const random = mulberry32(seed >>> 0);
  return {
    delayMs,
    next() {
      if (random() >= rate) return 'none';
      if (kind === 'both') return random() < 0.5 ? 'error' : 'delay';
      return kind;
    },
  };
}

/** A small seeded PRNG: [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
