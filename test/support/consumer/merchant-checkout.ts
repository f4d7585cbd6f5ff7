/**
 * The merchant checkout's contract with Citi Pay with Points (seed 001: enrol once, verify the
 * card holder with a one-time code, read the balance, pay with points), written through the
 * generated typed clients so that each interaction is exactly what the client sends.
 *
 * One case per interaction: what the provider must be in (a provider state the pwpkit mock's admin
 * API knows), the request and the answer the consumer relies on, and `exercise`, which makes the
 * call through the typed client and checks what the merchant's code gets back.
 */
import { MatchersV3, type V3MockServer } from '@pact-foundation/pact';
import { expect } from 'vitest';
import { createPayWithPointsClient } from '../../../generated/pay-with-points/client.ts';
import { createRewardsApacClient } from '../../../generated/rewards-apac/client.ts';
import type { ClientLogEvent, RetryPolicy } from '@pwpkit/runtime';
import { providerStateSentence } from '../../../domain/pay-with-points/provider-states.ts';
import { clientHeaders, exampleUuid, pointsFor, SANDBOX } from './parties.ts';

const { like, integer, decimal, regex, fromProviderState } = MatchersV3;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ContractCase {
  /** Which spec documents the operation (pact-check matches it across all of them). */
  api: 'pay-with-points' | 'rewards-apac';
  operation: string;
  /** Unique within the pact; reads as a sentence after "upon receiving". */
  description: string;
  state: string;
  params?: { [key: string]: Json };
  request: {
    method: string;
    path: string | ReturnType<typeof fromProviderState<string>>;
    headers: Record<string, unknown>;
    body?: unknown;
  };
  response: { status: number; body?: unknown };
  /** Calls the typed client against the Pact mock server and checks the merchant-facing result. */
  exercise: (server: Pick<V3MockServer, 'url'>) => Promise<void>;
}

const LINK = SANDBOX.rewardLinkCode;
const linkParams = { rewardLinkCode: LINK };

/** `/api/v1/apac/rewards/<link>/<suffix>`, the link code injected from the provider state's answer. */
function linkPath(suffix: string): ReturnType<typeof fromProviderState<string>> {
  const tail = suffix ? `/${suffix}` : '';
  return fromProviderState(`/api/v1/apac/rewards/\${rewardLinkCode}${tail}`, `/api/v1/apac/rewards/${LINK}${tail}`);
}

function errorBody(type: string, code: string, details: string) {
  return { type, code, details: like(details) };
}

interface ClientSetup {
  token?: string;
  retry?: Partial<RetryPolicy>;
  logger?: (event: ClientLogEvent) => void;
}

function clientOptions(server: Pick<V3MockServer, 'url'>, setup: ClientSetup = {}) {
  return {
    baseUrl: server.url,
    clientId: SANDBOX.clientId,
    token: setup.token ?? SANDBOX.token,
    // Requests are checked against the spec before they are sent, answers after.
    validate: 'strict' as const,
    retry: setup.retry ?? { retries: 0 },
    ...(setup.logger ? { logger: setup.logger } : {}),
  };
}

const payWithPoints = (server: Pick<V3MockServer, 'url'>, setup?: ClientSetup) =>
  createPayWithPointsClient(clientOptions(server, setup));
const rewardsApac = (server: Pick<V3MockServer, 'url'>, setup?: ClientSetup) =>
  createRewardsApacClient(clientOptions(server, setup));

/** A documented error result: `{ ok: false, kind: 'error', status, error: { type, code } }`. */
function expectError(result: unknown, status: number, type: string, code: string): void {
  expect(result).toMatchObject({ ok: false, kind: 'error', status, error: { type, code } });
}

// ---------------------------------------------------------------- enrolment and activation

const enrolBody = {
  lastFourDigitsCardNumber: SANDBOX.card,
  // The spec's own sandbox example number; the provider's fixture holds it for card 7411.
  citiCardHolderPhoneNumber: SANDBOX.phone,
  merchantCustomerReferenceId: 'checkout-customer-0001',
};

