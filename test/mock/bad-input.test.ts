import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { activeLink, CARD, mockHarness, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const ENROL = '/api/v1/apac/rewards/linkage';
const invalid = (location: string) => ({ status: 400, body: { type: 'invalid', code: 'invalidRequest', location } });

describe('bad bodies → 400 invalidRequest, never a crash', () => {
  it.each([
    ['malformed JSON', '{"lastFourDigitsCardNumber": "7411",'],
    ['not JSON at all', 'lastFourDigitsCardNumber=7411'],
    ['empty body', ''],
    ['a JSON string', '"7411"'],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
  ])('%s', async (_what, raw) => {
    const { url } = await harness.start();
    const r = await send(url, 'POST', ENROL, { raw });
    expect(r).toMatchObject(invalid('body'));
  });

  it('a body over 64 KB → 400 invalidRequest (not 413), and the server keeps serving', async () => {
    const { url } = await harness.start();
    const huge = JSON.stringify({ ...CARD, merchantCustomerReferenceId: 'x'.repeat(70_000) });
    const r = await send(url, 'POST', ENROL, { raw: huge });
    expect(r).toMatchObject(invalid('body'));
    expect(r.body.details).toContain('65536');
    const chunked = await fetch(url + ENROL, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sandbox-static-token',
        uuid: crypto.randomUUID(),
        client_id: 'sandbox-client',
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode(' '.repeat(10_000)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(400);
    expect((await send(url, 'POST', ENROL, { body: CARD })).status).toBe(200);
  });

  it('__proto__ and constructor.prototype keys → 400 invalidRequest, nothing polluted', async () => {
    const { url } = await harness.start();
    for (const raw of [
      `{"__proto__": {"polluted": true}, ${JSON.stringify(CARD).slice(1)}`,
      `{"constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(CARD).slice(1)}`,
      `{"lastFourDigitsCardNumber": "7411", "x": {"\\u005f_proto__": {"polluted": true}}}`,
    ]) {
      const r = await send(url, 'POST', ENROL, { raw });
      expect(r, raw).toMatchObject(invalid('body'));
      expect(r.body.details).toContain('forbidden key');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a non-poisoning "constructor" key is just an extra field', async () => {
    const { url } = await harness.start();
    expect((await send(url, 'POST', ENROL, { body: { ...CARD, constructor: 'x' } })).status).toBe(200);
  });
});

describe('wrong types everywhere → 400 invalidRequest at the field', () => {
  it.each([
    ['lastFourDigitsCardNumber', { ...CARD, lastFourDigitsCardNumber: 7411 }],
    ['citiCardHolderPhoneNumber', { ...CARD, citiCardHolderPhoneNumber: null }],
    ['merchantCustomerReferenceId', { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '2608191234' }],
    ['merchantCustomerReferenceId', { ...CARD, merchantCustomerReferenceId: ['a'] }],
  ])('enrolment: %s', async (location, body) => {
    const { url } = await harness.start();
    expect(await send(url, 'POST', ENROL, { body })).toMatchObject(invalid(location));
  });

  it('activation: linkageConfirmationCode missing or a number', async () => {
    const { url } = await harness.start();
    for (const body of [{}, { linkageConfirmationCode: 735937 }, { linkageConfirmationCode: { a: 1 } }]) {
      expect(await send(url, 'PUT', '/api/v1/apac/rewards/1234567/activations', { body })).toMatchObject(
        invalid('linkageConfirmationCode'),
      );
    }
  });

  it.each([
    ['transactionReferenceNumber', { redemptionOrder: { transactionAmount: 1 } }],
    ['transactionReferenceNumber', { transactionReferenceNumber: 12, redemptionOrder: { transactionAmount: 1 } }],
    ['redemptionOrder', { transactionReferenceNumber: 'R' }],
    ['redemptionOrder.transactionAmount', { transactionReferenceNumber: 'R', redemptionOrder: {} }],
    [
      'redemptionOrder.transactionAmount',
      { transactionReferenceNumber: 'R', redemptionOrder: { transactionAmount: '252.1' } },
    ],
    [
      'redemptionOrder.pointsToRedeem',
      { transactionReferenceNumber: 'R', redemptionOrder: { transactionAmount: 252.1, pointsToRedeem: 10.5 } },
    ],
    [
      'redemptionOrder.currencyCode',
      { transactionReferenceNumber: 'R', redemptionOrder: { transactionAmount: 252.1, currencyCode: 702 } },
    ],
    [
      'redemptionOrder.transactionDescription',
      { transactionReferenceNumber: 'R', redemptionOrder: { transactionAmount: 252.1, transactionDescription: false } },
    ],
  ])('redemption: %s', async (location, body) => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    expect(await send(url, 'POST', `/api/v1/apac/rewards/${code}/redemption`, { body })).toMatchObject(
      invalid(location),
    );
  });

  it('numbers JSON cannot hold exactly (1e400 → Infinity) are refused', async () => {
    const { url } = await harness.start();
    const code = await activeLink(url);
    const r = await send(url, 'POST', `/api/v1/apac/rewards/${code}/redemption`, {
      raw: '{"transactionReferenceNumber":"R","redemptionOrder":{"transactionAmount":1e400}}',
    });
    expect(r).toMatchObject(invalid('redemptionOrder.transactionAmount'));
  });

  it('search: cardDetails of the wrong shape', async () => {
    const { url } = await harness.start();
    for (const [body, location] of [
      [{ cardDetails: 'x' }, 'cardDetails'],
      [{ cardDetails: [{}] }, 'cardDetails[0].cardId'],
      [{}, 'cardDetails'],
    ] as const) {
      expect(await send(url, 'POST', '/api/v1/creditCards/rewards/pointBalance/search', { body })).toMatchObject(
        invalid(location),
      );
    }
  });
});

describe('malformed HTTP', () => {
  it('a broken request line gets an ErrorResponse and the server keeps serving', async () => {
    const { url } = await harness.start();
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GARBAGE / HTTP/9.9\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"code":"invalidRequest"');
    expect(answer).not.toMatch(/\n\s+at /);
    expect((await send(url, 'POST', ENROL, { body: CARD })).status).toBe(200);
  });
});

describe('internal errors', () => {
  it('an exception inside the mock answers 500 fatal serverUnavailable without a stack trace', async () => {
    const mock = await harness.start({}, (app) =>
      app.addHook('preHandler', (request, _reply, done) => {
        if (request.headers['x-explode']) throw new Error('boom at /work/main/mock/secret.ts:12');
        done();
      }),
    );
    const r = await send(mock.url, 'GET', '/api/v1/apac/rewards/1234567/pointBalance', {
      headers: { 'x-explode': '1' },
    });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      type: 'fatal',
      code: 'serverUnavailable',
      details: 'The request failed due to an internal error/server unavailability',
    });
  });
});
