import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';

let dir: string;
let stderr: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pwpkit-bad-'));
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const minimal = (extra: string) => `swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths:\n${extra}`;

async function generate(name: string, text: string | undefined, ...flags: string[]) {
  const file = join(dir, name);
  if (text !== undefined) await writeFile(file, text);
  const out = join(dir, 'out');
  const code = await main(['generate', '--spec', file, '--out', out, ...flags]);
  return { code, file, out };
}

describe('generate refuses bad input with one clear message and exit code 2', () => {
  it('missing file', async () => {
    const { code, file } = await generate('nope.yaml', undefined);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: no such file`);
  });

  it('YAML syntax error names line and column', async () => {
    const { code, file } = await generate('broken.yaml', 'swagger: "2.0"\ninfo:\n  title: [unclosed\n  version: 1\n');
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error`));
  });

  it('JSON syntax error names line and column', async () => {
    const { code } = await generate('broken.json', '{\n  "swagger": "2.0",\n  "info": {\n}}}');
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.json:\d+:\d+: JSON syntax error/);
  });

  it('invalid Swagger names the JSON pointer and the line', async () => {
    const { code } = await generate(
      'invalid.yaml',
      minimal('  /a:\n    get:\n      responses:\n        "200": { description: ok }\n      bogus: 1\n'),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid\.yaml:5 #\/paths\/~1a\/get: must NOT have additional properties \("bogus"\)/);
  });

  it('a malformed x-pwpkit-client-credentials names its pointer and line, and nothing is written', async () => {
    const { code, out } = await generate(
      'grant.yaml',
      `x-pwpkit-client-credentials: { tokenUrl: 7 }\n${minimal('  /a:\n    get:\n      responses:\n        "200": { description: ok }\n')}`,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/grant\.yaml:1: #\/x-pwpkit-client-credentials\/tokenUrl: expected the token URL/);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('unresolvable $ref lists every one with its pointer, and --lenient types them as unknown', async () => {
    const text = minimal(
      '  /a:\n    get:\n      responses:\n' +
        '        "200": { description: ok, schema: { $ref: "#/definitions/Gone" } }\n' +
        '        "201": { description: ok, schema: { $ref: "#/definitions/Lost" } }\n',
    );
    const { code } = await generate('dangling.yaml', text);
    expect(code).toBe(2);
    expect(stderr).toContain('#/paths/~1a/get/responses/200/schema: $ref "#/definitions/Gone" points to nothing');
    expect(stderr).toContain('#/paths/~1a/get/responses/201/schema: $ref "#/definitions/Lost" points to nothing');
    expect(stderr).toContain('--lenient');
    const lenient = await generate('dangling.yaml', text, '--lenient');
    expect(lenient.code).toBe(0);
    const report = JSON.parse(await readFile(join(lenient.out, 'dangling', 'normalization.json'), 'utf8'));
    expect(report.changes.filter((c: { rule: string }) => c.rule === 'lenient-dangling-ref')).toHaveLength(2);
  });

  it('circular $ref alias', async () => {
    const { code } = await generate(
      'circular.yaml',
      minimal('  {}\ndefinitions:\n  A: { $ref: "#/definitions/B" }\n  B: { $ref: "#/definitions/A" }\n'),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('is a circular alias');
  });

  it('remote $ref is refused without --allow-remote-refs and nothing is fetched', async () => {
    const { code } = await generate(
      'remote.yaml',
      minimal(
        '  /a:\n    get:\n      responses:\n' +
          '        "200": { description: ok, schema: { $ref: "https://example.invalid/schema.json" } }\n',
      ),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('remote $ref "https://example.invalid/schema.json"');
    expect(stderr).toContain('--allow-remote-refs');
  });

  it('a $ref to a local file is bundled in; a missing or broken one is named with its reason', async () => {
    const withRef = (target: string) =>
      minimal(`  /a:\n    get:\n      responses:\n        "200": { description: ok, schema: { $ref: "${target}" } }\n`);
    await writeFile(join(dir, 'defs.yaml'), 'Foo: { type: object, properties: { shared: { type: string } } }\n');
    const bundled = await generate('uses-file.yaml', withRef('./defs.yaml#/Foo'));
    expect(bundled.code, stderr).toBe(0);
    expect(await readFile(join(bundled.out, 'uses-file', 'types.ts'), 'utf8')).toContain('shared?: string');

    await writeFile(join(dir, 'broken-defs.yaml'), 'Foo: [unclosed\n');
    // Named where the $ref is (file, line, pointer), in one line (found by test/fuzz/generate.test.ts).
    for (const [name, target, reason] of [
      ['missing-file.yaml', './nope.yaml#/Foo', /nope\.yaml, which does not exist: expected a file\n$/],
      [
        'broken-file.yaml',
        './broken-defs.yaml#/Foo',
        /broken-defs\.yaml, which is not valid JSON or YAML \(.+\): expected a JSON or YAML document\n$/,
      ],
    ] as const) {
      stderr = '';
      const { code, file } = await generate(name, withRef(target));
      expect(code, name).toBe(2);
      expect(stderr).toContain(
        `pwpkit: ${file}:7: #/paths/~1a/get/responses/200/schema: ` +
          `$ref "${target}" names ${join(dir, target.replace(/#.*/, ''))}, which `,
      );
      expect(stderr).toMatch(reason);
      expect(stderr).not.toContain('internal error');
    }
  });

  it('not a Swagger/OpenAPI document', async () => {
    const { code } = await generate('other.yaml', 'hello: world\n');
    expect(code).toBe(2);
    expect(stderr).toContain('not a Swagger/OpenAPI document');
  });

  it('a failure leaves earlier output untouched and no staging folder behind', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'keep'), { recursive: true });
    await writeFile(join(out, 'keep', 'types.ts'), 'previous output');
    const file = join(dir, 'keep.yaml');
    await writeFile(
      file,
      minimal(
        '  /a:\n    get:\n      responses:\n' +
          '        "200": { description: ok, schema: { $ref: "#/definitions/Gone" } }\n',
      ),
    );
    expect(await main(['generate', '--spec', file, '--out', out])).toBe(2);
    expect(await readFile(join(out, 'keep', 'types.ts'), 'utf8')).toBe('previous output');
    expect((await readdir(out)).sort()).toEqual(['keep']);
  });

  it('never prints a stack trace', async () => {
    await generate('broken.yaml', 'a: [');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
