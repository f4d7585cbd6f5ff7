import http from 'node:http';
import https from 'node:https';
import type { Exchange, HttpRequest, HttpResponse } from '../types.ts';

/**
 * Sends requests exactly as built: node:http adds no Accept, User-Agent or Content-Type of its
 * own (fetch would), so a case that leaves a header out really sends it without.
 */
export interface Sender {
  send(request: HttpRequest): Promise<Exchange>;
  /** How many requests went out. */
  readonly count: number;
  close(): void;
}

export function createSender(options: { timeoutMs?: number; maxSockets?: number } = {}): Sender {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 }),
    https: new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 }),
  };
  const timeoutMs = options.timeoutMs ?? 10_000;
  let count = 0;
  return {
    get count() {
      return count;
    },
    send(request) {
      count++;
      return sendOnce(request, request.url.startsWith('https:') ? agents.https : agents.http, timeoutMs);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function sendOnce(request: HttpRequest, agent: http.Agent, timeoutMs: number): Promise<Exchange> {
  const started = performance.now();
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    let settled = false;
    const done = (exchange: Omit<Exchange, 'ms' | 'request'>) => {
      if (settled) return;
      settled = true;
      resolve({ request, ...exchange, ms: performance.now() - started });
    };
    const req = lib.request(url, { method: request.method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ error: transportMessage(e) }));
      res.on('end', () => done({ response: toResponse(res, Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on('error', (e) => done({ error: transportMessage(e) }));
    req.end(request.body);
  });
}

export function toResponse(res: http.IncomingMessage, bodyText: string): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.statusCode ?? 0, headers, bodyText, ...parseBody(headers['content-type'] ?? '', bodyText) };
}

/** JSON when the content type says so, or when the text looks like JSON whatever the type says. */
export function parseBody(contentType: string, text: string): { body?: unknown; malformed: boolean } {
  if (text === '') return { malformed: false };
  const claimsJson = /json/i.test(contentType);
  const looksJson = /^\s*[[{"]/.test(text);
  if (!claimsJson && !looksJson) return { body: text, malformed: false };
  try {
    return { body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { body: text, malformed: claimsJson };
  }
}

function transportMessage(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ? `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message}` : ''}` : (e.message ?? String(error));
}