const enrol: ContractCase = {
  api: 'pay-with-points',
  operation: 'enrollInPayWithPoints',
  description: 'a request to enrol card 7411 in Pay with Points',
  state: providerStateSentence({ kind: 'cardNotEnrolled', card: SANDBOX.card }),
  request: {
    method: 'POST',
    path: '/api/v1/apac/rewards/linkage',
    headers: clientHeaders('enrol', { body: true }),
    body: { ...enrolBody, merchantCustomerReferenceId: like(enrolBody.merchantCustomerReferenceId) },
  },
  response: { status: 200, body: { rewardLinkCode: like(LINK) } },
  async exercise(server) {
    const result = await payWithPoints(server).enrollInPayWithPoints({ body: enrolBody });
    expect(result).toMatchObject({ ok: true, kind: 'success', status: 200 });
    if (result.kind === 'success') expect(typeof result.data.rewardLinkCode).toBe('string');
  },
};

function activation(
  description: string,
  state: string,
  code: string,
  response: ContractCase['response'],
  check: (result: unknown) => void,
): ContractCase {
  return {
    api: 'pay-with-points',
    operation: 'tokenActivation',
    description,
    state,
    params: linkParams,
    request: {
      method: 'PUT',
      path: linkPath('activations'),
      headers: clientHeaders(description, { body: true }),
      body: { linkageConfirmationCode: code },
    },
    response,
    async exercise(server) {
      check(
        await payWithPoints(server).tokenActivation({ rewardLinkCode: LINK, body: { linkageConfirmationCode: code } }),
      );
    },
  };
}

const activations: ContractCase[] = [
  activation(
    'a request to activate the reward link with the right confirmation code',
    providerStateSentence({ kind: 'linkAwaitingActivation', card: SANDBOX.card }),
    SANDBOX.confirmationCode,
    { status: 200 },
    (result) => expect(result).toMatchObject({ ok: true, kind: 'success', status: 200 }),
  ),
  activation(
    'a request to activate the reward link with a wrong confirmation code',
    providerStateSentence({ kind: 'linkAwaitingActivation', card: SANDBOX.card }),
    SANDBOX.wrongConfirmationCode,
    { status: 400, body: errorBody('error', 'activationFailed', 'Link code activation is failed') },
    (result) => expectError(result, 400, 'error', 'activationFailed'),
  ),
  activation(
    'a third wrong confirmation code for the reward link',
    providerStateSentence({ kind: 'linkFailedActivation', card: SANDBOX.card, failures: 2 }),
    SANDBOX.wrongConfirmationCode,
    {
      status: 400,
      body: errorBody(
        'error',
        'exceedsMaximumAttempts',
        'Maximum attempts exceeded for activation. Link credit card to a merchant again.',
      ),
    },
    (result) => expectError(result, 400, 'error', 'exceedsMaximumAttempts'),
  ),
  activation(
    'a request to activate the reward link after its confirmation code expired',
    providerStateSentence({ kind: 'confirmationCodeExpired', card: SANDBOX.card }),
    SANDBOX.confirmationCode,
    {
      status: 400,
      body: errorBody(
        'error',
        'linkageConfirmationCodeExpired',
        'Linkage confirmation code is expired. Link credit card to a merchant again',
      ),
    },
    (result) => expectError(result, 400, 'error', 'linkageConfirmationCodeExpired'),
  ),
];

// ---------------------------------------------------------------- balance

function balance(
  description: string,
  state: string,
  response: ContractCase['response'],
  check: (result: unknown, attempts: number) => void,
  setup: { link?: string; token?: string; params?: ContractCase['params']; retry?: Partial<RetryPolicy> } = {},
): ContractCase {
  const link = setup.link ?? LINK;
  return {
    api: 'pay-with-points',
    operation: 'retrieveRewardsBalance',
    description,
    state,
    ...(setup.params === undefined
      ? { params: linkParams }
      : Object.keys(setup.params).length > 0
        ? { params: setup.params }
        : {}),
    request: {
      method: 'GET',
      path: setup.link ? `/api/v1/apac/rewards/${link}/pointBalance` : linkPath('pointBalance'),
      headers: clientHeaders(description, setup.token ? { authorization: `Bearer ${setup.token}` } : {}),
    },
    response,
    async exercise(server) {
      let attempts = 0;
      const client = payWithPoints(server, { token: setup.token, retry: setup.retry, logger: () => attempts++ });
      check(await client.retrieveRewardsBalance({ rewardLinkCode: link }), attempts);
    },
  };
}

