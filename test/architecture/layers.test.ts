// The layering rules of ARCHITECTURE.md, checked on the import graph of the shipped sources.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Room → the rooms it may import (besides itself). `@pwpkit/runtime` is the `runtime` room. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  runtime: [],
  core: ['runtime'],
  generator: ['runtime', 'core'],
  generated: ['runtime'],
  reporting: ['runtime', 'core', 'generator'],
  mock: ['runtime', 'core', 'generator', 'reporting'],
  verifier: ['runtime', 'core', 'generator', 'reporting'],
  contracts: ['runtime', 'core', 'generator', 'generated', 'reporting'],
  domain: ['runtime', 'core', 'generator', 'generated', 'mock', 'verifier', 'contracts', 'reporting'],
  cli: ['runtime', 'core', 'generator', 'generated', 'reporting', 'mock', 'verifier', 'contracts', 'domain'],
};
const SHIPPED = Object.keys(MAY_IMPORT);
/** Test code that still lives in a shipped folder: the consumer pact cases (issue 14 moves them). */
const NOT_SHIPPED = [/^contracts\/consumer\//];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]);
}

function roomOf(specifier: string, file: string): string | undefined {
  if (specifier === '@pwpkit/runtime' || specifier.startsWith('@pwpkit/runtime/')) return 'runtime';
  if (!specifier.startsWith('.')) return undefined;
  return relative(root, resolve(root, dirname(file), specifier)).split('/')[0];
}

/** Known breaches being removed, each with where it goes. Keep this list shrinking. */
const KNOWN_BREACHES = new Set([
  'verifier/fixture.ts imports ../domain/pay-with-points/default-fixture.ts (verifier → domain)',
]);

const files = SHIPPED.flatMap(sourceFiles).filter((f) => !NOT_SHIPPED.some((p) => p.test(f)));

describe('layering (ARCHITECTURE.md)', () => {
  it('each room imports only the rooms below it', () => {
    const breaches: string[] = [];
    for (const file of files) {
      const room = file.split('/')[0];
      for (const specifier of importsOf(file)) {
        const target = roomOf(specifier, file);
        if (target && target !== room && !MAY_IMPORT[room].includes(target))
          breaches.push(`${file} imports ${specifier} (${room} → ${target})`);
      }
    }
    expect(breaches.filter((b) => !KNOWN_BREACHES.has(b))).toEqual([]);
  });

  it('no shipped file imports vitest or the tests', () => {
    const breaches = files.flatMap((file) =>
      importsOf(file)
        .filter((s) => s === 'vitest' || roomOf(s, file) === 'test')
        .map((s) => `${file} imports ${s}`),
    );
    expect(breaches).toEqual([]);
  });

  it('the project config is read at the CLI edge only', () => {
    const readers = files.filter(
      (f) =>
        !f.startsWith('cli/') &&
        f !== 'generator/config.ts' &&
        /readGenerateConfig\(/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(readers).toEqual([]);
  });

  it('the runtime package depends on nothing but ajv helpers, and no Node-only module', () => {
    const bare = sourceFiles('runtime').flatMap((f) => importsOf(f).filter((s) => !s.startsWith('.')));
    expect(bare.filter((s) => !/^ajv(-formats)?\//.test(s))).toEqual([]);
  });
});
