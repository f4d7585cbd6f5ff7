/**
 * `npm run bench -- pact-check`: pwpkit pact-check vs @pactflow/swagger-mock-validator (the
 * checker behind PactFlow's bi-directional contracts) on the same pact files: every committed pact
 * (contracts/pacts) and every hand-written fixture pact (test/contracts/fixtures), each tool as a
 * fresh CLI process. Prints times, ratios and where the verdicts differ.
 *
 * Same spec for both: swagger-mock-validator takes one Swagger file per run, so it gets pwpkit's
 * normalized Swagger (generated/<api>/swagger.json) of both project APIs merged into one document
 * (same basePath, no shared paths; rewards-apac definitions renamed apart). pwpkit gets the
 * published specs and normalizes them itself. As published, the Pay with Points spec's security
 * scheme names a header (`X-IBM-Client-Id`) no operation documents; that run is shown separately.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { ensurePeers, peerBin } from './peers.ts';

const root = resolve(import.meta.dirname, '..');
const PWPKIT = [join(root, 'bin/pwpkit.js'), 'pact-check'];
const SHOP_SPEC = 'test/contracts/fixtures/shop.swagger.yaml';

interface Run {
  ms: number;
  code: number;
  out: string;
}

interface Verdict {
  pass: boolean;
  /** Error codes found (pwpkit finding codes / swagger-mock-validator error codes), distinct, sorted. */
  errors: string[];
  warnings: string[];
  ms: number;
}

interface Row {
  pact: string;
  pwpkit: Verdict;
  smv: Verdict;
}

function exec(command: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => done({ ms: performance.now() - started, code: code ?? -1, out }));
  });
}

async function median(runs: number, once: () => Promise<Run>): Promise<Run> {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  return [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
}

async function pwpkitVerdict(pact: string, specs: string[], runs: number): Promise<Verdict> {
  const r = await median(runs, () =>
    exec(process.execPath, [...PWPKIT, '--json', '-', ...specs.flatMap((s) => ['--spec', s]), '--', pact]),
  );
  if (r.code === 2) throw new Error(`pwpkit pact-check refused ${pact}: ${r.out.trim()}`);
  const report = JSON.parse(r.out) as { findings: Array<{ code: string; severity: string }> };
  const codes = (severity: string) =>
    [...new Set(report.findings.filter((f) => f.severity === severity).map((f) => f.code))].sort();
  return { pass: r.code === 0, errors: codes('error'), warnings: codes('warning'), ms: r.ms };
}

async function smvVerdict(spec: string, pact: string, runs: number): Promise<Verdict> {
  const r = await median(runs, () => exec(peerBin('swagger-mock-validator'), [spec, pact]));
  // Its summary: "N error(s)" then "\t<code>: <count>" lines, then "M warning(s)" and theirs.
  const section = (name: 'error' | 'warning') => {
    const m = new RegExp(`\\d+ ${name}\\(s\\)\\n((?:\\t[\\w.-]+: \\d+\\n?)*)`).exec(r.out);
    return m ? [...m[1].matchAll(/\t([\w.-]+): \d+/g)].map((x) => x[1]).sort() : [];
  };
  return { pass: r.code === 0, errors: section('error'), warnings: section('warning'), ms: r.ms };
}

/** pwpkit's normalized Swagger of every project API in one document, for a one-spec tool. */
function mergedProjectSwagger(dir: string): string {
  const apis = ['pay-with-points', 'rewards-apac'].map((api) => ({
    api,
    doc: JSON.parse(readFileSync(join(root, 'generated', api, 'swagger.json'), 'utf8')) as Record<string, any>,
  }));
  const [first, ...rest] = apis;
  const merged = structuredClone(first.doc);
  for (const { api, doc } of rest) {
    const prefix = `${api.replace(/[^a-z0-9]+/gi, '_')}_`;
    const renamed = JSON.parse(
      JSON.stringify(doc).replace(
        /"#\/definitions\/([^"]+)"/g,
        (_m, name: string) => `"#/definitions/${prefix}${name}"`,
      ),
    ) as Record<string, any>;
    for (const [name, def] of Object.entries(renamed.definitions ?? {})) merged.definitions[`${prefix}${name}`] = def;
    for (const [path, item] of Object.entries(renamed.paths ?? {})) {
      if (merged.paths[path]) throw new Error(`both APIs document ${path}`);
      merged.paths[path] = item;
    }
    Object.assign((merged.securityDefinitions ??= {}), renamed.securityDefinitions ?? {});
  }
  const file = join(dir, 'project.swagger.json');
  writeFileSync(file, JSON.stringify(merged, null, 2));
  return file;
}

