import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import {
  createPayWithPointsSandbox,
  defaultFixture,
  FixtureError,
  loadFixture,
  parseFixture,
} from '../../domain/pay-with-points/index.ts';
import { activeLink, CARD, CLIENT, mockHarness, SECRET, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

describe('fault injection', () => {
  it('rate 1, error: every API request answers 500 fatal serverUnavailable', async () => {
    const { url } = await harness.start({ faults: { rate: 1, kind: 'error' } });
    const r = await send(url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance');
    expect(r).toMatchObject({ status: 500, body: { type: 'fatal', code: 'serverUnavailable' } });
  });

  it('a share of requests, reproducible with a seed', async () => {
    const run = async () => {
      const { url } = await harness.start({ faults: { rate: 0.3, seed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++)
        statuses.push((await send(url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance')).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failed = a.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
    expect(a.filter((s) => s !== 500).every((s) => s === 400)).toBe(true);
  });

  it('delay: answered normally, later', async () => {
    const { url } = await harness.start({ faults: { rate: 1, kind: 'delay', delayMs: 150 } });
    const started = performance.now();
    const r = await send(url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.body.code).toBe('invalidRewardLinkCode');
  });

  it(
    "the typed client's retries ride out injected faults on idempotent calls " +
      '(the token endpoint is never faulted)',
    async () => {
      const { url } = await harness.start({ faults: { rate: 0.5, kind: 'error', seed: 7 } });
      const pwp = createPayWithPointsClient({
        baseUrl: url,
        clientId: CLIENT,
        clientSecret: SECRET,
        retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 2 },
      });
      for (let i = 0; i < 10; i++)
        expect(await pwp.retrieveRewardsBalance({ rewardLinkCode: '1234567' })).toMatchObject({
          status: 400,
          error: { code: 'invalidRewardLinkCode' },
        });
    },
  );

  it('bad fault options are refused clearly', async () => {
    await expect(createPayWithPointsSandbox({ faults: { rate: 2 } })).rejects.toThrow(
      /faults.rate must be a number from 0 to 1/,
    );
    await expect(createPayWithPointsSandbox({ faults: { rate: 0.1, delayMs: -1 } })).rejects.toThrow(/delayMs/);
  });
});

describe('fixture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwpkit-mock-fixture-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('loads a file and the mock serves it', async () => {
    const f = structuredClone(defaultFixture);
    f.cards[0].account.availablePointBalance = 123_456;
    const fixture = await loadFixture(
      file('ok.json', `\uFEFF${JSON.stringify({ ...f, note: 'extra fields are fine' })}`),
    );
    const { url } = await harness.start({ fixture });
    const code = await activeLink(url);
    expect((await send(url, 'GET', `/api/v1/apac/rewards/${code}/pointBalance`)).body.availablePointBalance).toBe(
      123_456,
    );
  });

  it.each([
    ['missing file', null, /missing\.json: \/: file not found/],
    ['not JSON', '{ clients: [] ', /bad\.json: \/: not valid JSON/],
    ['no clients', '{"cards": []}', /: \/clients: must be an array/],
    [
      'card digits',
      JSON.stringify({ ...defaultFixture, cards: [{ ...defaultFixture.cards[0], lastFourDigitsCardNumber: '741' }] }),
      /\/cards\/0\/lastFourDigitsCardNumber: must be four digits/,
    ],
    [
      'negative balance',
      JSON.stringify({
        ...defaultFixture,
        cards: [
          { ...defaultFixture.cards[0], account: { ...defaultFixture.cards[0].account, availablePointBalance: -1 } },
        ],
      }),
      /\/cards\/0\/account\/availablePointBalance/,
    ],
    [
      'duplicate token',
      JSON.stringify({
        ...defaultFixture,
        clients: [defaultFixture.clients[0], { ...defaultFixture.clients[1], staticTokens: ['sandbox-static-token'] }],
      }),
      /\/clients\/1\/staticTokens\/0: duplicate static token/,
    ],
    [
      'min above max',
      JSON.stringify({
        ...defaultFixture,
        cards: [
          { ...defaultFixture.cards[0], account: { ...defaultFixture.cards[0].account, minimumPointsToRedeem: 20000 } },
        ],
      }),
      /minimumPointsToRedeem: must not be above/,
    ],
  ])('%s → FixtureError naming the file and pointer', async (_what, text, message) => {
    const name =
      text === null
        ? join(dir, 'missing.json')
        : file(_what === 'not JSON' ? 'bad.json' : `${_what.replace(/\W/g, '-')}.json`, text);
    const error = await loadFixture(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(name);
  });

  it('createPayWithPointsSandbox refuses a bad fixture object', async () => {
    await expect(createPayWithPointsSandbox({ fixture: { clients: [], cards: [] } })).rejects.toThrow(
      /options.fixture: \/clients: must list at least one client/,
    );
  });

  it('the default fixture passes its own check', async () => {
    await expect(parseFixture(defaultFixture)).resolves.toEqual(defaultFixture);
  });
});

describe('logging', () => {
  it('is off by default; with log: true one line a request, no secrets, tokens or phone numbers', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const quiet = await harness.start();
      await send(quiet.url, 'POST', '/api/v1/apac/rewards/linkage', { body: CARD });
      expect(lines).toEqual([]);
      const loud = await harness.start({ log: true });
      const pwp = createPayWithPointsClient({ baseUrl: loud.url, clientId: CLIENT, clientSecret: SECRET });
      await pwp.enrollInPayWithPoints({ body: CARD });
      await send(loud.url, 'POST', '/api/v1/apac/rewards/linkage', { body: CARD });
    } finally {
      spy.mockRestore();
    }
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(
      /^pwpkit mock: POST \/api\/clientCredentials\/oauth2\/token\/:countryCode\/gcb → 200 [\d.]+ms\n$/,
    );
    const all = lines.join('');
    for (const secret of [SECRET, 'sandbox-static-token', CARD.citiCardHolderPhoneNumber, 'Bearer', 'Basic'])
      expect(all).not.toContain(secret);
  });
});
