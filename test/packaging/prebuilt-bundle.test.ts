import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../packaging/build-bundle.ts';
import { freshBundle, inputsHash } from '../../packaging/prebuilt-bundle.js';

const root = resolve(import.meta.dirname, '../..');

describe('freshBundle: a prebuilt bundle runs only while it matches what is in place', () => {
  /** A checkout with one source, one installed package, and a bundle built from both. */
  function fakeRoot(options: { nodeModules: boolean } = { nodeModules: true }) {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-bundle-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'dist/x.js'), '');
    if (options.nodeModules) {
      mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/dep/package.json'), JSON.stringify({ version: '1.0.0' }));
    }
    const sources = ['src/a.ts'];
    writeFileSync(join(dir, 'dist/x.json'), JSON.stringify({ sources, sourcesSha256: inputsHash(dir, sources), packages: { 'node_modules/dep': '1.0.0' } }));
    return dir;
  }

  it('is taken when every source and package matches the manifest', () => {
    expect(freshBundle(fakeRoot(), 'x')).toMatch(/^file:\/\/.*\/dist\/x\.js$/);
  });

  it('is refused once a source is edited or deleted, or when the bundle or its manifest is missing or malformed', () => {
    const edited = fakeRoot();
    writeFileSync(join(edited, 'src/a.ts'), 'export const a = 2;\n');
    expect(freshBundle(edited, 'x')).toBeUndefined();
    const deleted = fakeRoot();
    rmSync(join(deleted, 'src/a.ts'));
    expect(freshBundle(deleted, 'x')).toBeUndefined();
    expect(freshBundle(fakeRoot(), 'other')).toBeUndefined();
    const bundleGone = fakeRoot();
    rmSync(join(bundleGone, 'dist/x.js'));
    expect(freshBundle(bundleGone, 'x')).toBeUndefined();
    const malformed = fakeRoot();
    writeFileSync(join(malformed, 'dist/x.json'), '{');
    expect(freshBundle(malformed, 'x')).toBeUndefined();
  });

  it('is refused in a checkout whose package was upgraded or removed', () => {
    const upgraded = fakeRoot();
    writeFileSync(join(upgraded, 'node_modules/dep/package.json'), JSON.stringify({ version: '2.0.0' }));
    expect(freshBundle(upgraded, 'x')).toBeUndefined();
    const removed = fakeRoot();
    rmSync(join(removed, 'node_modules/dep'), { recursive: true });
    expect(freshBundle(removed, 'x')).toBeUndefined();
  });

  it('runs on the packages it carries when installed as a dependency (no node_modules/ of its own)', () => {
    expect(freshBundle(fakeRoot({ nodeModules: false }), 'x')).toBeDefined();
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

  it('refuses bad input with the same message, line numbers and exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-b-'));
    const minimal = (paths: string) => `swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths:\n${paths}`;
    const inputs: Record<string, string | undefined> = {
      'missing.yaml': undefined,
      'broken.yaml': 'swagger: "2.0"\ninfo:\n  title: [unclosed\n',
      'invalid.yaml': minimal('  /a:\n    get:\n      responses:\n        "200": { description: ok }\n      bogus: 1\n'),
      'dangling.yaml': minimal('  /a:\n    get:\n      responses:\n        "200": { description: ok, schema: { $ref: "#/definitions/Gone" } }\n'),
    };
    const strip = (stderr: string) => stderr.split('\n').filter((l) => !l.includes('prebuilt bundle')).join('\n');
    for (const [name, text] of Object.entries(inputs)) {
      if (text !== undefined) writeFileSync(join(dir, name), text);
      const args = ['--spec', join(dir, name), '--out', join(dir, 'out')];
      const [bundled, sources] = [generate(args, 'on'), generate(args, 'off')];
      expect(bundled.status, name).toBe(2);
      expect(sources.status, name).toBe(2);
      expect(strip(bundled.stderr), name).toBe(strip(sources.stderr));
    }
    expect(strip(generate(['--spec', join(dir, 'invalid.yaml')], 'on').stderr)).toMatch(/invalid\.yaml:5 #\/paths\/~1a\/get: must NOT have additional properties/);
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('the committed generated/ folder passes --check through the bundle', () => {
    const run = generate(['--check'], 'on');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('running the prebuilt bundle');
  });
});
