import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';
import { startProxy, type RunningProxy } from '../../verifier/proxy/server.ts';
import { CARD, send } from '../mock/support.ts';
import { projectApis } from '../verifier/specs.ts';
import { caseRng, CODE_BREAKERS, count, FUZZ_SEED, type Rng } from './prng.ts';

/**
 * Issue 12, fuzz: generated hostile requests at the mock and at the proxy (in front of the same
 * mock), over real sockets: random methods, request targets, HTTP versions, headers (missing,
 * duplicated, oversized, injected line breaks, odd encodings), bodies (bad JSON, huge, deep,
 * prototype pollution, wrong content types, broken chunking) and pipelining. Each request is
 * written whole, the socket half-closed, and everything read back until the server closes.
 * Asserts: no 5xx from the mock (no faults configured) or the proxy, only the documented
 * `500 fatal serverUnavailable` from a mock with faults (30 %, errors and delays), every well-formed request
 * answered, every connection closed within its deadline, both servers still answer a normal
 * request afterwards, and the process RSS grows by a bounded amount.
 * `FUZZ_SEED` / `FUZZ_SCALE` as in generate.test.ts.
 */

const MOCK_CASES = count(400);
const PROXY_CASES = count(300);
const FAULT_CASES = count(120);
const PARALLEL = 8;
/** Per connection; a normal exchange takes milliseconds. */
const DEADLINE_MS = 20_000;
const MAX_RSS_GROWTH = 150 * 1024 * 1024;

let mock: { url: string; close(): Promise<void> };
/** With faults: its documented 500 (fatal serverUnavailable) is the only 5xx allowed. */
let faulty: { url: string; close(): Promise<void> };
let proxy: RunningProxy;

beforeAll(async () => {
  mock = await startPayWithPointsSandbox({ port: 0 });
  proxy = await startProxy({ target: mock.url, set: await projectApis() });
  faulty = await startPayWithPointsSandbox({
    port: 0,
    faults: { rate: 0.3, kind: 'both', delayMs: 20, seed: FUZZ_SEED },
  });
}, 120_000);
afterAll(async () => {
  await proxy?.close(0);
  await mock?.close();
  await faulty?.close();
});

const TEMPLATES = [
  '/api/v1/apac/rewards/linkage',
  '/api/v1/apac/rewards/{p}',
  '/api/v1/apac/rewards/{p}/activations',
  '/api/v1/apac/rewards/{p}/pointBalance',
  '/api/v1/apac/rewards/{p}/redemption',
  '/api/v1/creditCards/rewards/pointBalance/search',
  '/api/v1/rewards/shopWithPoints/linkage',
  '/api/v1/rewards/{p}/shopWithPoints',
  '/api/v1/rewards/{p}/shopWithPoints/activations',
  '/api/v1/rewards/{p}/shopWithPoints/pointBalance',
  '/api/clientCredentials/oauth2/token/{p}/gcb',
  '/__admin/reset',
  '/__admin/state',
  '/',
  '/api',
  '/api/',
  '/api/v1/apac/rewards/linkage/',
  '//api/v1/apac/rewards/linkage',
  '/api/v1/apac/rewards/../rewards/linkage',
  '/api/v1/apac/rewards/%2e%2e/linkage',
];
const PARAMS = [
  '7411',
  '9035268',
  '1234567',
  'SG',
  '%ZZ',
  '%00',
  '%',
  '..',
  '%2F',
  '👾',
  'a'.repeat(2000),
  '"><script>',
  '${x}',
  '*/',
  'null',
  '-1',
  '1e999',
  '',
  ' ',
  '\t',
];
const ODD_TARGETS = [
  '*',
  'http://127.0.0.1/api/v1/apac/rewards/linkage',
  'https://evil.example/x',
  '127.0.0.1:80',
  'api/v1/apac/rewards/linkage',
  '/\u0000',
  `/${'x'.repeat(70_000)}`,
  '/api?' + 'a=1&'.repeat(5000),
];
const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'FOO',
  'get',
  'CONNECT',
  'PROPFIND',
  'M-SEARCH',
  'G\u00c9T',
];
const VERSIONS = [
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'http/1.1',
  'HTTP/1.1 extra',
  'HTTP/9.9',
  '',
];

interface RawRequest {
  bytes: Buffer;
  /** Framed and spelled as HTTP/1.x requires, so an answer is owed. */
  wellFormed: boolean;
  label: string[];
}

