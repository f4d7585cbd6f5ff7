// One spec, one verdict on a request: the proxy (a client's live request) and pact-check (a pact's
// request) both ask runtime's `judgeRequest`, so the same request gets the same sentences and the
// same codes (core's closed set) from both, and the mock answers 401 by the same `credentialsSent`.
// The second block pins each rule on which the copies it replaced disagreed.
import { describe, expect, it } from 'vitest';
import { acceptsAny, credentialsSent, judgeRequest, type DocumentedRequest, type SentRequest } from '@pwpkit/runtime';
import { checkInteraction, loadSpecIndex } from '../../contracts/check/check-pacts.ts';
import { readPactFile } from '../../contracts/check/pact-file.ts';
import { negotiateMediaType } from '../../mock/negotiate.ts';
import { loadApiSet } from '../../verifier/api-set.ts';
import { requestFindings } from '../../verifier/checks/request.ts';

const FIXTURES = 'test/contracts/fixtures/pact-check';
const PAY_WITH_POINTS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const SHOP = ['test/contracts/fixtures/shop.swagger.yaml'];
const REQUEST_RULES = new Set(['request-parameters', 'request-headers', 'request-body', 'content-type']);

const CASES: Array<[string, string[]]> = [
  ['header-value-invalid.json', PAY_WITH_POINTS],
  ['required-header-missing.json', PAY_WITH_POINTS],
  ['request-body-invalid.json', PAY_WITH_POINTS],
  ['request-body-missing.json', PAY_WITH_POINTS],
  ['request-content-type-not-consumed.json', PAY_WITH_POINTS],
  ['request-accept-not-produced.json', PAY_WITH_POINTS],
  ['shop-breaches.json', SHOP],
];

describe('one verdict for one request', () => {
  it.each(CASES)('%s: the proxy and pact-check say the same', async (fixture, specs) => {
    const index = await loadSpecIndex(specs);
    const set = await loadApiSet(specs);
    const pact = await readPactFile(`${FIXTURES}/${fixture}`);
    let judged = 0;
    for (const interaction of pact.interactions) {
      const pactCheck = checkInteraction(pact.file, interaction, index)
        .findings.filter((f) => REQUEST_RULES.has(f.check) && f.severity === 'error' && !f.code.startsWith('response-'))
        .map((f) => ({ code: f.code, message: f.message }));
      const { request } = interaction;
      const match = set.match(request.method, request.path);
      if (match.kind !== 'operation') continue;
      const headers = Object.fromEntries([...request.headers].map(([lower, h]) => [lower, h.values.join(', ')]));
      if (request.body?.contentType && !headers['content-type']) headers['content-type'] = request.body.contentType;
      const query = new URLSearchParams();
      for (const [name, values] of request.query) for (const v of values) query.append(name, v);
      const value = request.body?.value;
      const bodyText = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      const proxy = requestFindings(match.operation, { headers, pathParams: match.pathParams, query, bodyText });
      expect(proxy.map((f) => ({ code: f.code, message: f.message }))).toEqual(pactCheck);
      judged += pactCheck.length;
    }
    expect(judged).toBeGreaterThan(0);
  });
});

const SHOP_ORDER: DocumentedRequest = {
  name: 'getOrder',
  headers: [
    { name: 'Content-Type', required: true, mediaTypes: ['application/json'] },
    { name: 'Accept', required: false, mediaTypes: ['application/json'] },
  ],
  queryParams: [{ name: 'expand', required: true }],
  body: { required: false, contentType: 'application/json' },
  consumes: ['application/json'],
  produces: ['application/json'],
  credentials: [[{ in: 'header', name: 'X-Api-Key', scheme: 'apiKey' }]],
  validators: { body: Object.assign((data: unknown) => typeof data === 'object', { errors: null }) },
};
const SENT: SentRequest = { headers: { 'x-api-key': 'k' }, pathParams: {}, query: { expand: 'lines' } };
const messages = (request: Partial<SentRequest>) =>
  judgeRequest(SHOP_ORDER, { ...SENT, ...request }).map((f) => f.message);

