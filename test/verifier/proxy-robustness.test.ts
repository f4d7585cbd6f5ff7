import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type ProxyOptions, type RunningProxy } from '../../verifier/proxy/server.ts';
import { startProvider } from './broken-providers.ts';
import { projectApis, ROOT, SPECS } from './specs.ts';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const KiB = 1024;
const MiB = 1024 * KiB;
const BALANCE = '/api/v1/apac/rewards/1234567/pointBalance';
const ENROL = '/api/v1/apac/rewards/linkage';
/** Every header the spec requires of a balance request: the request itself conforms. */
const conforming = () => ({
  authorization: 'Bearer sandbox-static-token',
  client_id: 'sandbox-client',
  accept: 'application/json',
  uuid: randomUUID(),
});

/** A hand-written target; `handler` decides what it does with each request. */
async function startTarget(handler: http.RequestListener): Promise<{ url: string; seen: http.IncomingMessage[] }> {
  const seen: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function proxyTo(target: string, options: Partial<ProxyOptions> = {}): Promise<RunningProxy> {
  const proxy = await startProxy({ target, set: await projectApis(), ...options });
  cleanup.push(() => proxy.close(0));
  return proxy;
}

/** Resolves when `check` holds (polled); the test's own timeout is the limit. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

interface Answer {
  status?: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  error?: string;
}

/** One request through node:http (no retries, no pooling); the body may be a stream. */
function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | Readable;
    onRequest?: (req: http.ClientRequest) => void;
  } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e: NodeJS.ErrnoException) =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            error: e.code ?? e.message,
          }),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ headers: {}, body: '', error: e.code ?? e.message }));
    options.onRequest?.(req);
    if (options.body instanceof Readable) options.body.pipe(req);
    else req.end(options.body);
  });
}

/**
 * Writes `text` on a raw socket (optionally half-closing after it) and returns everything read until the proxy
 * closes.
 */
function raw(url: string, text: string, halfClose = false): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(text);
      if (halfClose) socket.end();
    });
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

/** `size` bytes of generated data, made chunk by chunk as the consumer reads (never one buffer). */
function generated(size: number, fill = 0x20): Readable {
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(64 * KiB, left);
      left -= n;
      this.push(Buffer.alloc(n, fill));
    },
  });
}

