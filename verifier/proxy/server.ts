import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import type { ApiSet } from '../api-set.ts';
import { DEFAULT_MAX_BODY_BYTES, formatBytes, formatDuration, parseBody } from '../http/send.ts';
import { maskResult } from '../mask.ts';
import type { CaseResult, Exchange, Finding, HttpRequest, HttpResponse } from '../types.ts';
import { DEFAULT_PASSTHROUGH, inspectExchange } from './inspect.ts';

export interface ProxyOptions {
  /** Where requests go: `http://host:port` (a path prefix is kept). */
  target: string;
  set: ApiSet;
  port?: number;
  host?: string;
  passthrough?: readonly RegExp[];
  /** Called once per exchange, after it was judged. */
  onResult?: (result: CaseResult) => void;
  /**
   * Of each request and answer body, at most this many bytes are kept for judging (default
   * `PROXY_MAX_BODY_BYTES`). Bodies are always forwarded whole, as a stream; a longer one is
   * a finding instead of a schema check.
   */
  maxBodyBytes?: number;
  /**
   * The target has this long (default `PROXY_UPSTREAM_TIMEOUT_MS`) to send its whole answer once
   * it has the whole request (time spent waiting on a slow client is not counted), and may not
   * stop reading a request for longer. Past it the client gets a 504 and the exchange a finding.
   */
  upstreamTimeoutMs?: number;
}

export interface RunningProxy {
  url: string;
  readonly results: readonly CaseResult[];
  /** Exchanges forwarded and not yet judged. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets exchanges in flight finish for up to `graceMs` (default
   * `PROXY_GRACE_MS`), then cuts the rest (a client with no answer yet gets a 503) and records
   * them too; returns every result. A second call with a shorter grace cuts sooner.
   */
  close(graceMs?: number): Promise<CaseResult[]>;
}

/** The same cap verify reads answers with. */
export const PROXY_MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;
export const PROXY_UPSTREAM_TIMEOUT_MS = 30_000;
export const PROXY_GRACE_MS = 10_000;

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

/** One exchange being forwarded: `done` settles once it is judged and recorded; `cut` ends it now. */
interface Live {
  done: Promise<void>;
  cut(reason: string): void;
}

