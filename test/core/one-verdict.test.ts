// One spec, one verdict: the same answer judged by the generated client, verify, the proxy and
// pact-check gives the same finding in the same words, with the same code of core's closed set,
// because all of them ask the same judgments (@pwpkit/runtime's judgment.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPactCheck } from '../../contracts/check/check-pacts.ts';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { runChecks, verifyChecks } from '../../verifier/checks/index.ts';
import type { Finding, FindingCode } from '../../core/finding.ts';
import { inspectExchange } from '../../verifier/proxy/inspect.ts';
import type { Exchange } from '../../verifier/types.ts';
import { projectApis } from '../verifier/specs.ts';

const SPECS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const WRONG_TYPE = { type: 'error', code: 'inactiveRewardLinkCode', details: 'details' };
const VERDICT =
  'error code "inactiveRewardLinkCode" is documented with type "invalid" for retrieveRewardsBalance 400, not "error"';

describe('one verdict for one answer', () => {
  it('an error code with the wrong type: client, verify, the proxy and pact-check say the same', async () => {
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
    expect(findings.map(verdictOf)).toEqual([{ code: 'error-type-mismatch', message: VERDICT }]);

    // The proxy judges the same answer to a client's request (the request's own findings aside).
    const proxied = inspectExchange(set, { ...exchange, request: BALANCE_REQUEST }, '');
    expect(proxied.findings.filter((f) => f.location?.part === 'response').map(verdictOf)).toEqual(
      findings.map(verdictOf),
    );

    // pact-check judges a pact that expects the same answer.
    const report = await runPactCheck({
      pacts: ['test/contracts/fixtures/pact-check/error-type-mismatch.json'],
      specs: SPECS,
    });
    const verdicts = report.pacts.flatMap((p) => p.interactions.flatMap((i) => i.findings.map(verdictOf)));
    expect(verdicts).toEqual([{ code: 'error-type-mismatch', message: VERDICT }]);
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
  ])('a 200 answered as %s: verify, the proxy and pact-check say the same', async (contentType, verdict) => {
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
    const expected = verdict ? [{ code: 'response-content-type-not-produced', message: verdict }] : [];
    expect(findings.map(verdictOf)).toEqual(expected);
    const proxied = inspectExchange(set, { ...exchange, request: BALANCE_REQUEST }, '');
    expect(proxied.findings.filter((f) => f.location?.part === 'response').map(verdictOf)).toEqual(expected);

    const pact = JSON.parse(readFileSync(CONTENT_TYPE_PACT, 'utf8'));
    pact.interactions[0].response.headers['Content-Type'] = [contentType];
    pact.interactions[0].response.body = { content: body, contentType, encoded: false };
    const file = join(mkdtempSync(join(tmpdir(), 'pwpkit-verdict-')), 'pact.json');
    writeFileSync(file, JSON.stringify(pact));
    const report = await runPactCheck({ pacts: [file], specs: SPECS });
    const verdicts = report.pacts.flatMap((p) => p.interactions.flatMap((i) => i.findings.map(verdictOf)));
    expect(verdicts).toEqual(expected);
  });
});

const CONTENT_TYPE_PACT = 'test/contracts/fixtures/pact-check/response-content-type-not-produced.json';

/** A balance request as a client sends it through the proxy. */
const BALANCE_REQUEST: Exchange['request'] = {
  method: 'GET',
  url: 'http://proxy.invalid/api/v1/apac/rewards/9035268/pointBalance',
  path: '/api/v1/apac/rewards/9035268/pointBalance',
  headers: {},
};

function verdictOf(finding: Finding): { code: FindingCode; message: string } {
  return { code: finding.code, message: finding.message };
}