describe('proxy: shutdown, clients that leave, targets that do not answer (issue 12 item 11)', () => {
  it('close() lets an exchange in flight finish, and reports it', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const target = await startTarget((_req, res) => {
      void released.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ availablePointBalance: 10000 }));
      });
    });
    const proxy = await proxyTo(target.url);
    const answer = request(`${proxy.url}${BALANCE}`, { headers: conforming() });
    await until(() => target.seen.length === 1);
    const closing = proxy.close(); // the default grace
    await until(() => proxy.inFlight === 1);
    await new Promise((r) => setTimeout(r, 2500)); // longer than the 2 s the proxy used to wait
    release();
    expect(await answer).toMatchObject({ status: 200, body: '{"availablePointBalance":10000}' });
    const results = await closing;
    expect(results.map((r) => r.title)).toEqual([`GET ${BALANCE} → 200`]);
  }, 60_000);

  it('close() past its grace cuts what is left: the client gets a 503 and the exchange is still reported', async () => {
    const target = await startTarget(() => undefined); // never answers
    const proxy = await proxyTo(target.url);
    const broken = request(`${proxy.url}${BALANCE}`, { headers: { ...conforming(), uuid: 'not-a-uuid' } });
    const fine = request(`${proxy.url}${BALANCE}`, { headers: conforming() });
    await until(() => target.seen.length === 2);
    const results = await proxy.close(200);
    for (const answer of [await broken, await fine]) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({
        type: 'fatal',
        details: expect.stringContaining('stopped before the target answered'),
      });
    }
    expect(results).toHaveLength(2);
    const [withFindings, clean] = [
      results.find((r) => r.findings.length > 0),
      results.find((r) => r.findings.length === 0),
    ];
    // the request is judged; the answer that never came is not held against the target
    expect(withFindings?.findings.map((f) => f.check)).toEqual(['request-headers']);
    expect(clean?.skipped).toMatch(/the proxy was stopped before the target answered/);
  }, 60_000);

  it('a client that leaves (mid-upload, or with a reset) cancels its request to the target, ' +
    'and the exchange is reported', async () => {
    const target = await startTarget(() => undefined); // never answers
    const proxy = await proxyTo(target.url);
    const head = (extra: string) =>
      `POST ${ENROL} HTTP/1.1\r\nHost: x\r\n${Object.entries(conforming())
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\ncontent-type: application/json\r\n${extra}\r\n`;
    const { port } = new URL(proxy.url);
    const leave = async (request: string, how: 'end' | 'reset') => {
      const seen = target.seen.length;
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
      socket.on('error', () => undefined);
      await until(() => target.seen.length === seen + 1); // forwarded as it came in
      const upstreamClosed = new Promise<void>((resolve) => target.seen[seen].socket.once('close', () => resolve()));
      if (how === 'end') socket.end();
      else socket.resetAndDestroy();
      await upstreamClosed; // the proxy dropped its request to the target
    };
    await leave(`${head('content-length: 1000\r\n')}{"lastFour`, 'end'); // half a body, then gone
    const body = JSON.stringify({
      lastFourDigitsCardNumber: '7411',
      citiCardHolderPhoneNumber: '2608191234',
      merchantCustomerReferenceId: 'M-1',
    });
    await leave(`${head(`content-length: ${body.length}\r\n`)}${body}`, 'reset'); // a whole request, then a reset
    await until(() => proxy.results.length === 2);
    for (const result of proxy.results)
      expect(result).toMatchObject({
        findings: [],
        skipped: expect.stringContaining('the client left before the answer'),
      });
    expect(proxy.inFlight).toBe(0);
  }, 60_000);

  it('a target that does not answer in time: the client gets a 504 and the exchange a finding ' +
    '(--upstream-timeout)', async () => {
    const silent = await startTarget(() => undefined);
    const proxy = await proxyTo(silent.url, { upstreamTimeoutMs: 300 });
    const answer = await request(`${proxy.url}${BALANCE}`, { headers: conforming() });
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body)).toMatchObject({
      type: 'fatal',
      code: 'serverUnavailable',
      details: expect.stringContaining('did not answer within 300 ms'),
    });
    await until(() => proxy.results.length === 1);
    expect(proxy.results[0].findings).toEqual([
      {
        code: 'not-answered',
        severity: 'error',
        check: 'answered',
        message: 'no answer: the target did not answer within 300 ms (--upstream-timeout)',
      },
    ]);

    // a target that trickles its answer a byte at a time is cut at the same deadline, not kept alive by each byte
    const trickle = await startTarget((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const proxy2 = await proxyTo(trickle.url, { upstreamTimeoutMs: 500 });
    const cut = await request(`${proxy2.url}${BALANCE}`, { headers: conforming() });
    expect(cut.status).toBe(200);
    expect(cut.error).toBeDefined(); // the answer was cut mid-body
    await until(() => proxy2.results.length === 1);
    expect(proxy2.results[0].findings).toEqual([
      {
        code: 'not-answered',
        severity: 'error',
        check: 'answered',
        message: "no answer: the target's answer did not complete within 500 ms (--upstream-timeout)",
      },
    ]);
  }, 60_000);
});

describe('proxy: request lines it cannot forward, clients that half-close (issue 12 item 12)', () => {
  it('OPTIONS *, an absolute-form and a CONNECT request line get a 400 answer; the proxy keeps serving', async () => {
    const target = await startTarget((_req, res) => res.end('{}'));
    const proxy = await proxyTo(target.url);
    for (const line of [
      'OPTIONS * HTTP/1.1',
      'GET http://example.test/api/v1/apac/rewards/1234567/pointBalance HTTP/1.1',
      'CONNECT example.test:443 HTTP/1.1',
    ]) {
      const answer = await raw(
        proxy.url,
        `${line}\r\nHost: example.test\r\nAuthorization: Bearer sandbox-static-token\r\nConnection: close\r\n\r\n`,
      );
      expect(answer, line).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer, line).toContain('"code":"invalidRequest"');
    }
    expect(target.seen).toHaveLength(0); // nothing was forwarded
    expect((await request(`${proxy.url}${BALANCE}`, { headers: conforming() })).status).toBe(200);
    const results = await proxy.close();
    expect(results.map((r) => `${r.suite}: ${r.findings.map((f) => f.check).join(',')}`)).toEqual([
      'not a path: request-path',
      'not a path: request-path',
      'not a path: request-path',
      expect.stringMatching(/^retrieveRewardsBalance/),
    ]);
    expect(JSON.stringify(results)).not.toContain('sandbox-static-token');
  }, 60_000);

  it('a client that half-closes its socket after a complete request still gets the answer', async () => {
    const target = await startTarget((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ availablePointBalance: 10000, method: req.method }));
        }, 100),
      );
    });
    const proxy = await proxyTo(target.url);
    const headers = Object.entries(conforming())
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    for (let i = 0; i < 3; i++) {
      const get = await raw(proxy.url, `GET ${BALANCE} HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\n`, true);
      expect(get).toMatch(/^HTTP\/1\.1 200 /);
      expect(get).toContain('{"availablePointBalance":10000,"method":"GET"}');
      const body = JSON.stringify({ lastFourDigitsCardNumber: '7411' });
      const post = await raw(
        proxy.url,
        `POST ${ENROL} HTTP/1.1\r\n` +
          'Host: x\r\n' +
          `${headers}\r\n` +
          'content-type: application/json\r\n' +
          `content-length: ${body.length}\r\n\r\n${body}`,
        true,
      );
      expect(post).toMatch(/^HTTP\/1\.1 200 /);
      expect(post).toContain('"method":"POST"');
    }
  }, 60_000);
});

