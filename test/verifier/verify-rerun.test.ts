/**
 * Issue 13 items 1–3: verify on one test card, run again and again on the same provider (a sandbox
 * keeps its state between CI runs), and with a fixture that lacks optional card data. A correct
 * provider never fails; what a run cannot check is counted as skipped, with the reason, in every
 * report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { defaultFixture, type Fixture } from '../../domain/pay-with-points/index.ts';
import type { VerifyReport } from '../../verifier/engine/run-verify.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import { startProvider, type RunningProvider } from './broken-providers.ts';
import { SPECS } from './specs.ts';

const PWP_ONLY = SPECS.slice(0, 1); // pay-with-points alone: no de-registration operation
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** The mock's clients and its first card (7411) only, edited by `edit`: the README's fixture shape. */
function oneCard(edit: (card: Fixture['cards'][number]) => Fixture['cards'][number] = (c) => c): Fixture {
  return { clients: structuredClone(defaultFixture.clients), cards: [edit(structuredClone(defaultFixture.cards[0]))] };
}

async function provider(fixture?: Fixture): Promise<RunningProvider> {
  const p = await startProvider(undefined, fixture ? { fixture } : {});
  cleanup.push(() => p.close());
  return p;
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'pwpkit-rerun-'));
const failures = (r: VerifyReport) =>
  r.results
    .filter((x) => x.findings.length > 0)
    .map((x) => `${x.suite} | ${x.title} | ${x.findings.map((f) => f.message).join('; ')}`);
const skips = (r: VerifyReport) => r.results.filter((x) => x.findings.length === 0 && x.skipped !== undefined);

