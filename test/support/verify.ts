import type { Fixture } from '../../domain/pay-with-points/fixture.ts';
import { payWithPointsVerifyPlugin } from '../../domain/pay-with-points/verify/plugin.ts';
import { runVerify, type VerifyOptions, type VerifyReport } from '../../verifier/engine/run-verify.ts';

/**
 * verify as `pwpkit verify` runs it: with the Pay with Points plug-in (its cards, scenarios and
 * provider states), on `fixture` or the default fixture the mock serves.
 */
export function verifyPayWithPoints(
  options: Omit<VerifyOptions, 'plugin'> & { fixture?: Fixture },
): Promise<VerifyReport> {
  const { fixture, ...rest } = options;
  return runVerify({ ...rest, plugin: payWithPointsVerifyPlugin(fixture && structuredClone(fixture)) });
}