describe('proxy: bodies are streamed, a bounded prefix is judged (issue 12 item 13)', () => {
  it('a 2 MiB upload that the mock refuses early is relayed as its 400 while the upload is still going, ' +
    'not a 502', async () => {
    const provider = await startProvider();
    cleanup.push(() => provider.close());
    const proxy = await proxyTo(provider.url);
    const { port } = new URL(proxy.url);
    // A client that reads while it writes: the mock's 400 comes back while 2 MiB are still to send.
    const head = `POST ${ENROL} HTTP/1.1\r\nHost: x\r\n${Object.entries(conforming())
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\ncontent-type: application/json\r\ncontent-length: ${2 * MiB}\r\n\r\n`;
    const early = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(head + ' '.repeat(64 * KiB + 1)));
      let data = '';
      socket.on('data', (c: Buffer) => {
        data += c.toString('utf8');
        if (!/\r\n\r\n\{.*\}$/s.test(data)) return;
        socket.end(Buffer.alloc(2 * MiB - 64 * KiB - 1, 0x20)); // the rest, after the answer
        resolve(data);
      });
      socket.on('error', reject);
    });
    expect(early).toMatch(/^HTTP\/1\.1 400 /);
    expect(early).toContain('"code":"invalidRequest"');
    // and clients that write the whole body before they read
    for (let round = 0; round < 3; round++) {
      const body = Buffer.alloc(2 * MiB, 0x20);
      const answer = await request(`${proxy.url}${ENROL}`, {
        method: 'POST',
        headers: { ...conforming(), 'content-type': 'application/json', 'content-length': String(body.length) },
        body,
      });
      expect(answer.status, `round ${round}: ${answer.body}${answer.error ?? ''}`).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ type: 'invalid', code: 'invalidRequest', location: 'body' });
    }
    await until(() => proxy.results.length === 4);
    expect(proxy.results.flatMap((r) => r.findings).some((f) => /EPIPE|ECONNRESET|no answer/.test(f.message))).toBe(
      false,
    );
  }, 60_000);

  it('a body over --max-body is forwarded whole and judged as one finding each way, not a crash', async () => {
    const big = JSON.stringify({ availablePointBalance: 1, padding: 'x'.repeat(MiB) });
    const target = await startTarget((req, res) => {
      let received = 0;
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-received': String(received) });
        res.end(big);
      });
    });
    const proxy = await proxyTo(target.url, { maxBodyBytes: 64 * KiB });
    const upload = JSON.stringify({
      lastFourDigitsCardNumber: '7411',
      citiCardHolderPhoneNumber: '2608191234',
      merchantCustomerReferenceId: 'y'.repeat(MiB),
    });
    const answer = await request(`${proxy.url}${ENROL}`, {
      method: 'POST',
      headers: { ...conforming(), 'content-type': 'application/json' },
      body: Buffer.from(upload),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-received']).toBe(String(upload.length)); // the target got every byte
    expect(answer.body).toBe(big); // and so did the client
    await until(() => proxy.results.length === 1);
    const messages = proxy.results[0].findings.filter((f) => f.check === 'body-size').map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('request body is over 64 KiB'),
        expect.stringContaining('200 body is over 64 KiB'),
      ]),
    );
    expect(proxy.results[0].findings.map((f) => f.check)).not.toContain('request-body');
    expect(proxy.results[0].findings.map((f) => f.check)).not.toContain('response-schema');
  }, 60_000);

  it('memory stays bounded: 200 MB up and 200 MB down through the proxy process', async () => {
    if (!existsSync('/proc/self/status')) return; // RSS is read from /proc (Linux)
    const SIZE = 200 * MiB;
    const target = await startTarget((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(SIZE) });
        generated(SIZE, 0x31).pipe(res);
        return;
      }
      let received = 0;
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ received }));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-proxy-rss-'));
    const proxy = await runProxyCommand(target.url, ['--report', join(dir, 'report')]);
    const pid = proxy.child.pid!;
    expect((await request(`${proxy.url}${BALANCE}`, { headers: conforming() })).status).toBe(200); // warmed up
    const baseline = rssOf(pid);
    const peak = watchPeak(pid);

    const up = await request(`${proxy.url}${ENROL}`, {
      method: 'POST',
      headers: { ...conforming(), 'content-type': 'application/json' },
      body: generated(SIZE),
    });
    expect(up).toMatchObject({ status: 200, body: JSON.stringify({ received: SIZE }) });
    let downloaded = 0;
    const down = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(`${proxy.url}${BALANCE}`, { headers: conforming(), agent: false }, (res) => {
          res.on('data', (c: Buffer) => (downloaded += c.length));
          res.on('end', () => resolve(res.statusCode));
        })
        .on('error', reject);
    });
    expect(down).toBe(200);
    expect(downloaded).toBe(SIZE);
    const growth = peak.stop() - baseline;
    expect(growth, `RSS grew by ${Math.round(growth / MiB)} MiB`).toBeLessThan(100 * MiB);

    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(1); // the oversized bodies are findings
    const report = readFileSync(join(dir, 'report.txt'), 'utf8');
    expect(report).toContain('the request body is over 4 MiB');
    expect(report).toContain('the 200 body is over 4 MiB');
  }, 240_000);
});

