/**
 * `npm run bench -- generate`: pwpkit generate (all outputs: normalized docs, types, operations,
 * errors, validators, client) vs openapi-typescript alone (types only, from pwpkit's openapi.json,
 * since it refuses Swagger 2.0) vs orval (client only), each as a fresh CLI process on the same
 * spec in the same run. Target: pwpkit faster than orval.
 *
 * Where orval refuses a published spec (the corpus has invalid ones), it is timed a second time on
 * pwpkit's repaired swagger.json; those cells are marked † and left out of the target count.
 * `BENCH_RUNS=<n>` sets the number of runs per tool and spec (median; default 3); `BENCH_CORPUS=0`
 * times the project's specs only.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildPackage, fmt, medianTiming, ratio, timeCommand, type Timing } from './measure.ts';
import { ensurePeers, peerBin } from './peers.ts';

const root = resolve(import.meta.dirname, '..');
const corpusDir = resolve(root, '../shared/corpus');
/** Corpus specs with dangling `$ref`s: pwpkit refuses them without --lenient, by design. */
const LENIENT = new Set(['square__api.json']);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);

interface Row {
  spec: string;
  pwpkit: Timing;
  openapiTs: Timing;
  orval: Timing;
  /** Set when orval refused the published spec and was timed on pwpkit's repaired swagger.json. */
  orvalRefused?: string;
}

export async function run(): Promise<void> {
  ensurePeers();
  const specs = [join(root, 'spec/pay-with-points.swagger.yaml'), join(root, 'spec/rewards-apac.swagger.yaml')].filter(
    existsSync,
  );
  const corpus =
    process.env.BENCH_CORPUS !== '0' && existsSync(corpusDir)
      ? readdirSync(corpusDir)
          .filter((f) => /\.(json|ya?ml)$/.test(f))
          .sort()
          .map((f) => join(corpusDir, f))
      : [];
  if (corpus.length === 0) console.log(`(no corpus at ${corpusDir}: timing spec/ only)`);
  // bin/pwpkit.js runs the compiled dist/: build it first so the shipped path is what is timed.
  buildPackage();
  const rows: Row[] = [];
  const loadBefore = loadavg()[0];
  for (const spec of [...specs, ...corpus]) rows.push(await measure(spec, RUNS));
  const loadAfter = loadavg()[0];

  console.log(
    '\n| spec | pwpkit (all outputs) | openapi-typescript (types only) | orval (client only) ' +
      '| pwpkit / orval | pwpkit / openapi-typescript |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const mark = r.orvalRefused ? ' †' : '';
    console.log(
      `| ${r.spec} | ${fmt(r.pwpkit)} | ${fmt(r.openapiTs)} | ${fmt(r.orval)}${mark} ` +
        `| ${ratio(r.pwpkit, r.orval)}${mark} | ${ratio(r.pwpkit, r.openapiTs)} |`,
    );
  }
  const refused = rows.filter((r) => r.orvalRefused);
  if (refused.length > 0) {
    console.log(
      `\n† orval refused the published spec; timed on pwpkit's repaired swagger.json instead (not counted below):`,
    );
    for (const r of refused) console.log(`  ${r.spec}: ${r.orvalRefused}`);
  }
  const failedPwpkit = rows.filter((r) => !r.pwpkit.ok);
  for (const r of failedPwpkit) console.log(`pwpkit failed on ${r.spec}: ${r.pwpkit.error}`);
  const both = rows.filter((r) => !r.orvalRefused && r.pwpkit.ok && r.orval.ok);
  const faster = both.filter((r) => r.pwpkit.ms < r.orval.ms).length;
  const geomean =
    both.length > 0 ? Math.exp(both.reduce((s, r) => s + Math.log(r.pwpkit.ms / r.orval.ms), 0) / both.length) : NaN;
  console.log(
    `\npwpkit beat orval on ${faster} of ${both.length} published specs both could generate (target: all); ` +
      `geometric mean pwpkit / orval ${Number.isFinite(geomean) ? geomean.toFixed(2) + '×' : 'n/a'}. ` +
      `Wall time of a fresh CLI process, median of ${RUNS} run(s) each; the three tools take turns within each run.`,
  );
  // pwpkit runs two threads (types render beside validator compilation); on a busy machine that
  // overlap is lost first, so the load is part of the result.
  console.log(
    `Load average (1 min) on ${cpus().length} CPUs: ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end.`,
  );
}

async function measure(spec: string, runs: number): Promise<Row> {
  const out = mkdtempSync(join(tmpdir(), 'pwpkit-bench-'));
  try {
    const name = basename(spec);
    const lenient = LENIENT.has(name) ? ['--lenient'] : [];
    const pwpkitRun = () =>
      timeCommand(
        process.execPath,
        [join(root, 'bin/pwpkit.js'), 'generate', '--spec', spec, '--out', join(out, 'pwpkit'), ...lenient],
        root,
      );
    const orvalRun = (input: string, dir: string) => async () =>
      checkOutput(
        await timeCommand(peerBin('orval'), ['--input', input, '--output', join(out, dir, 'client.ts')], root),
        join(out, dir, 'client.ts'),
      );
    // First run of each tool decides the inputs of the next (pwpkit's openapi.json, orval's fallback).
    const firstPwpkit = await pwpkitRun();
    const apiDir = existsSync(join(out, 'pwpkit'))
      ? readdirSync(join(out, 'pwpkit')).find((d) => !d.startsWith('.'))
      : undefined;
    const generated = (file: string) =>
      apiDir && existsSync(join(out, 'pwpkit', apiDir, file)) ? join(out, 'pwpkit', apiDir, file) : undefined;
    const openapiJson = generated('openapi.json');
    const openapiTsRun = openapiJson
      ? () =>
          timeCommand(
            join(root, 'node_modules/.bin/openapi-typescript'),
            [openapiJson, '-o', join(out, 'ots/types.ts')],
            root,
          )
      : async (): Promise<Timing> => ({ ok: false, ms: 0, error: 'no openapi.json from pwpkit to feed it' });
    let orvalTool = orvalRun(spec, 'orval');
    let firstOrval = await orvalTool();
    let orvalRefused: string | undefined;
    const repaired = generated('swagger.json');
    if (!firstOrval.ok && repaired) {
      orvalRefused = firstOrval.error ?? 'failed';
      orvalTool = orvalRun(repaired, 'orval-repaired');
      firstOrval = await orvalTool();
    }
    const timings = { pwpkit: [firstPwpkit], openapiTs: [await openapiTsRun()], orval: [firstOrval] };
    for (let i = 1; i < runs; i++) {
      timings.pwpkit.push(await pwpkitRun());
      timings.openapiTs.push(await openapiTsRun());
      timings.orval.push(await orvalTool());
    }
    const pwpkit = medianTiming(timings.pwpkit);
    const openapiTs = medianTiming(timings.openapiTs);
    const orval = medianTiming(timings.orval);
    console.log(
      `${name}: pwpkit ${fmt(pwpkit)}, openapi-typescript ${fmt(openapiTs)}, orval ${fmt(orval)}` +
        (orvalRefused ? ` (on pwpkit's repaired swagger.json; published spec refused: ${orvalRefused})` : ''),
    );
    return { spec: name, pwpkit, openapiTs, orval, ...(orvalRefused ? { orvalRefused } : {}) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A zero exit without the output file is not a success. */
function checkOutput(t: Timing, file: string): Timing {
  return t.ok && !existsSync(file) ? { ok: false, ms: t.ms, error: `exit 0 but no ${basename(file)} written` } : t;
}
