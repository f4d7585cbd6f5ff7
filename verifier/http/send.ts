import http from 'node:http';
import https from 'node:https';
import { isJsonMediaType } from '@pwpkit/runtime';
import type { Exchange, HttpRequest, HttpResponse } from '../types.ts';
import { formatDuration } from '../../core/units.ts';

export { formatBytes, formatDuration } from '../../core/units.ts';

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

export interface SenderOptions {
  /**
   * Deadline for one whole exchange, connect to last byte (default 10 s): a provider that trickles
   * its answer is cut at it.
   */
  timeoutMs?: number;
  /**
   * At most this many bytes of an answer are read (default `DEFAULT_MAX_BODY_BYTES`); the rest is
   * never read and the answer is marked `overLimit`.
   */
  maxBodyBytes?: number;
  /** Aborting it (the whole run's deadline) cuts every exchange in flight and sends no more. */
  signal?: AbortSignal;
  maxSockets?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export function createSender(options: SenderOptions = {}): Sender {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 }),
    https: new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 }),
  };
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    signal: options.signal,
  };
  let count = 0;
  return {
    get count() {
      return count;
    },
    send(request) {
      if (limits.signal?.aborted) return Promise.resolve({ request, error: abortReason(limits.signal), ms: 0 });
      count++;
      return sendOnce(request, request.url.startsWith('https:') ? agents.https : agents.http, limits);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * One exchange under a total deadline (not an idle timeout: bytes trickling in do not extend it)
 * and a bounded read: the body is collected up to `maxBodyBytes`; past that the connection is
 * dropped and the answer is judged on what was read.
 */
function sendOnce(
  request: HttpRequest,
  agent: http.Agent,
  limits: { timeoutMs: number; maxBodyBytes: number; signal?: AbortSignal },
): Promise<Exchange> {
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
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      resolve({ request, ...exchange, ms: performance.now() - started });
    };
    const req = lib.request(url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const overLimit = () => {
        // Enough was read: the rest is never read, and the connection is not reused.
        done({ response: toResponse(res, Buffer.concat(chunks).toString('utf8'), limits.maxBodyBytes) });
        res.destroy();
        req.destroy();
      };
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBodyBytes) return overLimit();
      res.on('data', (c: Buffer) => {
        if (settled) return;
        const room = limits.maxBodyBytes - size;
        if (c.length > room) {
          chunks.push(c.subarray(0, room));
          size += room;
          return overLimit();
        }
        chunks.push(c);
        size += c.length;
      });
      res.on('error', (e) => done({ error: transportMessage(e) }));
      res.on('end', () => done({ response: toResponse(res, Buffer.concat(chunks).toString('utf8')) }));
    });
    const cut = (error: string) => {
      done({ error });
      req.destroy();
    };
    const timer = setTimeout(
      () => cut(`no complete answer within ${formatDuration(limits.timeoutMs)} (the per-request deadline)`),
      limits.timeoutMs,
    );
    const onAbort = () => cut(abortReason(limits.signal!));
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => done({ error: transportMessage(e) }));
    req.end(request.body);
  });
}

function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error
    ? signal.reason.message
    : typeof signal.reason === 'string'
      ? signal.reason
      : 'the run was stopped';
}

/** `overLimit`: the body was cut at that many bytes (what was read is kept as text, not parsed). */
export function toResponse(res: http.IncomingMessage, bodyText: string, overLimit?: number): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  if (overLimit !== undefined) return { status: res.statusCode ?? 0, headers, bodyText, malformed: false, overLimit };
  return { status: res.statusCode ?? 0, headers, bodyText, ...parseBody(headers['content-type'] ?? '', bodyText) };
}

/** JSON when the content type says so, or when the text looks like JSON whatever the type says. */
export function parseBody(contentType: string, text: string): { body?: unknown; malformed: boolean } {
  if (text === '') return { malformed: false };
  const claimsJson = isJsonMediaType(contentType);
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
  return e.code
    ? `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message}` : ''}`
    : (e.message ?? String(error));
}
