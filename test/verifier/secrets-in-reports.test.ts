/**
 * Issue 12, item 9 and its "secrets test": every report format of every command — verify (text
 * on stdout, progress on stderr, --json, --junit, the could-not-run files), proxy (stdout, the
 * per-exchange lines on stderr, --report .txt/.junit.xml/.json), pact-check (text, --json, --json -,
 * --junit), pact-verify (stdout, --junit) and mock --log — run on a fixture whose secrets are
 * distinctive, against a provider that echoes credentials back (in a cookie, in headers, in a
 * body), and every output is searched for every secret of the fixture and of the run: 0 hits.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { createPayWithPointsSandbox, defaultFixture, type Fixture } from '../../domain/pay-with-points/index.ts';
import { startCli } from './cli-process.ts';
import { SPECS } from './specs.ts';
import { routeOf } from '../../mock/exchange.ts';

const CLIENT_SECRET = 'Zq7ClientSecretVx41';
const OTHER_SECRET = 'Zq7OtherSecretWm83';
const STATIC_TOKEN = 'Zq7StaticBearerKp52';
const OTHER_STATIC_TOKEN = 'Zq7OtherBearerTn67';
const BOGUS_TOKEN = 'Zq7BogusBearerJc30';
const PACT_TOKEN = 'Zq7PactBearerGy74';
const SESSION = 'Zq7SessionCookieRb19';
const API_KEY = 'Zq7ApiKeyHd28';
const PHONE_A = '2617390457';
const PHONE_B = '6584026139';
const CODE_A = '938174';
const CODE_B = '517362';
const FULL_CARD = '4111111111117411';

const fixture: Fixture = {
  clients: [
    { clientId: 'zq-client', clientSecret: CLIENT_SECRET, staticTokens: [STATIC_TOKEN] },
    { clientId: 'zq-other', clientSecret: OTHER_SECRET, staticTokens: [OTHER_STATIC_TOKEN] },
  ],
  cards: [
    { ...defaultFixture.cards[0], citiCardHolderPhoneNumber: PHONE_A, linkageConfirmationCode: CODE_A },
    { ...defaultFixture.cards[1], citiCardHolderPhoneNumber: PHONE_B, linkageConfirmationCode: CODE_B },
  ],
};

/** Every access token a mock issued during the run: secrets of the run. */
const issued = new Set<string>();

/** The secrets no output may hold, by name. */
function secrets(): Record<string, string> {
  const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString('base64');
  return {
    'client secret': CLIENT_SECRET,
    'other client secret': OTHER_SECRET,
    'static bearer token': STATIC_TOKEN,
    'other static bearer token': OTHER_STATIC_TOKEN,
    'refused bearer token': BOGUS_TOKEN,
    'pact-verify --token': PACT_TOKEN,
    'session cookie': SESSION,
    'api key': API_KEY,
    'phone A': PHONE_A,
    'phone B': PHONE_B,
    'confirmation code A': CODE_A,
    'confirmation code B': CODE_B,
    'full card number': FULL_CARD,
    'Basic credentials': basic('zq-client', CLIENT_SECRET),
    'other Basic credentials': basic('zq-other', OTHER_SECRET),
    ...Object.fromEntries([...issued].map((t, i) => [`issued access token #${i + 1}`, t])),
  };
}

/** Every output of the commands the current test ran, by name. */
const outputs = new Map<string, string>();
const keep = (name: string, text: string) => outputs.set(name, (outputs.get(name) ?? '') + text);
const keepFile = (name: string, file: string) => keep(name, readFileSync(file, 'utf8'));

/**
 * The mock with the fixture above, made hostile: every answer sets a session cookie, echoes the
 * caller's Authorization header (under a credential-like name and under a neutral one) and the
 * card holder's phone number; the balance answer also carries the token, the phone and the code in
 * an undocumented field, with a wrongly typed balance (so every report prints its body in full).
 */
