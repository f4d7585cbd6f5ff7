/**
 * `pwpkit mock --spec` start-up on every corpus spec (issue 15: under 2 s each), beside Prism's
 * `prism mock` of the same file in the same run: a cold process each time (no cache across runs),
 * timed from spawn until the mock answers its first request. Median of RUNS, the load printed
 * beside it because a loaded 2-core machine moves every figure. Skipped when the corpus is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePeers, peerBin } from './peers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(root, '../shared/corpus');
/** Invalid as published: served with --lenient, as the corpus tests do. */
const NEEDS_LENIENT = new Set(['square__api.json']);
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const TARGET_MS = 2000;
const GIVE_UP_MS = 60_000;

interface Started {
  ms: number | undefined;
  child: ChildProcess;
}

export async function run(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log('../shared/corpus is absent: the start-up comparison is skipped');
    return;
  }
  let prism: string | undefined;
  try {
    ensurePeers();
    prism = existsSync(peerBin('prism')) ? peerBin('prism') : undefined;
  } catch {
    prism = undefined;
  }
  const specs = readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f));
  console.log(`cold start, spawn → first answer, median of ${RUNS}; load ${loadavg()[0].toFixed(1)} at start`);
  console.log('| spec | pwpkit mock --spec | Prism | Prism / pwpkit | < 2 s |');
  console.log('|---|---|---|---|---|');
  let over = 0;
  for (const file of specs) {
    const spec = join(CORPUS, file);
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      mine.push(await timed(() => startPwpkit(spec, NEEDS_LENIENT.has(file))));
      if (prism) theirs.push(await timed(() => startPrism(prism, spec)));
    }
    const a = median(mine);
    const b = prism ? median(theirs) : Number.NaN;
    if (!(a < TARGET_MS)) over++;
    const ratio = Number.isFinite(a) && Number.isFinite(b) ? `${(b / a).toFixed(1)}×` : 'n/a';
    console.log(`| ${file} | ${seconds(a)} | ${seconds(b)} | ${ratio} | ${a < TARGET_MS ? 'yes' : 'NO'} |`);
  }
  console.log(
    `\n${specs.length - over} of ${specs.length} specs start in under 2 s; load ${loadavg()[0].toFixed(1)} now.`,
  );
}

/** Starts, measures, stops; a start that never answers counts as Infinity (shown as "did not start"). */
async function timed(start: () => Promise<Started>): Promise<number> {
  const started = await start();
  started.child.kill('SIGKILL');
  return started.ms ?? Number.POSITIVE_INFINITY;
}

/** pwpkit prints its URL once it listens; the clock stops at the first answer from that URL. */
function startPwpkit(spec: string, lenient: boolean): Promise<Started> {
  const args = [join(root, 'bin/pwpkit.js'), 'mock', '--spec', spec, '--port', '0', ...(lenient ? ['--lenient'] : [])];
  const begin = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise) => {
    let out = '';
    const timer = setTimeout(() => resolvePromise({ ms: undefined, child }), GIVE_UP_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise({ ms: undefined, child });
    });
    child.stdout.on('data', async (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/[^\s)]+)/.exec(out)?.[1];
      if (!url) return;
      child.stdout.removeAllListeners('data');
      await fetch(url).then(
        (r) => r.body?.cancel(),
        () => undefined,
      );
      clearTimeout(timer);
      resolvePromise({ ms: performance.now() - begin, child });
    });
  });
}

/** Prism prints no machine-readable line: polled every 25 ms until it answers anything. */
async function startPrism(bin: string, spec: string): Promise<Started> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const begin = performance.now();
  const child = spawn(bin, ['mock', spec, '-h', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const until = begin + GIVE_UP_MS;
  while (performance.now() < until && child.exitCode === null) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      await answer.body?.cancel();
      return { ms: performance.now() - begin, child };
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return { ms: undefined, child };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function seconds(ms: number): string {
  if (Number.isNaN(ms)) return 'n/a';
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'did not start';
}