/** `contracts/pacts/x.json`, `fixtures/broken/x.json`, `fixtures/pact-check/y.json`. */
const label = (pact: string) => pact.replace(/^test\/contracts\//, '');
const show = (v: Verdict) =>
  v.pass ? (v.warnings.length ? `pass (warn: ${v.warnings.join(', ')})` : 'pass') : `FAIL: ${v.errors.join(', ')}`;
const ms = (n: number) => `${Math.round(n)} ms`;

export async function run(): Promise<void> {
  ensurePeers();
  const tmp = mkdtempSync(join(tmpdir(), 'pwpkit-bench-pact-check-'));
  const projectSpec = mergedProjectSwagger(tmp);
  const list = (dir: string) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(dir, f))
      : [];
  const committed = list('contracts/pacts');
  const fixtures = [...list('test/contracts/fixtures/pact-check'), ...list('test/contracts/fixtures/broken')];
  const pwpFixtures = fixtures.filter((f) => !basename(f).startsWith('shop-'));
  const shopFixtures = fixtures.filter((f) => basename(f).startsWith('shop-'));

  const rows: Row[] = [];
  const measure = async (pact: string, specs: string[], smvSpec: string, runs: number) => {
    const row = { pact, pwpkit: await pwpkitVerdict(pact, specs, runs), smv: await smvVerdict(smvSpec, pact, runs) };
    rows.push(row);
    console.log(
      `${pact}: pwpkit ${show(row.pwpkit)} (${ms(row.pwpkit.ms)}), ` +
        `swagger-mock-validator ${show(row.smv)} (${ms(row.smv.ms)})`,
    );
  };
  for (const pact of committed) await measure(pact, [], projectSpec, 3);
  for (const pact of pwpFixtures) await measure(pact, [], projectSpec, 1);
  for (const pact of shopFixtures) await measure(pact, [SHOP_SPEC], SHOP_SPEC, 1);

  // The whole set as each tool runs it: pwpkit takes every pact in one call (one per spec set);
  // swagger-mock-validator takes one pact per call.
  const allPwp = [...committed, ...pwpFixtures];
  const pwpkitAll = await median(3, async () => {
    const a = await exec(process.execPath, [...PWPKIT, ...allPwp]);
    const b = await exec(process.execPath, [...PWPKIT, '--spec', SHOP_SPEC, '--', ...shopFixtures]);
    return { ms: a.ms + b.ms, code: Math.max(a.code, b.code), out: '' };
  });
  const smvAll = rows.reduce((n, r) => n + r.smv.ms, 0);
  const committedRows = rows.filter((r) => committed.includes(r.pact));
  const pwpkitCommitted = await median(3, () => exec(process.execPath, [...PWPKIT, ...committed]));
  const smvCommitted = committedRows.reduce((n, r) => n + r.smv.ms, 0);

  console.log('\n### Time (wall clock, fresh process per call)');
  console.log('| what | pwpkit pact-check | swagger-mock-validator | pwpkit / smv |');
  console.log('|---|---|---|---|');
  console.log(
    `| committed pacts (${committed.length} file${committed.length === 1 ? '' : 's'}, ` +
      `${countInteractions(committed)} interactions; median of 3) ` +
      `| ${ms(pwpkitCommitted.ms)} | ${ms(smvCommitted)} | ${(pwpkitCommitted.ms / smvCommitted).toFixed(2)}× |`,
  );
  console.log(
    `| all ${rows.length} pact files (pwpkit: 2 calls; smv: ${rows.length} calls; median of 3) ` +
      `| ${ms(pwpkitAll.ms)} | ${ms(smvAll)} | ${(pwpkitAll.ms / smvAll).toFixed(2)}× |`,
  );
  const perFile = (pick: (r: Row) => number) => rows.reduce((n, r) => n + pick(r), 0) / rows.length;
  const pwpkitPerFile = perFile((r) => r.pwpkit.ms);
  const smvPerFile = perFile((r) => r.smv.ms);
  console.log(
    `| one pact file, one call (mean over ${rows.length}) | ${ms(pwpkitPerFile)} | ${ms(smvPerFile)} ` +
      `| ${(pwpkitPerFile / smvPerFile).toFixed(2)}× |`,
  );

  console.log('\n### Verdicts (same normalized spec for both)');
  console.log('| pact | pwpkit pact-check | swagger-mock-validator | agree |');
  console.log('|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${label(r.pact)} | ${show(r.pwpkit)} | ${show(r.smv)} | ${r.pwpkit.pass === r.smv.pass ? 'yes' : '**no**'} |`,
    );
  const missedBySmv = rows.filter((r) => !r.pwpkit.pass && r.smv.pass);
  const missedByPwpkit = rows.filter((r) => r.pwpkit.pass && !r.smv.pass);
  console.log(`\nVerdicts differ on ${missedBySmv.length + missedByPwpkit.length} of ${rows.length} files.`);
  const breaches = missedBySmv.map((r) => `${label(r.pact)} (${r.pwpkit.errors.join(', ')})`).join('; ');
  console.log(`- breaches swagger-mock-validator passes: ${breaches || 'none'}`);
  const smvOnlyFailures = missedByPwpkit.map((r) => `${label(r.pact)} (${r.smv.errors.join(', ')})`).join('; ');
  console.log(`- pacts only swagger-mock-validator fails: ${smvOnlyFailures || 'none'}`);

  console.log('\n### swagger-mock-validator on the spec as published (not normalized)');
  for (const pact of committed) {
    const raw = await smvVerdict(join(root, 'spec/pay-with-points.swagger.yaml'), pact, 1);
    console.log(`- ${relative(root, join(root, pact))} vs spec/pay-with-points.swagger.yaml: ${show(raw)}`);
  }
}

function countInteractions(files: string[]): number {
  return files.reduce(
    (n, f) =>
      n + ((JSON.parse(readFileSync(join(root, f), 'utf8')) as { interactions?: unknown[] }).interactions?.length ?? 0),
    0,
  );
}
