/**
 * Group 1: `pwpkit pact-verify` replays the card-authorization pact against the pwpkit mock,
 * provider states (pinned placeholder tokens) set through its admin API, the placeholder Basic
 * credentials swapped for the sandbox client's (--client-id/--client-secret).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZE_PACT_FILE } from '../support/consumer/card-authorization.ts';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const PACT = `contracts/pacts/${AUTHORIZE_PACT_FILE}`;

function pwpkit(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pwpkit.js', ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1', PWPKIT_CLIENT_ID: '', PWPKIT_CLIENT_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('pwpkit pact-verify: the card-authorization pact against the pwpkit mock', () => {
  let mock: Awaited<ReturnType<typeof startPayWithPointsSandbox>>;
  beforeAll(async () => {
    mock = await startPayWithPointsSandbox({ admin: true, port: 0 });
  });
  afterAll(() => mock?.close());

  it('verifies every interaction with the sandbox client credentials (exit 0), printing no secret', async () => {
    const r = await pwpkit([
      'pact-verify',
      PACT,
      '--provider-url',
      mock.url,
      '--states-url',
      `${mock.url}/__admin/provider-states`,
      '--client-id',
      'sandbox-client',
      '--client-secret',
      'sandbox-secret',
    ]);
    expect(r.output).toMatch(/pact-verify: 8 of 8 interactions verified/);
    expect(r.code).toBe(0);
    expect(r.output).not.toContain('sandbox-secret');
    expect(r.output).not.toContain(Buffer.from('sandbox-client:sandbox-secret').toString('base64'));
  }, 120_000);

  it('the pact carries no credentials: without them the Basic calls are refused (exit 1)', async () => {
    const r = await pwpkit([
      'pact-verify',
      PACT,
      '--provider-url',
      mock.url,
      '--states-url',
      `${mock.url}/__admin/provider-states`,
    ]);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/interactions failed/);
  }, 120_000);

  it('refuses --client-id without --client-secret (exit 2)', async () => {
    const r = await pwpkit(['pact-verify', PACT, '--provider-url', mock.url, '--client-id', 'sandbox-client']);
    expect(r).toMatchObject({
      code: 2,
      output: expect.stringContaining('give --client-id and --client-secret together'),
    });
  }, 60_000);
});