/**
 * `pwpkit proxy`: a validation proxy between any client and any provider. Bytes go through
 * unchanged and streamed both ways (node:http on both sides, backpressure kept), so a body of any
 * size costs a bounded amount of memory; a copy of at most `maxBodyBytes` of each body is kept
 * and judged against the spec once the exchange is over, so judging never delays the client.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(options.target);
  const prefix = target.pathname.replace(/\/+$/, '');
  const lib = target.protocol === 'https:' ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: 64 });
  const maxBody = options.maxBodyBytes ?? PROXY_MAX_BODY_BYTES;
  const timeoutMs = options.upstreamTimeoutMs ?? PROXY_UPSTREAM_TIMEOUT_MS;
  const results: CaseResult[] = [];
  const live = new Set<Live>();

  const record = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  const server = http.createServer((req, res) => {
    let exchange: Live;
    try {
      exchange = forward(req, res);
    } catch (error) {
      // Never a request without an answer: whatever went wrong, the client hears of it.
      exchange = { done: Promise.resolve(), cut: () => undefined };
      answerJson(res, 502, {
        type: 'fatal',
        code: 'serverUnavailable',
        details: `pwpkit proxy: the request could not be forwarded (${(error as Error).message})`,
      });
    }
    live.add(exchange);
    void exchange.done.finally(() => live.delete(exchange));
  });
  // CONNECT (authority-form): not something to forward to a path either.
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    const text = JSON.stringify({
      type: 'invalid',
      code: 'invalidRequest',
      details: 'pwpkit proxy: CONNECT is not forwarded; send requests with a path',
    });
    socket.on('error', () => undefined);
    socket.end(
      'HTTP/1.1 400 Bad Request\r\n' +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        `Connection: close\r\n\r\n${text}`,
    );
    record(refusedResult(req.method ?? 'CONNECT', req.url ?? '', recordedHeadersOf(req), 0));
  });
  // A client may half-close its socket once its request is sent: it still gets the answer
  // (node:http would otherwise end the connection at the client's FIN, before the target answered).
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;

  function forward(req: http.IncomingMessage, res: http.ServerResponse): Live {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const recordedHeaders = recordedHeadersOf(req);

    if (!path.startsWith('/')) return refuseTarget(req, res, method, path, recordedHeaders, started);

    const url = `${target.origin}${prefix}${path}`;
    const request: HttpRequest = { method, url, path, headers: recordedHeaders };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers.host = target.host;

    const requestBody = new Prefix(maxBody);
    const answerBody = new Prefix(maxBody);
    let answer: http.IncomingMessage | undefined;
    let answerEnded = false;
    let forwarding = true; // request bytes still go to the target
    let outcome: { error?: string; unjudged?: string } | undefined;
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));

    // The target's clock: `timeoutMs` for the whole answer once it has the request (or once it
    // started answering), paused while the client is slow to read; a stalled upload has as long.
    let deadline: NodeJS.Timeout | undefined;
    let remaining = timeoutMs;
    let deadlineAt = 0;
    let stall: NodeJS.Timeout | undefined;
    const runClock = () => {
      if (deadline || outcome) return;
      deadlineAt = performance.now() + remaining;
      deadline = setTimeout(
        () =>
          timedOut(
            answer
              ? `the target's answer did not complete within ${formatDuration(timeoutMs)} (--upstream-timeout)`
              : `the target did not answer within ${formatDuration(timeoutMs)} (--upstream-timeout)`,
          ),
        remaining,
      );
    };
    const holdClock = () => {
      if (!deadline) return;
      clearTimeout(deadline);
      deadline = undefined;
      remaining = Math.max(0, deadlineAt - performance.now());
    };

    let upstream: http.ClientRequest;
    try {
      // The path goes out as the client sent it (a URL would resolve `..` and re-encode it).
      upstream = lib.request({
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: `${prefix}${path}`,
        method,
        headers,
        agent,
      });
    } catch (error) {
      const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const reason = `the request cannot be forwarded (${cause})`;
      req.resume();
      answerJson(res, 400, { type: 'invalid', code: 'invalidRequest', details: `pwpkit proxy: ${reason}` });
      record(
        inspectExchange(
          options.set,
          { request, error: reason, ms: performance.now() - started },
          '',
          options.passthrough ?? DEFAULT_PASSTHROUGH,
        ),
      );
      return { done: Promise.resolve(), cut: () => undefined };
    }
    let connecting: NodeJS.Timeout | undefined;
    upstream.on('socket', (socket) => {
      if (!socket.connecting) return;
      connecting = setTimeout(
        () => timedOut(`could not connect to the target within ${formatDuration(timeoutMs)} (--upstream-timeout)`),
        timeoutMs,
      );
      socket.once('connect', () => clearTimeout(connecting));
    });

    function stopForwarding(): void {
      forwarding = false;
      clearTimeout(stall);
      if (req.isPaused()) req.resume(); // the rest of the client's body is read and dropped
    }

    function end(result: { error?: string; unjudged?: string }): void {
      if (outcome) return;
      outcome = result;
      holdClock();
      clearTimeout(stall);
      clearTimeout(connecting);
      stopForwarding();
      if (!answerEnded) upstream.destroy();
      // Judge once the client's request is in (it normally is); if it never comes, judge what there
      // is. (Once its answer is sent, node:http no longer tells the request that the socket closed.)
      if (req.complete || req.destroyed || result.unjudged !== undefined) void judge();
      else {
        const go = () => void judge();
        req.once('end', go);
        req.once('close', go);
        req.socket?.once('close', go);
      }
    }

    let judged = false;
    async function judge(): Promise<void> {
      if (judged) return;
      judged = true;
      try {
        const exchange: Exchange = {
          request: { ...request, ...(requestBody.size > 0 ? { body: requestBody.text() } : {}) },
          ...(outcome?.error !== undefined ? { error: outcome.error } : {}),
          ...(answer && answerEnded && outcome?.error === undefined
            ? { response: await responseOf(answer, answerBody, maxBody) }
            : {}),
          ms: performance.now() - started,
        };
        record(
          adjust(
            inspectExchange(options.set, exchange, requestBody.text(), options.passthrough ?? DEFAULT_PASSTHROUGH),
            {
              requestOver: requestBody.over ? requestBody.size : undefined,
              requestIncomplete: !req.complete,
              unjudged: outcome?.unjudged,
              maxBody,
            },
          ),
        );
      } finally {
        settle();
      }
    }

    function timedOut(error: string): void {
      if (outcome) return;
      if (!res.headersSent)
        answerJson(res, 504, { type: 'fatal', code: 'serverUnavailable', details: `pwpkit proxy: ${error}` });
      else res.destroy();
      end({ error });
    }

    // client → target
    req.on('data', (chunk: Buffer) => {
      requestBody.add(chunk);
      if (!forwarding) return;
      if (!upstream.write(chunk)) {
        req.pause();
        stall = setTimeout(
          () =>
            timedOut(`the target stopped reading the request for ${formatDuration(timeoutMs)} (--upstream-timeout)`),
          timeoutMs,
        );
        upstream.once('drain', () => {
          clearTimeout(stall);
          if (forwarding) req.resume();
        });
      }
    });
    req.on('end', () => {
      if (forwarding) upstream.end();
    });
    upstream.on('finish', runClock); // the whole request reached the target

    // target → client
    upstream.on('response', (up) => {
      answer = up;
      runClock();
      if (outcome) return up.resume();
      const raw: string[] = [];
      for (let i = 0; i < up.rawHeaders.length; i += 2)
        if (!HOP_BY_HOP.has(up.rawHeaders[i].toLowerCase())) raw.push(up.rawHeaders[i], up.rawHeaders[i + 1]);
      try {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, raw);
      } catch (error) {
        const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        const reason = `the target's answer cannot be relayed (${cause})`;
        answerJson(res, 502, { type: 'fatal', code: 'serverUnavailable', details: `pwpkit proxy: ${reason}` });
        return end({ error: reason });
      }
      up.on('data', (chunk: Buffer) => {
        answerBody.add(chunk);
        if (!res.write(chunk)) {
          up.pause();
          holdClock(); // the client is slow to read: not the target's time
          res.once('drain', () => {
            runClock();
            up.resume();
          });
        }
      });
      up.on('end', () => {
        answerEnded = true;
        res.end();
        // An early answer (say a 400 before the whole upload): the rest of the body is not
        // forwarded, and that half-sent request's connection is not reused.
        if (!req.complete) {
          stopForwarding();
          upstream.destroy();
        }
        end({});
      });
      const broken = (error: string) => {
        if (answerEnded || outcome) return;
        res.destroy();
        end({ error });
      };
      up.on('error', (e) => broken(transport(e)));
      up.on('close', () => broken('the target closed the connection in the middle of its answer'));
    });
    upstream.on('error', (e) => {
      // The answer is in: a reset while the rest of an upload went out changes nothing.
      if (answerEnded || outcome) return;
      if (!res.headersSent)
        answerJson(res, 502, {
          type: 'fatal',
          code: 'serverUnavailable',
          details: `pwpkit proxy: the target ${target.origin} did not answer (${transport(e)})`,
        });
      else res.destroy();
      end({ error: transport(e) });
    });

    // The client left before its answer was sent: the target's request is cancelled.
    res.on('close', () => {
      if (!res.writableFinished)
        end({
          error: 'the client closed the connection before its answer was sent',
          unjudged: 'the client left before the answer: the request to the target was cancelled',
        });
    });
    req.on('error', () => undefined); // an aborted upload: res 'close' above ends the exchange

    return {
      done,
      cut(reason) {
        if (!outcome) {
          if (!res.headersSent)
            answerJson(res, 503, { type: 'fatal', code: 'serverUnavailable', details: `pwpkit proxy: ${reason}` });
          else res.destroy();
          end({ error: reason, unjudged: `${reason}: the answer was not judged` });
        }
        void judge(); // answered, but the client's upload never finished: judged as it is
      },
    };
  }

  /** `OPTIONS *` or an absolute-form target (`GET http://h/x`): nothing to forward to a path. */
  function refuseTarget(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    requestTarget: string,
    headers: Record<string, string>,
    started: number,
  ): Live {
    req.resume();
    answerJson(res, 400, {
      type: 'invalid',
      code: 'invalidRequest',
      details:
        `pwpkit proxy: the request target must be a path (origin-form, "/…"), ` +
        `got ${JSON.stringify(clip(requestTarget))}; nothing was forwarded`,
    });
    record(refusedResult(method, requestTarget, headers, performance.now() - started));
    return { done: Promise.resolve(), cut: () => undefined };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';

  let closing: Promise<CaseResult[]> | undefined;
  let cutNow: (() => void) | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    results,
    get inFlight() {
      return live.size;
    },
    close(graceMs = PROXY_GRACE_MS) {
      if (closing) {
        if (graceMs === 0) cutNow?.();
        return closing;
      }
      closing = (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const graceOver = new Promise<void>((resolve) => {
          cutNow = resolve;
          if (graceMs <= 0) resolve();
          else setTimeout(resolve, graceMs).unref();
        });
        // Exchanges that arrive on open connections meanwhile are waited for too, up to the same end.
        let over = false;
        void graceOver.then(() => (over = true));
        while (live.size > 0 && !over) await Promise.race([Promise.all([...live].map((l) => l.done)), graceOver]);
        const left = [...live];
        for (const l of left)
          l.cut(`the proxy was stopped before the target answered (after a ${formatDuration(graceMs)} grace)`);
        await Promise.all(left.map((l) => l.done));
        server.closeAllConnections();
        await closed;
        agent.destroy();
        return [...results];
      })();
      return closing;
    },
  };
}

