/**
 * pact-check on hand-written pacts: clean ones of each Pact version, and one breach each with the
 * finding it must produce (rule, code, JSON pointer into the pact).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPactCheck, loadSpecIndex } from '../../contracts/check/check-pacts.ts';
import { FINDING_CODES, type PactFinding, type RuleCode, type RuleName } from '../../contracts/check/findings.ts';
import { readPactFile } from '../../contracts/check/pact-file.ts';
import { pactCheckJUnit, pactCheckText } from '../../reporting/pact-check.ts';
import type { SpecIndex } from '../../contracts/check/spec-index.ts';
import { main } from '../../cli/main.ts';
import { InputError } from '../../input/errors.ts';

const FIXTURES = 'test/contracts/fixtures/pact-check';
const SPECS = ['spec/pay-with-points.swagger.yaml', 'spec/rewards-apac.swagger.yaml'];
const SHOP = 'test/contracts/fixtures/shop.swagger.yaml';

type Expected = { rule: RuleName; code: RuleCode; pointer: string; severity?: 'warning'; message?: RegExp };
const at = (rule: RuleName, code: RuleCode, pointer: string, extra: Partial<Expected> = {}): Expected => ({
  rule,
  code,
  pointer,
  ...extra,
});

/** Fixture → the findings it must produce, in order. Clean fixtures produce none. */
const PAY_WITH_POINTS_TABLE: Array<[string, Expected[]]> = [
  ['clean-v2.json', []],
  ['clean-v3.json', []],
  ['clean-v4.json', []],
  ['path-not-documented.json', [at('path-and-method', 'path-not-documented', '/interactions/0/request/path')]],
  [
    'path-without-base-path.json',
    [
      at('path-and-method', 'path-not-documented', '/interactions/0/request/path', {
        message: /under its basePath \/api: \/api\/v1\/apac\/rewards\/9035268\/pointBalance/,
      }),
    ],
  ],
  [
    'method-not-documented.json',
    [
      at('path-and-method', 'method-not-documented', '/interactions/0/request/method', {
        message: /documented for POST only/,
      }),
    ],
  ],
  [
    'required-header-missing.json',
    [at('request-headers', 'required-header-missing', '/interactions/0/request/headers', { message: /"uuid"/ })],
  ],
  [
    'header-value-invalid.json',
    [
      at('request-headers', 'header-value-invalid', '/interactions/0/request/headers/uuid', {
        message: /format "uuid"/,
      }),
    ],
  ],
  ['request-body-missing.json', [at('request-body', 'request-body-missing', '/interactions/0/request')]],
  [
    'request-body-invalid.json',
    [
      at('request-body', 'request-body-invalid', '/interactions/0/request/body/content/transactionReferenceNumber', {
        message: /is missing \(required by the schema\)/,
      }),
    ],
  ],
  [
    'request-content-type-not-consumed.json',
    [at('content-type', 'request-content-type-not-consumed', '/interactions/0/request/headers/Content-Type')],
  ],
  [
    'request-accept-not-produced.json',
    [at('content-type', 'request-accept-not-produced', '/interactions/0/request/headers/Accept')],
  ],
  [
    'response-status-not-documented.json',
    [
      at('response-status', 'response-status-not-documented', '/interactions/0/response/status', {
        message: /status 404 is not documented for submitRedemptionRequest/,
      }),
    ],
  ],
  [
    'response-body-invalid.json',
    [
      at('response-body', 'response-body-invalid', '/interactions/0/response/body/content/availablePointBalance', {
        message: /must be integer/,
      }),
    ],
  ],
  // A pact's response is the consumer's minimum expectation: left-out required fields are fine…
  ['response-body-partial.json', []],
  // …a present field of the wrong type is not.
  [
    'response-body-partial-invalid.json',
    [
      at('response-body', 'response-body-invalid', '/interactions/0/response/body/content/programConversionRate', {
        message: /must be number/,
      }),
    ],
  ],
  // A trailing slash is another path: the mock (and pact-verify against it) answers 404.
  ['path-trailing-slash.json', [at('path-and-method', 'path-not-documented', '/interactions/0/request/path')]],
  [
    'response-body-not-documented.json',
    [at('response-body', 'response-body-not-documented', '/interactions/0/response/body/content')],
  ],
  [
    'response-content-type-not-produced.json',
    [
      at('content-type', 'response-content-type-not-produced', '/interactions/0/response/headers/Content-Type', {
        message: /"text\/html"/,
      }),
    ],
  ],
  [
    'error-code-not-documented.json',
    [
      at('error-code', 'error-code-not-documented', '/interactions/0/response/body/content/code', {
        message: /"cardBlocked" is not documented for retrieveRewardsBalance 400/,
      }),
    ],
  ],
  [
    'error-code-wrong-status.json',
    [
      at('error-code', 'error-code-not-documented', '/interactions/0/response/body/content/code', {
        message: /documented for status 401/,
      }),
    ],
  ],
  [
    'error-type-mismatch.json',
    [
      at('error-code', 'error-type-mismatch', '/interactions/0/response/body/content/type', {
        message: /type "invalid" for retrieveRewardsBalance 400, not "error"/,
      }),
    ],
  ],
];