function jsonBody(rng: Rng): { text: Buffer; label: string } {
  const base: Record<string, unknown> = rng.pick([
    { ...CARD },
    { linkageConfirmationCode: '735937' },
    {
      transactionReferenceNumber: `T-${rng.int(1, 9)}`,
      redemptionOrder: { transactionAmount: 200.5, currencyCode: 'SGD' },
    },
    { cardIds: ['3255613852316f2b'] },
  ]);
  const op = rng.int(0, 9);
  switch (op) {
    case 0:
      return { text: Buffer.from(JSON.stringify(base)), label: 'valid JSON' };
    case 1: {
      const key = rng.pick(Object.keys(base));
      base[key] = rng.pick<unknown>([
        rng.pick(CODE_BREAKERS),
        null,
        42,
        -1e308,
        [],
        {},
        true,
        'x'.repeat(rng.int(100, 70_000)),
      ]);
      return { text: Buffer.from(JSON.stringify(base)), label: `JSON with ${key} swapped` };
    }
    case 2:
      return { text: Buffer.from(JSON.stringify(base).slice(0, rng.int(0, 20))), label: 'truncated JSON' };
    case 3:
      return {
        text: Buffer.from(
          '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"lastFourDigitsCardNumber":"7411"}',
        ),
        label: 'prototype pollution',
      };
    case 4: {
      const depth = rng.pick([100, 1000, 10_000]);
      return { text: Buffer.from('['.repeat(depth) + ']'.repeat(depth)), label: `JSON ${depth} deep` };
    }
    case 5:
      return { text: rng.bytes(rng.int(1, 2000)), label: 'random bytes' };
    case 6:
      return {
        text: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]),
        label: 'invalid UTF-8',
      };
    case 7:
      return { text: Buffer.from(`{"a":"${'x'.repeat(rng.pick([65_536, 300_000, 2_000_000]))}"}`), label: 'huge JSON' };
    case 8:
      return {
        text: Buffer.from(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`),
        label: 'wide JSON',
      };
    default:
      return { text: Buffer.from('grant_type=client_credentials&scope=/api&x=%ZZ'), label: 'form body' };
  }
}

/** Request `n` of a run: mostly a plausible request with a few things wrong, sometimes garbage. */
function makeRequest(rng: Rng): RawRequest {
  const label: string[] = [];
  let wellFormed = true;
  const method = rng.bool(0.7) ? rng.pick(['GET', 'POST', 'PUT', 'DELETE']) : rng.pick(METHODS);
  if (!/^[A-Z!#$%&'*+.^_`|~0-9-]+$/i.test(method) || method === 'CONNECT') wellFormed = false;
  let target = rng.bool(0.9) ? rng.pick(TEMPLATES).replace('{p}', () => rng.pick(PARAMS)) : rng.pick(ODD_TARGETS);
  if (rng.bool(0.15))
    target += `?${rng.pick(['a=1', 'x=%ZZ', '&&&', `q=${'y'.repeat(3000)}`, 'a=1&a=2&a=3', '%00=%00'])}`;
  if (
    /[\s\u0000]|[^\u0000-\u007f]/.test(target) ||
    target.length > 16_000 ||
    !(target.startsWith('/') || target === '*' || /^https?:/.test(target))
  )
    wellFormed = false;
  const version = rng.bool(0.9) ? 'HTTP/1.1' : rng.pick(VERSIONS);
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') wellFormed = false;
  label.push(`${method} ${target.slice(0, 60)} ${version}`);

  const headers: Array<[string, string]> = [
    ['Host', '127.0.0.1'],
    ['Authorization', 'Bearer sandbox-static-token'],
    ['client_id', 'sandbox-client'],
    ['uuid', randomUUID()],
    ['Accept', 'application/json'],
  ];
  for (let i = rng.int(0, 3); i > 0; i--) {
    const op = rng.int(0, 14);
    const h = rng.int(0, headers.length - 1);
    if (op === 0) headers.splice(h, 1), label.push('a header dropped');
    else if (op === 1)
      (headers[h] = [
        headers[h][0],
        rng.pick([
          '',
          ' ',
          'Bearer',
          'Basic !!!',
          'Bearer other-static-token',
          `Bearer ${'t'.repeat(10_000)}`,
          'application/xml',
          'text/html;q=0.1, */*;q=0',
          rng.pick(CODE_BREAKERS).replace(/[\r\n\u0000]/g, ''),
        ]),
      ]),
        label.push(`${headers[h][0]} changed`);
    else if (op === 2) headers.push([headers[h][0], headers[h][1]]), label.push(`${headers[h][0]} twice`);
    else if (op === 3)
      headers.push(['X-Big', 'b'.repeat(rng.pick([8_000, 20_000, 70_000]))]), label.push('a big header');
    else if (op === 4) for (let k = 0; k < 300; k++) headers.push([`X-H${k}`, 'v']);
    else if (op === 5)
      headers.push(['X-Injected', 'a\r\nSet-Cookie: injected=1']), label.push('header injection (CRLF)');
    else if (op === 6)
      headers.push(['X-Bare', 'a\nX-Second: 1']), (wellFormed = false), label.push('bare LF in a header');
    else if (op === 7) headers.push(['X-Nul', 'a\u0000b']), (wellFormed = false), label.push('NUL in a header');
    else if (op === 8) headers.push(['X-Fold', 'a\r\n  folded']), (wellFormed = false), label.push('obs-fold');
    else if (op === 9) headers.push(['Bad Name', 'x']), (wellFormed = false), label.push('space in a header name');
    else if (op === 10) headers.push(['Expect', '100-continue']), label.push('Expect: 100-continue');
    else if (op === 11) headers.push(['Connection', 'Upgrade'], ['Upgrade', 'websocket']), label.push('Upgrade');
    else if (op === 12)
      headers.push(['Accept-Language', rng.pick(['zz', '*', 'en-US,en;q=0.9', 'x'.repeat(500)])]),
        label.push('Accept-Language');
    else if (op === 13)
      headers.push(['Content-Encoding', rng.pick(['gzip', 'br', 'deflate', 'bogus'])]), label.push('Content-Encoding');
    else headers.push(['Accept-Charset', 'utf-16']);
  }
  // The injected line splits a header: fine if refused.
  if (headers.some(([, v]) => v.includes('\r\n'))) wellFormed = false;

  let body: Buffer = Buffer.alloc(0);
  const hasBody = method !== 'GET' && method !== 'HEAD' ? rng.bool(0.85) : rng.bool(0.1);
  if (hasBody) {
    const b = jsonBody(rng);
    body = b.text;
    label.push(b.label);
    headers.push([
      'Content-Type',
      rng.bool(0.8)
        ? 'application/json'
        : rng.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-16',
            'application/json; charset="bogus"',
            'application/xml',
            '',
            'application/json, text/plain',
            '*/*',
          ]),
    ]);
  }
  const framing = rng.int(0, 9);
  let payload = body;
  if (!hasBody) {
    if (rng.bool(0.1)) headers.push(['Content-Length', '0']);
  } else if (framing <= 6) headers.push(['Content-Length', String(body.length)]);
  else if (framing === 7) {
    headers.push(['Transfer-Encoding', 'chunked']);
    const pieces: Buffer[] = [];
    for (let at = 0; at < body.length; at += 4096) {
      const piece = body.subarray(at, at + 4096);
      pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    payload = Buffer.concat([...pieces, Buffer.from('0\r\n\r\n')]);
    label.push('chunked');
  } else if (framing === 8) {
    headers.push(['Content-Length', String(body.length)], ['Content-Length', String(body.length + 5)]);
    wellFormed = false;
    label.push('two Content-Lengths');
  } else {
    headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(body.length)]);
    payload = Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]);
    wellFormed = false;
    label.push('bad chunks + Content-Length');
  }
  const head =
    `${method} ${target} ${version}`.trim() + '\r\n' + headers.map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n';
  // Header bytes over 16 KiB: node answers 431 (an answer, not a crash) — still owed an answer.
  let bytes: Buffer = Buffer.concat([Buffer.from(head, 'utf8'), payload]);
  if (rng.bool(0.05)) {
    bytes = Buffer.concat([bytes, bytes]);
    label.push('pipelined twice');
  }
  if (rng.bool(0.03)) {
    bytes = rng.bytes(rng.int(1, 3000));
    wellFormed = false;
    label.splice(0, label.length, 'random bytes');
  }
  return { bytes, wellFormed, label };
}

