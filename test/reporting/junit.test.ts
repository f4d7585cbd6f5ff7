import { describe, expect, it } from 'vitest';
import { toJUnitXml } from '../../reporting/junit.ts';

describe('toJUnitXml', () => {
  it('groups cases into suites and counts failures and skips', () => {
    const xml = toJUnitXml('verify', [
      { suite: 'retrieveRewardsBalance', name: 'status documented', timeMs: 12 },
      {
        suite: 'retrieveRewardsBalance',
        name: 'error code documented',
        failure: { message: 'code "boom" is not documented', detail: 'GET /api/x' },
      },
      { suite: 'submitRedemptionRequest', name: 'replay', skipped: 'no card to enrol' },
    ]);
    expect(xml).toContain('<testsuites name="verify" tests="3" failures="1" skipped="1">');
    expect(xml).toContain('<testsuite name="retrieveRewardsBalance" tests="2" failures="1" skipped="0">');
    expect(xml).toContain('<testcase classname="retrieveRewardsBalance" name="status documented" time="0.012"/>');
    expect(xml).toContain('<failure message="code &quot;boom&quot; is not documented">GET /api/x</failure>');
    expect(xml).toContain('<skipped message="no card to enrol"/>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const xml = toJUnitXml('t', [
      { suite: 's', name: '<a & b>\u0001', failure: { message: 'x', detail: '</failure><script>' } },
    ]);
    expect(xml).toContain('name="&lt;a &amp; b&gt;"');
    expect(xml).toContain('&lt;/failure&gt;&lt;script&gt;');
    expect(xml).not.toContain('\u0001');
  });
});