const SHOP_TABLE: Array<[string, Expected[]]> = [
  ['shop-clean.json', []],
  [
    'shop-breaches.json',
    [
      at('request-parameters', 'path-parameter-invalid', '/interactions/0/request/path', {
        message: /"orderId" \("seven"\)/,
      }),
      at('request-parameters', 'query-parameter-missing', '/interactions/1/request/query'),
      at('request-parameters', 'query-parameter-invalid', '/interactions/2/request/query', {
        message: /"lines", "none"/,
      }),
      at('request-headers', 'security-header-missing', '/interactions/3/request/headers', { message: /X-Api-Key/ }),
      at('request-body', 'request-body-not-documented', '/interactions/4/request/body', { severity: 'warning' }),
      at('content-type', 'response-content-type-missing', '/interactions/5/response/headers', { severity: 'warning' }),
    ],
  ],
];

function expectFindings(actual: readonly PactFinding[], expected: Expected[]) {
  expect(actual.map(({ check, code, pointer, severity }) => ({ rule: check, code, pointer, severity }))).toEqual(
    expected.map(({ rule, code, pointer, severity }) => ({ rule, code, pointer, severity: severity ?? 'error' })),
  );
  expected.forEach((e, i) => {
    if (e.message) expect(actual[i].message).toMatch(e.message);
  });
}

