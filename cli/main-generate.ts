import { registerGenerate } from './generate.ts';
import { runProgram } from './program.ts';

/**
 * `pwpkit generate` alone: the entry of the prebuilt bundle (packaging/build-bundle.ts) that
 * bin/pwpkit.js runs, when it is fresh, instead of compiling the TypeScript sources on the fly.
 */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, { generate: async () => registerGenerate });
}
