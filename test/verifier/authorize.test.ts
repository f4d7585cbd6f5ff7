/**
 * `pwpkit verify --spec spec/authorize.swagger.yaml` against the mock: every documented operation
 * exercised, the OAuth rules as scenarios, expired tokens through provider states; and each
 * provider that breaks one rule is caught with its finding.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../verifier/engine/run-verify.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import { loadApiSet, type ApiSet } from '../../verifier/api-set.ts';
import { CARD_SUITE, CODE_SUITE, STATE_SUITE } from '../../domain/pay-with-points/verify/authorize.ts';
import { authorizeBrokenVariants, authorizeStateVariants } from './authorize-broken-providers.ts';
import { startProvider, type BrokenVariant, type RunningProvider } from './broken-providers.ts';
import { ROOT } from './specs.ts';

let specs: ApiSet;
beforeAll(async () => {
  specs = await loadApiSet([join(ROOT, 'spec/authorize.swagger.yaml')]);
});

const describeFailures = (report: VerifyReport) =>
  report.results
    .filter((r) => r.findings.length > 0)
    .map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => `${f.check}: ${f.message}`).join('; ')}`);

describe('verify the Authorize API against the mock', () => {
  let provider: RunningProvider;
  let report: VerifyReport;
  beforeAll(async () => {
    provider = await startProvider(undefined, { admin: true });
    report = await verifyPayWithPoints({
      baseUrl: provider.url,
      specs,
      statesUrl: `${provider.url}/__admin/provider-states`,
    });
  });
  afterAll(() => provider?.close());

  it('passes every check (exit 0)', () => {
    expect(describeFailures(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it('exercises every documented operation with a valid request, and the card calls with negative cases', () => {
    const exercised = new Set(
      report.results.filter((r) => r.kind !== 'negative' && r.exchange?.response).map((r) => r.operation),
    );
    expect([...exercised].sort()).toEqual(specs.operations.map((op) => op.name).sort());
    expect(specs.operations).toHaveLength(10);
    const negatives = report.results
      .filter((r) => r.kind === 'negative' && r.operation === 'activateCardAccessToken')
      .map((r) => r.title);
    expect(negatives).toEqual(
      expect.arrayContaining([
        'required header Authorization missing',
        'required header uuid missing',
        'body field otp missing',
        'malformed JSON body',
      ]),
    );
  });

  it('runs the OAuth rules as scenarios and the expired-token states', () => {
    const titles = (suite: string) => report.results.filter((r) => r.suite === suite).map((r) => r.title);
    expect(titles(CODE_SUITE)).toEqual(
      expect.arrayContaining([
        'the same code again → invalid_grant (single use)',
        'the revoked access token → 401',
        'the old refresh token again → invalid_grant (it rotated out)',
        'the new access token is accepted',
        'a code with another redirect_uri than it was issued for → invalid_grant',
      ]),
    );
    expect(titles(CARD_SUITE)).toEqual(
      expect.arrayContaining([
        'a wrong one-time password → activationFailed',
        'wrong one-time password 3 of 3 → exceedsMaximumAttempts',
        'the right one-time password after the lock → still exceedsMaximumAttempts',
        'its access token after the revocation → 401 (revoking either ends both)',
      ]),
    );
    expect(titles(STATE_SUITE)).toHaveLength(4);
    const dead = report.results.find(
      (r) => r.suite === STATE_SUITE && r.title.includes('card access token that has expired'),
    );
    expect(dead?.exchange?.response?.status).toBe(401);
    expect(dead?.exchange?.response?.body).toMatchObject({ code: 'unAuthorized' });
  });

  it('the coverage table includes the Authorize API', () => {
    const rows = report.coverage.rows.filter((r) => r.api === 'authorize');
    expect(rows).toHaveLength(10);
    const card = rows.find((r) => r.operation === 'activateCardAccessToken')!;
    const seen = card.statuses.flatMap((s) => s.codes.filter((c) => c.seen).map((c) => c.code));
    expect(seen).toEqual(
      expect.arrayContaining([
        'invalidRequest',
        'activationFailed',
        'exceedsMaximumAttempts',
        'otpExpired',
        'unAuthorized',
        'serverUnavailable',
      ]),
    );
    // Every documented status of every Authorize call is exercised (the 302 and 400 of the authorize page included).
    expect(rows.flatMap((r) => r.statuses.filter((s) => !s.seen).map((s) => `${r.operation} ${s.status}`))).toEqual([]);
  });
});

async function expectCaught(variant: BrokenVariant, withStates: boolean) {
  const provider = await startProvider(variant, { admin: withStates });
  try {
    const report = await verifyPayWithPoints({
      baseUrl: provider.url,
      specs,
      ...(withStates ? { statesUrl: `${provider.url}/__admin/provider-states` } : {}),
    });
    expect(report.exitCode).toBe(1);
    const matching = report.results.filter(
      (r) =>
        (!variant.expect.suite || variant.expect.suite.test(r.suite)) &&
        r.findings.some(
          (f) =>
            f.check === variant.expect.check &&
            f.code === variant.expect.code &&
            (!variant.expect.message || variant.expect.message.test(f.message)),
        ),
    );
    expect(
      matching.length,
      `expected a ${variant.expect.check} finding for "${variant.defect}"; ` +
        `found:\n${describeFailures(report).join('\n')}`,
    ).toBeGreaterThan(0);
  } finally {
    await provider.close();
  }
}

describe('providers that break one OAuth rule are caught', () => {
  it.each(authorizeBrokenVariants.map((v) => [v.name, v] as const))('%s', (_name, variant) =>
    expectCaught(variant, false),
  );
  it.each(authorizeStateVariants.map((v) => [v.name, v] as const))('%s (provider state)', (_name, variant) =>
    expectCaught(variant, true),
  );
});
