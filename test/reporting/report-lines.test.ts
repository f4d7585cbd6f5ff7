// A provider's words cannot forge lines of verify's or the proxy's text report: whatever it puts
// in an error code, a body or a header, each report line stays one line.
import { describe, expect, it } from 'vitest';
import { formatTextReport } from '../../reporting/case-results/text.ts';
import { summarize, type CaseResult } from '../../verifier/types.ts';

const FORGED = 'x"\n  ✓ all good here\u001b[32m';

describe('text report lines', () => {
  it('escape line breaks and control characters the provider sent', () => {
    const result: CaseResult = {
      id: 'op/case',
      suite: 'op',
      title: 'a refused request',
      kind: 'negative',
      expected: 'refused',
      exchange: {
        request: { method: 'GET', url: 'http://p/api/x', path: '/api/x', headers: {} },
        response: {
          status: 400,
          headers: { 'content-type': 'application/json' },
          bodyText: `{"code":${JSON.stringify(FORGED)}}`,
          body: { code: FORGED },
          malformed: false,
        },
        ms: 1,
      },
      findings: [
        {
          code: 'error-code-not-documented',
          severity: 'error',
          check: 'error-catalog',
          message: `the code ${FORGED} is not documented`,
        },
      ],
      ms: 1,
    };
    const text = formatTextReport({ title: 'pwpkit verify', results: [result], summary: summarize([result], 1, 1) });
    expect(text.split('\n').some((line) => line.trimStart().startsWith('✓ all good here'))).toBe(false);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u000a  ✓ all good here');
  });
});
