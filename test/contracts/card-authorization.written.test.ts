/**
 * Group 2: the written card-authorization pact agrees with spec/authorize.swagger.yaml, is the
 * same bytes every time, and holds no secret: no client secret or Basic credentials, no issued
 * token, no customer password, no card number in clear, not the sandbox cards' one-time passwords.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import {
  AUTHORIZE_PACT_FILE,
  CARD_SANDBOX,
  EXAMPLE_CIPHERTEXT,
  writeCardAuthorizationPact,
} from '../support/consumer/card-authorization.ts';
import { PACTS_DIR } from '../support/consumer/write-pacts.ts';
import { defaultFixture } from '../../domain/pay-with-points/index.ts';

const WRITTEN = join(PACTS_DIR, AUTHORIZE_PACT_FILE);

describe('the written card-authorization pact', () => {
  it('passes pact-check against the Authorize API spec (no finding)', async () => {
    const report = await runPactCheck({ pacts: [WRITTEN], specs: ['spec/authorize.swagger.yaml'] });
    expect(report.findings).toEqual([]);
    expect(report.pacts[0].interactions).toHaveLength(8);
  });

  it('is the same bytes when written again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pwpkit-card-pact-'));
    try {
      const again = await writeCardAuthorizationPact(dir);
      expect(await readFile(again, 'utf8')).toBe(await readFile(WRITTEN, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds no secret', async () => {
    const text = await readFile(WRITTEN, 'utf8');
    const forbidden = [
      ...defaultFixture.clients.flatMap((c) => [
        c.clientSecret,
        Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64'),
        ...(c.staticTokens ?? []).filter((t) => t !== 'sandbox-static-token'),
      ]),
      ...(defaultFixture.customers ?? []).map((c) => c.password),
      ...defaultFixture.cards.flatMap((c) => [c.linkageConfirmationCode, c.cardNumber ?? '']).filter(Boolean),
      defaultFixture.e2eKey!.privateKeyPem.split('\n')[1],
    ];
    for (const secret of forbidden) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/client_secret|clientSecret|"password"\s*:|password=/i);
    expect(text).not.toMatch(/\bBasic\s+[A-Za-z0-9+/=]{8,}/);
    // Long opaque strings are only the placeholders, the public key and the example ciphertext.
    const rest = text.split(CARD_SANDBOX.modulus).join('').split(EXAMPLE_CIPHERTEXT).join('');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const opaque = (rest.match(/[A-Za-z0-9+_=-]{24,}/g) ?? []).filter(
      (s) => /\d/.test(s) && /[A-Za-z]/.test(s) && !uuid.test(s) && !s.includes('pact-'),
    );
    expect(opaque).toEqual([]);
  });
});
