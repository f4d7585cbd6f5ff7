import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { renderTypes } from '../../generator/emit/types-worker/render-types.js';
import { loadSpec } from '../../generator/load/load-spec.ts';
import { normalizeSpec } from '../../generator/normalize/normalize-spec.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const specs = [
  join(ROOT, 'spec/pay-with-points.swagger.yaml'),
  join(ROOT, 'spec/rewards-apac.swagger.yaml'),
  join(ROOT, 'test/generator/fixtures/mini.swagger.yaml'),
  ...(existsSync(CORPUS)
    ? readdirSync(CORPUS)
        .filter((f) => /\.(json|ya?ml)$/.test(f))
        .sort()
        .map((f) => join(CORPUS, f))
    : []),
];

// pwpkit renders types without openapiTS()'s Redocly pass (render-types.js says why). That is only
// sound while the output is exactly what openapiTS() gives for the same normalized document.
describe('types.ts rendering skips Redocly and matches openapiTS() byte for byte', () => {
  it.each(specs.map((file) => [file.slice(file.lastIndexOf('/') + 1), file]))(
    '%s',
    async (_name, file) => {
      const { openapi } = await normalizeSpec(await loadSpec(file), { lenient: true });
      const viaOpenapiTS = astToString(await openapiTS(structuredClone(openapi) as never, { silent: true }));
      expect(renderTypes(structuredClone(openapi))).toBe(viaOpenapiTS);
    },
    30_000,
  );
});