/**
 * The first `max` bytes of a body, and how many there were in all. Copied into one growing
 * buffer: neither a million tiny chunks nor the large buffers a chunk may be a slice of are kept.
 */
class Prefix {
  private buffer = Buffer.alloc(0);
  private kept = 0;
  size = 0;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    const take = Math.min(chunk.length, this.max - this.kept);
    if (take <= 0) return;
    if (this.kept + take > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(this.max, Math.max(16 * 1024, 2 * this.buffer.length, this.kept + take)));
      this.buffer.copy(grown, 0, 0, this.kept);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.kept, 0, take);
    this.kept += take;
  }
  get over(): boolean {
    return this.size > this.max;
  }
  bytes(): Buffer {
    return this.buffer.subarray(0, this.kept);
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
}

type Inflate = (body: Buffer, options: zlib.ZlibOptions, done: (error: Error | null, out: Buffer) => void) => void;
const inflaters: Record<string, Inflate> = {
  gzip: (b, o, done) => zlib.gunzip(b, o, done),
  'x-gzip': (b, o, done) => zlib.gunzip(b, o, done),
  deflate: (b, o, done) => zlib.inflate(b, o, done),
  br: (b, o, done) => zlib.brotliDecompress(b, o, done),
};

/**
 * The answer as the checks see it: decoded (the client got the encoded bytes as they were), at most `max` bytes of
 * it.
 */
