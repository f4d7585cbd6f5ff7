/** Issue 13 item 7: `pwpkit proxy --json -` / `--junit -` print that report on stdout, as pact-check and verify do. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProvider, type RunningProvider } from './broken-providers.ts';
import { startCli, type CliProcess } from './cli-process.ts';
import { ROOT, SPECS } from './specs.ts';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** The proxy's URL, from its status line (on stderr when stdout carries a report). */
async function listening(p: CliProcess, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = /listening on (http:\/\/\S+)/.exec(p.stderr() + p.stdout());
    if (m) return m[1];
    if (p.child.exitCode !== null || Date.now() > until) throw new Error(`the proxy did not start: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function proxied(format: '--json' | '--junit'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const provider: RunningProvider = await startProvider();
  cleanup.push(() => provider.close());
  const p = startCli([
    'proxy',
    '--provider-url',
    provider.url,
    '--port',
    '0',
    format,
    '-',
    '--quiet',
    '--spec',
    ...SPECS,
  ]);
  cleanup.push(async () => void (p.child.exitCode === null && p.child.kill('SIGKILL')));
  const url = await listening(p);
  await fetch(`${url}/api/v1/apac/rewards/1234567/pointBalance`, {
    headers: { authorization: 'Bearer sandbox-static-token', client_id: 'sandbox-client', accept: 'application/json' },
  });
  p.child.kill('SIGTERM');
  const { code } = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe('pwpkit proxy with "-" for stdout', () => {
  it('--json - prints only the JSON report on stdout (status lines on stderr) ' +
    'and writes no file named "-"', async () => {
    const { code, stdout, stderr } = await proxied('--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ tool: 'pwpkit proxy', summary: { total: 1, failed: 1 } });
    expect(stderr).toContain('SIGTERM, stopping');
    expect(existsSync(join(ROOT, '-'))).toBe(false);
  }, 120_000);

  it('--junit - prints only the JUnit XML on stdout', async () => {
    const { code, stdout } = await proxied('--junit');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^<\?xml[^>]*>\s*<testsuites name="pwpkit proxy [^"]*" tests="1" failures="1"/);
    expect(existsSync(join(ROOT, '-'))).toBe(false);
  }, 120_000);
});
