import { execFile, execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutateGently, mutateText, mutateTree, serialize } from './mutate.ts';
import { caseRng, count, FUZZ_SEED } from './prng.ts';
import { FuzzWorker, type Outcome } from './worker.ts';
import { runCli } from '../verifier/cli-process.ts';

/**
 * Issue 12, fuzz: generated hostile specs at `pwpkit generate`. Each case mutates a small fixture
 * spec (structural and textual mutations, see mutate.ts) and runs generate in a worker process
 * with a deadline and a heap cap (worker.ts); a few run through the real CLI (`bin/pwpkit.js`).
 * Every case must end in exit 0 with a complete output folder whose TypeScript parses and holds
 * no injected code, or exit 2 with one located message and nothing written: never an internal
 * error, a stack trace, a crash or a missed deadline. The worker's RSS may not grow beyond a bound.
 *
 * A failure names the seed and the case; `FUZZ_SEED=<seed> npx vitest run test/fuzz/generate.test.ts`
 * runs the same cases again, `FUZZ_SCALE=10` ten times as many.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCES = [
  { file: join(ROOT, 'test/generator/fixtures/mini.swagger.yaml'), weight: 6 },
  { file: join(ROOT, 'spec/pay-with-points.swagger.yaml'), weight: 1 },
  { file: join(ROOT, 'spec/rewards-apac.swagger.yaml'), weight: 1 },
];
const FILES = [
  'client.ts',
  'errors.ts',
  'normalization.json',
  'openapi.json',
  'operations.ts',
  'swagger.json',
  'types.ts',
  'validators.ts',
];
const CASES = count(60);
const CLI_CASES = count(3);
/** Per case; a normal one takes well under a second. Generous: the machine is shared. */
const DEADLINE_MS = 45_000;
/** Growth of the worker's RSS (after a GC) from the end of the warm-up to the end of the run. */
const MAX_RSS_GROWTH = 150 * 1024 * 1024;

let dir: string;
const worker = new FuzzWorker({ heapMb: 768 });
const sources = new Map<string, unknown>();

beforeAll(async () => {
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-fuzz-generate-')));
  for (const s of SOURCES) sources.set(s.file, parseYaml(await readFile(s.file, 'utf8')));
  // What hostile $refs point at: a FIFO, a folder, a symlink out, files that refer back.
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  await mkdir(join(dir, 'folder'));
  await symlink('/etc/passwd', join(dir, 'escape.yaml'));
  await writeFile(
    join(dir, 'defs.yaml'),
    'Foo: { type: object, properties: { a: { type: string } } }\nLoop: { $ref: "#/Loop" }\n' +
      'Out: { $ref: "/etc/passwd" }\nBack: { $ref: "./other.yaml#/Back" }\n',
  );
  await writeFile(
    join(dir, 'other.yaml'),
    'Back: { $ref: "./defs.yaml#/Back" }\nSelf: { $ref: "./other.yaml#/Self" }\n',
  );
});
afterAll(async () => {
  await worker.close();
  await rm(dir, { recursive: true, force: true });
});

const REFS = [
  '/dev/zero',
  '/dev/urandom',
  '/dev/stdin',
  './fifo',
  './folder',
  './folder/',
  './escape.yaml',
  '/etc/passwd',
  '/proc/self/environ',
  '../../../../../../../etc/hostname',
  'file:///etc/passwd',
  '%2Fetc%2Fpasswd',
  '//etc/passwd',
  'http://127.0.0.1:9/schema.json',
  'https://example.invalid/x.yaml#/Foo',
  './defs.yaml#/Foo',
  './defs.yaml#/Missing',
  './defs.yaml#/Loop',
  './defs.yaml#/Out',
  './defs.yaml#/Back',
  './other.yaml#/Self',
  'defs.yaml#',
  './nope.yaml',
  '#',
  '#/',
  '#/paths',
  '#/info',
  '#/definitions',
  '#/definitions/Balance',
  '#/definitions/ErrorResponse/properties',
  '#/definitions/Nope',
  '#/definitions/~2',
  '#/definitions/%7E',
  '#/x-fuzz/../..',
  'a\u0000b',
  'x'.repeat(5000),
  'C:\\Windows\\win.ini',
  '${HOME}',
  '*/ globalThis.__fuzzPwned = 1; /*',
];

function pickSource(n: number): string {
  const rng = caseRng('generate-source', n);
  const total = SOURCES.reduce((t, s) => t + s.weight, 0);
  let r = rng.int(1, total);
  for (const s of SOURCES) if ((r -= s.weight) <= 0) return s.file;
  return SOURCES[0].file;
}

