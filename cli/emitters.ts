import type { Emitter } from '../generator/generate-files.ts';

/** Emitters beyond the generator's own (the typed client joins here). */
export const defaultEmitters: readonly Emitter[] = [];
