import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { sandboxOf } from '../../domain/pay-with-points/index.ts';
import type { VerifyReport } from '../../verifier/engine/run-verify.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import { verifyText } from '../../reporting/verify.ts';
import type { VerifyEvent } from '../../verifier/types.ts';
import { findingsOfVariant, startProvider, stateVariants, type RunningProvider } from './broken-providers.ts';
import { projectApis, SPECS } from './specs.ts';

const statesOf = (p: RunningProvider) => `${p.url}/__admin/provider-states`;

describe('verify --states-url against the mock with its admin API', () => {
  let provider: RunningProvider;
  let report: VerifyReport;
  const events: VerifyEvent[] = [];

  beforeAll(async () => {
    provider = await startProvider(undefined, { admin: true });
    report = await verifyPayWithPoints({
      baseUrl: provider.url,
      specs: await projectApis(),
      statesUrl: statesOf(provider),
      onEvent: (e) => events.push(e),
    });
  });
  afterAll(() => provider.close());

  it('passes, with an outage check for every operation and an expired-code check for each activation', () => {
    const failed = report.results.filter((r) => r.findings.length > 0);
    expect(failed.map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => f.message).join('; ')}`)).toEqual([]);
    expect(report.exitCode).toBe(0);
    const state = report.results.filter((r) => r.kind === 'state');
    expect(state.every((r) => r.skipped === undefined)).toBe(true);
    const outage = state.filter((r) => r.title.startsWith('"the service is unavailable"'));
    expect(outage.map((r) => r.operation).sort()).toEqual(report.coverage.rows.map((r) => r.operation).sort());
    expect(
      outage.every(
        (r) =>
          r.exchange?.response?.status === 500 &&
          (r.exchange.response.body as { code?: unknown }).code === 'serverUnavailable',
      ),
    ).toBe(true);
    const expired = state.filter((r) => /confirmation code has expired/.test(r.title));
    expect(expired.map((r) => r.operation).sort()).toEqual(['activateRewardLinkCode', 'tokenActivation']);
    expect(expired.every((r) => r.exchange?.response?.status === 400)).toBe(true);
    const refusedOrders = state.filter((r) => /active but/.test(r.title));
    expect(
      refusedOrders.map(
        (r) => `${r.operation} ${(r.exchange?.response?.body as { code?: unknown } | undefined)?.code}`,
      ),
    ).toEqual(['submitRedemptionRequest notEligibleToRedeem', 'submitRedemptionRequest errorGeneratingOrderId']);
    expect(refusedOrders.every((r) => r.exchange?.response?.status === 400)).toBe(true);
    expect(events.filter((e) => e.type === 'phase').map((e) => (e as { name: string }).name)).toEqual([
      'loading specs',
      'connecting',
      'running checks',
      'provider states',
    ]);
  });

  it(
    'marks serverUnavailable, linkageConfirmationCodeExpired, notEligibleToRedeem and errorGeneratingOrderId ' +
      'as seen in the coverage',
    () => {
      const redemption400 = report.coverage.rows
        .find((r) => r.operation === 'submitRedemptionRequest')!
        .statuses.find((s) => s.status === '400')!;
      for (const code of ['notEligibleToRedeem', 'errorGeneratingOrderId'])
        expect(redemption400.codes.find((c) => c.code === code)?.seen, code).toBe(true);
      for (const row of report.coverage.rows) {
        const s500 = row.statuses.find((s) => s.status === '500')!;
        expect(s500.seen, row.operation).toBe(true);
        expect(s500.codes.find((c) => c.code === 'serverUnavailable')?.seen, row.operation).toBe(true);
      }
      for (const name of ['tokenActivation', 'activateRewardLinkCode']) {
        const s400 = report.coverage.rows.find((r) => r.operation === name)!.statuses.find((s) => s.status === '400')!;
        expect(s400.codes.find((c) => c.code === 'linkageConfirmationCodeExpired')?.seen, name).toBe(true);
      }
    },
  );

  it('leaves the mock reset: no outage, and the fixture tokens work again', async () => {
    expect(sandboxOf(provider.app).sandbox.unavailable).toBe(false);
    const again = await verifyPayWithPoints({
      baseUrl: provider.url,
      specs: await projectApis(),
      only: ['retrieveRewardsBalance'],
    });
    expect(again.exitCode).toBe(0);
  });

  it('masks the token it fetched again after a state', () => {
    expect(verifyText(report)).not.toMatch(/Bearer (?!\*\*\*)[A-Za-z0-9_-]{8,}/);
  });
});

describe('without --states-url', () => {
  it('adds no state checks (a real provider has no state endpoint)', async () => {
    const provider = await startProvider(undefined, { admin: true });
    try {
      const r = await verifyPayWithPoints({
        baseUrl: provider.url,
        specs: await projectApis(),
        only: ['tokenActivation'],
      });
      expect(r.results.some((x) => x.kind === 'state')).toBe(false);
    } finally {
      await provider.close();
    }
  });
});

describe('a state endpoint that cannot set the state up', () => {
  let refusing: Server;
  let refusingUrl: string;
  const received: unknown[] = [];
  beforeAll(async () => {
    refusing = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(text));
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', code: 'invalidRequest', details: 'unknown provider state' }));
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingUrl = `http://127.0.0.1:${(refusing.address() as { port: number }).port}/states`;
  });
  afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));

  it('an unknown state (400) is reported skipped with the reason, never a failure', async () => {
    const provider = await startProvider();
    try {
      const r = await verifyPayWithPoints({
        baseUrl: provider.url,
        specs: await projectApis(),
        statesUrl: refusingUrl,
        only: ['tokenActivation', 'retrieveRewardsBalance'],
      });
      expect(r.exitCode).toBe(0);
      const state = r.results.filter((x) => x.kind === 'state');
      expect(state.length).toBeGreaterThanOrEqual(3);
      expect(state.every((x) => x.skipped !== undefined && x.findings.length === 0)).toBe(true);
      expect(state[0].skipped).toMatch(
        /the provider-state endpoint answered 400 to "the service is unavailable": unknown provider state/,
      );
      expect(state.find((x) => x.operation === 'tokenActivation' && /expired/.test(x.title))?.skipped).toMatch(
        /answered 400 to "card 7411 is enrolled and its confirmation code has expired"/,
      );
      expect(received).toContainEqual({
        state: 'the service is unavailable',
        params: { clientId: 'sandbox-client' },
        action: 'setup',
      });
      // The closing neutral state.
      expect(received.at(-1)).toEqual({ state: 'card 7411 is not enrolled', params: {}, action: 'setup' });
    } finally {
      await provider.close();
    }
  });

  it('an unreachable state endpoint or a malformed URL cannot run (exit 2)', async () => {
    const provider = await startProvider();
    try {
      const closed = refusingUrl.replace(/:\d+\//, ':9/');
      await expect(
        verifyPayWithPoints({
          baseUrl: provider.url,
          specs: await projectApis(),
          statesUrl: closed,
          only: ['retrieveRewardsBalance'],
        }),
      ).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(
          /the provider-state endpoint http:\/\/127\.0\.0\.1:9\/states is unreachable: ECONNREFUSED/,
        ),
      });
      await expect(
        verifyPayWithPoints({ baseUrl: provider.url, specs: await projectApis(), statesUrl: 'not a url' }),
      ).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/--states-url: "not a url" is not a URL/),
      });
    } finally {
      await provider.close();
    }
  });
});

