import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ApiSet } from '../api-set.ts';
import { parseBody } from '../http/send.ts';
import type { CaseResult, Exchange, HttpResponse } from '../types.ts';
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
}

export interface RunningProxy {
  url: string;
  readonly results: readonly CaseResult[];
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), and returns every result. */
  close(graceMs?: number): Promise<CaseResult[]>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

/**
 * `pwpkit proxy`: a validation proxy between any client and any provider. Bytes go through
 * unchanged (node:http on both sides, no parsing of our own); a copy of each request and answer
 * is judged against the spec once the exchange is over, so judging never delays the client.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(options.target);
  const prefix = target.pathname.replace(/\/+$/, '');
  const lib = target.protocol === 'https:' ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: 64 });
  const results: CaseResult[] = [];
  const inFlight = new Set<Promise<void>>();

  const server = http.createServer((req, res) => {
    const done = handle(req, res).catch(() => undefined);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const requestBody = await readAll(req);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers.host = target.host;
    const path = req.url ?? '/';
    const recordedHeaders = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const request = { method: req.method ?? 'GET', url: `${target.origin}${prefix}${path}`, path, headers: recordedHeaders, ...(requestBody.length > 0 ? { body: requestBody.toString('utf8') } : {}) };

    const exchange: Exchange = await new Promise((resolve) => {
      const upstream = lib.request(`${target.origin}${prefix}${path}`, { method: req.method, headers, agent }, (up) => {
        const raw: string[] = [];
        for (let i = 0; i < up.rawHeaders.length; i += 2) if (!HOP_BY_HOP.has(up.rawHeaders[i].toLowerCase())) raw.push(up.rawHeaders[i], up.rawHeaders[i + 1]);
        res.writeHead(up.statusCode ?? 502, up.statusMessage, raw);
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => {
          chunks.push(c);
          res.write(c);
        });
        up.on('end', () => {
          res.end();
          void decode(Buffer.concat(chunks), up.headers['content-encoding']).then((text) => resolve({ request, response: responseOf(up, text), ms: performance.now() - started }));
        });
        up.on('error', (e) => {
          res.destroy();
          resolve({ request, error: e.message, ms: performance.now() - started });
        });
      });
      upstream.on('error', (e: NodeJS.ErrnoException) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'fatal', code: 'serverUnavailable', details: `pwpkit proxy: the target ${target.origin} did not answer (${e.code ?? e.message})` }));
        } else res.destroy();
        resolve({ request, error: e.code ?? e.message, ms: performance.now() - started });
      });
      upstream.end(requestBody);
    });
    const result = inspectExchange(options.set, exchange, requestBody.toString('utf8'), options.passthrough ?? DEFAULT_PASSTHROUGH);
    results.push(result);
    options.onResult?.(result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    results,
    async close(graceMs = 2000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([Promise.all([...inFlight]), new Promise((r) => setTimeout(r, graceMs).unref())]);
      server.closeAllConnections();
      await closed;
      agent.destroy();
      return [...results];
    },
  };
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const inflate = { gzip: promisify(zlib.gunzip), 'x-gzip': promisify(zlib.gunzip), deflate: promisify(zlib.inflate), br: promisify(zlib.brotliDecompress) } as const;

/** The answer as text for judging (the client got the encoded bytes as they were). */
async function decode(body: Buffer, encoding: string | undefined): Promise<string> {
  const fn = encoding ? inflate[encoding.trim().toLowerCase() as keyof typeof inflate] : undefined;
  if (!fn) return body.toString('utf8');
  try {
    return (await fn(body)).toString('utf8');
  } catch {
    return body.toString('utf8');
  }
}

function responseOf(up: http.IncomingMessage, text: string): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(up.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: up.statusCode ?? 0, headers, bodyText: text, ...parseBody(headers['content-type'] ?? '', text) };
}
