import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiSet, Operation } from '../../verifier/api-set.ts';
import { validParts } from '../../verifier/cases/build-request.ts';
import { negativeCases } from '../../verifier/cases/negative.ts';
import { sampleOf } from '../../verifier/cases/sample.ts';
import { verifyChecks, runChecks } from '../../verifier/checks/index.ts';
import { requestFindings } from '../../verifier/checks/request.ts';
import { maskExchange } from '../../verifier/mask.ts';
import { findFamilies } from '../../verifier/resources.ts';
import { amountFor, pointsFor } from '../../domain/pay-with-points/verify/points.ts';
import type { Exchange, Expectation } from '../../verifier/types.ts';
import { projectApis } from './specs.ts';

let set: ApiSet;
const op = (name: string): Operation => set.operations.find((o) => o.name === name)!;
beforeAll(async () => {
  set = await projectApis();
});

function exchange(status: number, body: unknown, contentType = 'application/json'): Exchange {
  const bodyText = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    request: { method: 'GET', url: 'http://x/api/p', path: '/api/p', headers: {} },
    response: {
      status,
      headers: { 'content-type': contentType },
      bodyText,
      body: typeof body === 'string' ? undefined : body,
      malformed: typeof body === 'string',
    },
    ms: 1,
  };
}
const judge = (name: string, e: Exchange, expectation: Expectation = { kind: 'documented' }) =>
  runChecks(verifyChecks, { operation: op(name), exchange: e, expectation }).map((f) => `${f.check}: ${f.message}`);

