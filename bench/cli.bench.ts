/**
 * `npm run bench -- cli`: what installing and starting pwpkit costs a downstream repo.
 *
 * 1. Start-up: `pwpkit --help` and `pwpkit --version` against a bare `node -e 0`, interleaved, median
 *    of BENCH_RUNS (default 15) each. Target: `--help` ≤ 3× `node -e 0`.
 * 2. Footprint: both packages packed and installed into a fresh project, as the README says
 *    (`npm i @pwpkit/runtime` then `npm i -D pwpkit`): the dev install (the CLI, without the optional
 *    Pact peer; target < 60 MB) and the app's production install (`--omit=dev`; target ≤ 5 MB).
 *    Sizes are the files' apparent bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPackage, fmt, medianTiming, ratio, timeCommand, type Timing } from './measure.ts';

const root = resolve(import.meta.dirname, '..');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 15) || 15);
const NPM = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

export async function run(): Promise<void> {
  buildPackage();
  await startup();
  footprint();
}

async function startup(): Promise<void> {
  const bin = join(root, 'bin/pwpkit.js');
  const variants: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['pwpkit --help', [bin, '--help']],
    ['pwpkit --version', [bin, '--version']],
  ];
  const results = new Map<string, Timing[]>(variants.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of variants) results.get(name)!.push(await timeCommand(process.execPath, args, root));
  }
  const base = medianTiming(results.get('node -e 0')!);
  console.log('\n| command | median | × node -e 0 |');
  console.log('|---|---|---|');
  for (const [name] of variants) {
    const t = medianTiming(results.get(name)!);
    console.log(`| ${name} | ${fmt(t)} | ${ratio(t, base)} |`);
  }
  const help = medianTiming(results.get('pwpkit --help')!);
  const met = help.ms <= 3 * base.ms;
  console.log(
    `\n--help: ${ratio(help, base)} a bare node start (target ≤ 3×: ${met ? 'met' : 'NOT met'}); ` +
      `median of ${RUNS} runs each, interleaved.`,
  );
}

function footprint(): void {
  const work = mkdtempSync(join(tmpdir(), 'pwpkit-footprint-'));
  try {
    const packs = join(work, 'packs');
    mkdirSync(packs);
    const npm = (cwd: string, args: string[]) =>
      execFileSync('npm', [...args, ...NPM], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    npm(root, ['pack', '--ignore-scripts', '--pack-destination', packs]);
    npm(root, ['pack', '-w', 'runtime', '--ignore-scripts', '--pack-destination', packs]);
    const tarball = (prefix: string) => join(packs, readdirSync(packs).find((n) => n.startsWith(prefix))!);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(app, ['install', tarball('pwpkit-runtime-')]);
    const runtimeOnly = folderBytes(join(app, 'node_modules'));
    npm(app, ['install', '-D', tarball('pwpkit-0')]);
    const withCli = folderBytes(join(app, 'node_modules'));
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log('\n| install | node_modules | target |');
    console.log('|---|---|---|');
    console.log(
      '| app, production (`npm i @pwpkit/runtime`, what --omit=dev keeps) ' + `| ${mb(runtimeOnly)} | ≤ 5 MB |`,
    );
    console.log(`| + the CLI (\`npm i -D pwpkit\`, without the optional Pact peer) | ${mb(withCli)} | < 60 MB |`);
    console.log(
      `  of which typescript ${mb(folderBytes(join(app, 'node_modules/typescript')))} (openapi-typescript's peer), ` +
        `@redocly ${mb(folderBytes(join(app, 'node_modules/@redocly')))} (openapi-typescript's dependency)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
