import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../verifier/engine/run-verify.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import { formatCoverage } from '../../reporting/case-results/coverage.ts';
import { toJsonReport } from '../../reporting/case-results/json.ts';
import { verifyJUnit } from '../../reporting/case-results/junit.ts';
import { verifyText } from '../../reporting/verify.ts';
import type { VerifyEvent } from '../../verifier/types.ts';
import { startProvider, type RunningProvider } from './broken-providers.ts';
import { projectApis } from './specs.ts';

let provider: RunningProvider;
let report: VerifyReport;
const events: VerifyEvent[] = [];

beforeAll(async () => {
  provider = await startProvider();
  report = await verifyPayWithPoints({
    baseUrl: provider.url,
    specs: await projectApis(),
    onEvent: (e) => events.push(e),
  });
});
afterAll(() => provider.close());

describe('verify against the real mock', () => {
  it('passes every check, in well under 5 s', () => {
    const failed = report.results.filter((r) => r.findings.length > 0);
    expect(failed.map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => f.message).join('; ')}`)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.summary.durationMs).toBeLessThan(5000);
    expect(report.summary.total).toBeGreaterThan(150);
  });

  it('checks every operation of both specs with a valid request and negative cases', () => {
    const ops = new Set(
      report.results.filter((r) => r.kind === 'positive' || r.kind === 'setup').map((r) => r.operation),
    );
    expect([...ops].sort()).toEqual(
      [
        'activateRewardLinkCode',
        'deRegisterPayWithPointsEnrollmentInCard',
        'deRegisterShopWithPointsEnrollmentInCard',
        'enrollInPayWithPoints',
        'linkCreditCardToMerchantForRewardsRedemption',
        'retrieveCreditCardAccountRewardPointsBalance',
        'retrieveRewardPointsBalanceForMultipleCreditCards',
        'retrieveRewardsBalance',
        'submitRedemptionRequest',
        'tokenActivation',
      ].sort(),
    );
    const negatives = report.results
      .filter((r) => r.kind === 'negative' && r.operation === 'submitRedemptionRequest')
      .map((r) => r.title);
    expect(negatives).toEqual(
      expect.arrayContaining([
        'required header Authorization missing',
        'required header uuid missing',
        'required header client_id missing',
        'required header Accept missing',
        'required header Content-Type missing',
        'header uuid not a UUID',
        'Content-Type text/plain',
        'malformed JSON body',
        'body field transactionReferenceNumber missing',
        'body field redemptionOrder.transactionAmount missing',
        'body field redemptionOrder.pointsToRedeem not an integer (1.5)',
        'body field redemptionOrder.currencyCode of the wrong type (a number)',
      ]),
    );
  });

  it('runs the Pay with Points lifecycle with real state: provisioned link, replay, refusals, de-registration', () => {
    const steps = report.results.filter((r) => r.suite === 'scenario: enrollInPayWithPoints lifecycle');
    const titles = steps.map((r) => r.title).join('\n');
    for (const code of [
      'invalidCardType',
      'inactiveRewardLinkCode',
      'activationFailed',
      'exceedsMaximumAttempts',
      'cardAlreadyRegistered',
      'exceedsMaximumPointsAllowed',
      'inSufficientPointBalance',
      'belowMinimumPointsAllowed',
      'invalidPointsAndAmountCombination',
      'currencyNotSupported',
      'invalidRewardLinkCode',
    ]) {
      expect(titles).toContain(code);
    }
    expect(titles).toMatch(/replayed transactionReferenceNumber: the same orderId/);
    const early = steps.find((r) => r.title === 'redemption before activation → inactiveRewardLinkCode');
    expect(early?.operation).toBe('submitRedemptionRequest');
    expect(early?.exchange?.response?.status).toBe(400);
    expect(early?.findings).toEqual([]);
    expect(steps.every((s) => s.skipped === undefined)).toBe(true);
    expect(
      report.results.some((r) => r.suite === 'scenario: linkCreditCardToMerchantForRewardsRedemption lifecycle'),
    ).toBe(true);
    const balance = report.results.find((r) => r.operation === 'retrieveRewardsBalance' && r.kind === 'positive');
    expect(balance?.exchange?.response?.status).toBe(200);
  });

  it('covers operations × statuses × codes, and shows it', () => {
    const redemption = report.coverage.rows.find((r) => r.operation === 'submitRedemptionRequest')!;
    const s400 = redemption.statuses.find((s) => s.status === '400')!;
    expect(s400.codes.filter((c) => c.seen).map((c) => c.code)).toEqual(
      expect.arrayContaining([
        'invalidRequest',
        'inSufficientPointBalance',
        'currencyNotSupported',
        'inactiveRewardLinkCode',
      ]),
    );
    expect(redemption.statuses.find((s) => s.status === '500')!.seen).toBe(false); // outages need --states-url
    expect(report.results.some((r) => r.kind === 'state')).toBe(false);
    const text = formatCoverage(report.coverage);
    expect(text).toMatch(/^Coverage: \d+\/\d+ documented statuses and \d+\/\d+ documented error codes exercised/);
    expect(text).toMatch(/submitRedemptionRequest +✓ 200/);
  });

  it('never shows a token, secret, confirmation code or phone number in any report', () => {
    const outputs = [
      verifyText(report),
      verifyJUnit('t', report.results),
      toJsonReport({
        tool: 'x',
        target: provider.url,
        specs: report.specs,
        summary: report.summary,
        results: report.results,
        coverage: report.coverage,
      }),
    ];
    for (const out of outputs) {
      for (const secret of ['sandbox-secret', '735937', '482916', '2608191234', '6563471895'])
        expect(out).not.toContain(secret);
      expect(out).not.toMatch(/Bearer (?!\*\*\*)[A-Za-z0-9_-]{8,}/);
    }
    expect(outputs[2]).toContain('"authorization": "Bearer ***"');
  });

  it('emits progress events: phases, one per case, and a finish', () => {
    expect(events.filter((e) => e.type === 'phase').map((e) => (e as { name: string }).name)).toEqual([
      'loading specs',
      'connecting',
      'running checks',
    ]);
    expect(events.filter((e) => e.type === 'case')).toHaveLength(report.results.length);
    expect(events.at(-1)?.type).toBe('finish');
  });
});

describe('--only', () => {
  it('limits the run to the named operations (provisioning still happens)', async () => {
    const p = await startProvider();
    try {
      const r = await verifyPayWithPoints({
        baseUrl: p.url,
        specs: await projectApis(),
        only: ['retrieveRewardsBalance'],
      });
      expect(r.exitCode).toBe(0);
      const ops = new Set(r.results.filter((x) => x.kind !== 'setup').map((x) => x.operation));
      expect([...ops]).toEqual(['retrieveRewardsBalance']);
      expect(r.results.some((x) => x.suite.startsWith('scenario'))).toBe(false);
      // The provisioning steps' operations too, and the de-registration that ends the link it made (a clean-up,
      // issue 13 item 2).
      expect(r.coverage.rows.map((x) => x.operation)).toEqual([
        'enrollInPayWithPoints',
        'tokenActivation',
        'retrieveRewardsBalance',
        'deRegisterPayWithPointsEnrollmentInCard',
      ]);
      expect(r.results.find((x) => x.operation === 'deRegisterPayWithPointsEnrollmentInCard')).toMatchObject({
        kind: 'setup',
        findings: [],
        exchange: { response: { status: 200 } },
      });
      expect(r.left).toBeUndefined();
    } finally {
      await p.close();
    }
  });

  it('refuses an unknown operation name (exit 2)', async () => {
    await expect(
      verifyPayWithPoints({ baseUrl: 'http://127.0.0.1:9', specs: await projectApis(), only: ['nope'] }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/unknown operation "nope"/) });
  });
});
