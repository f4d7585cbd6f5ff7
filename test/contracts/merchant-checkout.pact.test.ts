/**
 * Consumer contract tests (group 0): the merchant checkout, through the typed clients, against
 * the Pact mock server. Writes contracts/pacts/merchant-checkout-citi-pay-with-points.json; the
 * provider group verifies it and the pact-check group checks it against the specs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantCheckoutCases, type ContractCase } from '../support/consumer/merchant-checkout.ts';
import { exampleUuid, UUID_PATTERN } from '../support/consumer/parties.ts';
import { clearPact, merchantCheckoutPact, runContractCase } from '../support/consumer/write-pacts.ts';

describe('merchant-checkout → citi-pay-with-points (Pact consumer)', () => {
  const pact = merchantCheckoutPact();
  beforeAll(async () => {
    await clearPact();
  });

  for (const c of merchantCheckoutCases) {
    it(`${c.operation}: ${c.description} (given ${c.state})`, () => runContractCase(pact, c));
  }
});

describe('the contract cases', () => {
  it('cover every Pay with Points operation and the errors a merchant must handle', () => {
    const ops = new Set(merchantCheckoutCases.map((c) => c.operation));
    expect([...ops].sort()).toEqual([
      'deRegisterPayWithPointsEnrollmentInCard',
      'enrollInPayWithPoints',
      'retrieveRewardsBalance',
      'submitRedemptionRequest',
      'tokenActivation',
    ]);
    const codes = merchantCheckoutCases
      .map((c) => (c.response.body as { code?: string } | undefined)?.code)
      .filter(Boolean)
      .sort();
    expect(codes).toEqual([
      'activationFailed',
      'belowMinimumPointsAllowed',
      'currencyNotSupported',
      'errorGeneratingOrderId',
      'exceedsMaximumAttempts',
      'exceedsMaximumPointsAllowed',
      'inSufficientPointBalance',
      'inactiveRewardLinkCode',
      'invalidPointsAndAmountCombination',
      'invalidRewardLinkCode',
      'linkageConfirmationCodeExpired',
      'notEligibleToRedeem',
      'serverUnavailable',
      'unAuthorized',
    ]);
  });

  it('have unique descriptions, a provider state each, and distinct RFC 4122 example uuids', () => {
    expect(new Set(merchantCheckoutCases.map((c) => c.description)).size).toBe(merchantCheckoutCases.length);
    for (const c of merchantCheckoutCases)
      expect(c.state).toMatch(
        /^(card \d{4} is (not enrolled|enrolled and .+)|reward link \d+ does not exist|the service is unavailable)$/,
      );
    const uuids = merchantCheckoutCases.map((c) => (c.request.headers.uuid as { value: string }).value);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const u of uuids) expect(u).toMatch(new RegExp(UUID_PATTERN));
    expect(exampleUuid('x')).toBe(exampleUuid('x'));
  });
});

describe('the Pact harness', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pwpkit-pact-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fails a case whose client sends something other than what the contract declares', async () => {
    const enrol = merchantCheckoutCases.find((c) => c.operation === 'enrollInPayWithPoints')!;
    const declaredOtherCard: ContractCase = {
      ...enrol,
      request: { ...enrol.request, body: { ...(enrol.request.body as object), lastFourDigitsCardNumber: '0000' } },
    };
    await expect(runContractCase(merchantCheckoutPact(dir), declaredOtherCard)).rejects.toThrow();
  });

  it('fails a case whose check does not hold for the declared answer', async () => {
    const balance = merchantCheckoutCases.find((c) => c.description.includes('while the service is unavailable'))!;
    const noRetryExpected: ContractCase = {
      ...balance,
      response: { status: 400, body: { type: 'error', code: 'invalidRewardLinkCode' } },
    };
    await expect(runContractCase(merchantCheckoutPact(dir), noRetryExpected)).rejects.toThrow();
  });
});
