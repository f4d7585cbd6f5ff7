import { expect, it } from 'vitest';
import { progressReporter } from '../../reporting/verify-progress.ts';
import type { CaseResult } from '../../verifier/types.ts';

function stream(isTTY: boolean) {
  let text = '';
  return { s: { isTTY, write: (t: string) => ((text += t), true) } as unknown as NodeJS.WriteStream, text: () => text };
}
const result = (failed: boolean): CaseResult => ({
  id: 'a',
  suite: 's',
  title: 't',
  kind: 'positive',
  expected: '',
  findings: failed ? [{ code: 'expectation-not-met', severity: 'error', check: 'x', message: 'y' }] : [],
  ms: 1,
});
const summary = { total: 2, passed: 1, failed: 1, skipped: 0, requests: 3, durationMs: 1234 };

it('rewrites one progress line on a terminal', () => {
  const out = stream(true);
  const report = progressReporter(out.s);
  report({ type: 'phase', name: 'running checks' });
  report({ type: 'planned', count: 2 });
  report({ type: 'case', result: result(true) });
  report({ type: 'finish', summary });
  expect(out.text()).toContain('\r\x1b[2Kverify: running checks 0/0 checks');
  expect(out.text()).toMatch(/\r\x1b\[2Kverify: 2 checks, 1 failed, 3 requests in 1\.23 s\n$/);
});

it('writes compact lines elsewhere (CI logs): one per phase and the totals', () => {
  const out = stream(false);
  const report = progressReporter(out.s);
  report({ type: 'phase', name: 'loading specs' });
  report({ type: 'planned', count: 1 });
  report({ type: 'case', result: result(false) });
  report({ type: 'finish', summary });
  expect(out.text()).toBe('verify: loading specs…\nverify: 2 checks, 1 failed, 3 requests in 1.23 s\n');
});
