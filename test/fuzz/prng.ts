/**
 * A small seeded PRNG for the fuzz tests (mulberry32): the same seed gives the same cases on
 * every machine, so a failure names its seed and case and is reproduced by running that again.
 * `FUZZ_SEED` (a number) and `FUZZ_SCALE` (multiplies every case count) change a run locally;
 * `npm test` uses the fixed defaults.
 */

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_240_612) >>> 0;
export const FUZZ_SCALE = Math.max(0.1, Number(process.env.FUZZ_SCALE ?? 1));

/** `base` cases, scaled by FUZZ_SCALE. */
export const count = (base: number) => Math.max(1, Math.round(base * FUZZ_SCALE));

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** [0, 1) */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A child generator: case `n` of a run gets its own stream, so adding a case does not shift the others. */
  fork(n: number): Rng {
    return new Rng(Math.imul((this.state ^ (n + 1)) >>> 0, 0x85ebca6b) ^ Math.imul(n + 0x27d4eb2f, 0xc2b2ae35));
  }
  /** Random bytes (any value, NUL and invalid UTF-8 included). */
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }
}

/** Case `n` of the run named `name` (per target), from the fixed seed. */
export function caseRng(name: string, n: number): Rng {
  let h = FUZZ_SEED;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return new Rng(h).fork(n);
}

/** Strings that break out of comments, template literals, string literals and JS lines when pasted unescaped. */
export const CODE_BREAKERS = [
  '*/ globalThis.__fuzzPwned = 1; /*',
  '`; globalThis.__fuzzPwned = 1; `',
  '${globalThis.__fuzzPwned = 1}',
  '"; globalThis.__fuzzPwned = 1; "',
  "'; globalThis.__fuzzPwned = 1; '",
  '\n globalThis.__fuzzPwned = 1;\n',
  '\u2028globalThis.__fuzzPwned = 1;\u2029',
  '\\',
  '</script><script>globalThis.__fuzzPwned = 1</script>',
  '/x*/ listX(i?:any,o?:any):any; } ; globalThis.__fuzzPwned = 1; interface Z { /*',
  '\r\n// */ }\n globalThis.__fuzzPwned = 1 //',
  'a\u0000b',
  '\uD800',
  '👾'.repeat(20),
];
