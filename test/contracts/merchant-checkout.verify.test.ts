/**
 * Group 1 (after the consumer tests wrote contracts/pacts): `pwpkit pact-verify` replays every
 * committed pact against the pwpkit mock, provider states set through its admin API. The CLI runs
 * as a child process, as CI would run it (and so the Rust verifier's report stays out of this log).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX } from '../support/consumer/parties.ts';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const BROKEN = 'test/contracts/fixtures/broken/merchant-checkout-citi-pay-with-points.json';

function pwpkit(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pwpkit.js', ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('pwpkit pact-verify against the pwpkit mock', () => {
  let mock: Awaited<ReturnType<typeof startPayWithPointsSandbox>>;
  beforeAll(async () => {
    mock = await startPayWithPointsSandbox({ admin: true, port: 0 });
  });
  afterAll(() => mock?.close());

  it('verifies every committed pact in contracts/pacts (exit 0)', async () => {
    // The card-authorization pact's Basic calls need the sandbox client's credentials (its placeholder is none).
    const r = await pwpkit([
      'pact-verify',
      '--provider-url',
      mock.url,
      '--states-url',
      `${mock.url}/__admin/provider-states`,
      '--client-id',
      SANDBOX.clientId,
      '--client-secret',
      'sandbox-secret',
    ]);
    // Redirected output carries no colour codes (the Pact verifier's own report included).
    expect(r.output).not.toContain('\u001b[');
    expect(r.output).toMatch(
      new RegExp(
        /pact-verify: 27 of 27 interactions verified against http:\/\/127\.0\.0\.1:\d+ /.source +
          /\(provider states: .*\/__admin\/provider-states\)/.source,
      ),
    );
    expect(r.code).toBe(0);
  });

  it('fails the deliberately broken copy (exit 1), naming the interaction and the mismatch', async () => {
    const r = await pwpkit([
      'pact-verify',
      '--provider-url',
      `${mock.url}/api`,
      '--states-url',
      `${mock.url}/__admin/provider-states`,
      '--pacts',
      BROKEN,
    ]);
    expect(r.code).toBe(1);
    expect(r.output).toContain(
      '✗ "a request to pay with more points than the balance holds" ' +
        'given card 7411 is enrolled and active with 600 points',
    );
    expect(r.output).toContain(
      "$.code: Expected 'inSufficientPointBalance' (String) to be equal to 'insufficientPointBalance' (String)",
    );
    expect(r.output).toMatch(/pact-verify: 1 of 19 interactions failed/);
  });

  it('takes pacts as arguments like pact-check, and writes --json and --junit files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-pv-'));
    const args = [
      'pact-verify',
      BROKEN,
      '--provider-url',
      `${mock.url}/api`,
      '--states-url',
      `${mock.url}/__admin/provider-states`,
    ];
    const r = await pwpkit([...args, '--json', join(dir, 'r.json'), '--junit', join(dir, 'r.xml')]);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      ok: boolean;
      interactions: { ok: boolean }[];
    };
    expect(json.ok).toBe(false);
    expect(json.interactions.filter((i) => !i.ok)).toHaveLength(1);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<failure');
    const refused = await pwpkit([...args, '--json', '-']);
    expect(refused).toMatchObject({
      code: 2,
      output: expect.stringContaining('prints its own report on stdout; give a file'),
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 on an unreachable provider, a bad URL or missing pacts', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const unreachable = await pwpkit(['pact-verify', '--provider-url', `http://127.0.0.1:${closed}`]);
    expect(unreachable).toMatchObject({
      code: 2,
      output: expect.stringContaining(`--provider-url: http://127.0.0.1:${closed}/ is not reachable (ECONNREFUSED)`),
    });
    expect(await pwpkit(['pact-verify', '--provider-url', 'localhost:4010'])).toMatchObject({
      code: 2,
      output: expect.stringContaining('is not an http(s) URL'),
    });
    expect(await pwpkit(['pact-verify', '--provider-url', mock.url, '--pacts', 'contracts/nowhere'])).toMatchObject({
      code: 2,
      output: expect.stringContaining('contracts/nowhere: no such file or folder'),
    });
  });
});

describe('pact-verify --token', () => {
  let server: Server;
  let url: string;
  const seen: Array<string | undefined> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"type":"fatal","code":"serverUnavailable"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stands in for tokens the pact matches by rule, leaves pinned ones, and is never printed', async () => {
    const token = 'provider-token-Zx81Kq';
    const r = await pwpkit(
      ['pact-verify', '--provider-url', url, `contracts/pacts/merchant-checkout-citi-pay-with-points.json`],
      { PWPKIT_PROVIDER_TOKEN: token },
    );
    expect(r.code).toBe(1);
    const api = seen.filter((h) => h !== undefined);
    expect(api).toHaveLength(19);
    expect(api.filter((h) => h === `Bearer ${token}`)).toHaveLength(18);
    expect(api.filter((h) => h === `Bearer ${SANDBOX.unknownToken}`)).toHaveLength(1);
    expect(r.output).not.toContain(token);
  });
});
