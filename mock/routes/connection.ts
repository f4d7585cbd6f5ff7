import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * After answering a request whose body it did not read in full (a body over the limit, a request
 * refused on its headers), the mock keeps reading and dropping the rest of that body, up to this
 * many bytes or this long, so that a client still sending can read the answer; past either it
 * closes the connection (gracefully: its side first, then the socket after `lingerMs`).
 */
export const REFUSED_BODY_DRAIN = { bytes: 64 * 1024 * 1024, ms: 30_000, lingerMs: 2_000 } as const;

/**
 * Options for node:http's server: a missing `Host` is answered by the hook below (the mock's
 * phrasing of a refusal) instead of by node:http itself (an empty 400).
 */
export const HTTP_SERVER_OPTIONS = { requireHostHeader: false } as const;

/**
 * How the mock treats the connection itself:
 * - a client that half-closes after its request still gets the answer;
 * - an HTTP/1.1 request without `Host` is refused (400) before anything else;
 * - an answer sent before the request's body was read in full (over 64 KB, refused on its
 *   headers) is never lost to a reset: instead of closing the socket at once with the client's
 *   bytes unread (which makes the kernel answer them with RST, and a client still writing its
 *   body gets EPIPE/ECONNRESET instead of the answer), the mock drains the rest (bounded, see
 *   `REFUSED_BODY_DRAIN`) and, when the connection must close, closes it gracefully.
 */
export function registerConnectionHandling(
  app: FastifyInstance,
  refuseMissingHost: (request: FastifyRequest, reply: FastifyReply) => void,
): void {
  // A client may half-close its socket once its request is sent: it still gets the answer, however
  // late (a delay fault). node:http would otherwise end the connection at the client's FIN and drop
  // an answer not yet written (found by test/fuzz/http.test.ts).
  (app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    // Only a request that carries a body can be answered before it is read: watched here, in the
    // hook every request passes anyway, and not by onSend/onResponse hooks, which cost every
    // request of every route (a sixth of the sandbox's throughput).
    if (!raw.complete && carriesBody(raw)) watchUnreadBody(raw, reply.raw);
    if (raw.httpVersion === '1.1' && request.headers.host === undefined) return refuseMissingHost(request, reply);
    done();
  });
}

/** Whether a body follows the headers: node:http reads one only when they announce it (RFC 9112 §6.3). */
function carriesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The request whose body a socket is reading (the last one that carried a body). */
const bodyBeingRead = new WeakMap<Socket, IncomingMessage>();
const gracefulSockets = new WeakSet<Socket>();
const closingGracefully = new WeakSet<Socket>();

function watchUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  if (!socket) return;
  bodyBeingRead.set(socket, req);
  if (!gracefulSockets.has(socket)) {
    gracefulSockets.add(socket);
    // node:http ends a connection it will not keep alive with `socket.destroySoon()` as soon as the
    // answer is flushed: for this socket, while the body being read is unfinished, a lingering close.
    const closable = socket as Socket & { destroySoon(): void };
    const destroySoon = closable.destroySoon;
    closable.destroySoon = () => {
      const reading = bodyBeingRead.get(socket);
      if (reading === undefined || reading.complete) return destroySoon.call(socket);
      closingGracefully.add(socket);
      closeGracefully(socket, reading);
    };
  }
  // After node:http's own listener: kept open, node:http reads and drops the rest of the body;
  // bound how much and how long.
  res.once('finish', () => {
    if (!req.complete && !closingGracefully.has(socket)) boundDrain(req);
  });
}

/** Kept alive: the rest of the body is read and dropped, within `REFUSED_BODY_DRAIN`; past it the connection closes. */
function boundDrain(req: IncomingMessage): void {
  const socket = req.socket;
  if (!socket || socket.destroyed) return;
  let drained = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', count);
  };
  const giveUp = () => {
    stop();
    closeGracefully(socket);
  };
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN.bytes) giveUp();
  };
  const timer = setTimeout(giveUp, REFUSED_BODY_DRAIN.ms);
  timer.unref();
  req.on('data', count);
  req.once('end', stop);
  req.once('close', stop);
  socket.once('close', stop); // once answered, node:http no longer tells the request
  if (req.isPaused()) req.resume();
}

/**
 * Our side ends once the answer is flushed; what the client still sends is read and dropped:
 * the rest of `req`'s body (within `REFUSED_BODY_DRAIN`), then `lingerMs` for its own close.
 */
function closeGracefully(socket: Socket, req?: IncomingMessage): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end();
  const destroy = () => socket.destroy();
  const receiving = req !== undefined && !req.complete;
  let timer = setTimeout(destroy, receiving ? REFUSED_BODY_DRAIN.ms : REFUSED_BODY_DRAIN.lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (!receiving) return;
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN.bytes) destroy();
  });
  req.once('end', () => {
    clearTimeout(timer);
    timer = setTimeout(destroy, REFUSED_BODY_DRAIN.lingerMs);
    timer.unref();
  });
  if (req.isPaused()) req.resume();
}
