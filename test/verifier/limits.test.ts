/**
 * Issue 12, verify items 7, 8 and 10: verify against hostile providers (tiny node:http servers on
 * real sockets). Deadlines are set small and the outcome is asserted, never a duration.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { startProvider } from './broken-providers.ts';
import { runCli } from './cli-process.ts';
import { SPECS } from './specs.ts';

let out = '';
let err = '';
const cleanup: Array<() => Promise<unknown>> = [];
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanup.splice(0).reverse()) await c();
});

const verify = (...args: string[]) => main(['verify', '--spec', ...SPECS, ...args]);
const files = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwpkit-limits-'));
  return { json: join(dir, 'verify.json'), junit: join(dir, 'verify.xml') };
};
/** What verify printed on stderr besides its progress lines (`verify: …`). */
const messages = () => err.split('\n').filter((l) => l !== '' && !l.startsWith('verify: '));

/**
 * A provider that answers verify's reachability probe (`GET /api/`) at once and every other
 * request with `handle`. Trickling answers and timers end when the server closes.
 */
async function hostileProvider(
  handle: (req: IncomingMessage, res: ServerResponse, onClose: (stop: () => void) => void) => void,
): Promise<string> {
  const stops = new Set<() => void>();
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    req.resume();
    if (req.url === '/api/' || req.url === '/')
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"type":"invalid","code":"notFound"}');
    handle(req, res, (stop) => {
      stops.add(stop);
      res.on('close', () => {
        stops.delete(stop);
        stop();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    for (const stop of stops) stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** 200 with a JSON Content-Type, then one byte every 2 s, forever: never idle for long, never done. */
function trickle(_req: IncomingMessage, res: ServerResponse, onClose: (stop: () => void) => void): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), 2000);
  onClose(() => clearInterval(timer));
}

/** 200 with a JSON Content-Type and `bytes` of body, written as the client reads it (never buffered whole). */
function huge(bytes: number) {
  return (_req: IncomingMessage, res: ServerResponse, onClose: (stop: () => void) => void) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const head = '{"padding":"';
    let sent = head.length;
    let stopped = false;
    onClose(() => (stopped = true));
    const pump = () => {
      while (!stopped && sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      if (!stopped) res.end();
    };
    res.write(head);
    pump();
  };
}

describe('verify: deadlines (issue 12, item 7)', () => {
  it('cuts an exchange at its total deadline (--request-timeout) when the provider trickles a byte every 2 s, ' +
    'and reports it as a finding', async () => {
    const url = await hostileProvider(trickle);
    const reports = files();
    const code = await verify(
      '--provider-url',
      url,
      '--token',
      'a-token',
      '--only',
      'retrieveRewardsBalance',
      '--no-scenarios',
      '--request-timeout',
      '1s',
      '--json',
      reports.json,
    );
    expect(code).toBe(1);
    expect(out).toContain('no complete answer within 1 s (the per-request deadline)');
    const report = JSON.parse(readFileSync(reports.json, 'utf8')) as {
      summary: { failed: number };
      results: Array<{ findings: Array<{ check: string; message: string }> }>;
    };
    expect(report.summary.failed).toBeGreaterThan(0);
    expect(report.results.flatMap((r) => r.findings)).toContainEqual({
      code: 'not-answered',
      severity: 'error',
      check: 'answered',
      message: 'no answer: no complete answer within 1 s (the per-request deadline)',
    });
  }, 120_000);

  it('stops the whole run at --timeout: exit 2, one line, and the JSON and JUnit files say why', async () => {
    const url = await hostileProvider((_req, res, onClose) => onClose(() => res.destroy())); // never answers
    const reports = files();
    const code = await verify(
      '--provider-url',
      url,
      '--token',
      'a-token',
      '--request-timeout',
      '60s',
      '--timeout',
      '1s',
      '--json',
      reports.json,
      '--junit',
      reports.junit,
    );
    expect(code).toBe(2);
    expect(messages()).toEqual([
      expect.stringMatching(
        /^pwpkit: verify could not run: the run passed its 1 s deadline \(--timeout\): stopped after \d+ requests$/,
      ),
    ]);
    expect(out).toBe('');
    const report = JSON.parse(readFileSync(reports.json, 'utf8')) as {
      couldNotRun?: string;
      summary: { failed: number; skipped: number };
    };
    expect(report.couldNotRun).toMatch(/^the run passed its 1 s deadline \(--timeout\)/);
    expect(report.summary.failed).toBe(0); // what the deadline cut is not run, not a provider defect
    expect(report.summary.skipped).toBeGreaterThan(0);
    expect(readFileSync(reports.junit, 'utf8')).toMatch(
      new RegExp(
        /<testcase classname="[^"]*" name="could not run">\s*/.source +
          /<error message="the run passed its 1 s deadline \(--timeout\)/.source,
      ),
    );
  }, 120_000);

  it('refuses a deadline it cannot read', async () => {
    expect(await verify('--provider-url', 'http://127.0.0.1:9', '--timeout', 'soon')).toBe(2);
    expect(err).toContain(
      '--timeout: expected a duration such as 30 (seconds), 30s, 1500ms or 2m (0: none), got "soon"',
    );
    expect(await verify('--provider-url', 'http://127.0.0.1:9', '--request-timeout', '0')).toBe(2);
    expect(await verify('--provider-url', 'http://127.0.0.1:9', '--max-body', '-1')).toBe(2);
  }, 60_000);
});

