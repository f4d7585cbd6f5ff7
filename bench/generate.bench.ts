/**
 * `npm run bench -- generate`: pwpkit generate (all outputs: normalized docs, types, operations,
 * errors, validators, client) vs openapi-typescript alone (types only, from pwpkit's openapi.json,
 * since it refuses Swagger 2.0) vs orval (client only), each as a fresh CLI process on the same
 * spec in the same run. Target: pwpkit faster than orval.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fmt, medianOf, ratio, timeCommand, type Timing } from './measure.ts';
import { ensurePeers, peerBin } from './peers.ts';

const root = resolve(import.meta.dirname, '..');
const corpusDir = resolve(root, '../shared/corpus');
const LENIENT = new Set(['square__api.json']);

interface Row {
  spec: string;
  pwpkit: Timing;
  openapiTs: Timing;
  orval: Timing;
}

export async function run(): Promise<void> {
  ensurePeers();
  const specs = [join(root, 'spec/pay-with-points.swagger.yaml'), join(root, 'spec/rewards-apac.swagger.yaml')].filter(existsSync);
  const corpus = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort().map((f) => join(corpusDir, f)) : [];
  const rows: Row[] = [];
  for (const spec of specs) rows.push(await measure(spec, 3));
  for (const spec of corpus) rows.push(await measure(spec, 1));
  console.log(`| spec | pwpkit (all outputs) | openapi-typescript (types only) | orval (client only) | pwpkit / orval | pwpkit / openapi-typescript |`);
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.spec} | ${fmt(r.pwpkit)} | ${fmt(r.openapiTs)} | ${fmt(r.orval)} | ${ratio(r.pwpkit, r.orval)} | ${ratio(r.pwpkit, r.openapiTs)} |`);
  const both = rows.filter((r) => r.pwpkit.ok && r.orval.ok);
  const faster = both.filter((r) => r.pwpkit.ms < r.orval.ms).length;
  console.log(`\npwpkit beat orval on ${faster} of ${both.length} specs both could generate (target: all). Medians of 3 runs for spec/, 1 run for the corpus.`);
}

async function measure(spec: string, runs: number): Promise<Row> {
  const out = mkdtempSync(join(tmpdir(), 'pwpkit-bench-'));
  const name = basename(spec);
  const lenient = LENIENT.has(name) ? ['--lenient'] : [];
  const pwpkit = await medianOf(runs, () => timeCommand(process.execPath, [join(root, 'bin/pwpkit.js'), 'generate', '--spec', spec, '--out', join(out, 'pwpkit'), ...lenient], root));
  const apiDir = readdirSync(join(out, 'pwpkit')).find((d) => !d.startsWith('.'));
  const openapiJson = apiDir ? join(out, 'pwpkit', apiDir, 'openapi.json') : '';
  const openapiTs = openapiJson ? await medianOf(runs, () => timeCommand(join(root, 'node_modules/.bin/openapi-typescript'), [openapiJson, '-o', join(out, 'ots/types.ts')], root)) : { ok: false, ms: 0, error: 'no openapi.json' };
  const orval = await medianOf(runs, () => timeCommand(peerBin('orval'), ['--input', spec, '--output', join(out, 'orval/client.ts')], root));
  console.log(`${name}: pwpkit ${fmt(pwpkit)}, openapi-typescript ${fmt(openapiTs)}, orval ${fmt(orval)}`);
  return { spec: name, pwpkit, openapiTs, orval };
}
