import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
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
afterEach(() => vi.restoreAllMocks());

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const minimal = (paths: string) => `swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths:\n${paths}`;

/** One refusal: exit 2, exactly one line `pwpkit: <file>…: <what>`, no stack trace, no "internal error". */
function expectOneLineRefusal(code: number, text: string, file: string, what: RegExp | string) {
  expect(code, text).toBe(2);
  expect(text).toMatch(new RegExp(`^pwpkit: ${escape(file)}[^\\n]*\\n$`));
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
function generateInChild(args: string[], cwd = root): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const script = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv.slice(1));`;
  return new Promise((done) => {
    execFile(process.execPath, ['--max-old-space-size=256', '--import', TSX, '--input-type=module', '-e', script, 'generate', ...args], { cwd, timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (error, _out, err) => {
      done({ code: error ? ((error as { code?: unknown }).code as number | null) ?? null : 0, signal: (error as { signal?: string } | null)?.signal ?? null, stderr: err });
    });
  });
}

describe('issue 12 #2: YAML alias bombs', () => {
  it('an alias bomb is refused at parse time, naming where it expands', async () => {
    const file = join(fixtures, 'alias-bomb.yaml');
    const { code, out } = await generate(file);
    expectOneLineRefusal(code, stderr, `${file}:14: #/definitions/L9/allOf`, /YAML aliases expand this to [\d,]+ nodes .*expected aliases to add at most 100000 nodes/);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('an alias inside its own anchor (a cycle) is refused with its pointer', async () => {
    const file = join(fixtures, 'alias-cycle.yaml');
    const { code } = await generate(file);
    expectOneLineRefusal(code, stderr, `${file}:8: #/definitions/Node/properties/next`, 'a YAML alias refers to a node that contains it (a cycle)');
  }, 30_000);
});

describe('issue 12 #3: file $refs are bounded', () => {
  const withRef = (ref: string) => minimal(`  /a:\n    get:\n      responses:\n        "200": { description: ok, schema: { $ref: "${ref}" } }\n`);
  const POINTER = ':7: #/paths/~1a/get/responses/200/schema: ';

  it('refuses /dev/zero, a FIFO, /etc/passwd and a symlink leading outside, without reading them or hanging', async () => {
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
    const runs = await Promise.all(cases.map(([name]) => generateInChild(['--spec', join(dir, name), '--out', join(dir, `out-${name}`)])));
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
    expectOneLineRefusal(big.code, stderr, `${join(dir, 'big-ref.yaml')}${POINTER}$ref "./big.yaml#/Foo" names ${join(dir, 'big.yaml')} of `, 'expected at most 10485760 bytes');

    stderr = '';
    await writeFile(join(dir, 'hop.yaml'), 'Foo: { $ref: "/etc/passwd" }\n');
    await writeFile(join(dir, 'two-hops.yaml'), withRef('./hop.yaml#/Foo'));
    const hops = await generate(join(dir, 'two-hops.yaml'));
    expectOneLineRefusal(hops.code, stderr, `${join(dir, 'hop.yaml')}: #/Foo: $ref "/etc/passwd" names /etc/passwd, outside `, '--allow-ref-outside');
  }, 60_000);

  it('--allow-ref-outside <dir> (repeatable) lets refs reach another folder; a missing one is refused', async () => {
    const elsewhere = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-hostile-shared-')));
    await writeFile(join(elsewhere, 'defs.yaml'), 'Foo: { type: object, properties: { shared: { type: string } } }\n');
    const file = join(dir, 'outside.yaml');
    await writeFile(file, withRef(`${join(elsewhere, 'defs.yaml')}#/Foo`));
    const refused = await generate(file);
    expectOneLineRefusal(refused.code, stderr, `${file}${POINTER}`, `outside ${dir} and ${root}: expected a file inside the spec's folder or the project (or pass --allow-ref-outside <dir>)`);

    stderr = '';
    const allowed = await generate(file, '--allow-ref-outside', join(dir, 'unrelated'), '--allow-ref-outside', elsewhere);
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
    await writeFile(join(dir, 'deep-schema.json'), `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"Deep":${deepSchema}}}`);
    const schema = await generate(join(dir, 'deep-schema.json'));
    expectOneLineRefusal(schema.code, stderr, `${join(dir, 'deep-schema.json')}:1: #/definitions/Deep/properties/a/properties/a/`, /\/…: nested deeper than 100 levels: expected at most 100 levels of objects and arrays\n$/);

    stderr = '';
    await writeFile(join(dir, 'deep-x.json'), `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"x-deep":${'{"a":'.repeat(100_000)}{}${'}'.repeat(100_000)}}`);
    const extension = await generate(join(dir, 'deep-x.json'));
    expectOneLineRefusal(extension.code, stderr, `${join(dir, 'deep-x.json')}:1: #/x-deep/a/a/a/`, 'nested deeper than 100 levels');

    stderr = '';
    await writeFile(join(dir, 'deep.yaml'), minimal('  {}\nx-deep:\n') + Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join(''));
    const yaml = await generate(join(dir, 'deep.yaml'));
    expectOneLineRefusal(yaml.code, stderr, `${join(dir, 'deep.yaml')}:`, 'nested deeper than 100 levels');
  }, 60_000);

  it('pattern: "[" names the pattern\'s pointer and line', async () => {
    const file = join(fixtures, 'bad-pattern.yaml');
    const { code, out } = await generate(file);
    expectOneLineRefusal(code, stderr, `${file}:12: #/definitions/A/properties/code/pattern: `, '"[" is not a valid regular expression (Unterminated character class): expected an ECMAScript regular expression');
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('a document that is null says so', async () => {
    const file = join(fixtures, 'null.yaml');
    const { code } = await generate(file);
    expectOneLineRefusal(code, stderr, `${file}:1: `, 'expected a Swagger/OpenAPI mapping (object) at the top level, found null');
  });

  it('--out naming a file is refused before anything is generated', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'keep me');
    const code = await main(['generate', '--spec', mini, '--out', file]);
    expectOneLineRefusal(code, stderr, file, 'is a file: expected a folder for --out');
    expect(await readFile(file, 'utf8')).toBe('keep me');
    stderr = '';
    expectOneLineRefusal(await main(['generate', '--spec', mini, '--out', join(file, 'below')]), stderr, join(file, 'below'), 'part of the path is a file');
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
    for (const leftover of ['.pwpkit-staging-deadbeef/mini', '.pwpkit-old-deadbeef-mini', '.pwpkit-staging-999999999-0badf00d/mini', '.pwpkit-old-999999999-0badf00d-mini', '.pwpkit-old-junk']) {
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

  it("a leftover of a live run is left alone", async () => {
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
    const [before, after] = minimal('  /a:\n    get:\n      summary: "Caf? menu"\n      responses:\n        "200": { description: ok }\n').split('?');
    await writeFile(file, Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]));
    const { code } = await generate(file);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe(`pwpkit: warning: ${file}:6: bytes that are not UTF-8, read as U+FFFD: expected UTF-8 text\n`);
  }, 30_000);
});
