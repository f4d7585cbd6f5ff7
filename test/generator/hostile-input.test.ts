import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { runGenerate } from '../../generator/generate-command.ts';
import { writeGenerated } from '../../generator/write-output.ts';

/**
 * Issue 12, generate: hostile specs are refused with one located line (exit 2) and nothing
 * written, or, for what is only suspicious, generated with a warning. Cases that hung, read
 * devices or ran out of memory run in a child process with a deadline and a heap cap, so a
 * regression fails the test instead of taking the test runner down.
 */

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures/hostile');
const mini = join(import.meta.dirname, 'fixtures/mini.swagger.yaml');

let dir: string;
let stderr: string;
let stdout: string;

beforeEach(async () => {
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-hostile-')));
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    stdout += `${String(line)}\n`;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const minimal = (paths: string) => `swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths:\n${paths}`;

/** One refusal: exit 2, exactly one line `pwpkit: <file>…: <what>`, no stack trace, no "internal error". */
function expectOneLineRefusal(code: number, text: string, file: string, what: RegExp | string) {
  expect(code, text).toBe(2);
  expect(text).toMatch(new RegExp(`^pwpkit: ${escapeRegex(file)}[^\\n]*\\n$`));
  if (typeof what === 'string') expect(text).toContain(what);
  else expect(text).toMatch(what);
  expect(text).not.toContain('internal error');
  expect(text).not.toMatch(/\n\s+at /);
}

async function generate(spec: string, ...flags: string[]) {
  const out = join(dir, 'out');
  const code = await main(['generate', '--spec', spec, '--out', out, ...flags]);
  return { code, out };
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const MAIN = pathToFileURL(join(root, 'cli/main.ts')).href;

/** `pwpkit generate` from the sources in a child process: a 256 MB heap and a 60 s deadline. */
function generateInChild(
  args: string[],
  cwd = root,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const script =
    `const { main } = await import(${JSON.stringify(MAIN)}); ` +
    'process.exitCode = await main(process.argv.slice(1));';
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--max-old-space-size=256', '--import', TSX, '--input-type=module', '-e', script, 'generate', ...args],
      { cwd, timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
      (error, _out, err) => {
        done({
          code: error ? (((error as { code?: unknown }).code as number | null) ?? null) : 0,
          signal: (error as { signal?: string } | null)?.signal ?? null,
          stderr: err,
        });
      },
    );
  });
}

describe('issue 12 #2: YAML alias bombs', () => {
  it('an alias bomb is refused at parse time, naming where it expands', async () => {
    const file = join(fixtures, 'alias-bomb.yaml');
    const { code, out } = await generate(file);
    expectOneLineRefusal(
      code,
      stderr,
      `${file}:14: #/definitions/L9/allOf`,
      /YAML aliases expand this to [\d,]+ nodes .*expected aliases to add at most 100000 nodes/,
    );
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('an alias inside its own anchor (a cycle) is refused with its pointer', async () => {
    const file = join(fixtures, 'alias-cycle.yaml');
    const { code } = await generate(file);
    expectOneLineRefusal(
      code,
      stderr,
      `${file}:8: #/definitions/Node/properties/next`,
      'a YAML alias refers to a node that contains it (a cycle)',
    );
  }, 30_000);
});

describe('issue 12 #3: file $refs are bounded', () => {
  const withRef = (ref: string) =>
    minimal(`  /a:\n    get:\n      responses:\n        "200": { description: ok, schema: { $ref: "${ref}" } }\n`);
  const POINTER = ':7: #/paths/~1a/get/responses/200/schema: ';

  it('refuses /dev/zero, a FIFO, /etc/passwd and a symlink leading outside, ' +
    'without reading them or hanging', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await symlink('/etc/passwd', join(dir, 'passwd-link.yaml'));
    const cases = [
      ['dev-zero.yaml', '/dev/zero', 'names /dev/zero, which is a character device: expected a regular file'],
      ['fifo.yaml', './pipe', `names ${join(dir, 'pipe')}, which is a named pipe (FIFO): expected a regular file`],
      ['passwd.yaml', '/etc/passwd#/x', 'names /etc/passwd, outside '],
      ['link.yaml', './passwd-link.yaml', `names ${join(dir, 'passwd-link.yaml')} (/etc/passwd), outside `],
    ] as const;
    for (const [name, ref] of cases) await writeFile(join(dir, name), withRef(ref));
    const runs = await Promise.all(
      cases.map(([name]) => generateInChild(['--spec', join(dir, name), '--out', join(dir, `out-${name}`)])),
    );
    cases.forEach(([name, ref, what], i) => {
      expect(runs[i].signal, `${name} was killed at the deadline`).toBeNull();
      expectOneLineRefusal(runs[i].code ?? -1, runs[i].stderr, `${join(dir, name)}${POINTER}$ref "${ref}" `, what);
      expect(existsSync(join(dir, `out-${name}`)), name).toBe(false);
    });
    expect(runs[2].stderr).toContain('--allow-ref-outside');
  }, 120_000);

  it('refuses a referenced file over the size cap, and follows refs inside referenced files', async () => {
    await writeFile(join(dir, 'big.yaml'), `Foo: { type: string }\n${'#'.repeat(10 * 1024 * 1024)}\n`);
    await writeFile(join(dir, 'big-ref.yaml'), withRef('./big.yaml#/Foo'));
    const big = await generate(join(dir, 'big-ref.yaml'));
    expectOneLineRefusal(
      big.code,
      stderr,
      `${join(dir, 'big-ref.yaml')}${POINTER}$ref "./big.yaml#/Foo" names ${join(dir, 'big.yaml')} of `,
      'expected at most 10485760 bytes',
    );

    stderr = '';
    await writeFile(join(dir, 'hop.yaml'), 'Foo: { $ref: "/etc/passwd" }\n');
    await writeFile(join(dir, 'two-hops.yaml'), withRef('./hop.yaml#/Foo'));
    const hops = await generate(join(dir, 'two-hops.yaml'));
    expectOneLineRefusal(
      hops.code,
      stderr,
      `${join(dir, 'hop.yaml')}: #/Foo: $ref "/etc/passwd" names /etc/passwd, outside `,
      '--allow-ref-outside',
    );
  }, 60_000);

  it('--allow-ref-outside <dir> (repeatable) lets refs reach another folder; a missing one is refused', async () => {
    const elsewhere = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-hostile-shared-')));
    await writeFile(join(elsewhere, 'defs.yaml'), 'Foo: { type: object, properties: { shared: { type: string } } }\n');
    const file = join(dir, 'outside.yaml');
    await writeFile(file, withRef(`${join(elsewhere, 'defs.yaml')}#/Foo`));
    const refused = await generate(file);
    expectOneLineRefusal(
      refused.code,
      stderr,
      `${file}${POINTER}`,
      `outside ${dir} and ${root}: expected a file inside the spec's folder or the project ` +
        '(or pass --allow-ref-outside <dir>)',
    );

    stderr = '';
    const allowed = await generate(
      file,
      '--allow-ref-outside',
      join(dir, 'unrelated'),
      '--allow-ref-outside',
      elsewhere,
    );
    expectOneLineRefusal(allowed.code, stderr, `--allow-ref-outside ${join(dir, 'unrelated')}`, 'no such folder');

    stderr = '';
    await mkdir(join(dir, 'unrelated'));
    const ok = await generate(file, '--allow-ref-outside', join(dir, 'unrelated'), '--allow-ref-outside', elsewhere);
    expect(ok.code, stderr).toBe(0);
    expect(await readFile(join(ok.out, 'outside', 'types.ts'), 'utf8')).toContain('shared?: string');
  }, 60_000);
});

describe('issue 12 #4: located, specific messages instead of "internal error"', () => {
  it('a 10,000-level schema and a 100,000-level x- extension are refused at their pointer', async () => {
    const deepSchema = '{"type":"object","properties":{"a":'.repeat(10_000) + '{"type":"string"}' + '}}'.repeat(10_000);
    await writeFile(
      join(dir, 'deep-schema.json'),
      `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"Deep":${deepSchema}}}`,
    );
    const schema = await generate(join(dir, 'deep-schema.json'));
    expectOneLineRefusal(
      schema.code,
      stderr,
      `${join(dir, 'deep-schema.json')}:1: #/definitions/Deep/properties/a/properties/a/`,
      /\/…: nested deeper than 100 levels: expected at most 100 levels of objects and arrays\n$/,
    );

    stderr = '';
    await writeFile(
      join(dir, 'deep-x.json'),
      '{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},' +
        `"x-deep":${'{"a":'.repeat(100_000)}{}${'}'.repeat(100_000)}}`,
    );
    const extension = await generate(join(dir, 'deep-x.json'));
    expectOneLineRefusal(
      extension.code,
      stderr,
      `${join(dir, 'deep-x.json')}:1: #/x-deep/a/a/a/`,
      'nested deeper than 100 levels',
    );

    stderr = '';
    await writeFile(
      join(dir, 'deep.yaml'),
      minimal('  {}\nx-deep:\n') + Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join(''),
    );
    const yaml = await generate(join(dir, 'deep.yaml'));
    expectOneLineRefusal(yaml.code, stderr, `${join(dir, 'deep.yaml')}:`, 'nested deeper than 100 levels');
  }, 60_000);

  it('pattern: "[" names the pattern\'s pointer and line', async () => {
    const file = join(fixtures, 'bad-pattern.yaml');
    const { code, out } = await generate(file);
    expectOneLineRefusal(
      code,
      stderr,
      `${file}:12: #/definitions/A/properties/code/pattern: `,
      '"[" is not a valid regular expression (Unterminated character class): expected an ECMAScript regular expression',
    );
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('a document that is null says so', async () => {
    const file = join(fixtures, 'null.yaml');
    const { code } = await generate(file);
    expectOneLineRefusal(
      code,
      stderr,
      `${file}:1: `,
      'expected a Swagger/OpenAPI mapping (object) at the top level, found null',
    );
  });

  it('--out naming a file is refused before anything is generated', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'keep me');
    const code = await main(['generate', '--spec', mini, '--out', file]);
    expectOneLineRefusal(code, stderr, file, 'is a file: expected a folder for --out');
    expect(await readFile(file, 'utf8')).toBe('keep me');
    stderr = '';
    expectOneLineRefusal(
      await main(['generate', '--spec', mini, '--out', join(file, 'below')]),
      stderr,
      join(file, 'below'),
      'part of the path is a file',
    );
  });

  it('--out "" is refused, and nothing is written to the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pwpkit-hostile-cwd-'));
    const run = await generateInChild(['--spec', mini, '--out', ''], cwd);
    expectOneLineRefusal(run.code ?? -1, run.stderr, '--out ""', 'expected a folder path, found an empty string');
    expect(await readdir(cwd)).toEqual([]);
  }, 60_000);
});

