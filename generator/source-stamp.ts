import type { LoadedSpec } from '../input/document.ts';
import type { NormalizeOptions } from './normalize/normalize-spec.ts';
import { PWPKIT_VERSION } from './package-info.ts';

/** The generator that wrote an output: a newer pwpkit may normalize or compile differently. */
export const GENERATOR_ID = `pwpkit@${PWPKIT_VERSION}`;

/** Recorded in `normalization.json#/source`. */
export interface SourceStamp {
  /** SHA-256 of the spec text generate read. */
  sha256: string;
  generator: string;
  lenient: boolean;
}

/**
 * What an output was generated from and by: tools given the same spec at run time reuse
 * generated/ only when the stamp matches (see api-definition.ts).
 */
export function sourceStamp(spec: Pick<LoadedSpec, 'sha256'>, options: NormalizeOptions): SourceStamp {
  return { sha256: spec.sha256, generator: GENERATOR_ID, lenient: options.lenient === true };
}