describe('verify: the body cap (issue 12, item 8)', () => {
  it('reads at most --max-body of an answer and judges the rest as one finding; ' +
    'the JSON report is still written; exit 1', async () => {
    const url = await hostileProvider(huge(1024 * 1024));
    const reports = files();
    const code = await verify(
      '--provider-url',
      url,
      '--token',
      'a-token',
      '--only',
      'retrieveRewardsBalance',
      '--no-scenarios',
      '--max-body',
      '64kb',
      '--json',
      reports.json,
      '--junit',
      reports.junit,
    );
    expect(code).toBe(1);
    expect(out).toContain('- body-size: the 200 body is over 64 KiB (the --max-body cap): the rest was not read');
    const text = readFileSync(reports.json, 'utf8');
    const report = JSON.parse(text) as {
      results: Array<{ findings: Array<{ check: string }>; exchange?: { response?: { bodyText: string } } }>;
    };
    const over = report.results.filter((r) => r.findings.some((f) => f.check === 'body-size'));
    expect(over.length).toBeGreaterThan(0);
    // no schema finding on a body that was not read
    expect(over.flatMap((r) => r.findings.map((f) => f.check))).not.toContain('response-schema');
    // reports keep a bounded prefix of a body
    for (const r of over) expect(r.exchange!.response!.bodyText.length).toBeLessThanOrEqual(17 * 1024);
    expect(readFileSync(reports.junit, 'utf8')).toContain('body-size: the 200 body is over 64 KiB');
  }, 120_000);

  it('survives 50 MB answers in a small heap with the default cap: exit 1 (a provider defect), ' +
    'the JSON report written, no crash', async () => {
    const url = await hostileProvider(huge(50 * 1024 * 1024));
    const reports = files();
    const run = await runCli(
      [
        'verify',
        '--spec',
        ...SPECS,
        '--provider-url',
        url,
        '--token',
        'a-token',
        '--only',
        'retrieveRewardsBalance',
        'submitRedemptionRequest',
        '--no-scenarios',
        '--json',
        reports.json,
      ],
      { heapMb: 256 },
    );
    expect(run.stderr).not.toMatch(/heap|Invalid string length|internal error|\n\s+at /);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the 200 body is over 4 MiB (the --max-body cap)');
    const report = JSON.parse(readFileSync(reports.json, 'utf8')) as { summary: { failed: number } };
    expect(report.summary.failed).toBeGreaterThan(0);
  }, 180_000);
});

describe('verify: could not run (issue 12, item 10)', () => {
  it('a refused token (every call 401) is "could not run": exit 2, one line, ' +
    'the JSON and JUnit files say why', async () => {
    const provider = await startProvider();
    cleanup.push(() => provider.close());
    const reports = files();
    const code = await verify(
      '--provider-url',
      provider.url,
      '--token',
      'bogus-token-value',
      '--client-id',
      'sandbox-client',
      '--json',
      reports.json,
      '--junit',
      reports.junit,
    );
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(messages()).toEqual([
      expect.stringMatching(
        new RegExp(
          /^pwpkit: verify could not run: the provider refused the bearer token: /.source +
            /all \d+ requests that must succeed were answered 401 /.source +
            /\(check --token, or give --client-id\/--client-secret\)$/.source,
        ),
      ),
    ]);
    const json = readFileSync(reports.json, 'utf8');
    expect((JSON.parse(json) as { couldNotRun?: string }).couldNotRun).toMatch(
      /^the provider refused the bearer token/,
    );
    const junit = readFileSync(reports.junit, 'utf8');
    expect(junit).toMatch(/failures="0" errors="1"/);
    expect(junit).toContain('<error message="the provider refused the bearer token');
    for (const text of [out, err, json, junit]) expect(text).not.toContain('bogus-token-value');
  }, 120_000);

  it('writes the JSON and JUnit files with the reason when the provider is unreachable', async () => {
    const closed = await hostileProvider(() => undefined);
    await cleanup.pop()!(); // closed again: nothing listens there now
    const reports = files();
    expect(await verify('--provider-url', closed, '--json', reports.json, '--junit', reports.junit)).toBe(2);
    expect(messages()).toEqual([
      expect.stringMatching(/^pwpkit: the provider at http:\/\/127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED$/),
    ]);
    expect(JSON.parse(readFileSync(reports.json, 'utf8'))).toMatchObject({
      tool: 'pwpkit verify',
      couldNotRun: expect.stringMatching(/is unreachable: ECONNREFUSED/),
      results: [],
    });
    expect(readFileSync(reports.junit, 'utf8')).toMatch(
      /<error message="the provider at http:\/\/127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED">/,
    );
  }, 60_000);
});
