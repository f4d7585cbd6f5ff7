import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../packaging/build-bundle.ts';
import { freshBundle, inputsHash } from '../../packaging/prebuilt-bundle.js';

const root = resolve(import.meta.dirname, '../..');

describe('freshBundle: a prebuilt bundle runs only while its sources are unchanged', () => {
  function fakeRoot() {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-bundle-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'dist/x.js'), '');
    const inputs = ['src/a.ts'];
    writeFileSync(join(dir, 'dist/x.json'), JSON.stringify({ inputs, inputsSha256: inputsHash(dir, inputs) }));
    return dir;
  }

  it('is taken when every source matches the manifest', () => {
    expect(freshBundle(fakeRoot(), 'x')).toMatch(/^file:\/\/.*\/dist\/x\.js$/);
  });

  it('is refused once a source is edited, deleted, or when the manifest is missing or malformed', () => {
    const edited = fakeRoot();
    writeFileSync(join(edited, 'src/a.ts'), 'export const a = 2;\n');
    expect(freshBundle(edited, 'x')).toBeUndefined();
    const deleted = fakeRoot();
    writeFileSync(join(deleted, 'dist/x.json'), JSON.stringify({ inputs: ['src/gone.ts'], inputsSha256: 'x' }));
    expect(freshBundle(deleted, 'x')).toBeUndefined();
    expect(freshBundle(fakeRoot(), 'other')).toBeUndefined();
    const malformed = fakeRoot();
    writeFileSync(join(malformed, 'dist/x.json'), '{');
    expect(freshBundle(malformed, 'x')).toBeUndefined();
  });
});

describe('pwpkit generate from the bundle behaves exactly like the sources', () => {
  beforeAll(async () => {
    await buildBundle();
  }, 60_000);

  function generate(args: string[], bundle: 'on' | 'off') {
    const env = { ...process.env, PWPKIT_DEBUG: '1', PWPKIT_BUNDLE: bundle };
    const run = spawnSync(process.execPath, [join(root, 'bin/pwpkit.js'), 'generate', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  function filesIn(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    }
    return files;
  }

  it('the bundle is the one that runs, and it writes byte-identical files', () => {
    const [viaBundle, viaSources] = [mkdtempSync(join(tmpdir(), 'pwpkit-b-')), mkdtempSync(join(tmpdir(), 'pwpkit-s-'))];
    const spec = ['--spec', 'spec/rewards-apac.swagger.yaml', 'test/generator/fixtures/mini.swagger.yaml'];
    const bundled = generate([...spec, '--out', viaBundle], 'on');
    const sources = generate([...spec, '--out', viaSources], 'off');
    expect(bundled.stderr).toContain('running the prebuilt bundle');
    expect(sources.stderr).not.toContain('running the prebuilt bundle');
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.stdout.replaceAll(viaBundle, '<out>')).toBe(sources.stdout.replaceAll(viaSources, '<out>'));
    expect(filesIn(viaBundle)).toEqual(filesIn(viaSources));
    expect(Object.keys(filesIn(viaBundle))).toContain('/rewards-apac/types.ts');
  });

  it('refuses bad input with the same message and exit code', () => {
    const out = mkdtempSync(join(tmpdir(), 'pwpkit-b-'));
    const strip = (stderr: string) => stderr.split('\n').filter((l) => !l.includes('prebuilt bundle')).join('\n');
    const bundled = generate(['--spec', 'spec/missing.swagger.yaml', '--out', out], 'on');
    const sources = generate(['--spec', 'spec/missing.swagger.yaml', '--out', out], 'off');
    expect(bundled.status).toBe(2);
    expect(sources.status).toBe(2);
    expect(strip(bundled.stderr)).toBe(strip(sources.stderr));
    expect(strip(bundled.stderr)).toBe('pwpkit: spec/missing.swagger.yaml: no such file\n');
  });

  it('the committed generated/ folder passes --check through the bundle', () => {
    const run = generate(['--check'], 'on');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('running the prebuilt bundle');
  });
});
