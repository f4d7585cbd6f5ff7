// One spec, one verdict: the same answer judged by the generated client, verify (and so the
// proxy) and pact-check gives the same finding in the same words, because all three ask core's
// judgments (@pwpkit/runtime's judgment.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  // Verify took any JSON type where JSON was documented and judged no other type; pact-check took only
  // the documented types. One judgment now: documented types (parameters ignored), and a JSON type for JSON.
  it.each([
    [
      'text/html',
      'response Content-Type "text/html" is not one retrieveRewardsBalance produces for 200 (application/json)',
    ],
    ['application/problem+json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['*/*', 'response Content-Type "*/*" is not one retrieveRewardsBalance produces for 200 (application/json)'],
  ])('a 200 answered as %s: verify and pact-check say the same', async (contentType, verdict) => {
    const set = await projectApis();
    const operation = set.operations.find((o) => o.name === 'retrieveRewardsBalance')!;
    const body = { availablePointBalance: 10, programConversionRate: 0.25, currencyCode: 'SGD' };
    const exchange: Exchange = {
      request: { method: 'GET', url: 'http://x/api/p', path: '/api/p', headers: {} },
      response: {
        status: 200,
        headers: { 'content-type': contentType },
        bodyText: JSON.stringify(body),
        body,
        malformed: false,
      },
      ms: 1,
    };
    const findings = runChecks(verifyChecks, { operation, exchange, expectation: { kind: 'documented' } });
    expect(findings.map((f) => f.message)).toEqual(verdict ? [verdict] : []);

    const pact = JSON.parse(readFileSync(CONTENT_TYPE_PACT, 'utf8'));
    pact.interactions[0].response.headers['Content-Type'] = [contentType];
    pact.interactions[0].response.body = { content: body, contentType, encoded: false };
    const file = join(mkdtempSync(join(tmpdir(), 'pwpkit-verdict-')), 'pact.json');
    writeFileSync(file, JSON.stringify(pact));
    const report = await runPactCheck({ pacts: [file], specs: SPECS });
    const messages = report.pacts.flatMap((p) => p.interactions.flatMap((i) => i.findings.map((f) => f.message)));
    expect(messages).toEqual(verdict ? [verdict] : []);
  });
});

const CONTENT_TYPE_PACT = 'test/contracts/fixtures/pact-check/response-content-type-not-produced.json';