const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

const balances: ContractCase[] = [
  balance(
    'a request for the points balance of an active reward link',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    {
      status: 200,
      body: {
        availablePointBalance: integer(SANDBOX.balance),
        programConversionRate: decimal(SANDBOX.conversionRate),
        currencyCode: regex('^[A-Z]{3}$', SANDBOX.currency),
        maximumPointsToRedeem: integer(SANDBOX.maximumPoints),
        minimumPointsToRedeem: integer(SANDBOX.minimumPoints),
      },
    },
    (result) => {
      expect(result).toMatchObject({
        ok: true,
        kind: 'success',
        status: 200,
        data: { availablePointBalance: SANDBOX.balance, currencyCode: SANDBOX.currency },
      });
    },
  ),
  balance(
    'a request for the points balance of a reward link not yet activated',
    providerStateSentence({ kind: 'linkAwaitingActivation', card: SANDBOX.card }),
    { status: 400, body: errorBody('invalid', 'inactiveRewardLinkCode', 'Reward link code is inactive') },
    (result) => expectError(result, 400, 'invalid', 'inactiveRewardLinkCode'),
  ),
  balance(
    'a request for the points balance of an unknown reward link',
    providerStateSentence({ kind: 'rewardLinkMissing', rewardLinkCode: SANDBOX.unknownRewardLinkCode }),
    { status: 400, body: errorBody('error', 'invalidRewardLinkCode', 'Reward link code is invalid') },
    (result) => expectError(result, 400, 'error', 'invalidRewardLinkCode'),
    { link: SANDBOX.unknownRewardLinkCode, params: {} },
  ),
  balance(
    'a request for the points balance with a bearer token the provider does not know',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    { status: 401, body: errorBody('error', 'unAuthorized', 'Authorization credentials are missing or invalid') },
    (result) => expectError(result, 401, 'error', 'unAuthorized'),
    { token: SANDBOX.unknownToken },
  ),
  balance(
    'a request for the points balance while the service is unavailable',
    providerStateSentence({ kind: 'serviceUnavailable' }),
    {
      status: 500,
      body: errorBody(
        'fatal',
        'serverUnavailable',
        'The request failed due to an internal error/server unavailability',
      ),
    },
    (result, attempts) => {
      expectError(result, 500, 'fatal', 'serverUnavailable');
      // A read answered `fatal` is retried: one call, then FAST_RETRY.retries more.
      expect(attempts).toBe(1 + FAST_RETRY.retries);
    },
    { params: {}, retry: FAST_RETRY },
  ),
];

// ---------------------------------------------------------------- redemption

interface Order {
  transactionAmount: number;
  currencyCode: string;
  pointsToRedeem: number;
}

/** An order the provider reads as `amount` → `pointsFor(amount)` points unless `points` says otherwise. */
function order(amount: number, overrides: Partial<Order> = {}): Order {
  return { transactionAmount: amount, currencyCode: SANDBOX.currency, pointsToRedeem: pointsFor(amount), ...overrides };
}

function redemption(
  description: string,
  state: string,
  redemptionOrder: Order,
  response: ContractCase['response'],
  check: (result: unknown) => void,
): ContractCase {
  const body = {
    transactionReferenceNumber: 'checkout-order-0001',
    redemptionOrder: { ...redemptionOrder, transactionDescription: 'Checkout payment with points' },
  };
  return {
    api: 'pay-with-points',
    operation: 'submitRedemptionRequest',
    description,
    state,
    params: linkParams,
    request: {
      method: 'POST',
      path: linkPath('redemption'),
      headers: clientHeaders(description, { body: true }),
      body: { ...body, transactionReferenceNumber: like(body.transactionReferenceNumber) },
    },
    response,
    async exercise(server) {
      check(await payWithPoints(server).submitRedemptionRequest({ rewardLinkCode: LINK, body }));
    },
  };
}

// 252.10 SGD at 0.2521 is exactly 1000 points: above the minimum (500), within the maximum (10000).
const PURCHASE = 252.1;