/** Writes case `n`'s hostile spec; returns its path and what was done to it. */
async function makeCase(n: number, prefix: string): Promise<{ file: string; ops: string[] }> {
  const rng = caseRng(prefix, n);
  const source = pickSource(n);
  const tree = structuredClone(sources.get(source)) as never;
  const ops: string[] = [`from ${source.slice(ROOT.length + 1)}`];
  // Half the cases stay valid Swagger (their hostile strings and shapes reach the emitters), half break it.
  const gentle = rng.bool(0.5);
  if (gentle) for (let i = rng.int(1, 4); i > 0; i--) ops.push(mutateGently(tree, rng));
  else
    for (let i = rng.int(1, 3); i > 0; i--)
      ops.push(
        mutateTree(tree, rng, {
          refs: REFS,
          maxString: rng.bool(0.1) ? 2_000_000 : 100_000,
          maxDepth: rng.bool(0.2) ? 3_000 : 1_000,
        }),
      );
  const { text, ext } = serialize(tree, rng);
  let bytes: Buffer = Buffer.from(text);
  if (gentle && ext === 'yaml' && rng.bool(0.3)) {
    // anchors and aliases a spec may legitimately use, or invalid UTF-8 in a description (a warning)
    const extra = rng.pick([
      '\nx-anchors:\n  base: &base { type: string, description: shared }\n  again: *base\n  list: [*base, *base]\n',
      '\nx-note: "caf\xe9"\n',
    ]);
    bytes = Buffer.concat([bytes, Buffer.from(extra, 'latin1')]);
    ops.push(`gentle: appended ${JSON.stringify(extra).slice(0, 30)}`);
  }
  const textual = !gentle && rng.bool(0.5) ? rng.int(1, 2) : 0;
  for (let i = 0; i < textual; i++) {
    const m = mutateText(bytes, ext, rng);
    bytes = m.bytes;
    ops.push(m.label);
  }
  const file = join(dir, `${prefix}-${n}.${ext === 'yaml' && rng.bool(0.3) ? 'yml' : ext}`);
  await writeFile(file, bytes);
  return { file, ops };
}

/** Identifiers named `__fuzzPwned` are code a spec string became; parse errors are output that does not compile. */
function inspectTypeScript(name: string, text: string): string[] {
  let source: ts.SourceFile;
  try {
    source = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  } catch (error) {
    // TypeScript's parser recurses per nesting level; the test process's stack is not the user's tsc.
    if (error instanceof RangeError) return [];
    throw error;
  }
  const problems: string[] = [];
  const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics.length > 0)
    problems.push(
      `${name} does not parse: ` +
        `${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, ' ')} at ${diagnostics[0].start}`,
    );
  const stack: ts.Node[] = [source];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (ts.isIdentifier(node) && node.text === '__fuzzPwned')
      problems.push(`${name}: a spec string became code (identifier __fuzzPwned at ${node.getStart()})`);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return problems;
}

