import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deep, mutateText, mutateTree } from './mutate.ts';
import { caseRng, CODE_BREAKERS, count, FUZZ_SEED, type Rng } from './prng.ts';
import { FuzzWorker, type Outcome } from './worker.ts';
import { runCli } from '../verifier/cli-process.ts';

/**
 * Issue 12, fuzz: generated hostile pacts at `pwpkit pact-check`. Each case mutates a fixture pact
 * (structure, then pact-specific fields: methods, paths, statuses, headers, bodies, query, matching
 * rules with catastrophic regexes, and bytes) and checks it against both project specs in a
 * worker process with a deadline and a heap cap. Every case must end in exit 0 or 1 with a report
 * (text, JSON and JUnit all built), or exit 2 with a message whose lines each name the file and a
 * pointer: never an internal error, a stack trace, a crash or a missed deadline; bounded RSS.
 * `FUZZ_SEED` / `FUZZ_SCALE` as in generate.test.ts.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SPECS = [join(ROOT, 'spec/pay-with-points.swagger.yaml'), join(ROOT, 'spec/rewards-apac.swagger.yaml')];
const FIXTURES = [
  ...readdirSync(join(ROOT, 'test/contracts/fixtures/pact-check')).map((f) =>
    join(ROOT, 'test/contracts/fixtures/pact-check', f),
  ),
  ...(existsSync(join(ROOT, 'contracts/pacts'))
    ? readdirSync(join(ROOT, 'contracts/pacts')).map((f) => join(ROOT, 'contracts/pacts', f))
    : []),
].filter((f) => f.endsWith('.json'));
const CASES = count(80);
const MAIN_CASES = count(6);
const CLI_CASES = count(2);
const DEADLINE_MS = 45_000;
const MAX_RSS_GROWTH = 150 * 1024 * 1024;

let dir: string;
const worker = new FuzzWorker({ heapMb: 768 });
const sources = new Map<string, unknown>();

beforeAll(async () => {
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-fuzz-pacts-')));
  for (const file of FIXTURES) {
    try {
      sources.set(file, JSON.parse(await readFile(file, 'utf8')));
    } catch {
      // a pact being rewritten by the consumer tests right now: use the others
    }
  }
});
afterAll(async () => {
  await worker.close();
  await rm(dir, { recursive: true, force: true });
});

const METHODS = [
  'GET',
  'get',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'FOO',
  '',
  ' GET',
  'G\r\nET',
  'GET /x HTTP/1.1',
  'x'.repeat(10_000),
];
const PATHS = [
  '*',
  '',
  '/',
  'http://evil.example/api/v1/apac/rewards/linkage',
  '//evil.example/x',
  '/api/v1/apac/rewards/%ZZ/pointBalance',
  '/api/v1/apac/rewards/%00/pointBalance',
  '/api/v1/apac/rewards/../../../etc/passwd',
  '/api/v1/apac/rewards/linkage/',
  '/api/v1/apac/rewards/linkage?x=1#frag',
  '/api/v1/apac/rewards/👾/pointBalance',
  `/api/v1/apac/rewards/${'9'.repeat(100_000)}/pointBalance`,
  `/${'a/'.repeat(5000)}`,
  '/api/v1/apac/rewards/{rewardLinkCode}/pointBalance',
  '/api/v1/apac/rewards/\u0000/pointBalance',
  '/API/V1/APAC/REWARDS/LINKAGE',
];
const STATUSES = [0, -1, 99, 100, 199, 204, 299, 304, 418, 599, 600, 999, 1e10, 200.5, NaN, '200', '2XX', null, [], {}];
const REGEXES = ['(a+)+$', '^(\\w+\\s?)*$', '([a-zA-Z]+)*[0-9]', '[', '(?<', '\\', '.*'.repeat(50), '(.*a){25}'];

function oddHeaderValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => `Bearer ${'a'.repeat(rng.int(1, 100_000))}`,
    () => 'x\r\nSet-Cookie: injected=1',
    () => 'x\nX-Injected: 1',
    () => '\u0000',
    () => ['a', 'b', 'c'],
    () => [],
    () => [1, null, {}],
    () => ({ nested: { deeper: true } }),
    () => 42,
    () => null,
    () => rng.pick(CODE_BREAKERS),
    () => 'application/json; charset=utf-16',
    () => 'multipart/form-data; boundary=',
    () => 'text/html',
    () => '👾',
  ])();
}

function oddBody(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => '{"unterminated": ',
    () => 'not json at all',
    () => '',
    () => null,
    () => 0,
    () => [],
    () => deep(rng.pick([50, 500, 2000]), 'x', rng),
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
    () => JSON.parse('{"__proto__":{"polluted":1}}'),
    () => 'é'.repeat(rng.int(1000, 1_000_000)),
    () => ({ type: 'error', code: rng.pick(CODE_BREAKERS), details: rng.pick(CODE_BREAKERS) }),
    () => ({ content: '!!!not base64!!!', contentType: 'application/json', encoded: 'base64' }),
    () => ({
      content: Buffer.from('{"type":"error"}').toString('base64'),
      contentType: 'application/json',
      encoded: 'base64',
    }),
    () => ({ content: '{"bad json', contentType: 'application/json', encoded: false }),
    () => ({ content: { a: 1 }, contentType: 'text/plain; charset=bogus', encoded: 'json' }),
    () => Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
  ])();
}

/** Pact-specific mutations of interaction `i`'s request or response, in place. */
function mutatePactField(pact: Record<string, unknown>, rng: Rng): string {
  const interactions = pact.interactions;
  if (!Array.isArray(interactions) || interactions.length === 0) return 'no interactions to mutate';
  const i = rng.int(0, interactions.length - 1);
  const interaction = interactions[i] as Record<string, unknown>;
  if (typeof interaction !== 'object' || interaction === null) return `interaction ${i} is not an object`;
  const request = (interaction.request ??= {}) as Record<string, unknown>;
  const response = (interaction.response ??= {}) as Record<string, unknown>;
  if (typeof request !== 'object' || request === null || typeof response !== 'object' || response === null)
    return `interaction ${i}: request/response not objects`;
  const op = rng.int(0, 11);
  switch (op) {
    case 0:
      request.method = rng.pick(METHODS);
      return `interaction ${i}: method ${JSON.stringify(request.method).slice(0, 30)}`;
    case 1:
      request.path = rng.pick(PATHS);
      return `interaction ${i}: path ${JSON.stringify(request.path).slice(0, 60)}`;
    case 2:
      response.status = rng.pick(STATUSES);
      return `interaction ${i}: status ${JSON.stringify(response.status)}`;
    case 3: {
      const target = rng.bool() ? request : response;
      const headers = (
        typeof target.headers === 'object' && target.headers !== null ? target.headers : (target.headers = {})
      ) as Record<string, unknown>;
      const name = rng.pick([
        'Authorization',
        'content-type',
        'Content-Type',
        'accept',
        'uuid',
        'client_id',
        'X-\r\nInjected',
        '',
        '__proto__',
        'constructor',
        rng.pick(CODE_BREAKERS),
      ]);
      headers[name] = oddHeaderValue(rng);
      return `interaction ${i}: header ${JSON.stringify(name)} = ${JSON.stringify(headers[name])?.slice(0, 40)}`;
    }
    case 4:
    case 5: {
      const target = rng.bool() ? request : response;
      target.body = oddBody(rng);
      const side = target === request ? 'request' : 'response';
      return `interaction ${i}: ${side} body ${JSON.stringify(target.body)?.slice(0, 50)}`;
    }
    case 6:
      request.query = rng.pick<unknown>([
        'a=%ZZ&b',
        '&&&==',
        'x='.repeat(10_000),
        { a: 'not-an-array', b: [1, null], c: {} },
        42,
        ['a=1'],
        '%',
      ]);
      return `interaction ${i}: query ${JSON.stringify(request.query).slice(0, 40)}`;
    case 7: {
      // matching rules with catastrophic or invalid regexes, in the V2 and the V3/V4 layouts
      const regex = rng.pick(REGEXES);
      const target = rng.bool() ? request : response;
      target.matchingRules = rng.bool()
        ? {
            '$.headers.Authorization': { match: 'regex', regex },
            '$.body.code': { match: 'regex', regex },
            '$.path': { match: 'regex', regex },
          }
        : {
            header: { authorization: { matchers: [{ match: 'regex', regex }] } },
            body: {
              '$.code': {
                matchers: [
                  { match: 'regex', regex },
                  { match: 'type', min: -1 },
                ],
              },
            },
            path: { matchers: [{ match: 'regex', regex }] },
          };
      target.headers = { ...(target.headers as object), Authorization: 'a'.repeat(40) + '!' };
      return `interaction ${i}: matchingRules regex ${JSON.stringify(regex)}`;
    }
    case 8:
      interaction.providerStates = rng.pick<unknown>([
        [{ name: rng.pick(CODE_BREAKERS), params: { a: deep(100, 1, rng) } }],
        'a string',
        [null],
        [{}],
        [{ name: 42 }],
      ]);
      return `interaction ${i}: providerStates`;
    case 9:
      interaction.description = rng.pick<unknown>([rng.pick(CODE_BREAKERS), '', 42, null, 'd'.repeat(100_000)]);
      return `interaction ${i}: description`;
    case 10: {
      const n = rng.pick([200, 1000]);
      pact.interactions = Array.from({ length: n }, (_, k) => ({
        ...structuredClone(interaction),
        description: `copy ${k}`,
      }));
      return `${n} copies of interaction ${i}`;
    }
    default:
      pact.metadata = rng.pick<unknown>([
        { pactSpecification: { version: rng.pick(['1.0.0', '2.0.0', '3.0.0', '4.0', '99', '', 42]) } },
        { 'pact-specification': { version: '2.0.0' } },
        null,
        'x',
        [],
      ]);
      return `metadata ${JSON.stringify(pact.metadata)}`;
  }
}

