import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CARD, mockHarness, send } from './support.ts';

const harness = mockHarness();
afterEach(() => harness.finish());

const ENROL = '/api/v1/apac/rewards/linkage';
const KiB = 1024;
const MiB = 1024 * KiB;

interface RawAnswer {
  status?: number;
  headers: string;
  body: string;
  /** A socket error the client saw (EPIPE, ECONNRESET), if any. */
  error?: string;
}

/**
 * A client as many real ones are: it writes its whole request before it reads anything, and
 * writes the body in pieces (the first 64 KiB, a few bytes, then the rest), pausing a little
 * after the first ones, so the server has answered (and, before the fix, closed) meanwhile.
 * Then it half-closes and reads what came back.
 */
function writeThenRead(port: number, options: { chunked: boolean; size: number; close?: boolean }): Promise<RawAnswer> {
  const head = [
    `POST ${ENROL} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Authorization: Bearer sandbox-static-token',
    `uuid: ${crypto.randomUUID()}`,
    'client_id: sandbox-client',
    'Accept: application/json',
    'Content-Type: application/json',
    options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.size}`,
    ...(options.close ? ['Connection: close'] : []),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause(); // nothing is read until the whole request is written
    const data: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (c: Buffer) => data.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => resolve(parseAnswer(Buffer.concat(data).toString('latin1'), error)));
    const write = (chunk: Buffer | string) => new Promise<boolean>((r) => socket.write(chunk, (e) => r(!e)));
    socket.on('connect', async () => {
      if (!(await write(head))) return;
      const piece = Buffer.alloc(64 * KiB, 0x20);
      let sent = 0;
      for (let i = 0; sent < options.size && !socket.destroyed; i++) {
        const n = Math.min(i === 1 ? 5 : piece.length, options.size - sent);
        const bytes = piece.subarray(0, n);
        if (
          !(await write(
            options.chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]) : bytes,
          ))
        )
          return;
        sent += n;
        if (i < 3) await sleep(25);
      }
      if (options.chunked && !(await write('0\r\n\r\n'))) return;
      socket.resume();
      socket.end();
    });
  });
}

function parseAnswer(raw: string, error: string | undefined): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  const headers = end < 0 ? raw : raw.slice(0, end);
  const status = /^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1];
  const length = /\r\ncontent-length: *(\d+)/i.exec(headers)?.[1];
  const rest = end < 0 ? '' : raw.slice(end + 4);
  return {
    status: status === undefined ? undefined : Number(status),
    headers,
    body: length === undefined ? rest : rest.slice(0, Number(length)),
    ...(error ? { error } : {}),
  };
}

describe('a body over 64 KB: the documented 400 reaches the client', () => {
  it.each([
    { what: 'Content-Length, 11 bytes over', chunked: false, size: 64 * KiB + 11 },
    { what: 'chunked, 11 bytes over', chunked: true, size: 64 * KiB + 11 },
    { what: 'Content-Length, 20 MiB', chunked: false, size: 20 * MiB },
    { what: 'chunked, 20 MiB', chunked: true, size: 20 * MiB },
    { what: 'Content-Length, 20 MiB, Connection: close', chunked: false, size: 20 * MiB, close: true },
    { what: 'chunked, 11 bytes over, Connection: close', chunked: true, size: 64 * KiB + 11, close: true },
  ])(
    '$what: answered every time, never a reset, and the mock keeps serving',
    async ({ chunked, size, close }) => {
      const { url } = await harness.start();
      const port = Number(new URL(url).port);
      for (let round = 0; round < 4; round++) {
        const answer = await writeThenRead(port, { chunked, size, close });
        expect(answer, `round ${round}`).toMatchObject({ status: 400 });
        expect(answer.error, `round ${round}`).toBeUndefined();
        expect(JSON.parse(answer.body)).toMatchObject({
          type: 'invalid',
          code: 'invalidRequest',
          location: 'body',
          details: expect.stringContaining('65536'),
        });
      }
      expect((await send(url, 'POST', ENROL, { body: CARD })).status).toBe(200);
    },
    120_000,
  );
});

describe('an HTTP/1.1 request without Host', () => {
  it('gets the documented ErrorResponse (400 invalidRequest at Host), not an empty 400', async () => {
    const { url } = await harness.start();
    const port = Number(new URL(url).port);
    for (const request of [
      'GET /api/v1/apac/rewards/1234567/pointBalance HTTP/1.1\r\n' +
        'Authorization: Bearer sandbox-static-token\r\n' +
        'Connection: close\r\n\r\n',
      'GET /nowhere HTTP/1.1\r\nConnection: close\r\n\r\n',
    ]) {
      const answer = await new Promise<RawAnswer>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        const data: Buffer[] = [];
        socket.on('data', (c: Buffer) => data.push(c));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(parseAnswer(Buffer.concat(data).toString('utf8'), undefined)));
      });
      expect(answer.status, request).toBe(400);
      expect(answer.headers).toMatch(/\r\ncontent-type: application\/json/i);
      expect(JSON.parse(answer.body)).toEqual({
        type: 'invalid',
        code: 'invalidRequest',
        details: 'An HTTP/1.1 request must carry a Host header',
        location: 'Host',
      });
    }
    // HTTP/1.0 has no Host requirement: the request goes through the pipeline as usual.
    const old = await new Promise<RawAnswer>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /nowhere HTTP/1.0\r\n\r\n'));
      const data: Buffer[] = [];
      socket.on('data', (c: Buffer) => data.push(c));
      socket.on('close', () => resolve(parseAnswer(Buffer.concat(data).toString('utf8'), undefined)));
    });
    expect(old.body).toContain('"code":"resourceNotFound"');
  }, 60_000);
});
