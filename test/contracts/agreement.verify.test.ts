/**
 * pact-check (before any provider runs a pact) and pact-verify (against the sandbox mock) agree on
 * every committed pact and every fixture pact for these specs: a pact pact-check finds an error
 * in fails verification, and a pact it passes verifies. Runs in the provider group, after the
 * consumer tests wrote contracts/pacts.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

const SPECS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml', 'spec/authorize.swagger.yaml'];
const FIXTURES = 'test/contracts/fixtures/pact-check';
/** Pacts whose verdicts cannot be compared, and why. */
const NOT_COMPARABLE: Record<string, string> = {
  // The shop fixtures are for another spec, with no provider here.
  'shop-clean.json': 'written for the shop fixture spec, which has no provider to verify against',
  'shop-breaches.json': 'written for the shop fixture spec, which has no provider to verify against',
  // An asynchronous message interaction: pact-check skips it, an HTTP provider cannot verify it.
  'clean-v4.json': 'carries a message interaction, which pact-check skips and only a message provider can verify',
};

const pacts = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(FIXTURES, f)),
  ...readdirSync('contracts/pacts')
    .filter((f) => f.endsWith('.json'))
    .map((f) => join('contracts/pacts', f)),
].filter((file) => !(file.split('/').pop()! in NOT_COMPARABLE));

function pactVerify(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/pwpkit.js', 'pact-verify', ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('pact-check and pact-verify agree', () => {
  let mock: Awaited<ReturnType<typeof startPayWithPointsSandbox>>;
  beforeAll(async () => {
    mock = await startPayWithPointsSandbox({ admin: true, port: 0 });
  });
  afterAll(() => mock?.close());

  it.each(pacts)(
    '%s',
    async (file) => {
      const checked = await runPactCheck({ pacts: [file], specs: SPECS });
      // The sandbox client's credentials stand in for the Basic placeholders (the card-authorization pact's Authorize
      // calls).
      const verified = await pactVerify([
        file,
        '--provider-url',
        mock.url,
        '--states-url',
        `${mock.url}/__admin/provider-states`,
        '--client-id',
        'sandbox-client',
        '--client-secret',
        'sandbox-secret',
      ]);
      expect(verified === 0 ? 'verifies' : 'fails', `pact-check found ${checked.summary.errors} error(s)`).toBe(
        checked.summary.errors === 0 ? 'verifies' : 'fails',
      );
    },
    120_000,
  );
});
