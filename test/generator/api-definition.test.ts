import { describe, expect, it } from 'vitest';
import { loadApiDefinition } from '../../generator/api-definition.ts';
import { errorCatalog } from '../../generated/pay-with-points/errors.ts';
import { operations } from '../../generated/pay-with-points/operations.ts';
import { validators } from '../../generated/pay-with-points/validators.js';

const SPEC = 'spec/pay-with-points.swagger.yaml';

describe('loadApiDefinition (in-memory twin of the generated tables)', () => {
  it('builds the same operations and error catalog that generate emits', async () => {
    const api = await loadApiDefinition(SPEC);
    expect(api.api).toEqual({ name: 'pay-with-points', basePath: '/api' });
    expect(JSON.parse(JSON.stringify(api.operations))).toEqual(JSON.parse(JSON.stringify(operations)));
    expect(api.errorCatalog).toEqual(JSON.parse(JSON.stringify(errorCatalog)));
  });

  it('compiles validators that judge like the standalone ones', async () => {
    const api = await loadApiDefinition(SPEC);
    const cases: Array<[string, 'body' | 'headers', unknown]> = [
      ['submitRedemptionRequest', 'body', { transactionReferenceNumber: 'T1', redemptionOrder: { transactionAmount: 100.5, currencyCode: 'SGD' } }],
      ['submitRedemptionRequest', 'body', { transactionReferenceNumber: 'T1', redemptionOrder: { transactionAmount: '100' } }],
      ['submitRedemptionRequest', 'body', { redemptionOrder: { transactionAmount: 1 } }],
      ['retrieveRewardsBalance', 'headers', { authorization: 'Bearer x', uuid: 'not-a-uuid', client_id: 'c', accept: 'application/json' }],
      ['retrieveRewardsBalance', 'headers', { authorization: 'Bearer x', uuid: '3f1c2a9e-8b7d-4c6a-9e5f-1a2b3c4d5e6f', client_id: 'c', accept: 'application/json' }],
    ];
    for (const [op, part, value] of cases) {
      const generated = (validators as unknown as Record<string, Record<string, (v: unknown) => boolean>>)[op][part];
      expect(api.validators[op][part]!(value), `${op} ${part} ${JSON.stringify(value)}`).toBe(generated(value));
    }
    expect(api.validators.retrieveRewardsBalance.responses['200']({ availablePointBalance: 1.5 })).toBe(false);
  });

  it('refuses a missing file with the InputError generate gives', async () => {
    await expect(loadApiDefinition('spec/nope.yaml')).rejects.toThrow('spec/nope.yaml: no such file');
  });
});