describe('issue 12 #5: an interrupted generate is settled by the next one', () => {
  const api = (apiName: string, text: string) => ({ apiName, files: new Map([['types.ts', text]]) });

  it('leftover staging and old folders (dead or unknown owner) are removed by the next run', async () => {
    const out = join(dir, 'out');
    for (const leftover of [
      '.pwpkit-staging-deadbeef/mini',
      '.pwpkit-old-deadbeef-mini',
      '.pwpkit-staging-999999999-0badf00d/mini',
      '.pwpkit-old-999999999-0badf00d-mini',
      '.pwpkit-old-junk',
    ]) {
      await mkdir(join(out, leftover), { recursive: true });
      await writeFile(join(out, leftover, 'types.ts'), 'leftover');
    }
    // Owned by a live process (this one) but abandoned long ago: also removed.
    await mkdir(join(out, `.pwpkit-staging-${process.pid}-12345678`));
    await utimes(join(out, `.pwpkit-staging-${process.pid}-12345678`), new Date(0), new Date(0));
    await mkdir(join(out, 'mini'));
    await writeFile(join(out, 'mini', 'types.ts'), 'previous');
    const code = await main(['generate', '--spec', mini, '--out', out]);
    expect(code, stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['mini']);
    expect(await readFile(join(out, 'mini', 'types.ts'), 'utf8')).toContain('export interface paths');
    expect(stdout).toContain('removed the leftovers of an interrupted generate');
  }, 30_000);

  it('a leftover of a live run is left alone', async () => {
    const out = join(dir, 'out');
    const live = `.pwpkit-staging-${process.pid}-abcdef01`;
    await mkdir(join(out, live), { recursive: true });
    await writeGenerated(out, [api('one', 'new')]);
    expect((await readdir(out)).sort()).toEqual([live, 'one']);
  });

  it('a run killed while moving incomplete staging restores the previous output', async () => {
    const out = join(dir, 'out');
    // The old writer's order: one API moved aside, the run killed before its new folder moved in.
    await mkdir(join(out, '.pwpkit-old-999999999-0badf00d-one'), { recursive: true });
    await writeFile(join(out, '.pwpkit-old-999999999-0badf00d-one', 'types.ts'), 'previous one');
    await mkdir(join(out, '.pwpkit-staging-999999999-0badf00d', 'one'), { recursive: true });
    const notes = await writeGenerated(out, [api('other', 'x')]);
    expect((await readdir(out)).sort()).toEqual(['one', 'other']);
    expect(await readFile(join(out, 'one', 'types.ts'), 'utf8')).toBe('previous one');
    expect(notes).toEqual(['removed the leftovers of an interrupted generate and restored the previous one']);
  });

  it('a run killed in the middle of its swap is finished: every API of that run ends up new', async () => {
    const out = join(dir, 'out');
    const id = '999999999-0badf00d';
    // Two APIs, complete staging: `one` already swapped in (its previous output aside), `two` not yet.
    await mkdir(join(out, 'one'), { recursive: true });
    await writeFile(join(out, 'one', 'types.ts'), 'new one');
    await mkdir(join(out, `.pwpkit-old-${id}-one`));
    await writeFile(join(out, `.pwpkit-old-${id}-one`, 'types.ts'), 'previous one');
    await mkdir(join(out, 'two'));
    await writeFile(join(out, 'two', 'types.ts'), 'previous two');
    await mkdir(join(out, `.pwpkit-staging-${id}`, 'two'), { recursive: true });
    await writeFile(join(out, `.pwpkit-staging-${id}`, 'two', 'types.ts'), 'new two');
    await writeFile(join(out, `.pwpkit-staging-${id}`, '.pwpkit-complete.json'), JSON.stringify(['one', 'two']));
    const notes = await writeGenerated(out, [api('three', 'new three')]);
    expect((await readdir(out)).sort()).toEqual(['one', 'three', 'two']);
    expect(await readFile(join(out, 'one', 'types.ts'), 'utf8')).toBe('new one');
    expect(await readFile(join(out, 'two', 'types.ts'), 'utf8')).toBe('new two');
    expect(notes).toEqual(['finished the output swap of an interrupted generate (one, two): two moved in now']);
  });
});

