import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** `pwpkit generate` as a user runs it: a real process, so a hang or a stack trace shows. */
function generate(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/pwpkit.js'), 'generate', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

describe('pwpkit generate (the process)', () => {
  it('exits 2 with one line naming the missing file, and does not hang on its idle types worker', () => {
    const out = mkdtempSync(join(tmpdir(), 'pwpkit-cli-'));
    const run = generate(['--spec', 'spec/missing.swagger.yaml', '--out', out]);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('pwpkit: spec/missing.swagger.yaml: no such file\n');
    expect(readdirSync(out)).toEqual([]);
  });

  it('exits 2 on an unknown flag and 0 on --help', () => {
    expect(generate(['--bogus']).status).toBe(2);
    const help = generate(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: pwpkit generate');
  });

  it('--check passes on the committed generated/ folder', () => {
    const run = generate(['--check']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('generated/ is up to date (3 APIs)');
  });
});
