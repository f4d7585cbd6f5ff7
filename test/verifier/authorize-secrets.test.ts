/**
 * Issue 16's secrets test: the Authorize API's secrets — the client secret, every access token,
 * refresh token and authorization code the provider issued during the run, the one-time
 * passwords, the customers' passwords and the full card numbers — appear in no output of
 * `pwpkit verify` (stdout, the progress on stderr, --json, --junit), in no line of `mock --log`,
 * and in no committed pact file. The fixture's values are distinctive so a hit cannot be a
 * coincidence; the tokens are recorded as the mock sends them.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { createPayWithPointsSandbox, defaultFixture, type Fixture } from '../../domain/pay-with-points/index.ts';
import { ROOT } from './specs.ts';

const CLIENT_SECRET = 'Qx9AuthClientSecretLm27';
const PASSWORD = 'Qx9CustomerPasswordTz64';
const OTP = '731942';
const CARD_NUMBER = '4000777766665212';

const fixture: Fixture = {
  ...defaultFixture,
  clients: [{ clientId: 'qx-client', clientSecret: CLIENT_SECRET, redirectUris: ['http://127.0.0.1/callback'] }],
  cards: [{ ...defaultFixture.cards[1], linkageConfirmationCode: OTP, cardNumber: CARD_NUMBER }],
  customers: [{ userId: 'qx.customer', password: PASSWORD, cards: ['5212'] }],
};

let app: FastifyInstance;
let url: string;
const issued = new Set<string>();
const mockLog: string[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwpkit-authorize-secrets-'));
  writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fixture));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (mockLog.push(String(s)), true));
  try {
    app = await createPayWithPointsSandbox({ fixture, admin: true, log: true });
  } finally {
    stderr.mockRestore();
  }
  // What the provider hands out: every token, refresh token and code, as sent.
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload === 'string' && payload.startsWith('{')) {
      // A `code` is an authorization code only in a provider state's answer (elsewhere it is an error code).
      const fields = request.url.startsWith('/__admin')
        ? /"(?:access_token|refresh_token|code)"\s*:\s*"([^"]+)"/g
        : /"(?:access_token|refresh_token)"\s*:\s*"([^"]+)"/g;
      for (const m of payload.matchAll(fields)) issued.add(m[1]);
    }
    const location = reply.getHeader('location');
    if (typeof location === 'string')
      for (const key of ['code']) {
        const v = new URL(location, 'http://x').searchParams.get(key);
        if (v) issued.add(v);
      }
    return payload;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);
afterAll(() => app?.close());

it('no secret of the Authorize API in verify’s reports, the mock log or the pact files', async () => {
  let out = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const stderr = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s) => (mockLog.push(String(s)), (out += String(s)), true));
  let code: number;
  try {
    code = await main([
      'verify',
      '--spec',
      join(ROOT, 'spec/authorize.swagger.yaml'),
      '--provider-url',
      url,
      '--fixture',
      join(dir, 'fixture.json'),
      '--client-id',
      'qx-client',
      '--client-secret',
      CLIENT_SECRET,
      '--states-url',
      `${url}/__admin/provider-states`,
      '--json',
      join(dir, 'verify.json'),
      '--junit',
      join(dir, 'verify.xml'),
    ]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  expect(code, out.slice(-2000)).toBe(0);
  expect(out).toMatch(/scenario: card authorization/);
  // The run did issue what it must not show: codes, tokens, refresh tokens.
  expect(issued.size).toBeGreaterThan(10);

  const outputs: Record<string, string> = {
    'verify stdout + stderr': out,
    'verify --json': readFileSync(join(dir, 'verify.json'), 'utf8'),
    'verify --junit': readFileSync(join(dir, 'verify.xml'), 'utf8'),
    'mock --log': mockLog.join(''),
  };
  const pactDir = join(ROOT, 'contracts/pacts');
  for (const f of readdirSync(pactDir)) outputs[`pact ${f}`] = readFileSync(join(pactDir, f), 'utf8');
  const defaults = [
    ...defaultFixture.clients.map((c) => c.clientSecret),
    ...(defaultFixture.customers ?? []).map((c) => c.password),
    ...defaultFixture.cards.map((c) => c.cardNumber!),
  ];

  const secrets = [
    CLIENT_SECRET,
    Buffer.from(`qx-client:${CLIENT_SECRET}`).toString('base64'),
    PASSWORD,
    OTP,
    CARD_NUMBER,
    ...issued,
  ];
  const hits: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    for (const s of where.startsWith('pact') ? defaults : secrets)
      if (text.includes(s)) {
        const before = text.slice(Math.max(0, text.indexOf(s) - 60), text.indexOf(s));
        hits.push(`${where}: ${s.slice(0, 6)}… in ${JSON.stringify(before)}`);
      }
  }
  expect(hits).toEqual([]);
  // The card-authorization pact also holds none of the sandbox cards' one-time passwords.
  const cardPact = outputs['pact merchant-checkout-citi-authorize.json'];
  for (const c of defaultFixture.cards) expect(cardPact).not.toContain(c.linkageConfirmationCode);
}, 120_000);
