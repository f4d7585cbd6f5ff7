// `npm run build` (also run by `prepare`, so `npm ci` leaves a fresh build): compiles the
// TypeScript sources to JavaScript with tsc, nothing else.
//
// 1. runtime/ (the @pwpkit/runtime workspace package) → runtime/dist/
// 2. the CLI and its libraries (tsconfig.build.json) → dist/, with .d.ts and source maps
// 3. the few hand-written JavaScript modules (the types worker, the precompiled document schemas)
//    are copied beside their compiled neighbours, with their .d.ts files.
// Each output folder is rebuilt from empty in a staging folder and swapped in whole, so nothing
// stale survives a rename and a CLI running meanwhile never sees a half-built dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const HAND_WRITTEN_JS = ['generator/emit/types-worker', 'generator/load/document-schemas'];

function compile(project, outDir, finish = () => {}) {
  const staging = join(root, `${outDir}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, project), '--outDir', staging], { stdio: 'inherit' });
    finish(staging);
    rmSync(join(root, outDir), { recursive: true, force: true });
    renameSync(staging, join(root, outDir));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function copyHandWrittenJs(outDir) {
  for (const folder of HAND_WRITTEN_JS) {
    for (const name of readdirSync(join(root, folder))) {
      if (!name.endsWith('.js') && !name.endsWith('.d.ts')) continue;
      cpSync(join(root, folder, name), join(outDir, folder, name));
    }
  }
}

try {
  compile('runtime/tsconfig.json', 'runtime/dist');
  compile('tsconfig.build.json', 'dist', copyHandWrittenJs);
  process.stdout.write(`pwpkit: built ${relative(process.cwd(), join(root, 'dist')) || '.'} and runtime/dist\n`);
} catch {
  process.stderr.write('pwpkit build: tsc reported errors (above)\n');
  process.exitCode = 1;
}
