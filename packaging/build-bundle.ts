// `npm run build` (also run by `prepare`, so `npm ci` leaves a fresh bundle): bundles
// `pwpkit generate`, with the packages it uses, into dist/main-generate.js plus a manifest of
// what it was built from.
//
// Why: through tsx, generate spent ~250 ms starting loader threads and compiling sources, and
// ~90 ms resolving and loading some 200 package files, before any work: more than half of a run
// on a small spec. bin/pwpkit.js runs the bundle only while its manifest matches what is in
// place (packaging/prebuilt-bundle.js).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { inputsHash, packageVersions } from './prebuilt-bundle.js';

export interface BuiltBundle {
  file: string;
  sources: string[];
  packages: Record<string, string | null>;
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
    // Bundled CommonJS packages still `require` Node's built-ins.
    banner: { js: "import { createRequire as __pwpkitCreateRequire } from 'node:module'; const require = __pwpkitCreateRequire(import.meta.url);" },
    plugins: [keepTypesWorkerOutside],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const sources = inputs.filter((input) => !input.includes('node_modules/'));
  const packages = packageVersions(root, [...new Set(inputs.map(packageDirOf).filter((dir) => dir !== undefined))].sort());
  const before = inputsHash(root, sources);
  await mkdir(dist, { recursive: true });
  const file = join(dist, `${name}.js`);
  await writeWhole(file, result.outputFiles[0].contents);
  // A source edited while esbuild read it: no new manifest, so this bundle is never taken as fresh.
  if (inputsHash(root, sources) !== before) throw new Error('sources changed during the build; run it again');
  const manifest = { entry: `cli/${name}.ts`, sources, sourcesSha256: before, packages };
  await writeWhole(join(dist, `${name}.json`), JSON.stringify(manifest, null, 2) + '\n');
  return { file, sources, packages };
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`. */
function packageDirOf(input: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

async function writeWhole(file: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const built = await buildBundle();
  console.log(`built ${relative(ROOT, built.file)} from ${built.sources.length} source files and ${Object.keys(built.packages).length} packages`);
}
