// `npm run build` (also run by `prepare`, so `npm ci` leaves a fresh bundle): bundles
// `pwpkit generate` into dist/main-generate.js with a manifest of its sources.
//
// Why: through tsx, starting generate cost ~250 ms of loader threads and on-the-fly compilation
// before any work, half of the whole run on a small spec. bin/pwpkit.js runs the bundle only
// while its manifest matches the sources (packaging/prebuilt-bundle.js).
import { rename, mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { inputsHash } from './prebuilt-bundle.js';

export interface BuiltBundle {
  file: string;
  inputs: string[];
}

const ROOT = resolve(import.meta.dirname, '..');

/**
 * The types worker stays outside the bundle: bin/pwpkit.js starts it (through client.js) before
 * the bundle loads, so both must share one client.js module, and the worker's thread.js must
 * exist as a file. Imports of it are kept, relative to dist/.
 */
const keepTypesWorkerOutside: Plugin = {
  name: 'keep-types-worker-outside',
  setup(build) {
    build.onResolve({ filter: /types-worker\/client\.js$/ }, (args) => ({
      path: relative(join(ROOT, 'dist'), resolve(args.resolveDir, args.path)).split('\\').join('/'),
      external: true,
    }));
  },
};

/** Builds `dist/<name>.js` and `dist/<name>.json`; each file appears whole or not at all. */
export async function buildBundle(root = ROOT, name = 'main-generate'): Promise<BuiltBundle> {
  const dist = join(root, 'dist');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'cli', `${name}.ts`)],
    outfile: join(dist, `${name}.js`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as usual; only pwpkit's own sources are bundled. dist/
    // sits one level below the root like cli/ and generator/, so `../package.json` still resolves.
    packages: 'external',
    plugins: [keepTypesWorkerOutside],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const before = inputsHash(root, inputs);
  await mkdir(dist, { recursive: true });
  const file = join(dist, `${name}.js`);
  await writeWhole(file, result.outputFiles[0].contents);
  // A source edited while esbuild read it: no manifest, so the bundle is never taken as fresh.
  if (inputsHash(root, inputs) !== before) throw new Error('sources changed during the build; run it again');
  await writeWhole(join(dist, `${name}.json`), JSON.stringify({ entry: `cli/${name}.ts`, inputs, inputsSha256: before }, null, 2) + '\n');
  return { file, inputs };
}

async function writeWhole(file: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const built = await buildBundle();
  console.log(`built ${relative(ROOT, built.file)} from ${built.inputs.length} source files`);
}