describe('proxy command: shutdown (issue 12 item 11)', () => {
  it('SIGTERM waits for the exchange in flight, then reports it; a second signal cuts at once', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const target = await startTarget((req, res) => {
      if (req.headers['x-never']) return; // held until the proxy gives up on it
      void released.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ availablePointBalance: 10000 }));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-proxy-stop-'));

    // 1. one exchange in flight at SIGTERM: the proxy waits for it (grace 10 min) and reports it
    const first = await runProxyCommand(target.url, ['--report', join(dir, 'first'), '--grace', '10m']);
    const answer = request(`${first.url}${BALANCE}`, { headers: conforming() });
    await until(() => target.seen.length === 1);
    first.child.kill('SIGTERM');
    await until(() => first.output().includes('waiting up to 10 min for 1 exchange in flight'));
    release();
    expect((await answer).status).toBe(200);
    expect(await first.exited).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8'))).toMatchObject({
      summary: { total: 1, passed: 1 },
    });

    // 2. a target that never answers: a second SIGTERM cuts it; the client gets a 503, the report has the exchange
    const second = await runProxyCommand(target.url, ['--report', join(dir, 'second'), '--grace', '10m']);
    const held = request(`${second.url}${BALANCE}`, {
      headers: { ...conforming(), 'x-never': '1', uuid: 'not-a-uuid' },
    });
    await until(() => target.seen.length === 2);
    second.child.kill('SIGTERM');
    await until(() => second.output().includes('waiting up to'));
    second.child.kill('SIGTERM');
    expect((await held).status).toBe(503);
    expect(await second.exited).toBe(1);
    const text = readFileSync(join(dir, 'second.txt'), 'utf8');
    expect(text).toContain('header "uuid" ("not-a-uuid") must match format "uuid"');
    expect(text).not.toContain('no requests went through');
  }, 120_000);
});

/** `pwpkit proxy` as a process (the installed entry point), quiet, on a free port. */
async function runProxyCommand(
  target: string,
  extra: string[],
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/pwpkit.js'),
      'proxy',
      '--provider-url',
      target,
      '--port',
      '0',
      '--quiet',
      '--spec',
      ...SPECS,
      ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}${stdout}`)));
  });
  return { child, url, exited, output: () => stdout };
}

function rssOf(pid: number, field = 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** The highest RSS of `pid` from now on: the kernel's high-water mark, reset first where allowed, and samples. */
function watchPeak(pid: number): { stop(): number } {
  let reset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    reset = true;
  } catch {
    /* not allowed here: sampling alone */
  }
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid), reset ? rssOf(pid, 'VmHWM') : 0);
    },
  };
}