async function responseOf(up: http.IncomingMessage, body: Prefix, max: number): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(up.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const status = up.statusCode ?? 0;
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  const inflate = encoding && Object.hasOwn(inflaters, encoding) ? inflaters[encoding] : undefined;
  if (body.over) return { status, headers, bodyText: inflate ? '' : body.text(), malformed: false, overLimit: max };
  let text = body.text();
  if (inflate) {
    try {
      text = (
        await new Promise<Buffer>((resolve, reject) =>
          inflate(body.bytes(), { maxOutputLength: max }, (e, out) => (e ? reject(e) : resolve(out))),
        )
      ).toString('utf8');
    } catch (error) {
      // Decoded, it is over the cap (a small compressed body can inflate to any size): judged as such.
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
        return { status, headers, bodyText: '', malformed: false, overLimit: max };
    }
  }
  return { status, headers, bodyText: text, ...parseBody(headers['content-type'] ?? '', text) };
}

/**
 * What the judgement of one exchange cannot see by itself: a request body over the cap (judged as
 * that one finding, not against the schema), a request body that never fully arrived, and an
 * answer that was not waited for (the client left, the proxy stopped).
 */
function adjust(
  result: CaseResult,
  how: { requestOver?: number; requestIncomplete: boolean; unjudged?: string; maxBody: number },
): CaseResult {
  let findings: Finding[] = result.findings;
  if (how.requestOver !== undefined || how.requestIncomplete)
    findings = findings.filter((f) => f.check !== 'request-body');
  if (how.requestOver !== undefined)
    findings = [
      ...findings,
      {
        code: 'body-too-large',
        severity: 'error',
        check: 'body-size',
        location: { part: 'request', in: 'body' },
        message:
          `the request body is over ${formatBytes(how.maxBody)} (--max-body): ` +
          'forwarded whole, not checked against the schema',
      },
    ];
  if (how.unjudged !== undefined) {
    findings = findings.filter((f) => f.check !== 'answered');
    if (findings.length === 0) return { ...result, findings, skipped: how.unjudged };
  }
  return findings === result.findings ? result : { ...result, findings };
}

function recordedHeadersOf(req: http.IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers)
      .filter(([k]) => !HOP_BY_HOP.has(k))
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The record of a request the proxy answered 400 itself: its target is not a path. */
function refusedResult(
  method: string,
  requestTarget: string,
  headers: Record<string, string>,
  elapsed: number,
): CaseResult {
  const shown = clip(requestTarget);
  const exchange: Exchange = {
    request: { method, url: shown, path: shown, headers },
    response: { status: 400, headers: { 'content-type': 'application/json' }, bodyText: '', malformed: false },
    ms: elapsed,
  };
  return maskResult(
    {
      id: `${method} ${shown}`,
      suite: 'not a path',
      title: `${method} ${shown} → 400 (not forwarded)`,
      kind: 'proxy',
      expected: 'conforms to the spec',
      exchange,
      findings: [
        {
          code: 'request-target-not-a-path',
          severity: 'error',
          check: 'request-path',
          location: { part: 'request', in: 'path' },
          message:
            `the request target ${JSON.stringify(shown)} is not a path: ` +
            'the proxy answered 400 and forwarded nothing',
        },
      ],
      ms: Math.round(elapsed),
    },
    [],
  );
}

function answerJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function transport(e: NodeJS.ErrnoException): string {
  return e.code ?? e.message;
}
