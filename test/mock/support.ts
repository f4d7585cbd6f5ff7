import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { createMock, defaultFixture, sandboxOf, type Fixture, type MockOptions } from '../../mock/index.ts';
import type { OperationRouteConfig } from '../../mock/routes/operations.ts';
import { documentedStatusKey } from '../../runtime/definition.ts';

export const CLIENT = 'sandbox-client';
export const SECRET = 'sandbox-secret';
export const STATIC = 'sandbox-static-token';
export const OTHER_STATIC = 'other-static-token';
export const CARD = { lastFourDigitsCardNumber: '7411', citiCardHolderPhoneNumber: '2608191234', merchantCustomerReferenceId: 'HKTV-0001' };
export const OTP = '735937';

const ERROR_TYPES = new Set(['error', 'warn', 'invalid', 'fatal']);
const GENERIC: Record<number, string> = { 400: 'invalidRequest', 401: 'unAuthorized', 403: 'accessNotConfigured', 404: 'resourceNotFound', 500: 'serverUnavailable' };

/** What must never appear in an answer: secrets, static tokens, full phone numbers, stack traces. */
function forbiddenIn(fixture: Fixture): string[] {
  return [...fixture.clients.flatMap((c) => [c.clientSecret, ...(c.staticTokens ?? [])]), ...fixture.cards.map((c) => c.citiCardHolderPhoneNumber)];
}
const STACK = /\n\s+at |node_modules|\.ts:\d+|Error: /;

/**
 * The contract self-check: an onSend hook that checks every answer of the mock against the
 * generated response validators and error catalog of its operation (ErrorResponse + the
 * generic codes elsewhere), and that no answer carries a secret or a stack trace.
 */
export function addContractSelfCheck(app: FastifyInstance, fixture: Fixture, violations: string[]): void {
  const forbidden = forbiddenIn(fixture);
  app.addHook('onSend', (request, reply, payload, done) => {
    const where = `${request.method} ${request.url} → ${reply.statusCode}`;
    const text = typeof payload === 'string' ? payload : payload === undefined || payload === null ? '' : Buffer.isBuffer(payload) ? payload.toString('utf8') : '(stream)';
    const status = reply.statusCode;
    const say = (m: string) => violations.push(`${where}: ${m}`);
    for (const f of forbidden) if (text.includes(f)) say('answer contains a secret, static token or phone number');
    if (STACK.test(text)) say(`answer looks like it carries a stack trace: ${text.slice(0, 200)}`);
    let body: unknown;
    if (text !== '') {
      if (!/^application\/json/.test(String(reply.getHeader('content-type') ?? ''))) say(`content-type ${String(reply.getHeader('content-type'))}`);
      try {
        body = JSON.parse(text);
      } catch {
        say('answer is not JSON');
        return done();
      }
    }
    const pwpkit = (request.routeOptions?.config as Partial<OperationRouteConfig> | undefined)?.pwpkit;
    if (pwpkit) {
      const op = pwpkit.api.operations[pwpkit.operation];
      const key = documentedStatusKey(op.statuses, status);
      if (key === undefined) say(`status ${status} is not documented for ${pwpkit.operation}`);
      else {
        const validate = pwpkit.api.validators[pwpkit.operation]?.responses[key];
        if (validate && !validate(body)) say(`body violates ${pwpkit.operation} ${key}: ${JSON.stringify(validate.errors?.[0])}`);
        if (!validate && text !== '') say(`${pwpkit.operation} ${key} documents no body, got ${text.slice(0, 100)}`);
        if (status >= 400) {
          const rows = pwpkit.api.errorCatalog[pwpkit.operation]?.[key] ?? [];
          const b = body as { type?: string; code?: string };
          if (!rows.some((r) => r.type === b?.type && r.code === b?.code)) say(`${b?.type} ${b?.code} is not documented for ${pwpkit.operation} ${key}`);
        }
      }
    } else if (status >= 400) {
      const b = body as { type?: unknown; code?: unknown; details?: unknown };
      if (!b || !ERROR_TYPES.has(String(b.type)) || typeof b.code !== 'string' || typeof b.details !== 'string') say(`not an ErrorResponse: ${text.slice(0, 200)}`);
      else if (GENERIC[status] !== b.code) say(`generic answer ${status} with code ${b.code}`);
    }
    done();
  });
}

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
    async start(options: MockOptions = {}, setup?: (app: FastifyInstance) => void): Promise<RunningMock> {
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

async function startMockChecked(options: MockOptions, violations: string[], setup?: (app: FastifyInstance) => void): Promise<RunningMock> {
  // startMock listens straight away; hooks must be added before listen, so build it here.
  const app = await createMock(options);
  addContractSelfCheck(app, options.fixture ?? defaultFixture, violations);
  setup?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, violations, sandbox: sandboxOf(app).sandbox, close: () => app.close() };
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** A raw request with the headers a well-behaved client sends (override or drop with `undefined`). */
export async function send(url: string, method: string, path: string, options: { headers?: Record<string, string | undefined>; body?: unknown; raw?: string } = {}): Promise<Answer> {
  const base: Record<string, string | undefined> = {
    authorization: `Bearer ${STATIC}`,
    uuid: randomUUID(),
    client_id: CLIENT,
    accept: 'application/json',
    ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
  };
  const merged = { ...base, ...options.headers };
  const headers = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const response = await fetch(url + path, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
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
export async function activeLink(url: string, card = CARD, otp = OTP, headers: Record<string, string> = {}, prefix = '/api/v1/apac/rewards'): Promise<string> {
  const enrolPath = prefix === '/api/v1/apac/rewards' ? `${prefix}/linkage` : '/api/v1/rewards/shopWithPoints/linkage';
  const enrol = await send(url, 'POST', enrolPath, { body: card, headers });
  expect(enrol.status, enrol.text).toBe(200);
  const code = enrol.body.rewardLinkCode as string;
  const activationPath = prefix === '/api/v1/apac/rewards' ? `${prefix}/${code}/activations` : `/api/v1/rewards/${code}/shopWithPoints/activations`;
  const activation = await send(url, 'PUT', activationPath, { body: { linkageConfirmationCode: otp }, headers });
  expect(activation.status, activation.text).toBe(200);
  return code;
}

export const redemption = (ref: string, order: Record<string, unknown>) => ({ transactionReferenceNumber: ref, redemptionOrder: order });