const redemptions: ContractCase[] = [
  redemption(
    'a request to pay 252.10 SGD with 1000 points',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    order(PURCHASE),
    {
      status: 200,
      body: { orderId: like('T25100025'), availablePointBalance: integer(SANDBOX.balance - pointsFor(PURCHASE)) },
    },
    (result) => {
      expect(result).toMatchObject({ ok: true, kind: 'success', status: 200 });
      const ok = result as { data: { orderId: unknown; availablePointBalance: unknown } };
      expect(typeof ok.data.orderId).toBe('string');
      expect(Number.isInteger(ok.data.availablePointBalance)).toBe(true);
    },
  ),
  redemption(
    'a request to pay with more points than the balance holds',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 600 }),
    order(PURCHASE),
    {
      status: 400,
      body: errorBody(
        'error',
        'inSufficientPointBalance',
        'The order points cannot be more than available balance of the member',
      ),
    },
    (result) => expectError(result, 400, 'error', 'inSufficientPointBalance'),
  ),
  redemption(
    // 25.21 SGD is 100 points.
    'a request to pay with fewer points than the minimum',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    order(25.21),
    {
      status: 400,
      body: errorBody(
        'error',
        'belowMinimumPointsAllowed',
        'Requested amount or points are less than allowed equivalent points.',
      ),
    },
    (result) => expectError(result, 400, 'error', 'belowMinimumPointsAllowed'),
  ),
  redemption(
    // 3025.20 SGD is 12000 points: more than the maximum, less than the balance.
    'a request to pay with more points than the maximum',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 20000 }),
    order(3025.2),
    {
      status: 400,
      body: errorBody(
        'error',
        'exceedsMaximumPointsAllowed',
        'Requested amount or points are more than allowed equivalent points.',
      ),
    },
    (result) => expectError(result, 400, 'error', 'exceedsMaximumPointsAllowed'),
  ),
  redemption(
    'a request to pay from a member who may not redeem',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000, refusal: 'notEligibleToRedeem' }),
    order(PURCHASE),
    { status: 400, body: errorBody('error', 'notEligibleToRedeem', 'Member not eligible to order this item') },
    (result) => expectError(result, 400, 'error', 'notEligibleToRedeem'),
  ),
  redemption(
    'a request to pay when no order id can be generated',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000, refusal: 'errorGeneratingOrderId' }),
    order(PURCHASE),
    { status: 400, body: errorBody('error', 'errorGeneratingOrderId', 'Order Id is not generated') },
    (result) => expectError(result, 400, 'error', 'errorGeneratingOrderId'),
  ),
  redemption(
    'a request whose points do not match its amount',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    order(PURCHASE, { pointsToRedeem: 900 }),
    {
      status: 400,
      body: errorBody('error', 'invalidPointsAndAmountCombination', 'Points and amount combination are invalid'),
    },
    (result) => expectError(result, 400, 'error', 'invalidPointsAndAmountCombination'),
  ),
  redemption(
    'a request to pay in a currency the programme does not support',
    providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
    order(PURCHASE, { currencyCode: 'AUD' }),
    { status: 400, body: errorBody('error', 'currencyNotSupported', 'Currency is not supported') },
    (result) => expectError(result, 400, 'error', 'currencyNotSupported'),
  ),
];

// ---------------------------------------------------------------- de-registration (rewards-apac)

const deRegistration: ContractCase = {
  api: 'rewards-apac',
  operation: 'deRegisterPayWithPointsEnrollmentInCard',
  description: 'a request to de-register card 7411 from Pay with Points',
  state: providerStateSentence({ kind: 'linkActive', card: SANDBOX.card, points: 10000 }),
  params: linkParams,
  request: { method: 'DELETE', path: linkPath(''), headers: clientHeaders('de-register') },
  response: { status: 200 },
  async exercise(server) {
    const result = await rewardsApac(server).deRegisterPayWithPointsEnrollmentInCard({ rewardLinkCode: LINK });
    expect(result).toMatchObject({ ok: true, kind: 'success', status: 200 });
  },
};

/** Every interaction of the merchant checkout's pact, in the order it is written. */
export const merchantCheckoutCases: readonly ContractCase[] = [
  enrol,
  ...activations,
  ...balances,
  ...redemptions,
  deRegistration,
];

/** The example UUIDs in use, so a test can show they are all distinct. */
export const exampleUuids = (): string[] =>
  merchantCheckoutCases.map((c) =>
    String((c.request.headers.uuid as { value?: string }).value ?? exampleUuid(c.description)),
  );
