// pact-verify's own lines (after the Pact verifier's report) and its JUnit, pinned on a small report:
// only the CLI process tests covered them before they moved into reporting/.
import { describe, expect, it } from 'vitest';
import type { PactVerifyReport } from '../../contracts/verify/verify-pacts.ts';
import { pactVerifyReportFormats } from '../../reporting/pact-verify.ts';

const report: PactVerifyReport = {
  ok: false,
  providerUrl: 'http://127.0.0.1:4010',
  statesUrl: 'http://127.0.0.1:4010/__admin/provider-states',
  pacts: [{ file: 'shop-api.json', consumer: 'shop', provider: 'api', interactions: 2 }],
  interactions: [
    { pact: 'shop-api.json', description: 'a balance', states: [], ok: true, mismatches: [] },
    {
      pact: 'shop-api.json',
      description: 'a payment',
      states: ['a card is enrolled'],
      ok: false,
      mismatches: ["$.code: Expected 'A' to be equal to 'B'"],
    },
  ],
  errors: ['the provider closed the connection'],
};

describe('pact-verify report', () => {
  it('text: each pact, each failed interaction with its mismatches, then one verdict line', () => {
    expect(pactVerifyReportFormats(report).text).toBe(
      [
        '',
        'pact-verify: shop-api.json (shop → api): 2 interactions',
        '  ✗ "a payment" given a card is enrolled',
        "      $.code: Expected 'A' to be equal to 'B'",
        '  ✗ the provider closed the connection',
        'pact-verify: 1 of 2 interactions failed, 1 other error(s) against http://127.0.0.1:4010 ' +
          '(provider states: http://127.0.0.1:4010/__admin/provider-states)',
        '',
      ].join('\n'),
    );
    const passed = { ...report, ok: true, statesUrl: undefined, interactions: [report.interactions[0]], errors: [] };
    expect(pactVerifyReportFormats(passed).text).toContain(
      'pact-verify: 1 of 1 interactions verified against http://127.0.0.1:4010 (no provider states)\n',
    );
  });

  it('JUnit: one case per interaction, the verifier errors as failed cases of their own; JSON: the report', () => {
    const formats = pactVerifyReportFormats(report);
    const xml = formats.junit?.() ?? '';
    expect(xml).toContain('<testsuites name="pwpkit pact-verify" tests="3" failures="2" skipped="0">');
    expect(xml).toContain('<testsuite name="shop → api (shop-api.json)" tests="2" failures="1" skipped="0">');
    expect(xml).toContain("<failure message=\"$.code: Expected 'A' to be equal to 'B'\">");
    expect(xml).toContain('<testcase classname="pact-verify" name="verifier">');
    expect(JSON.parse(formats.json?.() ?? '')).toEqual(report);
  });

  it('text: what a pact or a provider wrote stays on its line (no forged verdict lines)', () => {
    const forged = 'pact-verify: 2 of 2 interactions verified';
    const hostile = {
      ...report,
      interactions: [
        { ...report.interactions[1], description: `x\n${forged}`, mismatches: [`$.a: '\u001b[32m'\n${forged}`] },
      ],
      errors: [`boom\r\n${forged}`],
    };
    const lines = pactVerifyReportFormats(hostile).text.split('\n');
    expect(lines.filter((line) => line.startsWith(forged))).toEqual([]);
    expect(lines).toContain(`  ✗ "x\\u000a${forged}" given a card is enrolled`);
    expect(lines.join('\n')).not.toContain('\u001b');
  });
});
