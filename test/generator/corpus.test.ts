import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/errors.ts';
import { generateFiles, type GeneratedApi } from '../../generator/generate-files.ts';
import { loadSpec } from '../../generator/load/load-spec.ts';
import { writeGenerated } from '../../generator/write-output.ts';

/** The robustness corpus: real third-party Swagger 2.0 documents (tests may read shared/). */
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const files = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .sort()
  : [];
/** Invalid as published with no safe repair: refused unless --lenient. */
const NEEDS_LENIENT = new Set(['square__api.json']);

describe.skipIf(files.length === 0)('the corpus', () => {
  const generated: GeneratedApi[] = [];

  it.each(files)(
    '%s generates',
    async (file) => {
      const spec = await loadSpec(join(CORPUS, file));
      if (NEEDS_LENIENT.has(file)) {
        const refused = await generateFiles(spec).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(InputError);
        expect((refused as InputError).problems.length).toBeGreaterThanOrEqual(3);
      }
      const api = await generateFiles(spec, { lenient: NEEDS_LENIENT.has(file) });
      expect(api.model.operations.length).toBeGreaterThan(0);
      expect(api.files.get('validators.ts')).toContain('export const validators');
      generated.push(api);
    },
    60_000,
  );

  it('every generated API compiles with plain tsc (NodeNext, emitting JS) ' +
    'and its validators load in node', async () => {
    expect(generated).toHaveLength(files.length);
    const out = await mkdtemp(join(tmpdir(), 'pwpkit-corpus-'));
    await writeGenerated(out, generated);
    await mkdir(join(out, 'node_modules'));
    // Only what an app has: @pwpkit/runtime (and what it depends on), TypeScript and Node's types.
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
      await symlink(resolve(import.meta.dirname, '../../node_modules', dep), join(out, 'node_modules', dep));
    await writeFile(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          skipLibCheck: true,
          types: ['node'],
          lib: ['ES2023', 'DOM'],
        },
        include: ['*/*.ts'],
      }),
    );
    const tsc = resolve(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', join(out, 'tsconfig.json')], {
      maxBuffer: 1 << 24,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    expect(result.stdout).toBe('');
    for (const api of generated) {
      const mod = (await import(join(out, 'dist', api.apiName, 'validators.js'))) as {
        validators: Record<string, unknown>;
      };
      expect(Object.keys(mod.validators)).toEqual(api.model.operations.map((o) => o.name));
    }
    await rm(out, { recursive: true, force: true });
  }, 120_000);
});