const STACK = /\n\s+at \S.*[(:]\d+|\bat .+\.(ts|js):\d+:\d+/;
/** A message locates its problem: the file and a line, a JSON pointer, or one of the file-level reasons. */
const LOCATED = /(:\d+(:\d+)?[: ]|#\/|\bat \/|#: )/;
const FILE_LEVEL = /^pwpkit: [^:]+: (the file is empty|not a Swagger\/OpenAPI document|unsupported version .* at \/)/;

/** What is wrong with one case's outcome (empty: it held). */
async function judge(outcome: Outcome, file: string, out: string): Promise<string[]> {
  if (outcome.kind === 'hang')
    return [`no answer within ${outcome.deadlineMs} ms (killed); process stderr: ${outcome.stderr.slice(0, 500)}`];
  if (outcome.kind === 'crash')
    return [`the process died (exit ${outcome.code}, signal ${outcome.signal}): ${outcome.stderr.slice(0, 800)}`];
  const { code, stderr } = outcome.result;
  return judgeExit(code, stderr, file, out);
}

async function judgeExit(code: number | null, stderr: string, file: string, out: string): Promise<string[]> {
  const problems: string[] = [];
  const api = file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
  if (stderr.includes('internal error')) problems.push(`internal error: ${stderr.slice(0, 500)}`);
  if (STACK.test(stderr)) problems.push(`stack trace printed: ${stderr.slice(0, 800)}`);
  if (code === 0) {
    for (const line of stderr.split('\n').filter(Boolean)) {
      if (!line.startsWith('pwpkit: warning: ')) problems.push(`exit 0 but stderr has: ${line.slice(0, 300)}`);
      else if (!line.includes(dir)) problems.push(`a warning that names no file: ${line.slice(0, 300)}`);
    }
    const written = existsSync(join(out, api)) ? (await readdir(join(out, api))).sort() : [];
    if (written.join() !== FILES.join()) problems.push(`exit 0 but ${out}/${api} holds [${written.join(', ')}]`);
    else {
      for (const name of FILES) {
        const text = await readFile(join(out, api, name), 'utf8');
        if (name.endsWith('.json')) {
          try {
            JSON.parse(text);
          } catch (error) {
            problems.push(`${name} is not JSON: ${(error as Error).message}`);
          }
        } else problems.push(...inspectTypeScript(name, text));
      }
    }
  } else if (code === 2) {
    const lines = stderr.replace(/\n$/, '').split('\n');
    const [first, ...rest] = lines.filter((l) => !l.startsWith('pwpkit: warning: '));
    if (!first?.startsWith('pwpkit: ')) problems.push(`exit 2 without a "pwpkit: " message: ${stderr.slice(0, 300)}`);
    else {
      if (!first.includes(dir)) problems.push(`the message names no file of the case: ${first.slice(0, 300)}`);
      if (!LOCATED.test(first) && !FILE_LEVEL.test(first) && rest.length === 0)
        problems.push(`the message locates nothing (no line, no pointer): ${first.slice(0, 300)}`);
      // One message: its first line, then (several defects) one indented, located line per defect.
      for (const line of rest)
        if (!/^ {2}\S/.test(line) || !LOCATED.test(line))
          problems.push(`a line of the message is not one located defect: ${JSON.stringify(line.slice(0, 200))}`);
    }
    if (existsSync(join(out, api))) problems.push(`exit 2 but ${out}/${api} was written`);
  } else problems.push(`exit ${code}: ${stderr.slice(0, 300)}`);
  if (existsSync(out)) {
    const leftovers = (await readdir(out)).filter((n) => n.startsWith('.pwpkit-'));
    if (leftovers.length > 0) problems.push(`leftovers in ${out}: ${leftovers.join(', ')}`);
  }
  return problems;
}

describe(`fuzz: hostile specs at generate (seed ${FUZZ_SEED})`, () => {
  it(`${CASES} mutated specs in-process (deadline ${DEADLINE_MS / 1000} s each): ` +
    'exit 0 with complete, inert output or exit 2 with a located message; bounded memory', async () => {
    const failures: string[] = [];
    const rss: number[] = [];
    const exits = { ok: 0, refused: 0 };
    for (let n = 0; n < CASES; n++) {
      const { file, ops } = await makeCase(n, 'spec');
      const out = join(dir, `out-${n}`);
      const outcome = await worker.run({ kind: 'main', argv: ['generate', '--spec', file, '--out', out] }, DEADLINE_MS);
      const problems = await judge(outcome, file, out);
      if (outcome.kind === 'done') {
        rss.push(outcome.result.rss);
        if (outcome.result.code === 0) exits.ok++;
        else exits.refused++;
      }
      if (process.env.FUZZ_VERBOSE) {
        const how =
          outcome.kind === 'done'
            ? `exit ${outcome.result.code} ${Math.round(outcome.ms)} ms ` +
              outcome.result.stderr.split('\n')[0].replace(dir, '<dir>').slice(0, 240)
            : outcome.kind;
        console.info(`case ${n} [${ops.join('; ')}] → ${how}`);
      }
      if (problems.length > 0) failures.push(`case ${n} [${ops.join('; ')}]:\n    ${problems.join('\n    ')}`);
      await rm(out, { recursive: true, force: true });
      if (problems.length === 0) await rm(file, { force: true });
    }
    const warm = rss[Math.min(2, rss.length - 1)] ?? 0;
    const growth = Math.max(...rss.slice(3)) - warm;
    console.info(
      `fuzz generate: ${CASES} cases, ${exits.ok} generated, ${exits.refused} refused, ${failures.length} failed; ` +
        `worker RSS ${mb(warm)} → max ${mb(Math.max(...rss))}; ${worker.starts} worker start(s)`,
    );
    expect(failures, failures.join('\n')).toEqual([]);
    expect(growth, `worker RSS grew by ${mb(growth)}`).toBeLessThan(MAX_RSS_GROWTH);
  }, 600_000);

  it(`${CLI_CASES} mutated specs through the real CLI (bin/pwpkit.js), the same judgement`, async () => {
    const compiled = existsSync(join(ROOT, 'dist/cli/main.js'));
    const failures: string[] = [];
    for (let n = 0; n < CLI_CASES; n++) {
      const { file, ops } = await makeCase(n, 'cli');
      const out = join(dir, `cli-out-${n}`);
      const run = compiled
        ? await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
            execFile(
              process.execPath,
              ['--max-old-space-size=768', join(ROOT, 'bin/pwpkit.js'), 'generate', '--spec', file, '--out', out],
              { cwd: ROOT, timeout: DEADLINE_MS, killSignal: 'SIGKILL', maxBuffer: 4 << 20 },
              (error, _stdout, stderr) => {
                const e = error as (Error & { code?: number; signal?: string }) | null;
                resolve({
                  code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
                  signal: e?.signal ?? null,
                  stderr,
                });
              },
            );
          })
        : await runCli(['generate', '--spec', file, '--out', out], { heapMb: 768 });
      const problems = run.signal
        ? [`killed by ${run.signal} (deadline ${DEADLINE_MS} ms): ${run.stderr.slice(0, 500)}`]
        : await judgeExit(run.code, run.stderr, file, out);
      if (problems.length > 0) failures.push(`cli case ${n} [${ops.join('; ')}]:\n    ${problems.join('\n    ')}`);
      await rm(out, { recursive: true, force: true });
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