describe('issue 12 #6: invalid UTF-8', () => {
  it('is generated (exit 0) with a warning on stderr naming the line', async () => {
    const file = join(dir, 'latin1.yaml');
    // Line 6 holds "Café" in Latin-1: a lone 0xE9 byte.
    const [before, after] = minimal(
      '  /a:\n    get:\n      summary: "Caf? menu"\n      responses:\n        "200": { description: ok }\n',
    ).split('?');
    await writeFile(file, Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]));
    const { code } = await generate(file);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe(`pwpkit: warning: ${file}:6: bytes that are not UTF-8, read as U+FFFD: expected UTF-8 text\n`);
  }, 30_000);
});

describe('issue 12 #1: spec text never becomes code', () => {
  // Each piece tries to leave one context (block comment, double/single-quoted string, template,
  // line comment, <script>) and run `globalThis.__pwpkitHostile.push(<id>)`.
  const run = (id: string) => `globalThis.__pwpkitHostile?.push("${id}")`;
  const HOSTILE = [
    `*/ ${run('c1')}; /*`,
    `"; ${run('s1')}; "`,
    `'; ${run('s2')}; '`,
    `\`; ${run('t1')}; \``,
    `\${${run('t2')}}`,
    `\n${run('n1')};\n`,
    `\r${run('n2')};`,
    `\u2028${run('n3')};\u2029${run('n4')};`,
    `</script><script>${run('h1')}</script>`,
    '\\',
    '\u0000',
  ].join(' ');
  /** The same without line breaks or `|`: fits a markdown table cell. */
  const ONE_LINE = HOSTILE.replace(/[\n\r|]/g, ' ');
  const PAYLOAD_IDENTIFIERS = new Set(['__pwpkitHostile', 'writeFileSync', 'listX']);

  function hostileSpec(marker: string) {
    // The issue's reproduction: a path that closed the client's JSDoc and imported node:fs.
    const issuePath =
      '/x*/ listX(i?:any,o?:any):any; } ; ' +
      `import("node:fs").then(f=>f.writeFileSync(${JSON.stringify(marker)},"owned")); interface Z { /*`;
    const otherPath = `/y${ONE_LINE.replace(/[{}]/g, '')}`;
    const errorRow = { type: HOSTILE, code: HOSTILE, details: HOSTILE };
    const spec = {
      swagger: '2.0',
      info: { title: `T${HOSTILE}`, version: `1${HOSTILE}`, description: HOSTILE },
      basePath: '/api',
      paths: {
        [issuePath]: {
          get: {
            summary: issuePath,
            description: HOSTILE,
            operationId: `op${HOSTILE}`,
            responses: { 200: { description: HOSTILE, schema: { $ref: '#/definitions/Evil' } } },
          },
        },
        [otherPath]: {
          post: {
            summary: HOSTILE,
            parameters: [
              {
                name: `X-H${ONE_LINE}`,
                in: 'header',
                type: 'string',
                required: true,
                description: HOSTILE,
                enum: [HOSTILE],
              },
              { name: `q${HOSTILE}`, in: 'query', type: 'string', pattern: `^[^\`'"]*$`, description: HOSTILE },
              { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Evil' } },
            ],
            responses: {
              200: { description: HOSTILE, schema: { $ref: '#/definitions/Evil' } },
              // An error-code table in prose (lifted by the normalizer) and one given as data.
              400: {
                description:
                  '| Type | Code | Details |\n|---|---|---|\n' + `| invalid${ONE_LINE} | badThing | ${ONE_LINE} |\n`,
                schema: { $ref: '#/definitions/Evil' },
              },
              500: { description: 'outage', 'x-error-codes': [errorRow] },
            },
          },
        },
      },
      definitions: {
        [`D${ONE_LINE}`]: {
          type: 'object',
          description: HOSTILE,
          properties: { [`p${HOSTILE}`]: { type: 'integer' } },
        },
        Evil: {
          type: 'object',
          description: HOSTILE,
          required: [`p${HOSTILE}`],
          properties: {
            [`p${HOSTILE}`]: {
              type: 'string',
              description: HOSTILE,
              enum: [HOSTILE, `e${HOSTILE}`],
              example: HOSTILE,
              default: HOSTILE,
            },
            [`r${ONE_LINE}`]: {
              type: 'string',
              pattern: `^(?:[*/\`'"$]|${ONE_LINE.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')})*$`,
              title: HOSTILE,
            },
          },
        },
      },
    };
    return { spec, issuePath, otherPath, errorRow };
  }

  it('a spec of comment, string and template breakers generates files that type-check, run nothing when imported, ' +
    'and keep every string intact', async () => {
    const marker = join(dir, 'PWNED');
    const { spec, issuePath, otherPath, errorRow } = hostileSpec(marker);
    const file = join(dir, 'hostile.json');
    await writeFile(file, JSON.stringify(spec, null, 2));
    const out = join(dir, 'out');
    expect(await main(['generate', '--spec', file, '--out', out]), stderr).toBe(0);

    // Nothing from the payloads is code: no generated file has one of their identifiers outside a string or comment.
    for (const name of await readdir(join(out, 'hostile'))) {
      if (!name.endsWith('.ts')) continue;
      const source = ts.createSourceFile(
        name,
        await readFile(join(out, 'hostile', name), 'utf8'),
        ts.ScriptTarget.ES2022,
        true,
      );
      const found: string[] = [];
      const visit = (node: ts.Node) => {
        if (ts.isIdentifier(node) && PAYLOAD_IDENTIFIERS.has(node.text)) found.push(node.text);
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(found, name).toEqual([]);
      expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, name).toEqual([]);
    }

    // tsc (NodeNext, emitting JavaScript) accepts every file, as a user's project compiles them.
    await mkdir(join(out, 'node_modules'));
    for (const dep of [
      '@pwpkit',
      'ajv',
      'ajv-formats',
      'fast-deep-equal',
      'json-schema-traverse',
      'fast-uri',
      'require-from-string',
      'typescript',
      '@types',
    ])
      await symlink(join(root, 'node_modules', dep), join(out, 'node_modules', dep));
    await writeFile(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          rootDir: '.',
          outDir: 'dist',
          skipLibCheck: true,
          types: ['node'],
          lib: ['ES2023', 'DOM'],
        },
        include: ['*/*.ts'],
      }),
    );
    const tsc = await new Promise<string>((done) =>
      execFile(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')],
        { maxBuffer: 1 << 24, timeout: 60_000 },
        (_e, o, e) => done(`${o}${e}`),
      ),
    );
    expect(tsc).toBe('');

    // Plain Node imports every compiled module, builds the client and validates with the tables: nothing runs.
    const script = `
      globalThis.__pwpkitHostile = [];
      const dir = process.argv[1], input = JSON.parse(process.argv[2]);
      const m = {};
      for (const name of ['types', 'operations', 'errors', 'validators', 'client']) {
        m[name] = await import(dir + '/' + name + '.js');
      }
      const factory = Object.keys(m.client).find((k) => k.startsWith('create'));
      const client = m.client[factory]({ baseUrl: 'http://127.0.0.1:9', token: 't' });
      const post = Object.entries(m.operations.operations).find(([, op]) => op.method === 'post')[0];
      const body = m.validators.validators[post].body;
      const verdicts = input.bodies.map((b) => body(b));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the issue's payload ran asynchronously
      process.stdout.write(JSON.stringify({
        hostile: globalThis.__pwpkitHostile,
        api: m.operations.api,
        operations: m.operations.operations,
        errorCatalog: m.errors.errorCatalog,
        methods: Object.keys(client),
        verdicts,
      }));
    `;
    const bodies = [
      { [`p${HOSTILE}`]: HOSTILE, [`r${ONE_LINE}`]: `*/\`'"$${ONE_LINE}` },
      { [`p${HOSTILE}`]: 'not in the enum' },
      { [`p${HOSTILE}`]: HOSTILE, [`r${ONE_LINE}`]: 'x' },
    ];
    const child = await new Promise<{ stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          script,
          pathToFileURL(join(out, 'dist', 'hostile')).href,
          JSON.stringify({ bodies }),
        ],
        { cwd: out, maxBuffer: 1 << 24, timeout: 60_000 },
        (_e, o, e) => done({ stdout: o, stderr: e }),
      ),
    );
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as {
      hostile: string[];
      api: { title: string; version: string };
      operations: Record<
        string,
        {
          method: string;
          path: string;
          summary?: string;
          operationId?: string;
          headers: Array<{ name: string }>;
          queryParams: Array<{ name: string }>;
        }
      >;
      errorCatalog: Record<string, Record<string, unknown[]>>;
      methods: string[];
      verdicts: boolean[];
    };
    expect(result.hostile).toEqual([]);
    expect(existsSync(marker)).toBe(false);

    // Every string reached the tables exactly as the spec wrote it.
    expect(result.api).toMatchObject({ title: `T${HOSTILE}`, version: `1${HOSTILE}`, basePath: '/api' });
    const [get, post] = Object.values(result.operations);
    expect(get).toMatchObject({ method: 'get', path: issuePath, summary: issuePath, operationId: `op${HOSTILE}` });
    expect(post).toMatchObject({ method: 'post', path: otherPath, summary: HOSTILE });
    expect(post.headers.map((h) => h.name)).toContain(`X-H${ONE_LINE}`);
    expect(post.queryParams.map((q) => q.name)).toEqual([`q${HOSTILE}`]);
    expect(result.methods).toEqual(Object.keys(result.operations));
    const catalog = Object.values(result.errorCatalog).find((c) => c['500']);
    expect(catalog?.['500']).toEqual([errorRow]);
    expect(catalog?.['400']).toEqual([
      { type: `invalid${ONE_LINE}`.toLowerCase(), code: 'badThing', details: ONE_LINE.trim() },
    ]);
    // Property names, enum values and the pattern work in the compiled validators.
    expect(result.verdicts).toEqual([true, false, false]);
  }, 180_000);
});

describe('generate never deletes what it did not write', () => {
  it('keeps a foreign file in an API output folder and warns about it; replaces what it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-foreign-'));
    try {
      const out = join(dir, 'out');
      const lines: string[] = [];
      const options = {
        specs: [join(root, 'spec/pay-with-points.swagger.yaml')],
        out,
        log: (line: string) => lines.push(line),
      };
      expect(await runGenerate(options)).toBe(0);
      writeFileSync(join(out, 'pay-with-points/notes.md'), 'mine');
      writeFileSync(join(out, 'pay-with-points/validators.js'), '// an older pwpkit wrote this');
      expect(await runGenerate(options)).toBe(0);
      expect(readFileSync(join(out, 'pay-with-points/notes.md'), 'utf8')).toBe('mine');
      expect(existsSync(join(out, 'pay-with-points/validators.js'))).toBe(false);
      expect(lines.join('\n')).toMatch(/warning: kept .*notes\.md: pwpkit did not write it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