interface Exchange {
  statuses: number[];
  text: string;
  closed: boolean;
  error?: string;
}

/** Writes the request, half-closes, reads until the server closes (or the deadline). */
function exchange(url: string, bytes: Buffer): Promise<Exchange> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    let size = 0;
    let error: string | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ statuses, text, closed, error });
    };
    const timer = setTimeout(() => finish(false), DEADLINE_MS);
    socket.on('data', (c: Buffer) => {
      if (size < 1 << 20) chunks.push(c);
      size += c.length;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => finish(true));
    socket.on('connect', () => socket.end(bytes));
  });
}

/** The one 5xx the mock documents: a fault's 500 fatal serverUnavailable ErrorResponse. */
const DOCUMENTED_FAULT = /^HTTP\/1\.1 500 [^\r]*\r\n(?:[^\r]+\r\n)*\r\n\{"type":"fatal","code":"serverUnavailable"/;

async function runBatch(
  name: 'mock' | 'proxy' | 'faults',
  url: string,
  cases: number,
): Promise<{ failures: string[]; answered: number; statuses: Map<number, number> }> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let answered = 0;
  for (let start = 0; start < cases; start += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, cases - start) }, (_, i) => start + i);
    await Promise.all(
      batch.map(async (n) => {
        const request = makeRequest(caseRng(`http-${name}`, n));
        const got = await exchange(url, request.bytes);
        const problems: string[] = [];
        for (const s of got.statuses) statuses.set(s, (statuses.get(s) ?? 0) + 1);
        if (got.statuses.length > 0) answered++;
        if (!got.closed)
          problems.push(
            `the connection was still open after ${DEADLINE_MS} ms (answers: ${got.statuses.join(', ') || 'none'})`,
          );
        const fivexx = got.statuses.filter((s) => s >= 500);
        if (name === 'faults' && fivexx.length === 1 && got.statuses.length === 1 && DOCUMENTED_FAULT.test(got.text))
          fivexx.length = 0;
        if (fivexx.length > 0) problems.push(`answered ${fivexx.join(', ')}: ${got.text.slice(0, 400)}`);
        if (request.wellFormed && got.statuses.length === 0)
          problems.push(`a well-formed request got no answer (${got.error ?? 'closed'}): ${got.text.slice(0, 200)}`);
        if (/\r\nSet-Cookie: injected/i.test(got.text)) problems.push('an injected header came back in the answer');
        if (problems.length > 0)
          failures.push(`${name} request ${n} [${request.label.join('; ')}]:\n    ${problems.join('\n    ')}`);
      }),
    );
  }
  return { failures, answered, statuses };
}

