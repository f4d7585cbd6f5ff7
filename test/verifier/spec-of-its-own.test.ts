// verify asks the spec's own client-credentials grant for its token (the generated client's source), not a
// domain's convention: a plain OpenAPI 3 spec with an OAuth2 flow needs no --token-url.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { payWithPointsVerifyPlugin } from '../../domain/pay-with-points/verify/plugin.ts';
import { runVerify } from '../../verifier/engine/run-verify.ts';

const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Grant', version: '1' },
  servers: [{ url: '/v2' }],
  components: {
    securitySchemes: {
      oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { read: 'read' } } } },
    },
  },
  security: [{ oauth: ['read'] }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
          },
        },
      },
    },
  },
};

const seen: { method: string; url: string; body: string; authorization: string }[] = [];
let server: Server;

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("verify on a spec of its own: the grant is the spec's, the domain plug-in stays out", () => {
  it("fetches the client-credentials token from the spec's tokenUrl, with its scope", async () => {
    server = createServer((request, response) => {
      void body(request).then((text) => {
        const { method = '', url = '' } = request;
        seen.push({ method, url, body: text, authorization: request.headers.authorization ?? '' });
        if (url === '/v2/oauth/token') {
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ access_token: 'granted-token', token_type: 'bearer', expires_in: 600 }));
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(['a']));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-grant-'));
    const spec = join(dir, 'grant.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    const port = (server.address() as AddressInfo).port;

    const report = await runVerify({
      baseUrl: `http://127.0.0.1:${port}`,
      specs: [spec],
      clientId: 'grant-client',
      clientSecret: 'grant-secret',
    });

    const grant = seen.find((r) => r.url === '/v2/oauth/token');
    expect(grant).toMatchObject({ method: 'POST' });
    expect(new URLSearchParams(grant?.body)).toEqual(new URLSearchParams('grant_type=client_credentials&scope=read'));
    expect(seen.some((r) => r.url.startsWith('/v2/things') && r.authorization === 'Bearer granted-token')).toBe(true);
    expect(report.summary.failed).toBe(0);
    // The secret and the token the grant gave never reach the report (its exchanges show `Bearer ***`).
    expect(JSON.stringify(report)).toContain('"authorization":"Bearer ***"');
    expect(JSON.stringify(report)).not.toMatch(/grant-secret|granted-token/);

    // The CLI always offers the Pay with Points plug-in; on a spec without its operations it stays out:
    // no card lanes, no lifecycle reported skipped.
    const withPlugin = await runVerify({
      baseUrl: `http://127.0.0.1:${port}`,
      specs: [spec],
      clientId: 'grant-client',
      clientSecret: 'grant-secret',
      plugin: payWithPointsVerifyPlugin(),
    });
    expect(withPlugin.results.map((r) => r.title)).toEqual(report.results.map((r) => r.title));
    expect(withPlugin.summary.skipped).toBe(0);
  }, 60_000);
});
