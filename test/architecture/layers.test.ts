// The layering rules of ARCHITECTURE.md, checked on the import graph of the shipped sources.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Room → the rooms it may import (besides itself). `@pwpkit/runtime` is the `runtime` room. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  runtime: [],
  /** What every room needs to take input from outside: InputError (exit 2), one-line text, JSON pointers, bounded reads. */
  input: ['runtime'],
  generator: ['runtime', 'input'],
  core: ['runtime', 'input', 'generator'],
  generated: ['runtime'],
  mock: ['runtime', 'input', 'core', 'generator', 'generated'],
  verifier: ['runtime', 'input', 'core', 'generator'],
  contracts: ['runtime', 'input', 'core', 'generator', 'generated'],
  /** Above the tools: formats their results, so it reads their types only (see TOOLS below). */
  reporting: ['runtime', 'input', 'core', 'generator', 'verifier', 'contracts'],
  /** Plug-ins into the tools: Citi's Pay with Points family (fixture, provider states, sandbox, verify scenarios). */
  domain: ['runtime', 'input', 'core', 'generator', 'generated', 'mock', 'verifier', 'contracts'],
  cli: ['runtime', 'input', 'core', 'generator', 'generated', 'reporting', 'mock', 'verifier', 'contracts', 'domain'],
};
const SHIPPED = Object.keys(MAY_IMPORT);
/** The rooms that compute; the rooms above them that only format may import their types, not their code. */
const TOOLS = ['mock', 'verifier', 'contracts'];
const TYPES_ONLY_ABOVE_TOOLS = ['reporting'];

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

/** The specifiers a file imports for their values (not `import type`, not only `type` names), dynamic ones too. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const statements = text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^'"]*?)from\s+['"]([^'"]+)['"]/g);
  const typeOnly = (clause: string) => /^\{(\s*type\s[^,}]+,?)+\s*\}$/.test(clause.trim());
  return [
    ...[...statements].filter((m) => !m[1] && !typeOnly(m[2])).map((m) => m[3]),
    ...[...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
  ];
}

function roomOf(specifier: string, file: string): string | undefined {
  if (specifier === '@pwpkit/runtime' || specifier.startsWith('@pwpkit/runtime/')) return 'runtime';
  if (!specifier.startsWith('.')) return undefined;
  return relative(root, resolve(root, dirname(file), specifier)).split('/')[0];
}

/** Known breaches being removed, each with where it goes. Keep this list shrinking. */
const KNOWN_BREACHES = new Set<string>([]);

const files = SHIPPED.flatMap(sourceFiles);

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

  it("reporting reads the tools' result types, never their code", () => {
    const breaches = files
      .filter((file) => TYPES_ONLY_ABOVE_TOOLS.includes(file.split('/')[0]))
      .flatMap((file) =>
        valueImportsOf(file)
          .filter((s) => TOOLS.includes(roomOf(s, file) ?? ''))
          .map((s) => `${file} imports ${s}`),
      );
    expect(breaches).toEqual([]);
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

  it("the generic runtime carries no Citi convention: token URLs come from the API's tables, Citi in runtime/citi/", () => {
    const generic = sourceFiles('runtime').filter((f) => !f.startsWith('runtime/citi/'));
    expect(generic).toContain('runtime/api-client.ts');
    expect(generic).toContain('runtime/token-source.ts');
    const convention = /clientCredentials\/oauth2|oauth2\/token|\bgcb\b|'(sg|hk)'|"(sg|hk)"|citiTokenUrl|\bciti\b/i;
    const breaches = generic.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        // The package index re-exports the Citi module under its old names: downstream code keeps working.
        .filter(({ line }) => convention.test(line) && !/from '\.\/citi\/[a-z-]+\.ts'/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(breaches).toEqual([]);
  });

  it('the runtime package depends on nothing but ajv helpers, and no Node-only module', () => {
    const bare = sourceFiles('runtime').flatMap((f) => importsOf(f).filter((s) => !s.startsWith('.')));
    expect(bare.filter((s) => !/^ajv(-formats)?\//.test(s))).toEqual([]);
  });
});