describe('pact-check on hand-written pacts', () => {
  let pwp: SpecIndex;
  let shop: SpecIndex;
  beforeAll(async () => {
    [pwp, shop] = await Promise.all([loadSpecIndex(SPECS), loadSpecIndex([SHOP])]);
  });

  it.each(PAY_WITH_POINTS_TABLE)('Pay with Points: %s', async (fixture, expected) => {
    const report = await runPactCheck({ pacts: [join(FIXTURES, fixture)], specs: SPECS, index: pwp });
    expectFindings(report.findings, expected);
  });

  it.each(SHOP_TABLE)('any spec (--spec shop): %s', async (fixture, expected) => {
    const report = await runPactCheck({ pacts: [join(FIXTURES, fixture)], specs: [SHOP], index: shop });
    expectFindings(report.findings, expected);
  });

  it('exercises every finding code at least once', () => {
    const seen = new Set([...PAY_WITH_POINTS_TABLE, ...SHOP_TABLE].flatMap(([, list]) => list.map((e) => e.code)));
    const all = Object.values(FINDING_CODES).flat();
    expect(all.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('matches each interaction to its operation across specs (the de-registration is rewards-apac)', async () => {
    const report = await runPactCheck({ pacts: [join(FIXTURES, 'clean-v4.json')], specs: SPECS, index: pwp });
    expect(report.pacts[0].interactions.map((i) => `${i.operation?.api} ${i.operation?.name}`)).toEqual([
      'pay-with-points retrieveRewardsBalance',
      'rewards-apac deRegisterPayWithPointsEnrollmentInCard',
    ]);
    expect(report.pacts[0].skipped).toEqual([
      {
        index: 2,
        description: 'a points-changed event',
        reason: 'not an HTTP request/response (type "Asynchronous/Messages")',
      },
    ]);
  });

  it('reads V2, V3 and V4 headers, bodies and queries into one shape', async () => {
    const [v2, v3, v4] = await Promise.all(
      ['clean-v2.json', 'clean-v3.json', 'clean-v4.json'].map((f) => readPactFile(join(FIXTURES, f))),
    );
    expect(v2.specification).toBe('2.0.0');
    expect(v2.interactions[0].request.headers.get('authorization')).toEqual({
      name: 'Authorization',
      values: ['Bearer sandbox-static-token'],
      pointer: '/interactions/0/request/headers/Authorization',
    });
    expect(v2.interactions[1].request.body).toEqual({
      value: expect.objectContaining({ lastFourDigitsCardNumber: '7411' }),
      pointer: '/interactions/1/request/body',
    });
    expect(v3.interactions[0].providerStates).toEqual(['card 7411 is enrolled and active with 10000 points']);
    expect(v4.interactions[0].response.body).toEqual({
      value: expect.objectContaining({ code: 'inactiveRewardLinkCode' }),
      contentType: 'application/json',
      pointer: '/interactions/0/response/body/content',
    });
  });

  it('takes a query string left on the path as the query', async () => {
    const { parsePact } = await import('../../contracts/check/pact-file.ts');
    const pact = parsePact(
      {
        consumer: { name: 'c' },
        provider: { name: 'p' },
        interactions: [
          {
            description: 'd',
            request: { method: 'GET', path: '/shop/orders/7?expand=all' },
            response: { status: 200 },
          },
        ],
      },
      'inline.json',
    );
    expect(pact.interactions[0].request.path).toBe('/shop/orders/7');
    const { checkInteraction } = await import('../../contracts/check/check-pacts.ts');
    expect(checkInteraction('inline.json', pact.interactions[0], shop).findings.map((f) => f.code)).toEqual([
      'query-parameter-invalid',
      'security-header-missing',
    ]);
  });

  it('decodes V4 bodies stored base64 or as a JSON string', async () => {
    const { parsePact } = await import('../../contracts/check/pact-file.ts');
    const body = { code: 'x' };
    const doc = (encoded: unknown, content: unknown) => ({
      consumer: { name: 'c' },
      provider: { name: 'p' },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'd',
          request: { method: 'GET', path: '/' },
          response: { status: 400, body: { content, contentType: 'application/json', encoded } },
        },
      ],
    });
    expect(
      parsePact(doc('base64', Buffer.from(JSON.stringify(body)).toString('base64')), 'f').interactions[0].response.body
        ?.value,
    ).toEqual(body);
    expect(parsePact(doc('json', JSON.stringify(body)), 'f').interactions[0].response.body?.value).toEqual(body);
  });
});

describe('pact-check bad input (exit 2)', () => {
  it.each([
    ['truncated.json', /truncated\.json: not valid JSON/],
    [
      'no-interactions.json',
      /no-interactions\.json: not a valid pact file .*\n.*\/interactions: expected an array of interactions/,
    ],
    [
      'interaction-without-method.json',
      /interaction-without-method\.json: \/interactions\/0\/request\/method: expected an HTTP method/,
    ],
    ['missing.json', /missing\.json: no such file/],
  ])('%s', async (fixture, message) => {
    const error = await readPactFile(join('test/contracts/fixtures/bad-input', fixture)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
  });
});

describe('pwpkit pact-check (CLI)', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pwpkit-pact-check-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const o = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
    const e = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    try {
      const code = await main(args);
      return { code, stdout, stderr };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('exits 0 on clean pacts, reading the specs from package.json#/pwpkit by default', async () => {
    const r = await run(['pact-check', join(FIXTURES, 'clean-v3.json'), join(FIXTURES, 'clean-v4.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'pay-with-points (spec/pay-with-points.swagger.yaml), rewards-apac (spec/rewards-apac.swagger.yaml)',
    );
    expect(r.stdout).toMatch(/pact-check: 2 files, 4 interactions \(1 skipped\): 0 errors, 0 warnings/);
  });

  it('exits 1 on a breach and writes --json and --junit reports', async () => {
    out = join(dir, 'report');
    const r = await run([
      'pact-check',
      join(FIXTURES, 'error-code-not-documented.json'),
      '--json',
      `${out}.json`,
      '--junit',
      `${out}.xml`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error-code/error-code-not-documented at /interactions/0/response/body/content/code');
    const json = JSON.parse(await readFile(`${out}.json`, 'utf8'));
    expect(json.summary).toEqual({ files: 1, interactions: 1, skipped: 0, errors: 1, warnings: 0 });
    expect(json.findings[0]).toMatchObject({
      interaction: 'a balance request for a blocked card',
      rule: 'error-code',
      code: 'error-code-not-documented',
      operation: { api: 'pay-with-points', name: 'retrieveRewardsBalance' },
    });
    const xml = await readFile(`${out}.xml`, 'utf8');
    expect(xml).toContain('<testsuites name="pwpkit pact-check" tests="1" failures="1" skipped="0">');
    expect(xml).toContain('error-code-not-documented: error code &quot;cardBlocked&quot; is not documented');
  });

  it('exits 0 with warnings only, and --json - prints JSON instead of text', async () => {
    const r = await run(['pact-check', '--spec', SHOP, '--json', '-', '--', join(FIXTURES, 'shop-clean.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tool).toBe('pwpkit pact-check');
  });

  it('takes pacts through --pacts as pact-verify does', async () => {
    const r = await run(['pact-check', '--pacts', `${FIXTURES}/clean-v4.json`]);
    expect(r.code).toBe(0);
    const none = await run(['pact-check']);
    expect(none.code).toBe(2);
  });

  it('expands a folder into its *.json pacts', async () => {
    const r = await run(['pact-check', FIXTURES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/pact-check: 24 files/);
  });

  it('exits 2 naming the file and the problem on a bad pact, a missing file or a bad spec', async () => {
    const bad = await run(['pact-check', 'test/contracts/fixtures/bad-input/interaction-without-method.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'interaction-without-method.json: /interactions/0/request/method: expected an HTTP method',
    );
    expect((await run(['pact-check', 'nope.json'])).stderr).toContain('nope.json: no such file or folder');
    const spec = await run(['pact-check', '--spec', 'spec/nope.yaml', '--', join(FIXTURES, 'clean-v2.json')]);
    expect(spec).toMatchObject({ code: 2, stderr: expect.stringContaining('spec/nope.yaml: no such file') });
  });

  it('writes readable text and one JUnit case per interaction', async () => {
    const report = await runPactCheck({
      pacts: [join(FIXTURES, 'clean-v4.json'), join(FIXTURES, 'error-type-mismatch.json')],
      specs: SPECS,
    });
    const text = pactCheckText(report);
    expect(text).toContain('✓ 2 interactions agree with the specs');
    expect(text).toContain(
      '✗ "a balance request for an inactive link typed error"  ' +
        'GET /api/v1/apac/rewards/9035268/pointBalance → 400  [pay-with-points retrieveRewardsBalance]',
    );
    expect(pactCheckJUnit(report)).toMatch(/tests="4" failures="1" skipped="1"/);
  });
});
