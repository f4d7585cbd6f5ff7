import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

/**
 * A loopback server for client tests: records every request and answers with `reply(request)`.
 * The token endpoint is answered by `token()` so tests can count token requests.
 */
export async function startScriptedServer(
  reply: (req: RecordedRequest, index: number) => ScriptedReply,
  token?: (req: RecordedRequest, index: number) => ScriptedReply,
) {
  const requests: RecordedRequest[] = [];
  const tokenRequests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const isToken = recorded.url.includes('/oauth2/token/');
      const list = isToken ? tokenRequests : requests;
      list.push(recorded);
      const answer: ScriptedReply = isToken
        ? (
            token ??
            (() => ({
              status: 200,
              body: { token_type: 'bearer', access_token: 'tok-1', expires_in: 1800, scope: '/api' },
            }))
          )(recorded, tokenRequests.length - 1)
        : reply(recorded, requests.length - 1);
      const send = () => {
        if (answer.destroy) return req.socket.destroy();
        const text =
          answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(text);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
