import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/generate-files.ts';
import { loadSpec } from '../../generator/load/load-spec.ts';
import { diffGenerated } from '../../generator/write-output.ts';

const root = resolve(import.meta.dirname, '../..');
const fixture = join(import.meta.dirname, 'fixtures/mini.swagger.yaml');

describe('generated files', () => {
  it.each([
    'operations.ts',
    'errors.ts',
    'client.ts',
    'validators.ts',
    'types.ts',
    'normalization.json',
    'openapi.json',
  ])('snapshot of %s for a small fixture spec', async (name) => {
    const api = await generateFiles(await loadSpec(fixture));
    await expect(api.files.get(name)).toMatchFileSnapshot(`__snapshots__/mini/${name}`);
  });

  it('is byte-identical on every run', async () => {
    const spec = await loadSpec(join(root, 'spec/pay-with-points.swagger.yaml'));
    const [a, b] = await Promise.all([generateFiles(spec), generateFiles(spec)]);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [name, content] of a.files) expect(b.files.get(name), name).toBe(content);
  });

  it('the committed generated/ folder matches the specs (the --check drift guard)', async () => {
    const config = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { pwpkit: { spec: string[] } };
    const apis = await Promise.all(config.pwpkit.spec.map(async (s) => generateFiles(await loadSpec(join(root, s)))));
    expect(await diffGenerated(join(root, 'generated'), apis)).toEqual([]);
  });

  it('names operations from operationId, else from the summary', async () => {
    const spec = await loadSpec(join(root, 'spec/pay-with-points.swagger.yaml'));
    const api = await generateFiles(spec);
    expect(api.model.operations.map((o) => o.name)).toEqual([
      'enrollInPayWithPoints',
      'tokenActivation',
      'retrieveRewardsBalance',
      'submitRedemptionRequest',
    ]);
  });
});
