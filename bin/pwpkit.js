#!/usr/bin/env node
// The installed entry point. `generate` runs the prebuilt bundle when it matches the sources
// (packaging/); everything else, and generate with a stale or missing bundle, runs the TypeScript
// sources through tsx.
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
process.exitCode = await main(argv);

async function main(argv) {
  if (argv[0] === 'generate') {
    // Start loading openapi-typescript in its worker now, in parallel with everything below.
    const { prewarmTypesWorker } = await import('../generator/emit/types-worker/client.js');
    prewarmTypesWorker();
    const bundle = await prebuiltGenerate();
    const entry = bundle && (await import(bundle).catch(unusableBundle));
    if (entry) return entry.main(argv);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../cli/main.ts')).main(argv);
}

/** PWPKIT_BUNDLE=off forces the sources (tests compare the two paths). */
async function prebuiltGenerate() {
  if (process.env.PWPKIT_BUNDLE === 'off') return undefined;
  const { freshBundle } = await import('../packaging/prebuilt-bundle.js');
  const bundle = freshBundle(fileURLToPath(new URL('..', import.meta.url)), 'main-generate');
  if (process.env.PWPKIT_DEBUG) process.stderr.write(`pwpkit: ${bundle ? 'running the prebuilt bundle dist/main-generate.js' : 'no fresh prebuilt bundle: running the sources'}\n`);
  return bundle;
}

/** A bundle that matches its manifest but will not load: the sources still can. */
function unusableBundle(error) {
  if (process.env.PWPKIT_DEBUG) process.stderr.write(`pwpkit: the prebuilt bundle does not load (${error instanceof Error ? error.message : String(error)}): running the sources\n`);
  return undefined;
}
