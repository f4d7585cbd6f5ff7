import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../generated/pay-with-points/errors.ts';
import { operations } from '../../generated/pay-with-points/operations.ts';

describe('the Pay with Points error catalog', () => {
  it('lists all 13 documented codes of POST /v1/apac/rewards/{rewardLinkCode}/redemption with status and type', () => {
    const op = operations.submitRedemptionRequest;
    expect([op.method, op.path]).toEqual(['post', '/v1/apac/rewards/{rewardLinkCode}/redemption']);
    const rows = Object.entries(errorCatalog.submitRedemptionRequest).flatMap(([status, list]) =>
      list.map((r) => `${status} ${r.type}/${r.code}`),
    );
    expect(rows).toEqual([
      '400 invalid/invalidRequest',
      '400 error/invalidRewardLinkCode',
      '400 error/errorGeneratingOrderId',
      '400 error/inSufficientPointBalance',
      '400 error/exceedsMaximumPointsAllowed',
      '400 error/notEligibleToRedeem',
      '400 error/belowMinimumPointsAllowed',
      '400 error/inactiveRewardLinkCode',
      '400 error/invalidPointsAndAmountCombination',
      '400 error/currencyNotSupported',
      '401 error/unAuthorized',
      '403 error/accessNotConfigured',
      '500 fatal/serverUnavailable',
    ]);
  });

  it('keeps the published type of each code per operation (inactiveRewardLinkCode is "invalid" on balance)', () => {
    expect(errorCatalog.retrieveRewardsBalance['400']).toContainEqual({
      type: 'invalid',
      code: 'inactiveRewardLinkCode',
      details: 'Reward link code is inactive',
    });
    expect(errorCatalog.retrieveRewardsBalance['404']).toEqual([
      { type: 'error', code: 'resourceNotFound', details: 'Empty resource/resource not found' },
    ]);
  });
});
