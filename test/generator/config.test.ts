// The project config (pwpkit.config.json, else package.json#/pwpkit): known keys only, each checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGenerateConfig } from '../../generator/config.ts';

const dirs: string[] = [];
function projectWith(file: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'pwpkit-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, file), JSON.stringify(content));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the project config', () => {
  it('an unknown key is an error naming it (a typo must not be ignored)', async () => {
    const dir = projectWith('pwpkit.config.json', { spec: ['a.yaml'], outt: 'gen' });
    await expect(readGenerateConfig(dir)).rejects.toThrow(
      'pwpkit.config.json/outt: unknown key (known: spec, out, importExtension)',
    );
    const fromPackage = projectWith('package.json', { name: 'x', pwpkit: { specs: 'a.yaml' } });
    await expect(readGenerateConfig(fromPackage)).rejects.toThrow('package.json#/pwpkit/specs: unknown key');
  });

  it('importExtension takes .js, .ts or none, and nothing else', async () => {
    expect(
      (await readGenerateConfig(projectWith('pwpkit.config.json', { importExtension: 'none' }))).importExtension,
    ).toBe('');
    expect((await readGenerateConfig(projectWith('pwpkit.config.json', {}))).importExtension).toBe('.js');
    await expect(readGenerateConfig(projectWith('pwpkit.config.json', { importExtension: '.mjs' }))).rejects.toThrow(
      'expected ".js", ".ts" or "none"',
    );
  });
});
