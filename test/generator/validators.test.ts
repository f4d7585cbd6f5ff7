import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validators } from '../../generated/pay-with-points/validators.ts';

const root = resolve(import.meta.dirname, '../..');
const headers = { authorization: 'Bearer t', uuid: '0b9c6c39-3f43-4c6f-9e5b-0a7e5c2f1d11', client_id: 'c' };

async function normalizedExample(definition: string): Promise<Record<string, unknown>> {
  const swagger = JSON.parse(await readFile(join(root, 'generated/pay-with-points/swagger.json'), 'utf8'));
  const props = swagger.definitions[definition].properties as Record<string, { example?: unknown; $ref?: string }>;
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(props))
    out[name] = p.$ref ? await normalizedExample(p.$ref.split('/').pop()!) : p.example;
  return out;
}

describe('generated validators', () => {
  it("accept the spec's own (corrected) examples", async () => {
    expect(validators.enrollInPayWithPoints.body(await normalizedExample('RewardsLinkageRequest'))).toBe(true);
    expect(validators.submitRedemptionRequest.body(await normalizedExample('RewardPointsRedemptionRequest'))).toBe(
      true,
    );
    expect(
      validators.retrieveRewardsBalance.responses['200'](await normalizedExample('GetRewardPointBalanceResponse')),
    ).toBe(true);
    expect(
      validators.submitRedemptionRequest.responses['200'](await normalizedExample('RewardPointsRedemptionResponse')),
    ).toBe(true);
    expect(validators.retrieveRewardsBalance.headers(headers)).toBe(true);
  });

  it('reject a wrong type, with its pointer', () => {
    const validate = validators.submitRedemptionRequest.body;
    expect(validate({ transactionReferenceNumber: 'T', redemptionOrder: { transactionAmount: '100.5' } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/redemptionOrder/transactionAmount', keyword: 'type' });
  });

  it('reject a non-object where the spec gives properties but no type (object-type-implied)', () => {
    const validate = validators.submitRedemptionRequest.body;
    expect(validate({ transactionReferenceNumber: 'T', redemptionOrder: 'all my points' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/redemptionOrder', keyword: 'type' });
    expect(validators.submitRedemptionRequest.responses['400']('fatal')).toBe(false);
  });

  it('check int64 fields as integers', () => {
    const validate = validators.retrieveRewardsBalance.responses['200'];
    expect(validate({ availablePointBalance: 10.5 })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/availablePointBalance', keyword: 'type' });
  });

  it('reject a missing required field', () => {
    const validate = validators.enrollInPayWithPoints.body;
    expect(validate({ lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '2608191234' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'required',
      params: { missingProperty: 'merchantCustomerReferenceId' },
    });
  });

  it('reject a bad uuid header and a missing client_id', () => {
    const validate = validators.retrieveRewardsBalance.headers;
    expect(validate({ ...headers, uuid: 'not-a-uuid' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/uuid', keyword: 'format' });
    const { client_id: _omitted, ...withoutClientId } = headers;
    expect(validate(withoutClientId)).toBe(false);
  });

  it('compile each component and each distinct schema once: shared answers share one function', async () => {
    const source = await readFile(join(root, 'generated/pay-with-points/validators.ts'), 'utf8');
    // ErrorResponse answers 17 documented error statuses; its checks are emitted once.
    expect(source.match(/sourceURL="pwpkit:components\/ErrorResponse"/g)).toHaveLength(1);
    expect(validators.tokenActivation.responses['401']).toBe(validators.enrollInPayWithPoints.responses['400']);
    const validate = validators.submitRedemptionRequest.responses['500'];
    expect(validate({ type: 'fatal', code: 'serverUnavailable' })).toBe(true);
    expect(validate({ type: 'oops', code: 'serverUnavailable' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/type', keyword: 'enum' });
  });

  it('are compiled ahead of time: validators.ts never imports the ajv compiler', async () => {
    const source = await readFile(join(root, 'generated/pay-with-points/validators.ts'), 'utf8');
    expect(source).not.toMatch(/from 'ajv'|require\("ajv"\)|new Ajv/);
  });

  it('import only @pwpkit/runtime/validation, and only what they use (no require shim)', async () => {
    const source = await readFile(join(root, 'generated/pay-with-points/validators.ts'), 'utf8');
    expect(source).not.toMatch(/createRequire|require\(/);
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['@pwpkit/runtime/validation']));
    const named = /^import \{ ([^}]+) \} from/m.exec(
      source
        .split('\n')
        .filter((l) => !l.startsWith('import type'))
        .join('\n'),
    )![1];
    for (const local of named.split(',').map((n) => n.trim().split(' as ').pop()!))
      expect(source.split(local).length - 1, local).toBeGreaterThan(1);
  });
});