async function makePact(n: number, prefix: string): Promise<{ file: string; ops: string[] }> {
  const rng = caseRng(prefix, n);
  const [source, original] = rng.pick([...sources]);
  const pact = structuredClone(original) as Record<string, unknown>;
  const ops = [`from ${source.slice(ROOT.length + 1)}`];
  for (let i = rng.int(1, 3); i > 0; i--) ops.push(mutatePactField(pact, rng));
  if (rng.bool(0.35))
    ops.push(mutateTree(pact as never, rng, { refs: ['#', '/etc/passwd'], maxString: 200_000, maxDepth: 1_000 }));
  let bytes: Buffer = Buffer.from(JSON.stringify(pact, null, rng.bool() ? 2 : undefined));
  if (rng.bool(0.2)) {
    const m = mutateText(bytes, 'json', rng);
    bytes = m.bytes;
    ops.push(m.label);
  }
  const file = join(dir, `${prefix}-${n}.json`);
  await writeFile(file, bytes);
  return { file, ops };
}

const STACK = /\n\s+at \S.*[(:]\d+|\bat .+\.(ts|js):\d+:\d+/;

function judgeExit(code: number | null, stdout: string, stderr: string, file: string): string[] {
  const problems: string[] = [];
  if (stderr.includes('internal error')) problems.push(`internal error: ${stderr.slice(0, 500)}`);
  if (STACK.test(stderr) || STACK.test(stdout))
    problems.push(`stack trace printed: ${(stderr || stdout).slice(0, 800)}`);
  if (code === 0 || code === 1) {
    if (stderr.trim() !== '') problems.push(`exit ${code} but stderr has: ${stderr.slice(0, 300)}`);
    if (!stdout.includes(file))
      problems.push(`exit ${code} but the report does not name the pact: ${stdout.slice(0, 300)}`);
    // Text from the pact (header names and values, descriptions, paths) cannot forge lines of the report.
    const forged = /^\s*(Set-Cookie: injected|X-Injected|Injected|globalThis\.__fuzzPwned)/m.exec(stdout);
    if (forged) problems.push(`the report has a line the pact wrote: ${JSON.stringify(forged[0])}`);
  } else if (code === 2) {
    const [first, ...rest] = stderr.replace(/\n$/, '').split('\n');
    if (!first.startsWith(`pwpkit: ${file}`))
      problems.push(`exit 2 but the message does not start with "pwpkit: <file>": ${first.slice(0, 300)}`);
    // One message: a first line, then at most one indented line per problem, each naming the file and a pointer.
    for (const line of rest)
      if (line !== '  …' && !line.startsWith(`  ${file}: /`))
        problems.push(`a line of the message is not "<file>: <pointer>: …": ${JSON.stringify(line.slice(0, 200))}`);
  } else problems.push(`exit ${code}: ${stderr.slice(0, 300)}`);
  return problems;
}

function judge(outcome: Outcome, file: string): string[] {
  if (outcome.kind === 'hang')
    return [`no answer within ${outcome.deadlineMs} ms (killed); process stderr: ${outcome.stderr.slice(0, 500)}`];
  if (outcome.kind === 'crash')
    return [`the process died (exit ${outcome.code}, signal ${outcome.signal}): ${outcome.stderr.slice(0, 800)}`];
  return judgeExit(outcome.result.code, outcome.result.stdout, outcome.result.stderr, file);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

describe(`fuzz: hostile pacts at pact-check (seed ${FUZZ_SEED})`, () => {
  it(`${CASES} mutated pacts against both project specs (deadline ${DEADLINE_MS / 1000} s each): ` +
    'a report (exit 0/1) or a located refusal (exit 2); bounded memory', async () => {
    expect(sources.size).toBeGreaterThan(10);
    const failures: string[] = [];
    const rss: number[] = [];
    const exits = [0, 0, 0];
    for (let n = 0; n < CASES; n++) {
      const { file, ops } = await makePact(n, 'pact');
      const outcome = await worker.run({ kind: 'pact', pacts: [file], specs: SPECS }, DEADLINE_MS);
      const problems = judge(outcome, file);
      if (outcome.kind === 'done') {
        rss.push(outcome.result.rss);
        exits[outcome.result.code] = (exits[outcome.result.code] ?? 0) + 1;
        if (process.env.FUZZ_VERBOSE)
          console.info(
            `case ${n} [${ops.join('; ')}] → exit ${outcome.result.code} ${Math.round(outcome.ms)} ms ` +
              (outcome.result.stderr || outcome.result.stdout).split('\n')[0].replace(dir, '<dir>').slice(0, 200),
          );
      }
      if (problems.length > 0) failures.push(`case ${n} [${ops.join('; ')}]:\n    ${problems.join('\n    ')}`);
      else await rm(file, { force: true });
    }
    const warm = rss[Math.min(2, rss.length - 1)] ?? 0;
    const growth = Math.max(...rss.slice(3)) - warm;
    console.info(
      `fuzz pact-check: ${CASES} cases, exit 0: ${exits[0]}, exit 1: ${exits[1]}, exit 2: ${exits[2]}, ` +
        `${failures.length} failed; worker RSS ${mb(warm)} → max ${mb(Math.max(...rss))}; ` +
        `${worker.starts} worker start(s)`,
    );
    expect(failures, failures.join('\n')).toEqual([]);
    expect(growth, `worker RSS grew by ${mb(growth)}`).toBeLessThan(MAX_RSS_GROWTH);
  }, 600_000);

  it(`${MAIN_CASES} through the command (main) and ${CLI_CASES} through the real CLI (bin/pwpkit.js), ` +
    'the same judgement', async () => {
    const failures: string[] = [];
    for (let n = 0; n < MAIN_CASES; n++) {
      const { file, ops } = await makePact(n, 'main');
      const outcome = await worker.run(
        {
          kind: 'main',
          argv: [
            'pact-check',
            '--spec',
            ...SPECS,
            '--json',
            join(dir, `main-${n}.report.json`),
            '--junit',
            join(dir, `main-${n}.report.xml`),
            '--',
            file,
          ],
        },
        DEADLINE_MS,
      );
      const problems = judge(outcome, file);
      if (problems.length > 0) failures.push(`main case ${n} [${ops.join('; ')}]:\n    ${problems.join('\n    ')}`);
    }
    const compiled = existsSync(join(ROOT, 'dist/cli/main.js'));
    for (let n = 0; n < CLI_CASES; n++) {
      const { file, ops } = await makePact(n, 'cli');
      const args = ['pact-check', '--spec', ...SPECS, '--', file];
      const run = compiled
        ? await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
            (resolve) => {
              execFile(
                process.execPath,
                ['--max-old-space-size=768', join(ROOT, 'bin/pwpkit.js'), ...args],
                { cwd: ROOT, timeout: DEADLINE_MS, killSignal: 'SIGKILL', maxBuffer: 64 << 20 },
                (error, stdout, stderr) => {
                  const e = error as (Error & { code?: number; signal?: string }) | null;
                  resolve({
                    code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
                    signal: e?.signal ?? null,
                    stdout,
                    stderr,
                  });
                },
              );
            },
          )
        : await runCli(args, { heapMb: 768 });
      const problems = run.signal
        ? [`killed by ${run.signal} (deadline ${DEADLINE_MS} ms)`]
        : judgeExit(run.code, run.stdout, run.stderr, file);
      if (problems.length > 0) failures.push(`cli case ${n} [${ops.join('; ')}]:\n    ${problems.join('\n    ')}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});
