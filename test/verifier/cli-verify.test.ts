import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { brokenVariants, startProvider, type RunningProvider } from './broken-providers.ts';
import { SPECS } from './specs.ts';

let out = '';
let err = '';
const cleanup: Array<() => Promise<unknown>> = [];
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanup.splice(0)) await c();
});

async function provider(variant?: (typeof brokenVariants)[number]): Promise<RunningProvider> {
  const p = await startProvider(variant);
  cleanup.push(() => p.close());
  return p;
}

const verify = (...args: string[]) => main(['verify', '--spec', ...SPECS, ...args]);

describe('pwpkit verify', () => {
  it('exits 0 against the mock, prints the report and coverage, writes JUnit and JSON', async () => {
    const p = await provider();
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-verify-'));
    expect(
      await verify('--provider-url', `${p.url}/api`, '--junit', join(dir, 'v.xml'), '--json', join(dir, 'v.json')),
    ).toBe(0);
    expect(out).toMatch(/^pwpkit verify http:\/\/127\.0\.0\.1:\d+\/api \(pay-with-points, rewards-apac\)/);
    expect(out).toMatch(/PASS: \d+ checks, \d+ passed, 0 failed/);
    expect(out).toContain('Coverage: ');
    expect(err).toMatch(/verify: running checks…\nverify: \d+ checks, 0 failed, \d+ requests in/);
    expect(readFileSync(join(dir, 'v.xml'), 'utf8')).toMatch(
      /<testsuites name="pwpkit verify [^"]+" tests="\d+" failures="0"/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8'))).toMatchObject({
      tool: 'pwpkit verify',
      summary: { failed: 0 },
    });
  });

  it('exits 1 against a broken provider and shows the request, expected and actual of what failed', async () => {
    const p = await provider(brokenVariants.find((v) => v.name === 'uuid-not-enforced'));
    expect(await verify('--provider-url', p.url, '--only', 'retrieveRewardsBalance', '--failures-only')).toBe(1);
    expect(out).toContain('✗ header uuid not a UUID  [200]');
    expect(out).toMatch(
      /request: {2}GET \/api\/v1\/apac\/rewards\/\d+\/pointBalance\n +authorization: Bearer \*\*\* {2}uuid: not-a-uuid/,
    );
    expect(out).toContain('expected: refused: a documented 4xx type invalid');
    expect(out).toMatch(/actual: {3}200 \(application\/json; charset=utf-8\) \{"availablePointBalance"/);
    expect(out).toContain('- expectation: accepted (200) a request it must refuse');
    expect(out).not.toMatch(/^ {2}✓ /m);
    expect(out).not.toContain('enrollInPayWithPoints  POST');
  });

  it('takes a bearer token as given', async () => {
    const p = await provider();
    expect(
      await verify(
        '--provider-url',
        p.url,
        '--token',
        'sandbox-static-token',
        '--client-id',
        'sandbox-client',
        '--no-scenarios',
      ),
    ).toBe(0);
    expect(out).not.toContain('scenario:');
  });

  it('exits 2 when it cannot run', async () => {
    const closed = await freePort();
    expect(await verify('--provider-url', `http://127.0.0.1:${closed}`)).toBe(2);
    expect(err).toMatch(/the provider at http:\/\/127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED/);
    const p = await provider();
    expect(await verify('--provider-url', p.url, '--client-id', 'sandbox-client', '--client-secret', 'wrong')).toBe(2);
    expect(err).toMatch(/could not get a token for client "sandbox-client"/);
    expect(err).not.toContain('wrong');
    expect(await verify('--provider-url', p.url, '--token', 't', '--client-secret', 's')).toBe(2);
    expect(await main(['verify', '--spec', 'nope.yaml', '--provider-url', p.url])).toBe(2);
    expect(await main(['verify', '--spec', ...SPECS])).toBe(2); // --base-url is required
    expect(await verify('--provider-url', 'not a url')).toBe(2);
  });

  it('checks --fixture as the mock does: a card without its account cannot run (exit 2), naming where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-fixture-'));
    const file = join(dir, 'no-account.json');
    const card = { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '6591234567' };
    writeFileSync(
      file,
      JSON.stringify({
        clients: [{ clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }],
        cards: [{ ...card, linkageConfirmationCode: '123456' }],
      }),
    );
    const p = await provider();
    expect(await verify('--provider-url', p.url, '--fixture', file)).toBe(2);
    expect(err).toContain(`--fixture ${file}: /cards/0/account:`);
  });
});

describe('pwpkit verify --json - / --junit - (issue 13 item 7)', () => {
  it('--json - prints the JSON report on stdout instead of the text report, and writes no file named "-"', async () => {
    const p = await provider();
    expect(await verify('--provider-url', p.url, '--only', 'retrieveRewardsBalance', '--json', '-')).toBe(0);
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
    const json = JSON.parse(out) as { tool: string; summary: { failed: number; total: number } };
    expect(json).toMatchObject({ tool: 'pwpkit verify', summary: { failed: 0 } });
    expect(json.summary.total).toBeGreaterThan(0);
  });

  it('--junit - prints JUnit XML on stdout; --json and --junit cannot both be "-"', async () => {
    const p = await provider();
    expect(await verify('--provider-url', p.url, '--only', 'retrieveRewardsBalance', '--junit', '-')).toBe(0);
    expect(out).toMatch(/^<\?xml[^>]*>\s*<testsuites name="pwpkit verify [^"]+" tests="\d+" failures="0"/);
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
    out = '';
    expect(await verify('--provider-url', p.url, '--json', '-', '--junit', '-')).toBe(2);
    expect(err).toContain('only one of --json and --junit can be "-" (stdout)');
    expect(out).toBe('');
  });

  it('a run that cannot run prints its JSON report with the reason on stdout (exit 2)', async () => {
    const closed = await freePort();
    expect(await verify('--provider-url', `http://127.0.0.1:${closed}`, '--json', '-')).toBe(2);
    expect(JSON.parse(out)).toMatchObject({
      tool: 'pwpkit verify',
      couldNotRun: expect.stringMatching(/is unreachable: ECONNREFUSED/),
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
