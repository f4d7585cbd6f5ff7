import { describe, expect, it } from 'vitest';
import { defaultFixture, type Fixture } from '../../domain/pay-with-points/index.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import {
  brokenVariants,
  findingsOfVariant,
  startProvider,
  strayCodes,
  type BrokenVariant,
} from './broken-providers.ts';
import { projectApis } from './specs.ts';

describe('verify against broken providers: each defect is found', () => {
  it('has at least eight variants', () => {
    expect(brokenVariants.length).toBeGreaterThanOrEqual(8);
  });

  it.each(brokenVariants.map((v) => [v.name, v] as const))('%s', async (_name, variant) => {
    const provider = await startProvider(variant);
    try {
      const report = await verifyPayWithPoints({ baseUrl: provider.url, specs: await projectApis() });
      expect(report.exitCode).toBe(1);
      const { hits, expected } = findingsOfVariant(report.results, variant);
      expect(hits, expected).toBeGreaterThan(0);
      expect(strayCodes(report.results)).toEqual([]);
    } finally {
      await provider.close();
    }
  });
});

/** The mock's clients and one card (7411): what a real sandbox may hand out (issue 13 item 1). */
const ONE_CARD: Fixture = {
  clients: structuredClone(defaultFixture.clients),
  cards: [structuredClone(defaultFixture.cards[0])],
};

describe('verify against broken providers with a one-card fixture: each defect is found, with the same finding', () => {
  it.each(brokenVariants.map((v) => [v.name, v] as const))(
    '%s',
    async (_name, variant: BrokenVariant) => {
      const provider = await startProvider(variant, { fixture: ONE_CARD });
      try {
        const report = await verifyPayWithPoints({
          baseUrl: provider.url,
          specs: await projectApis(),
          fixture: structuredClone(ONE_CARD),
        });
        expect(report.exitCode).toBe(1);
        const { hits, expected } = findingsOfVariant(report.results, variant);
        expect(hits, expected).toBeGreaterThan(0);
        expect(strayCodes(report.results)).toEqual([]);
      } finally {
        await provider.close();
      }
    },
    60_000,
  );
});