describe('response checks (derived from the spec)', () => {
  it('passes a documented answer', () => {
    expect(
      judge('retrieveRewardsBalance', exchange(200, { availablePointBalance: 10, programConversionRate: 0.25 }), {
        kind: 'accepted',
      }),
    ).toEqual([]);
    expect(judge('retrieveRewardsBalance', exchange(400, { type: 'invalid', code: 'inactiveRewardLinkCode' }))).toEqual(
      [],
    );
    expect(judge('tokenActivation', exchange(200, undefined))).toEqual([]);
  });

  it('finds an undocumented status, a wrong content type, a schema breach (int64 as integer), unparseable body', () => {
    expect(judge('retrieveRewardsBalance', exchange(201, {}))).toEqual([
      'status-documented: status 201 is not documented for retrieveRewardsBalance ' +
        '(documented: 200, 400, 401, 403, 404, 500)',
    ]);
    expect(judge('retrieveRewardsBalance', exchange(200, { availablePointBalance: 10 }, 'text/html'))).toEqual([
      'content-type: response Content-Type "text/html" is not one retrieveRewardsBalance produces for 200 ' +
        '(application/json)',
    ]);
    expect(judge('retrieveRewardsBalance', exchange(200, { availablePointBalance: 10.5 }))).toEqual([
      'response-schema: the 200 body does not match the documented schema: #/availablePointBalance must be integer',
    ]);
    expect(judge('retrieveRewardsBalance', exchange(200, { currencyCode: 'SGD' }))).toEqual([
      'response-schema: the 200 body does not match the documented schema: ' +
        '#/availablePointBalance is missing (required by the schema)',
    ]);
    expect(judge('retrieveRewardsBalance', exchange(200, '{"availablePointBalance":'))).toEqual([
      expect.stringMatching(/^response-schema: the 200 body is not valid JSON/),
    ]);
  });

  it('holds error answers to the catalog: code and type per operation and status', () => {
    expect(judge('retrieveRewardsBalance', exchange(400, { type: 'error', code: 'boom' }))).toEqual([
      'error-catalog: error code "boom" is not documented for retrieveRewardsBalance 400 ' +
        '(documented: invalidRequest, invalidRewardLinkCode, inactiveRewardLinkCode)',
    ]);
    expect(judge('retrieveRewardsBalance', exchange(400, { type: 'error', code: 'inactiveRewardLinkCode' }))).toEqual([
      'error-catalog: error code "inactiveRewardLinkCode" is documented with type "invalid" ' +
        'for retrieveRewardsBalance 400, not "error"',
    ]);
    expect(judge('submitRedemptionRequest', exchange(401, { type: 'error', code: 'invalidRequest' }))).toEqual([
      expect.stringContaining('error code "invalidRequest" is not documented for submitRedemptionRequest 401'),
    ]);
    expect(judge('retrieveRewardsBalance', exchange(400, { type: 'warn-ish', code: 'invalidRequest' }))).toEqual([
      expect.stringMatching(/^response-schema: .*#\/type must be equal to one of the allowed values/),
      expect.stringMatching(
        new RegExp(
          /^error-catalog: error code "invalidRequest" is documented with type "invalid" /.source +
            /for retrieveRewardsBalance 400, not "warn-ish"/.source,
        ),
      ),
    ]);
  });

  it('judges the expectation: refused with the right status and type, not accepted, never a 5xx, route served', () => {
    const invalid: Expectation = { kind: 'refused', types: ['invalid'] };
    expect(judge('retrieveRewardsBalance', exchange(200, { availablePointBalance: 1 }), invalid)).toEqual([
      'expectation: accepted (200) a request it must refuse',
    ]);
    expect(
      judge('retrieveRewardsBalance', exchange(400, { type: 'error', code: 'invalidRewardLinkCode' }), invalid),
    ).toEqual(['expectation: refused, but with type "error" (invalidRewardLinkCode), expected "invalid"']);
    expect(
      judge('retrieveRewardsBalance', exchange(400, { type: 'invalid', code: 'invalidRequest' }), {
        kind: 'refused',
        status: 401,
      }),
    ).toEqual(['expectation: refused, but with status 400, expected 401']);
    expect(
      judge('retrieveRewardsBalance', exchange(500, { type: 'fatal', code: 'serverUnavailable' }), invalid),
    ).toEqual(['no-server-error: the provider failed with 500']);
    expect(
      judge('retrieveRewardsBalance', exchange(404, { type: 'error', code: 'resourceNotFound' }), {
        kind: 'accepted',
      })[0],
    ).toMatch(/^served: GET \/v1\/apac\/rewards\/\{rewardLinkCode\}\/pointBalance answered 404/);
    expect(
      judge('submitRedemptionRequest', exchange(400, { type: 'invalid', code: 'invalidRequest' }), {
        kind: 'documented',
        wellFormed: true,
      }),
    ).toEqual(['expectation: a well-formed request was refused as invalid: 400 invalid/invalidRequest']);
    expect(
      runChecks(verifyChecks, {
        operation: op('retrieveRewardsBalance'),
        exchange: { request: exchange(200, {}).request, error: 'ECONNRESET', ms: 1 },
        expectation: { kind: 'accepted' },
      }),
    ).toEqual([{ code: 'not-answered', severity: 'error', check: 'answered', message: 'no answer: ECONNRESET' }]);
  });
});

describe('cases derived from the spec', () => {
  it('finds resource families across specs: producer, activator, consumers, finalizer', () => {
    const families = findFamilies(
      set,
      new Set(['lastFourDigitsCardNumber', 'citiCardHolderPhoneNumber', 'linkageConfirmationCode']),
    );
    expect(
      families.map((f) => ({
        producer: f.producer.name,
        param: f.param,
        activator: f.activator?.name,
        consumers: f.consumers.map((c) => c.name),
        finalizers: f.finalizers.map((c) => c.name),
      })),
    ).toEqual([
      {
        producer: 'enrollInPayWithPoints',
        param: 'rewardLinkCode',
        activator: 'tokenActivation',
        consumers: [
          'tokenActivation',
          'retrieveRewardsBalance',
          'submitRedemptionRequest',
          'deRegisterPayWithPointsEnrollmentInCard',
        ],
        finalizers: ['deRegisterPayWithPointsEnrollmentInCard'],
      },
      {
        producer: 'linkCreditCardToMerchantForRewardsRedemption',
        param: 'rewardLinkCode',
        activator: 'activateRewardLinkCode',
        consumers: [
          'activateRewardLinkCode',
          'retrieveCreditCardAccountRewardPointsBalance',
          'deRegisterShopWithPointsEnrollmentInCard',
        ],
        finalizers: ['deRegisterShopWithPointsEnrollmentInCard'],
      },
    ]);
  });

  it('builds a valid request from fixture values, examples and fresh identifiers', () => {
    const ctx = {
      set,
      root: 'http://x',
      token: 'tok',
      clientId: 'c',
      values: { lastFourDigitsCardNumber: '5212', rewardLinkCode: 'L1', currencyCode: 'HKD' },
    };
    const enrol = validParts(op('enrollInPayWithPoints'), ctx);
    expect(enrol.body).toEqual({
      lastFourDigitsCardNumber: '5212',
      citiCardHolderPhoneNumber: '2608191234',
      merchantCustomerReferenceId: expect.stringMatching(/^260819123411[0-9a-f]{10}$/),
    });
    expect(enrol.headers).toEqual({
      authorization: 'Bearer tok',
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_id: 'c',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    const redeem = validParts(op('submitRedemptionRequest'), ctx);
    expect(redeem.pathParams).toEqual({ rewardLinkCode: 'L1' });
    expect(redeem.body).toMatchObject({ redemptionOrder: { transactionAmount: 100.5, currencyCode: 'HKD' } });
    // A fresh transactionReferenceNumber each time.
    expect(validParts(op('submitRedemptionRequest'), ctx).body).not.toEqual(redeem.body);
    const search = sampleOf(
      set,
      op('retrieveRewardPointsBalanceForMultipleCreditCards'),
      op('retrieveRewardPointsBalanceForMultipleCreditCards').model.requestBody!.schema,
      { values: { cardId: 'C1' } },
    );
    expect(search).toEqual({ cardDetails: [{ cardId: 'C1' }] });
  });

  it('derives negative cases: headers, uuid, content type, broken JSON, each required field, each wrong type', () => {
    const balance = negativeCases(
      set,
      op('retrieveRewardsBalance'),
      validParts(op('retrieveRewardsBalance'), { set, root: '', clientId: 'c', token: 't', values: {} }),
    );
    expect(balance.map((c) => c.title)).toEqual([
      'required header Authorization missing',
      'required header uuid missing',
      'required header client_id missing',
      'required header Accept missing',
      'Authorization with an invalid bearer token',
      'header uuid not a UUID',
      "header client_id naming another client than the token's",
    ]);
    expect(balance[0].expectation).toEqual({ kind: 'refused', status: 401, why: 'missing or invalid credentials' });
    expect(balance[1].expectation).toEqual({
      kind: 'refused',
      types: ['invalid'],
      why: 'the request does not conform to the spec',
    });
    const activation = negativeCases(
      set,
      op('tokenActivation'),
      validParts(op('tokenActivation'), { set, root: '', clientId: 'c', token: 't', values: {} }),
    );
    expect(activation.map((c) => c.title).slice(-5)).toEqual([
      'Content-Type text/plain',
      'malformed JSON body',
      'body missing',
      'body field linkageConfirmationCode missing',
      'body field linkageConfirmationCode of the wrong type (a number)',
    ]);
    const malformed = activation
      .find((c) => c.title === 'malformed JSON body')!
      .apply({ pathParams: {}, query: {}, headers: {}, body: { a: 1 } });
    expect(() => JSON.parse(malformed.rawBody!)).toThrow();
  });

  it('holds a client request to the spec (proxy)', () => {
    const findings = requestFindings(op('submitRedemptionRequest'), {
      headers: { authorization: 'Bearer t', uuid: 'nope', accept: 'text/html', 'content-type': 'text/plain' },
      pathParams: { rewardLinkCode: 'L' },
      query: new URLSearchParams(),
      bodyText: '{"transactionReferenceNumber": 1}',
    });
    expect(findings.map((f) => f.message)).toEqual([
      'required header "client_id" is not sent', // ajv reports the first header problem only
      'request Content-Type "text/plain" is not one submitRedemptionRequest consumes (application/json)',
      'Accept "text/html" matches nothing submitRedemptionRequest produces (application/json)',
      // A text/plain body is not read as JSON (as the mock and pact-check read it): no schema verdict.
    ]);
  });
});

describe('helpers', () => {
  it('prices points as the spec says: round(amount / rate)', () => {
    expect(pointsFor(100.5, 0.2521)).toBe(399);
    const amount = amountFor(5100, 0.2521)!;
    expect(pointsFor(amount, 0.2521)).toBe(5100);
    expect(amountFor(1, 0.001)).toBeUndefined(); // no two-decimal amount is worth exactly 1 point
  });

  it('masks credentials, secrets, one-time codes and phone numbers', () => {
    const masked = maskExchange(
      {
        request: {
          method: 'POST',
          url: 'http://x/a?s=s3cr3t',
          path: '/a?s=s3cr3t',
          headers: { authorization: 'Bearer abc.def', uuid: '123e4567-e89b-42d3-a456-426614174000', 'x-key': 's3cr3t' },
          body: '{"linkageConfirmationCode":"735937","citiCardHolderPhoneNumber":"2608191234"}',
        },
        ms: 1,
      },
      ['s3cr3t'],
    );
    expect(masked.request.headers).toEqual({
      authorization: 'Bearer ***',
      uuid: '123e4567-e89b-42d3-a456-426614174000',
      'x-key': '***',
    });
    expect(masked.request.path).toBe('/a?s=***');
    expect(masked.request.body).toBe('{"linkageConfirmationCode":"***","citiCardHolderPhoneNumber":"[phone]"}');
  });
});
