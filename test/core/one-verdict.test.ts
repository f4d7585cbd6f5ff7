// One spec, one verdict: the same answer judged by the generated client, verify (and so the
// proxy) and pact-check gives the same finding in the same words, because all three ask core's
// judgments (@pwpkit/runtime's judgment.ts).
import { describe, expect, it } from 'vitest';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { runChecks, verifyChecks } from '../../verifier/checks/index.ts';
import type { Exchange } from '../../verifier/types.ts';
import { projectApis } from '../verifier/specs.ts';

const SPECS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const WRONG_TYPE = { type: 'error', code: 'inactiveRewardLinkCode', details: 'details' };
const VERDICT =
  'error code "inactiveRewardLinkCode" is documented with type "invalid" for retrieveRewardsBalance 400, not "error"';

describe('one verdict for one answer', () => {
  it('an error code with the wrong type: client, verify and pact-check say the same', async () => {
    // The generated client classifies the answer.
    const fetchAnswer = (async () =>
      new Response(JSON.stringify(WRONG_TYPE), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const client = createPayWithPointsClient({
      baseUrl: 'http://provider.invalid',
      token: 't',
      clientId: 'c',
      fetch: fetchAnswer,
    });
    const result = await client.retrieveRewardsBalance({ rewardLinkCode: '9035268' });
    expect(result).toMatchObject({ kind: 'undocumented', reason: VERDICT });

    // verify (and the proxy, which runs the same checks) judges the exchange.
    const set = await projectApis();
    const operation = set.operations.find((o) => o.name === 'retrieveRewardsBalance')!;
    const exchange: Exchange = {
      request: { method: 'GET', url: 'http://x/api/p', path: '/api/p', headers: {} },
      response: {
        status: 400,
        headers: { 'content-type': 'application/json' },
        bodyText: JSON.stringify(WRONG_TYPE),
        body: WRONG_TYPE,
        malformed: false,
      },
      ms: 1,
    };
    const findings = runChecks(verifyChecks, { operation, exchange, expectation: { kind: 'documented' } });
    expect(findings.map((f) => f.message)).toEqual([VERDICT]);

    // pact-check judges a pact that expects the same answer.
    const report = await runPactCheck({
      pacts: ['test/contracts/fixtures/pact-check/error-type-mismatch.json'],
      specs: SPECS,
    });
    const messages = report.pacts.flatMap((p) => p.interactions.flatMap((i) => i.findings.map((f) => f.message)));
    expect(messages).toEqual([VERDICT]);
  });
});
