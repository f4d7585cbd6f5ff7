// The README's examples run as written: the TypeScript client example against the sandbox mock
// (only its base URL points at the mock's free port), and every JSON block parses.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function codeBlocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

const work = mkdtempSync(join(tmpdir(), 'pwpkit-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('README examples', () => {
  it('every JSON block parses', () => {
    const blocks = codeBlocks('json');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(() => JSON.parse(block), block).not.toThrow();
  });

  it('the typed-client example enrols, activates and redeems against the sandbox', async () => {
    const [example] = codeBlocks('ts');
    expect(example).toContain("baseUrl: 'http://127.0.0.1:4010'");
    const mock = await startPayWithPointsSandbox({ port: 0 });
    try {
      // The example's own folder layout: ./generated next to it, packages from node_modules.
      symlinkSync(join(root, 'generated'), join(work, 'generated'));
      symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
      writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module' }));
      const source =
        example.replace('http://127.0.0.1:4010', mock.url) +
        '\nconsole.log(JSON.stringify({ ok: r.ok, status: r.ok ? r.status : r.kind }));\n';
      writeFileSync(join(work, 'example.ts'), source);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'example.ts'], {
        cwd: work,
        timeout: 60_000,
      });
      expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ ok: true, status: 200 });
    } finally {
      await mock.close();
    }
  });
});