/** A normal request still gets its normal answer: enrolment answers 200 with a rewardLinkCode. */
async function stillAnswers(url: string): Promise<void> {
  const enrol = await send(url, 'POST', '/api/v1/apac/rewards/linkage', { body: CARD });
  expect(enrol.status, enrol.text).toBe(200);
  expect(enrol.body.rewardLinkCode).toMatch(/\S/);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

describe(`fuzz: hostile requests at the mock and the proxy (seed ${FUZZ_SEED})`, () => {
  it(`${MOCK_CASES} requests at the mock, ${PROXY_CASES} through the proxy in front of it, ` +
    `${FAULT_CASES} at a mock with faults: no 5xx but the documented fault, no hang, ` +
    'an answer to every well-formed request, both still answer; bounded RSS', async () => {
    await stillAnswers(mock.url);
    await stillAnswers(proxy.url);
    const before = process.memoryUsage().rss;

    const atMock = await runBatch('mock', mock.url, MOCK_CASES);
    await stillAnswers(mock.url);
    const atProxy = await runBatch('proxy', proxy.url, PROXY_CASES);
    await stillAnswers(proxy.url);
    await stillAnswers(mock.url);
    const atFaults = await runBatch('faults', faulty.url, FAULT_CASES);

    // Every exchange the proxy took is judged and recorded, none left in flight.
    for (let i = 0; i < 500 && proxy.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(proxy.inFlight).toBe(0);

    (globalThis as { gc?: () => void }).gc?.();
    const growth = process.memoryUsage().rss - before;
    const show = (m: Map<number, number>) =>
      [...m]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
    console.info(
      `fuzz http: mock ${atMock.answered}/${MOCK_CASES} answered (${show(atMock.statuses)}); ` +
        `proxy ${atProxy.answered}/${PROXY_CASES} answered (${show(atProxy.statuses)}); ` +
        `faults ${atFaults.answered}/${FAULT_CASES} answered (${show(atFaults.statuses)}); ` +
        `${proxy.results.length} proxy results; RSS ${mb(before)} → ${mb(before + growth)}`,
    );
    const failures = [...atMock.failures, ...atProxy.failures, ...atFaults.failures];
    expect(failures, failures.join('\n')).toEqual([]);
    expect(growth, `RSS grew by ${mb(growth)}`).toBeLessThan(MAX_RSS_GROWTH);
  }, 300_000);
});
