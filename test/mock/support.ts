import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  createPayWithPointsSandbox,
  defaultFixture,
  sandboxOf,
  type SandboxOptions,
} from '../../domain/pay-with-points/index.ts';
import { addContractSelfCheck } from '../support/mock-self-check.ts';

export const CLIENT = 'sandbox-client';
export const SECRET = 'sandbox-secret';
export const STATIC = 'sandbox-static-token';
export const OTHER_STATIC = 'other-static-token';
export const CARD = {
  lastFourDigitsCardNumber: '7411',
  citiCardHolderPhoneNumber: '2608191234',
  merchantCustomerReferenceId: 'HKTV-0001',
};
export const OTP = '735937';

export interface RunningMock {
  url: string;
  app: FastifyInstance;
  violations: string[];
  sandbox: ReturnType<typeof sandboxOf>['sandbox'];
  close(): Promise<void>;
}

/** Starts mocks with the self-check; `finish()` (afterEach) closes them and fails on any violation. */
export function mockHarness() {
  const running: RunningMock[] = [];
  return {
    /** `setup` may add hooks before the app listens. */
    async start(options: SandboxOptions = {}, setup?: (app: FastifyInstance) => void): Promise<RunningMock> {
      const violations: string[] = [];
      const started = await startMockChecked(options, violations, setup);
      running.push(started);
      return started;
    },
    async finish(): Promise<void> {
      const all = running.splice(0);
      await Promise.all(all.map((m) => m.close()));
      expect(all.flatMap((m) => m.violations)).toEqual([]);
    },
  };
}

async function startMockChecked(
  options: SandboxOptions,
  violations: string[],
  setup?: (app: FastifyInstance) => void,
): Promise<RunningMock> {
  // startPayWithPointsSandbox listens straight away; hooks must be added before listen, so build it here.
  const app = await createPayWithPointsSandbox(options);
  addContractSelfCheck(app, options.fixture ?? defaultFixture, violations);
  setup?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    violations,
    sandbox: sandboxOf(app).sandbox,
    close: () => app.close(),
  };
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** A raw request with the headers a well-behaved client sends (override or drop with `undefined`). */
export async function send(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | undefined>; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const base: Record<string, string | undefined> = {
    authorization: `Bearer ${STATIC}`,
    uuid: randomUUID(),
    client_id: CLIENT,
    accept: 'application/json',
    ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  const merged = { ...base, ...options.headers };
  const headers = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const response = await fetch(url + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Enrols and activates a card through raw requests; returns its rewardLinkCode. */
export async function activeLink(
  url: string,
  card = CARD,
  otp = OTP,
  headers: Record<string, string> = {},
  prefix = '/api/v1/apac/rewards',
): Promise<string> {
  const enrolPath = prefix === '/api/v1/apac/rewards' ? `${prefix}/linkage` : '/api/v1/rewards/shopWithPoints/linkage';
  const enrol = await send(url, 'POST', enrolPath, { body: card, headers });
  expect(enrol.status, enrol.text).toBe(200);
  const code = enrol.body.rewardLinkCode as string;
  const activationPath =
    prefix === '/api/v1/apac/rewards'
      ? `${prefix}/${code}/activations`
      : `/api/v1/rewards/${code}/shopWithPoints/activations`;
  const activation = await send(url, 'PUT', activationPath, { body: { linkageConfirmationCode: otp }, headers });
  expect(activation.status, activation.text).toBe(200);
  return code;
}

export const redemption = (ref: string, order: Record<string, unknown>) => ({
  transactionReferenceNumber: ref,
  redemptionOrder: order,
});
