/**
 * Issue 13 items 5 and 6: verify against a correct OpenAPI 3 provider whose spec has no security
 * and keeps its request values in `example` / `examples` at every level OpenAPI 3 allows.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiSet, type ApiSet } from '../../verifier/api-set.ts';
import { toHttpRequest, validParts } from '../../verifier/cases/build-request.ts';
import { runVerify } from '../../verifier/engine/run-verify.ts';
import { verifyPayWithPoints } from '../support/verify.ts';
import { ROOT } from './specs.ts';

const PETS = join(ROOT, 'test/verifier/fixtures/pets.openapi.yaml');

/**
 * A correct provider for pets.openapi.yaml: knows pet rex (kind dog, shelter north), owner ann, kinds dog and cat;
 * has no token endpoint.
 */
function petsProvider(seen: string[]): Server {
  return createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && url.pathname.startsWith('/v1/pets/')) {
        if (url.searchParams.get('kind') === null || req.headers['x-shelter'] === undefined)
          return json(400, { message: 'kind and X-Shelter are required' });
        if (
          url.pathname === '/v1/pets/rex' &&
          url.searchParams.get('kind') === 'dog' &&
          req.headers['x-shelter'] === 'north'
        )
          return json(200, { id: 'rex', name: 'Rex', kind: 'dog' });
        return json(404, { message: 'no such pet' });
      }
      if (req.method === 'GET' && url.pathname === '/v1/owners/ann') return json(200, { id: 'ann' });
      if (req.method === 'POST' && url.pathname === '/v1/pets') {
        let body: { name?: unknown; kind?: unknown } = {};
        try {
          if (!/^application\/json/.test(req.headers['content-type'] ?? '')) throw new Error('not JSON');
          body = JSON.parse(text) as typeof body;
        } catch {
          return json(400, { message: 'expected a JSON body' });
        }
        if (typeof body !== 'object' || body === null || typeof body.name !== 'string' || typeof body.kind !== 'string')
          return json(400, { message: 'name and kind are required strings' });
        if (body.kind === 'dog' || body.kind === 'cat')
          return json(201, { id: 'p1', name: body.name, kind: body.kind });
        return json(422, { message: 'unknown kind' });
      }
      json(404, { message: 'not found' });
    });
  });
}

let server: Server;
let url: string;
let set: ApiSet;
const seen: string[] = [];
beforeAll(async () => {
  server = petsProvider(seen);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  set = await loadApiSet([PETS]);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('OpenAPI 3 examples build the requests (item 6)', () => {
  const request = (name: string) => {
    const op = set.operations.find((o) => o.name === name)!;
    const ctx = { set, root: url, values: {} };
    return toHttpRequest(op, ctx, validParts(op, ctx));
  };

  it('a parameter-level example, examples map and media-type example', () => {
    const r = request('getPet');
    expect(r.path).toBe('/v1/pets/rex?kind=dog');
    expect(r.headers['x-shelter']).toBe('north');
  });

  it('a $ref parameter whose examples entry is a $ref to components/examples', () => {
    expect(request('getOwner').path).toBe('/v1/owners/ann');
  });

  it("a request body's media-type examples ($ref), with the Content-Type it documents", () => {
    const r = request('addPet');
    expect(JSON.parse(r.body!)).toEqual({ name: 'Rex', kind: 'dog' });
    expect(r.headers['content-type']).toBe('application/json');
  });
});

describe('a spec without security (item 5)', () => {
  it('verify passes the correct provider, asking for no token and sending no Authorization', async () => {
    seen.length = 0;
    const report = await verifyPayWithPoints({ baseUrl: url, specs: set });
    const failed = report.results
      .filter((r) => r.findings.length > 0)
      .map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => f.message).join('; ')}`);
    expect(failed).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(seen.some((s) => /oauth2|token/i.test(s))).toBe(false);
    expect(seen.every((s) => !/Bearer/.test(s))).toBe(true);
  });
});

describe('without a domain plug-in (the engine alone)', () => {
  it('passes the correct provider from the spec alone: no scenario, no card, the same operations', async () => {
    seen.length = 0;
    const withPlugin = await verifyPayWithPoints({ baseUrl: url, specs: set });
    const report = await runVerify({ baseUrl: url, specs: set });
    const failed = report.results
      .filter((r) => r.findings.length > 0)
      .map((r) => `${r.suite} | ${r.title} | ${r.findings.map((f) => f.message).join('; ')}`);
    expect(failed).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.results.filter((r) => r.kind === 'scenario')).toEqual([]);
    expect(report.results.some((r) => /card/.test(`${r.title} ${r.skipped ?? ''}`))).toBe(false);
    const operations = (r: typeof report) => [...new Set(r.results.map((x) => x.operation))].sort();
    expect(operations(report)).toEqual(operations(withPlugin));
  });
});
