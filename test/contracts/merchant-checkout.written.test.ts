/**
 * Group 2 (after the consumer tests wrote contracts/pacts and the provider verified them): the
 * written pacts agree with the specs, are reproducible byte for byte, and hold no secret; a
 * deliberately broken copy fails pact-check with the right finding.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import { AUTHORIZE_PACT_FILE } from '../support/consumer/card-authorization.ts';
import { PACT_FILE, SANDBOX } from '../support/consumer/parties.ts';
import { PACTS_DIR, writeMerchantCheckoutPact } from '../support/consumer/write-pacts.ts';

const SPECS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const WRITTEN = join(PACTS_DIR, PACT_FILE);
const BROKEN = 'test/contracts/fixtures/broken/merchant-checkout-citi-pay-with-points.json';
const BROKEN_AT = '/interactions/15/response/body/content/code';

type Pact = {
  interactions: Array<{
    description: string;
    providerStates?: Array<{ name: string }>;
    request: { path: string; headers?: Record<string, string[]>; query?: unknown; body?: { content: unknown } };
    response: { headers?: Record<string, string[]>; body?: { content: unknown } };
  }>;
};

async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string }> {
  let stdout = '';
  const spy = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  try {
    return { value: await fn(), stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('the written consumer pacts', () => {
  it('pass `pwpkit pact-check contracts/pacts` against every spec of the project (exit 0)', async () => {
    const { value: code, stdout } = await quietly(() => main(['pact-check', PACTS_DIR]));
    expect(stdout).toContain('✓ 19 interactions agree with the specs');
    expect(stdout).toContain('✓ 8 interactions agree with the specs'); // the card-authorization pact (citi-authorize)
    expect(stdout).toContain('pact-check: 2 files, 27 interactions: 0 errors');
    expect(code).toBe(0);
  });

  it('are the only files in contracts/pacts, one per consumer/provider pair', async () => {
    expect((await readdir(PACTS_DIR)).sort()).toEqual([AUTHORIZE_PACT_FILE, PACT_FILE].sort());
  });

  describe('generated twice', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pwpkit-pacts-again-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('give the same bytes', async () => {
      const again = await writeMerchantCheckoutPact(dir);
      expect(await readFile(again, 'utf8')).toBe(await readFile(WRITTEN, 'utf8'));
    });
  });

  describe('hold no secret', () => {
    let text: string;
    let pact: Pact;
    beforeAll(async () => {
      text = await readFile(WRITTEN, 'utf8');
      pact = JSON.parse(text) as Pact;
    });

    it('no client secret, basic credentials, JWT or long opaque token anywhere', () => {
      expect(text).not.toMatch(/sandbox-secret|client_secret|clientSecret|password/i);
      expect(text).not.toMatch(/\bBasic\s+[A-Za-z0-9+/=]{8,}/);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const opaque = (text.match(/[A-Za-z0-9+_=-]{24,}/g) ?? []).filter(
        (s) => /\d/.test(s) && /[A-Za-z]/.test(s) && !uuid.test(s),
      );
      expect(opaque).toEqual([]);
    });

    it('bearer tokens are the harmless sandbox placeholders', () => {
      const tokens = new Set(pact.interactions.flatMap((i) => i.request.headers?.Authorization ?? []));
      expect([...tokens].sort()).toEqual([`Bearer ${SANDBOX.unknownToken}`, `Bearer ${SANDBOX.token}`]);
    });

    it("the card holder's phone number appears only in the enrolment request body (the spec's sandbox example)", () => {
      for (const i of pact.interactions) {
        const { body, ...requestRest } = i.request;
        expect(JSON.stringify(requestRest)).not.toContain(SANDBOX.phone);
        expect(JSON.stringify(i.response)).not.toContain(SANDBOX.phone);
        if (!i.description.startsWith('a request to enrol'))
          expect(JSON.stringify(body ?? null)).not.toContain(SANDBOX.phone);
      }
      expect(text.split(SANDBOX.phone).length - 1).toBe(1);
    });

    it('every interaction names a provider state', () => {
      for (const i of pact.interactions) expect(i.providerStates?.map((s) => s.name)).toHaveLength(1);
    });
  });
});

describe('a deliberately broken copy of the pact', () => {
  it('fails pact-check with the undocumented error code, at its pointer', async () => {
    const report = await runPactCheck({ pacts: [BROKEN], specs: SPECS });
    expect(report.findings).toEqual([
      expect.objectContaining({
        interaction: 'a request to pay with more points than the balance holds',
        check: 'error-code',
        code: 'error-code-not-documented',
        severity: 'error',
        pointer: BROKEN_AT,
        message: expect.stringContaining(
          '"insufficientPointBalance" is not documented for submitRedemptionRequest 400',
        ),
      }),
    ]);
    const { value: code } = await quietly(() => main(['pact-check', BROKEN]));
    expect(code).toBe(1);
  });

  it('is the written pact with that one value changed (regenerate the copy if the contracts change)', async () => {
    const broken = JSON.parse(await readFile(BROKEN, 'utf8')) as Pact;
    const written = JSON.parse(await readFile(WRITTEN, 'utf8')) as Pact;
    const content = broken.interactions[15].response.body!.content as { code: string };
    expect(content.code).toBe('insufficientPointBalance');
    content.code = 'inSufficientPointBalance';
    expect(
      broken,
      `${BROKEN} is stale: copy ${WRITTEN} over it and change ${BROKEN_AT} to "insufficientPointBalance"`,
    ).toEqual(written);
  });
});