describe('a --states-url that is not a provider-state endpoint (issue 13 item 4)', () => {
  it('a mistyped URL (404) cannot run: exit 2 before any check, not "15 skipped" and exit 0', async () => {
    const provider = await startProvider(undefined, { admin: true });
    try {
      const events: VerifyEvent[] = [];
      const mistyped = `${provider.url}/__admin/provider-state`;
      await expect(
        verifyPayWithPoints({
          baseUrl: provider.url,
          specs: await projectApis(),
          statesUrl: mistyped,
          onEvent: (e) => events.push(e),
        }),
      ).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(
          new RegExp(
            /^--states-url http:\/\/127\.0\.0\.1:\d+\/__admin\/provider-state /.source +
              /does not answer as a provider-state endpoint: .* answered 404/.source,
          ),
        ),
      });
      expect(events.some((e) => e.type === 'case')).toBe(false);
    } finally {
      await provider.close();
    }
  });

  it('the mock without --admin (its admin API answers 404) cannot run either', async () => {
    const provider = await startProvider();
    try {
      await expect(
        verifyPayWithPoints({
          baseUrl: provider.url,
          specs: await projectApis(),
          statesUrl: statesOf(provider),
          only: ['retrieveRewardsBalance'],
        }),
      ).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/does not answer as a provider-state endpoint/),
      });
    } finally {
      await provider.close();
    }
  });
});

describe('broken providers only the provider states reveal', () => {
  it.each(stateVariants.map((v) => [v.name, v] as const))('%s', async (_name, variant) => {
    const provider = await startProvider(variant, { admin: true });
    try {
      const without = await verifyPayWithPoints({ baseUrl: provider.url, specs: await projectApis() });
      expect(without.exitCode, 'invisible without --states-url').toBe(0);
      const report = await verifyPayWithPoints({
        baseUrl: provider.url,
        specs: await projectApis(),
        statesUrl: statesOf(provider),
      });
      expect(report.exitCode).toBe(1);
      const { hits, expected } = findingsOfVariant(report.results, variant, 'state');
      expect(hits, expected).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  });
});

describe('pwpkit verify --states-url', () => {
  let out = '';
  beforeEach(() => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('exits 0 against pwpkit mock --admin and reports the state checks', async () => {
    const provider = await startProvider(undefined, { admin: true });
    try {
      expect(
        await main([
          'verify',
          '--spec',
          ...SPECS,
          '--provider-url',
          `${provider.url}/api`,
          '--states-url',
          statesOf(provider),
        ]),
      ).toBe(0);
      expect(out).toContain(
        '✓ "the service is unavailable" (provider state) → 500 serverUnavailable  [500 serverUnavailable]',
      );
      expect(out).toContain(
        '✓ card …7411: its confirmation code has expired (provider state), ' +
          'the right code → linkageConfirmationCodeExpired  [400 linkageConfirmationCodeExpired]',
      );
      expect(out).toMatch(/PASS: \d+ checks, \d+ passed, 0 failed/);
    } finally {
      await provider.close();
    }
  });

  it('a --states-url answering 404 is one line on stderr and exit 2', async () => {
    const provider = await startProvider(undefined, { admin: true });
    let err = '';
    vi.mocked(process.stderr.write).mockImplementation((s) => ((err += String(s)), true));
    try {
      expect(
        await main([
          'verify',
          '--spec',
          ...SPECS,
          '--provider-url',
          provider.url,
          '--states-url',
          `${provider.url}/__admin/states`,
        ]),
      ).toBe(2);
      const lines = err.split('\n').filter((l) => l && !/^verify: /.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          /--states-url http:\/\/127\.0\.0\.1:\d+\/__admin\/states /.source +
            /does not answer as a provider-state endpoint: .*answered 404/.source,
        ),
      );
      expect(out).toBe('');
    } finally {
      await provider.close();
    }
  });
});
