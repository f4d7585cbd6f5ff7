import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiDefinition } from '../../core/api-definition.ts';
import { errorCatalog } from '../../generated/pay-with-points/errors.ts';
import { api as generatedApi, operations } from '../../generated/pay-with-points/operations.ts';
import { validators } from '../../generated/pay-with-points/validators.ts';

const SPEC = 'spec/pay-with-points.swagger.yaml';

/**
 * The same spec under another hash (a trailing comment), so it is normalized and compiled anew, not reused from
 * generated/.
 */
function freshCopy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pwpkit-def-')), 'pay-with-points.swagger.yaml');
  writeFileSync(file, `${readFileSync(SPEC, 'utf8')}\n# a copy\n`);
  return file;
}

describe('loadApiDefinition (in-memory twin of the generated tables)', () => {
  it('builds the same operations and error catalog that generate emits', async () => {
    const api = await loadApiDefinition(freshCopy());
    const { name, basePath, clientCredentials } = generatedApi;
    expect(api.api).toEqual(JSON.parse(JSON.stringify({ name, basePath, clientCredentials })));
    expect(JSON.parse(JSON.stringify(api.operations))).toEqual(JSON.parse(JSON.stringify(operations)));
    expect(api.errorCatalog).toEqual(JSON.parse(JSON.stringify(errorCatalog)));
  });

  it('compiles validators that judge like the standalone ones', async () => {
    const api = await loadApiDefinition(freshCopy());
    expect(api.validators.submitRedemptionRequest.body).not.toBe(validators.submitRedemptionRequest.body);
    const cases: Array<[string, 'body' | 'headers', unknown]> = [
      [
        'submitRedemptionRequest',
        'body',
        { transactionReferenceNumber: 'T1', redemptionOrder: { transactionAmount: 100.5, currencyCode: 'SGD' } },
      ],
      [
        'submitRedemptionRequest',
        'body',
        { transactionReferenceNumber: 'T1', redemptionOrder: { transactionAmount: '100' } },
      ],
      ['submitRedemptionRequest', 'body', { redemptionOrder: { transactionAmount: 1 } }],
      [
        'retrieveRewardsBalance',
        'headers',
        { authorization: 'Bearer x', uuid: 'not-a-uuid', client_id: 'c', accept: 'application/json' },
      ],
      [
        'retrieveRewardsBalance',
        'headers',
        {
          authorization: 'Bearer x',
          uuid: '3f1c2a9e-8b7d-4c6a-9e5f-1a2b3c4d5e6f',
          client_id: 'c',
          accept: 'application/json',
        },
      ],
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

  it('reuses generated/ when it was generated from exactly this spec text, and rebuilds otherwise', async () => {
    const generatedDir = resolve('generated');
    const reused = await loadApiDefinition(SPEC, { generatedDir });
    expect(reused.origin).toBe('generated');
    expect(reused.validators.retrieveRewardsBalance.responses['200']({ availablePointBalance: 1.5 })).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-def-'));
    const same = join(dir, 'pay-with-points.swagger.yaml');
    copyFileSync(SPEC, same);
    expect((await loadApiDefinition(same, { generatedDir })).origin).toBe('generated');

    writeFileSync(same, readFileSync(SPEC, 'utf8').replace('example: SGD', 'example: HKD'));
    const rebuilt = await loadApiDefinition(same, { generatedDir });
    expect(rebuilt.origin).toBe('spec');
    expect(rebuilt.validators.retrieveRewardsBalance.responses['200']({ availablePointBalance: 1.5 })).toBe(false);
    expect((await loadApiDefinition(SPEC, { lenient: true, generatedDir })).origin).toBe('spec');
    // A library call never guesses a folder from the working directory: no generatedDir, no reuse.
    expect((await loadApiDefinition(SPEC)).origin).toBe('spec');
  });
});
