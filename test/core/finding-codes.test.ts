// One closed set of finding codes (core/finding.ts): every check of verify and the proxy and every
// rule of pact-check emits only codes of the set, and only its own. The type system pins it where
// the checks and rules are written (the `@ts-expect-error` lines below must stay errors); the tests
// pin it on what the tools actually emit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import { FINDING_CODES } from '../../contracts/check/findings.ts';
import { rules } from '../../contracts/check/rules/index.ts';
import { defineRule } from '../../contracts/check/rules/rule.ts';
import { ALL_FINDING_CODES, FINDING_CODE_MEANINGS, isFindingCode } from '../../core/finding.ts';
import { defineCheck } from '../../verifier/checks/check.ts';
import { conformanceChecks, verifyChecks } from '../../verifier/checks/index.ts';

const FIXTURES = 'test/contracts/fixtures/pact-check';
const PAY_WITH_POINTS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const SHOP = ['test/contracts/fixtures/shop.swagger.yaml'];

// A check or a rule that names a code outside its own list, or outside the set, does not compile.
defineCheck('served', ['not-served'], () =>
  // @ts-expect-error: not one of the check's codes
  ({ code: 'server-error', message: '' }),
);
// @ts-expect-error: not a code of the set
defineCheck('made-up', ['made-up-code'], () => undefined);
defineRule('response-status', 'a summary', () => [
  // @ts-expect-error: another rule's code
  { code: 'error-type-mismatch', pointer: '', message: '' },
]);

describe('the closed set of finding codes', () => {
  it('every registered check and every rule declares codes of the set only', () => {
    const declared = [...verifyChecks, ...conformanceChecks].flatMap((c) => c.codes);
    expect(declared.filter((code) => !isFindingCode(code))).toEqual([]);
    expect(
      Object.values(FINDING_CODES)
        .flat()
        .filter((code) => !isFindingCode(code)),
    ).toEqual([]);
    expect(rules.map((r) => r.name).sort()).toEqual(Object.keys(FINDING_CODES).sort());
  });

  it('the doc comment table lists every code of the set, once', () => {
    const source = readFileSync('core/finding.ts', 'utf8');
    const rows = [...source.matchAll(/^ \* \| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(ALL_FINDING_CODES);
    expect(ALL_FINDING_CODES).toEqual(Object.keys(FINDING_CODE_MEANINGS));
    expect(isFindingCode('constructor')).toBe(false);
  });

  it('pact-check emits, on every fixture pact, only codes of the set and of the rule that found them', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    const emitted = [];
    for (const file of files) {
      const specs = file.startsWith('shop-') ? SHOP : PAY_WITH_POINTS;
      const report = await runPactCheck({ pacts: [join(FIXTURES, file)], specs });
      emitted.push(...report.findings);
    }
    expect(emitted.length).toBeGreaterThan(files.length / 2);
    const rowOf = (rule: keyof typeof FINDING_CODES): readonly string[] => FINDING_CODES[rule];
    const stray = emitted.filter((f) => !isFindingCode(f.code) || !rowOf(f.check).includes(f.code));
    expect(stray.map((f) => `${f.check}/${f.code}`)).toEqual([]);
  });
});
