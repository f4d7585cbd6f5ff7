import { join } from 'node:path';
import { loadApiSet, type ApiSet } from '../../verifier/api-set.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SPECS = [join(ROOT, 'spec/pay-with-points.swagger.yaml'), join(ROOT, 'spec/rewards-apac.swagger.yaml')];

let cached: Promise<ApiSet> | undefined;
/** Both project specs, loaded once per test file. */
export function projectApis(): Promise<ApiSet> {
  cached ??= loadApiSet(SPECS);
  return cached;
}