describe('one test card is enough (item 1)', () => {
  it.each([
    ['both specs (de-registration frees the card)', SPECS],
    ['pay-with-points alone (no de-registration operation)', PWP_ONLY],
  ])('%s: the card is enrolled once, the lifecycle runs on it, the provider passes', async (_name, specs) => {
    const fixture = oneCard();
    const p = await provider(fixture);
    const r = await verifyPayWithPoints({ baseUrl: p.url, specs, fixture });
    expect(failures(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(skips(r).map((x) => `${x.suite} | ${x.title} | ${x.skipped}`)).toEqual([]);
    const scenario = r.results
      .filter((x) => x.suite === 'scenario: enrollInPayWithPoints lifecycle')
      .map((x) => x.title)
      .join('\n');
    for (const code of [
      'invalidCardType',
      'inactiveRewardLinkCode',
      'exceedsMaximumAttempts',
      'cardAlreadyRegistered',
      'inSufficientPointBalance',
      'currencyNotSupported',
    ])
      expect(scenario).toContain(code);
  });
});

describe('re-runnable (item 2)', () => {
  it.each([
    ['both specs', SPECS],
    ['pay-with-points alone', PWP_ONLY],
  ])(
    '%s, one card: twice in a row on the same mock passes both times, the same checks counted, ' +
      'what the second could not check skipped with the reason',
    async (name, specs) => {
      const fixture = oneCard();
      const p = await provider(fixture);
      const stateFile = join(tempDir(), 'state', 'verify-state.json');
      const run = () => verifyPayWithPoints({ baseUrl: p.url, specs, fixture, stateFile });
      const first = await run();
      const second = await run();
      for (const r of [first, second]) {
        expect(failures(r)).toEqual([]);
        expect(r.exitCode).toBe(0);
      }
      expect(second.summary.total).toBe(first.summary.total);
      if (name === 'both specs') {
        expect(first.left).toBeUndefined(); // de-registered: nothing to remember
        expect(second.summary.skipped).toBe(0);
        return;
      }
      // Nothing can end the enrolment: the link is remembered and reused.
      expect(first.left).toEqual([
        expect.objectContaining({
          family: 'pay-with-points/enrollInPayWithPoints',
          param: 'rewardLinkCode',
          card: '7411',
          status: 'active',
        }),
      ]);
      const kept = JSON.parse(readFileSync(stateFile, 'utf8')) as {
        version: number;
        providers: Record<string, { left: Array<{ value: string }> }>;
      };
      expect(kept.version).toBe(1);
      expect(kept.providers[p.url].left[0].value).toBe(first.left![0].value);
      expect(second.summary.skipped).toBeGreaterThan(0);
      for (const s of skips(second)) expect(s.skipped).toMatch(/card …7411 is still enrolled from an earlier run/);
      expect(skips(second).map((s) => s.operation)).toEqual(
        expect.arrayContaining(['enrollInPayWithPoints', 'tokenActivation']),
      );
      // The link it reused served every check that needs one.
      const balance = second.results.find((x) => x.operation === 'retrieveRewardsBalance' && x.kind === 'positive');
      expect(balance?.exchange?.request.path).toContain(`/${first.left![0].value}/`);
      expect(balance?.exchange?.response?.status).toBe(200);
    },
  );

  it('three full runs on one mock count the same checks (they were 176 → 174 → 168)', async () => {
    const p = await provider();
    const totals: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await verifyPayWithPoints({ baseUrl: p.url, specs: SPECS });
      expect(failures(r)).toEqual([]);
      totals.push(r.summary.total);
    }
    expect(new Set(totals).size).toBe(1);
  });

  it(
    '--only retrieveRewardsBalance leaves no card enrolled (it de-registers what it enrolled): ' +
      'the next full run passes',
    async () => {
      const p = await provider();
      const only = await verifyPayWithPoints({ baseUrl: p.url, specs: SPECS, only: ['retrieveRewardsBalance'] });
      expect(only.exitCode).toBe(0);
      expect(only.left).toBeUndefined();
      const full = await verifyPayWithPoints({ baseUrl: p.url, specs: SPECS });
      expect(failures(full)).toEqual([]);
      expect(full.exitCode).toBe(0);
    },
  );

  it('without a state file, a card left enrolled skips what needs its link, with the reason; never fails', async () => {
    const fixture = oneCard();
    const p = await provider(fixture);
    const first = await verifyPayWithPoints({ baseUrl: p.url, specs: PWP_ONLY, fixture });
    const second = await verifyPayWithPoints({ baseUrl: p.url, specs: PWP_ONLY, fixture });
    expect(failures(second)).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.summary.total).toBe(first.summary.total);
    expect(skips(second).length).toBeGreaterThan(0);
    for (const s of skips(second))
      expect(s.skipped).toMatch(
        /card …7411 is already enrolled at the provider and no earlier run recorded its rewardLinkCode/,
      );
  });

  it(
    'a link an earlier run left is de-registered first when the spec can: ' +
      'the run checks the card afresh and forgets it',
    async () => {
      const fixture = oneCard();
      const p = await provider(fixture);
      const stateFile = join(tempDir(), 'verify-state.json');
      const first = await verifyPayWithPoints({
        baseUrl: p.url,
        specs: PWP_ONLY,
        fixture,
        stateFile,
      });
      expect(first.left).toHaveLength(1);
      const second = await verifyPayWithPoints({ baseUrl: p.url, specs: SPECS, fixture, stateFile });
      expect(failures(second)).toEqual([]);
      expect(second.summary.skipped).toBe(0);
      expect(second.left).toBeUndefined();
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ version: 1, providers: {} });
    },
  );

  it('a state file that is not one cannot run (exit 2), naming the file', async () => {
    const p = await provider();
    const stateFile = join(tempDir(), 'verify-state.json');
    writeFileSync(stateFile, '{ nope');
    await expect(verifyPayWithPoints({ baseUrl: p.url, specs: SPECS, stateFile })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`--state-file ${stateFile}: not valid JSON`),
    });
  });
});