function echoCredentials(app: FastifyInstance, card: { phone: string; code: string }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const authorization = request.headers.authorization ?? '';
    const credential = authorization.replace(/^\S+\s+/, '');
    reply.header('set-cookie', `sid=${SESSION}; Path=/; HttpOnly`);
    reply.header('x-echo-authorization', authorization);
    reply.header('x-trace', `caller=${credential}; phone=${card.phone}`);
    const route = `${request.method} ${routeOf(request)}`;
    if (route.endsWith('/gcb') && typeof payload === 'string' && reply.statusCode === 200) {
      const token = (JSON.parse(payload) as { access_token?: string }).access_token;
      if (token) issued.add(token);
    }
    if (
      route === 'GET /api/v1/apac/rewards/{rewardLinkCode}/pointBalance' &&
      reply.statusCode === 200 &&
      typeof payload === 'string'
    ) {
      const body = JSON.parse(payload) as Record<string, unknown>;
      return JSON.stringify({
        note: `${credential} for ${card.phone}, code ${card.code}`,
        ...body,
        availablePointBalance: String(body.availablePointBalance),
      });
    }
    return payload;
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const dir = mkdtempSync(join(tmpdir(), 'pwpkit-secrets-'));
const fixtureFile = join(dir, 'fixture.json');
writeFileSync(fixtureFile, JSON.stringify(fixture));

let provider: FastifyInstance;
let providerUrl = '';
beforeAll(async () => {
  provider = await createPayWithPointsSandbox({ fixture, admin: true });
  echoCredentials(provider, { phone: PHONE_A, code: CODE_A });
  providerUrl = await listen(provider);
});
afterAll(() => provider?.close());

// In-process commands: stdout and stderr are what a user would see.
let out = '';
let err = '';
beforeEach(() => {
  outputs.clear();
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

async function verifyAndKeep(name: string, args: string[]): Promise<number> {
  const json = join(dir, `${name}.json`);
  const junit = join(dir, `${name}.xml`);
  out = '';
  err = '';
  const code = await main([
    'verify',
    '--spec',
    ...SPECS,
    '--fixture',
    fixtureFile,
    '--json',
    json,
    '--junit',
    junit,
    ...args,
  ]);
  keep(`verify ${name}: stdout`, out);
  keep(`verify ${name}: stderr`, err);
  keepFile(`verify ${name}: --json`, json);
  keepFile(`verify ${name}: --junit`, junit);
  return code;
}

/** A token the way a merchant gets one: Basic client credentials, form body. */
async function fetchToken(base: string, id: string, secret: string): Promise<string> {
  const res = await fetch(`${base}/api/clientCredentials/oauth2/token/sg/gcb`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: 'grant_type=client_credentials&scope=%2Fapi',
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  issued.add(token);
  return token;
}

/**
 * A merchant's traffic, secrets in every place a client puts them: Basic and form credentials, bearer tokens,
 * cookies, an API key, codes as JSON and as a form, a phone, a full card number.
 */
async function merchantTraffic(base: string): Promise<void> {
  const token = await fetchToken(base, 'zq-client', CLIENT_SECRET);
  await fetch(`${base}/api/clientCredentials/oauth2/token/sg/gcb`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=zq-other&client_secret=${OTHER_SECRET}`,
  })
    .then((r) => r.json())
    .then((b: { access_token?: string }) => b.access_token && issued.add(b.access_token));
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    client_id: 'zq-client',
    uuid: randomUUID(),
    accept: 'application/json',
    'content-type': 'application/json',
    cookie: `sid=${SESSION}`,
    'x-api-key': API_KEY,
    ...extra,
  });
  const api = `${base}/api/v1/apac/rewards`;
  const enrol = await fetch(`${api}/linkage`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({
      lastFourDigitsCardNumber: '7411',
      citiCardHolderPhoneNumber: PHONE_A,
      merchantCustomerReferenceId: 'M-1',
    }),
  });
  const link = ((await enrol.json()) as { rewardLinkCode?: string }).rewardLinkCode ?? '9035268';
  // the confirmation code form-encoded (the proxy printed it so), and in a query
  await fetch(`${api}/${link}/activations?otp=${CODE_A}`, {
    method: 'PUT',
    headers: headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    body: `linkageConfirmationCode=${CODE_A}`,
  });
  await fetch(`${api}/${link}/activations`, {
    method: 'PUT',
    headers: headers(),
    body: JSON.stringify({ linkageConfirmationCode: CODE_A }),
  });
  await fetch(`${api}/${link}/pointBalance`, { headers: headers() });
  // a client that breaks the spec with personal data in the body: the report prints the body
  await fetch(`${api}/linkage`, {
    method: 'POST',
    headers: headers({ authorization: `Bearer ${STATIC_TOKEN}` }),
    body: JSON.stringify({ lastFourDigitsCardNumber: 7411, cardNumber: FULL_CARD, citiCardHolderPhoneNumber: PHONE_B }),
  });
  await fetch(`${api}/${link}/redemption`, {
    method: 'POST',
    headers: headers({ authorization: `Basic ${Buffer.from(`zq-client:${CLIENT_SECRET}`).toString('base64')}` }),
    body: 'otp=' + CODE_B,
  });
  await fetch(`${api}/${link}/pointBalance`, { headers: headers({ authorization: `Bearer ${OTHER_STATIC_TOKEN}` }) });
}

function leaks(): string[] {
  const found: string[] = [];
  for (const [output, text] of outputs)
    for (const [name, secret] of Object.entries(secrets()))
      if (text.includes(secret)) found.push(`${name} (${secret}) in ${output} ×${text.split(secret).length - 1}`);
  return found;
}

describe('no report of any command shows a secret (issue 12, item 9)', () => {
  it('verify: text, progress, --json and --junit, whatever the credentials, passing or failing, ' +
    'run or could not run', async () => {
    const statesUrl = `${providerUrl}/__admin/provider-states`;
    const codes = {
      // client credentials from the fixture (issued tokens, fetched again after each provider state)
      fixtureCredentials: await verifyAndKeep('fixture-credentials', [
        '--provider-url',
        providerUrl,
        '--states-url',
        statesUrl,
      ]),
      staticToken: await verifyAndKeep('static-token', [
        '--provider-url',
        providerUrl,
        '--token',
        STATIC_TOKEN,
        '--client-id',
        'zq-client',
      ]),
      explicitCredentials: await verifyAndKeep('explicit-credentials', [
        '--provider-url',
        `${providerUrl}/api`,
        '--client-id',
        'zq-other',
        '--client-secret',
        OTHER_SECRET,
        '--failures-only',
      ]),
      refusedToken: await verifyAndKeep('refused-token', [
        '--provider-url',
        providerUrl,
        '--token',
        BOGUS_TOKEN,
        '--client-id',
        'zq-client',
      ]),
      refusedSecret: await verifyAndKeep('refused-secret', [
        '--provider-url',
        providerUrl,
        '--client-id',
        'zq-client',
        '--client-secret',
        `${CLIENT_SECRET}x`,
      ]),
    };
    expect(leaks()).toEqual([]);
    expect(issued.size).toBeGreaterThan(0);
    // the hostile balance answer failed, so its body was printed; the refused ones could not run
    expect(codes).toEqual({
      fixtureCredentials: 1,
      staticToken: 1,
      explicitCredentials: 1,
      refusedToken: 2,
      refusedSecret: 2,
    });
    expect(outputs.get('verify fixture-credentials: stdout')).toContain('✗');
  }, 180_000);

  it('proxy: stdout, the line per exchange, and --report text, JUnit and JSON', async () => {
    const base = join(dir, 'proxy');
    const proxy = startCli([
      'proxy',
      '--provider-url',
      providerUrl,
      '--port',
      '0',
      '--report',
      base,
      '--spec',
      ...SPECS,
    ]);
    const [, url] = await proxy.waitFor(/listening on (http:\/\/\S+)/);
    await merchantTraffic(url);
    // and verify's whole run through it (every negative case, the scenarios)
    expect(
      await verifyAndKeep('through-the-proxy', [
        '--provider-url',
        url,
        '--client-id',
        'zq-client',
        '--client-secret',
        CLIENT_SECRET,
      ]),
    ).toBe(1);
    proxy.child.kill('SIGTERM');
    const { code } = await proxy.exited;
    expect(code).toBe(1);
    keep('proxy: stdout', proxy.stdout());
    keep('proxy: stderr', proxy.stderr());
    for (const ext of ['txt', 'junit.xml', 'json']) keepFile(`proxy: --report .${ext}`, `${base}.${ext}`);
    expect(leaks()).toEqual([]);
    expect(outputs.get('proxy: --report .txt')).toContain('linkageConfirmationCode=***');
  }, 180_000);

  it('pact-check: text, --json -, --json and --junit of a pact full of secrets', async () => {
    const pact = join(dir, 'pacts', 'merchant-zq.json');
    const request = (
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: unknown,
      query?: string,
    ) => ({ method, path, headers, ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}) });
    const auth = {
      Authorization: `Bearer ${STATIC_TOKEN}`,
      client_id: 'zq-client',
      uuid: randomUUID(),
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Cookie: `sid=${SESSION}`,
      'x-api-key': API_KEY,
    };
    const interactions = [
      {
        description: 'enrol with a phone and a full card number',
        request: request(
          'POST',
          '/api/v1/apac/rewards/linkage',
          { ...auth, uuid: PHONE_A },
          { lastFourDigitsCardNumber: 7411, cardNumber: FULL_CARD, citiCardHolderPhoneNumber: PHONE_A },
        ),
        response: {
          status: 200,
          headers: { 'Set-Cookie': `sid=${SESSION}` },
          body: { rewardLinkCode: 9035268, note: STATIC_TOKEN },
        },
      },
      {
        description: 'activate with a form-encoded code',
        request: request(
          'PUT',
          '/api/v1/apac/rewards/9035268/activations',
          {
            ...auth,
            Authorization: `Basic ${Buffer.from(`zq-client:${CLIENT_SECRET}`).toString('base64')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          `linkageConfirmationCode=${CODE_A}`,
          `otp=${CODE_B}&access_token=${OTHER_STATIC_TOKEN}`,
        ),
        response: { status: 418, body: `code ${CODE_A} for ${PHONE_B}` },
      },
      {
        description: 'balance with a token in the path',
        request: request('GET', `/api/v1/apac/rewards/${OTHER_STATIC_TOKEN}/pointBalance`, {
          ...auth,
          Authorization: STATIC_TOKEN,
        }),
        response: { status: 400, body: { type: 'invalid', code: CODE_B, details: PHONE_B } },
      },
    ];
    mkdirSync(join(dir, 'pacts'), { recursive: true });
    writeFileSync(
      pact,
      JSON.stringify({
        consumer: { name: 'zq-merchant' },
        provider: { name: 'citi-pay-with-points' },
        interactions,
        metadata: { pactSpecification: { version: '2.0.0' } },
      }),
    );
    const json = join(dir, 'pact-check.json');
    const junit = join(dir, 'pact-check.xml');
    out = '';
    err = '';
    expect(await main(['pact-check', pact, '--spec', ...SPECS, '--json', json, '--junit', junit])).toBe(1);
    keep('pact-check: stdout', out);
    keep('pact-check: stderr', err);
    keepFile('pact-check: --json', json);
    keepFile('pact-check: --junit', junit);
    out = '';
    expect(await main(['pact-check', pact, '--spec', ...SPECS, '--json', '-'])).toBe(1);
    keep('pact-check: --json -', out);
    expect(leaks()).toEqual([]);
  }, 120_000);

  it('pact-verify: stdout and --junit, with --token, passing and failing', async () => {
    // the committed pacts need the default fixture; the run's token is one more static token of its client
    const pactFixture: Fixture = {
      ...defaultFixture,
      clients: defaultFixture.clients.map((c, i) =>
        i === 0 ? { ...c, staticTokens: [...(c.staticTokens ?? []), PACT_TOKEN] } : c,
      ),
    };
    const run = async (name: string, app: FastifyInstance) => {
      const url = await listen(app);
      try {
        const junit = join(dir, `pact-verify-${name}.xml`);
        // --client-id/--client-secret: the card-authorization pact's Basic placeholders need the sandbox client's
        // credentials.
        const cli = startCli(
          [
            'pact-verify',
            '--provider-url',
            url,
            '--states-url',
            `${url}/__admin/provider-states`,
            '--token',
            PACT_TOKEN,
            '--client-id',
            'sandbox-client',
            '--client-secret',
            'sandbox-secret',
            '--junit',
            junit,
          ],
          { env: { PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1' } },
        );
        cli.child.stdin.end();
        const { code } = await cli.exited;
        keep(`pact-verify ${name}: stdout`, cli.stdout());
        keep(`pact-verify ${name}: stderr`, cli.stderr());
        keepFile(`pact-verify ${name}: --junit`, junit);
        return code;
      } finally {
        await app.close();
      }
    };
    expect(await run('passing', await createPayWithPointsSandbox({ fixture: pactFixture, admin: true }))).toBe(0);
    const hostile = await createPayWithPointsSandbox({ fixture: pactFixture, admin: true });
    echoCredentials(hostile, { phone: PHONE_A, code: CODE_A });
    expect(await run('failing', hostile)).toBe(1);
    expect(outputs.get('pact-verify failing: stdout')).toContain('✗');
    expect(leaks()).toEqual([]);
  }, 240_000);

  it('mock --log: stdout and the line per request', async () => {
    const mock = startCli(['mock', '--port', '0', '--admin', '--log', '--fixture', fixtureFile]);
    const [, url] = await mock.waitFor(/listening on (http:\/\/\S+) /);
    expect(
      await verifyAndKeep('against-mock-log', [
        '--provider-url',
        url,
        '--states-url',
        `${url}/__admin/provider-states`,
      ]),
    ).toBe(0);
    await merchantTraffic(url);
    mock.child.kill('SIGTERM');
    expect((await mock.exited).code).toBe(0);
    keep('mock --log: stdout', mock.stdout());
    keep('mock --log: stderr', mock.stderr());
    expect(mock.stderr()).toMatch(/pwpkit mock: PUT \/api\/v1\/apac\/rewards\/\{rewardLinkCode\}\/activations → \d{3}/);
    expect(leaks()).toEqual([]);
  }, 180_000);

  it('the search itself finds a secret where one is (the test can fail)', () => {
    keep('a canary', `token ${STATIC_TOKEN}`);
    expect(leaks()).toEqual([`static bearer token (${STATIC_TOKEN}) in a canary ×1`]);
    outputs.delete('a canary');
  });
});
