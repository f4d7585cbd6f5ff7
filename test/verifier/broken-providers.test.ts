import { describe, expect, it } from 'vitest';
import { runVerify } from '../../verifier/engine/run-verify.ts';
import { brokenVariants, startProvider } from './broken-providers.ts';
import { projectApis } from './specs.ts';

describe('verify against broken providers: each defect is found', () => {
  it('has at least eight variants', () => {
    expect(brokenVariants.length).toBeGreaterThanOrEqual(8);
  });

  it.each(brokenVariants.map((v) => [v.name, v] as const))('%s', async (_name, variant) => {
    const provider = await startProvider(variant);
    try {
      const report = await runVerify({ baseUrl: provider.url, specs: await projectApis() });
      expect(report.exitCode).toBe(1);
      const matching = report.results.filter(
        (r) => (!variant.expect.suite || variant.expect.suite.test(r.suite)) && r.findings.some((f) => f.check === variant.expect.check && (!variant.expect.message || variant.expect.message.test(f.message))),
      );
      const found = report.results.filter((r) => r.findings.length > 0).map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => `${f.check}: ${f.message}`).join('; ')}`);
      expect(matching.length, `expected a ${variant.expect.check} finding for "${variant.defect}"; found:\n${found.join('\n')}`).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  });
});