describe("every report format counts and explains the second run's skipped checks (item 2, the command)", () => {
  let out = '';
  beforeEach(() => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('text, --json and --junit', async () => {
    const fixture = oneCard();
    const p = await provider(fixture);
    const dir = tempDir();
    writeFileSync(join(dir, 'one-card.json'), JSON.stringify(fixture));
    const args = [
      'verify',
      '--spec',
      ...PWP_ONLY,
      '--provider-url',
      p.url,
      '--fixture',
      join(dir, 'one-card.json'),
      '--state-file',
      join(dir, 'state.json'),
      '--json',
      join(dir, 'v.json'),
      '--junit',
      join(dir, 'v.xml'),
    ];
    expect(await main(args)).toBe(0);
    expect(out).toContain('Left at the provider (kept in');
    out = '';
    expect(await main(args)).toBe(0);
    const skipped = /PASS: (\d+) checks, \d+ passed, 0 failed, (\d+) skipped/.exec(out);
    expect(skipped, out.slice(-2000)).not.toBeNull();
    const count = Number(skipped![2]);
    expect(count).toBeGreaterThan(0);
    expect(out).toMatch(/Skipped, and why:\n +\d+ × .*card …7411 is still enrolled from an earlier run/);
    expect(out).toMatch(
      new RegExp(
        / - enrol card …7411 again: a new rewardLinkCode → accepted\n +/.source +
          /skipped: needs a new enrolment, and card …7411 is still enrolled/.source,
      ),
    );

    const json = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as {
      summary: { skipped: number };
      results: Array<{ skipped?: string }>;
      left: unknown[];
      stateFile: string;
    };
    expect(json.summary.skipped).toBe(count);
    expect(json.results.filter((r) => r.skipped !== undefined)).toHaveLength(count);
    expect(
      json.results.every((r) => r.skipped === undefined || /still enrolled from an earlier run/.test(r.skipped)),
    ).toBe(true);
    expect(json.left).toHaveLength(1);
    expect(json.stateFile).toBe(join(dir, 'state.json'));

    const xml = readFileSync(join(dir, 'v.xml'), 'utf8');
    expect(xml).toMatch(
      new RegExp(`<testsuites name="pwpkit verify [^"]+" tests="\\d+" failures="0" skipped="${count}">`),
    );
    expect(xml.match(/<skipped message="[^"]*still enrolled from an earlier run[^"]*"\/>/g)).toHaveLength(count);
  });
});

describe('a fixture card without cardId (item 3)', () => {
  it('the multi-card search is skipped with the reason, never sent a made-up {} body; provider passes', async () => {
    const fixture = oneCard(({ cardId: _dropped, ...card }) => card);
    const p = await provider(fixture);
    const r = await verifyPayWithPoints({ baseUrl: p.url, specs: SPECS, fixture });
    expect(failures(r)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const search = r.results.filter((x) => x.operation === 'retrieveRewardPointsBalanceForMultipleCreditCards');
    const positive = search.find((x) => x.kind === 'positive');
    expect(positive?.skipped).toBe(
      "the fixture's card …7411 has no cardId, which a valid request needs (add it to the card in --fixture)",
    );
    expect(positive?.exchange).toBeUndefined();
    expect(search.some((x) => x.kind === 'negative')).toBe(true); // refusals need no card data
  });

  it('with two cards, the one that has a cardId is used', async () => {
    const fixture: Fixture = {
      clients: structuredClone(defaultFixture.clients),
      cards: [
        (({ cardId: _d, ...c }) => c)(structuredClone(defaultFixture.cards[0])),
        structuredClone(defaultFixture.cards[1]),
      ],
    };
    const p = await provider(fixture);
    const r = await verifyPayWithPoints({
      baseUrl: p.url,
      specs: SPECS,
      fixture,
      only: ['retrieveRewardPointsBalanceForMultipleCreditCards'],
    });
    expect(r.exitCode).toBe(0);
    const positive = r.results.find(
      (x) => x.operation === 'retrieveRewardPointsBalanceForMultipleCreditCards' && x.kind === 'positive',
    );
    expect(positive?.skipped).toBeUndefined();
    expect(positive?.exchange?.request.body).toContain(defaultFixture.cards[1].cardId);
  });
});