describe('the rules the two copies disagreed on', () => {
  it('a required Content-Type is required of a request with a body only (pact-check asked it of every request)', () => {
    expect(messages({})).toEqual([]);
    expect(messages({ body: { text: '{}' } })).toEqual(['required header "Content-Type" is not sent']);
  });

  it('a body sent as another media type is not read as JSON (the proxy validated it as JSON)', () => {
    expect(messages({ headers: { ...SENT.headers, 'content-type': 'text/plain' }, body: { text: '1' } })).toEqual([
      'request Content-Type "text/plain" is not one getOrder consumes (application/json)',
    ]);
  });

  it('Content-Type is judged with a body only, wildcards allowed (the proxy compared it exactly, body or not)', () => {
    expect(messages({ headers: { ...SENT.headers, 'content-type': 'text/plain' } })).toEqual([]);
    const wildcard = { ...SHOP_ORDER, consumes: ['application/*'] };
    const sent = { ...SENT, headers: { ...SENT.headers, 'content-type': 'application/json' }, body: { text: '{}' } };
    expect(judgeRequest(wildcard, sent)).toEqual([]);
  });

  it('an Accept range with q=0 accepts nothing (pact-check counted it)', () => {
    expect(messages({ headers: { ...SENT.headers, accept: 'application/json;q=0' } })).toEqual([
      'Accept "application/json;q=0" matches nothing getOrder produces (application/json)',
    ]);
    expect(messages({ headers: { ...SENT.headers, accept: 'text/html, */*;q=0.1' } })).toEqual([]);
  });

  it('the proxy holds a client to its security credentials too (only pact-check did)', () => {
    expect(messages({ headers: {} })).toEqual([
      `no credentials for the operation's security requirements: send header "X-Api-Key" (apiKey)`,
    ]);
  });

  it('a missing query parameter is named (the proxy said "query parameters: #/expand is missing")', () => {
    expect(messages({ query: {} })).toEqual(['required query parameter "expand" is not sent']);
  });

  it('a body that is not JSON is one finding (pact bodies arrive decoded, so only the proxy meets it)', () => {
    expect(messages({ headers: { ...SENT.headers, 'content-type': 'application/json' }, body: { text: '{' } })).toEqual(
      ['the request body is not valid JSON'],
    );
  });

  it('a bearer scheme wants "Bearer <token>" (pact-check, the proxy took any Authorization; the mock: 401)', () => {
    const bearer: DocumentedRequest = {
      ...SHOP_ORDER,
      credentials: [[{ in: 'header', name: 'Authorization', scheme: 'oauth', authScheme: 'bearer' }]],
    };
    const judged = (authorization: string) =>
      judgeRequest(bearer, { ...SENT, headers: { authorization } }).map((f) => f.code);
    expect(judged('Bearer t')).toEqual([]);
    expect(judged('Basic dTpw')).toEqual(['security-header-missing']);
    expect(judged('Bearer ')).toEqual(['security-header-missing']);
    expect(credentialsSent(bearer.credentials, { authorization: 'bearer t' }, {})).toBe(true);
  });

  it('an empty credential is no credential (the mock said so; pact-check and the proxy took it)', () => {
    expect(messages({ headers: { 'x-api-key': '' } })).toEqual([
      `no credentials for the operation's security requirements: send header "X-Api-Key" (apiKey)`,
    ]);
  });

  it.each([
    ['application/json;q=0, */*', false],
    ['text/html, */*;q=0.1', true],
    ['application/*;q=0, application/json', true],
    ['text/html', false],
    ['application/json;q=0.001', true],
  ])('Accept %s: the judgment and the mock (406) agree: %s', (accept, accepted) => {
    expect(acceptsAny(accept, ['application/json'])).toBe(accepted);
    expect(negotiateMediaType(accept, ['application/json']) !== undefined).toBe(accepted);
  });
});
