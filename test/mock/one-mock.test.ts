// One mock: the Pay with Points sandbox is `mock --spec` plus the domain's plug-in, so a refused
// request gets the same verdict, in the same sentence, from both, and that sentence is runtime's
// request judgment (the proxy's and pact-check's). The second block pins each answer on which the
// two old copies (the catalog mock's hand-written checks, `mock --spec`'s request-check) drifted.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formFields, judgeRequest, type DocumentedRequest } from '@pwpkit/runtime';
import { createPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';
import { loadApiDefinition, type LoadedApiDefinition } from '../../core/api-definition.ts';
import { createMock } from '../../mock/server.ts';

const BALANCE = '/api/v1/apac/rewards/1234567/pointBalance';
const HEADERS = {
  authorization: 'Bearer sandbox-static-token',
  uuid: randomUUID(),
  client_id: 'sandbox-client',
  accept: 'application/json',
};
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

let pwp: LoadedApiDefinition;
beforeAll(async () => {
  pwp = await loadApiDefinition('spec/pay-with-points.swagger.yaml');
});

async function both(method: 'GET' | 'PUT', url: string, headers: Record<string, string>) {
  const sandbox = await createPayWithPointsSandbox();
  const spec = createMock({ apis: [pwp] }).app;
  closers.push(
    () => sandbox.close(),
    () => spec.close(),
  );
  const ask = async (app: typeof sandbox) => {
    const r = await app.inject({ method, url, headers });
    return { status: r.statusCode, body: r.json() as Record<string, unknown> };
  };
  return { sandbox: await ask(sandbox), spec: await ask(spec) };
}

describe('the sandbox and mock --spec of the same spec refuse alike', () => {
  it.each([
    ['a required header missing', { uuid: undefined }, 'required header "uuid" is not sent'],
    ['a malformed header', { uuid: 'not-a-uuid' }, 'header "uuid" ("not-a-uuid") must match format "uuid"'],
  ])('%s: one status, one code, one sentence (the judgment of the proxy and pact-check)', async (_, change, said) => {
    const headers = Object.fromEntries(
      Object.entries({ ...HEADERS, ...change }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const { sandbox, spec } = await both('GET', BALANCE, headers);
    expect(sandbox).toMatchObject({ status: 400, body: { type: 'invalid', code: 'invalidRequest', details: said } });
    expect(spec).toMatchObject({ status: 400, body: { type: 'invalid', code: 'invalidRequest', details: said } });
  });
});

describe('the answers the two copies disagreed on', () => {
  it('a header finding is worded by the judgment (the sandbox said "uuid header is required")', async () => {
    const { sandbox } = await both('GET', BALANCE, { ...HEADERS, uuid: '' });
    expect(sandbox.body).toMatchObject({ code: 'invalidRequest', location: 'uuid' });
    expect(sandbox.body.details).toMatch(/^header "uuid" \(""\) /);
  });

  it('an unknown path and an undocumented method say where (the sandbox said "No such resource")', async () => {
    const app = await createPayWithPointsSandbox();
    closers.push(() => app.close());
    const unknown = await app.inject({ method: 'GET', url: '/api/nowhere', headers: HEADERS });
    expect({ status: unknown.statusCode, body: unknown.json() }).toEqual({
      status: 404,
      body: { type: 'error', code: 'resourceNotFound', details: 'no operation serves /api/nowhere' },
    });
    const method = await app.inject({ method: 'DELETE', url: BALANCE, headers: HEADERS });
    expect(method.headers.allow).toBe('GET');
    expect(method.json()).toEqual({
      type: 'error',
      code: 'methodNotAllowed',
      details: 'DELETE is not documented for this path; allowed: GET',
    });
  });

  it('an Accept the operation cannot answer is a 400 in the catalog, a 406 in problem+json', async () => {
    const { sandbox, spec } = await both('GET', BALANCE, { ...HEADERS, accept: 'text/html' });
    expect(sandbox).toMatchObject({ status: 400, body: { code: 'invalidRequest', location: 'Accept' } });
    expect(sandbox.body.details).toBe(
      'Accept "text/html" matches nothing retrieveRewardsBalance produces (application/json)',
    );
    // The spec documents no 406: its documented 400 answers, with the same sentence.
    expect(spec).toMatchObject({ status: 400, body: { code: 'invalidRequest', details: sandbox.body.details } });
  });

  it("routes as core's Router does (the proxy's, pact-check's): fastify's router had its own rules", async () => {
    const app = await createPayWithPointsSandbox();
    closers.push(() => app.close());
    const status = async (method: 'GET' | 'DELETE', url: string, headers: Record<string, string> = HEADERS) => {
      const r = await app.inject({ method, url, headers });
      return `${r.statusCode} ${(r.json() as { code: string }).code}`;
    };
    // A percent-encoded literal segment is another path (fastify decoded it first: the operation).
    expect(await status('GET', '/api/v1/apac/%72ewards/1234567/pointBalance')).toBe('404 resourceNotFound');
    // A long path parameter reaches the judgment and the behaviour (fastify refused it past 1000 characters).
    expect(await status('DELETE', `/api/v1/apac/rewards/${'7'.repeat(2000)}`)).toBe('400 invalidRewardLinkCode');
    // A Content-Type on a request without a body describes nothing (fastify refused the empty JSON body).
    const deregister = await status('DELETE', '/api/v1/apac/rewards/1234567', {
      ...HEADERS,
      'content-type': 'application/json',
    });
    expect(deregister).toBe('400 invalidRewardLinkCode');
  });

  it('a form body is judged against its schema by runtime, for every tool (only mock --spec did)', () => {
    const token: DocumentedRequest = {
      name: 'token',
      headers: [],
      queryParams: [],
      body: { required: true, contentType: 'application/x-www-form-urlencoded' },
      consumes: ['application/x-www-form-urlencoded'],
      produces: [],
      credentials: [],
      validators: {
        body: Object.assign((data: unknown) => typeof (data as { grant_type?: unknown }).grant_type === 'string', {
          errors: [{ instancePath: '', message: 'must have required property grant_type' }],
        }),
      },
    };
    const sent = (text: string) =>
      judgeRequest(token, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        pathParams: {},
        query: {},
        body: { text },
      }).map((f) => f.message);
    expect(sent('grant_type=client_credentials')).toEqual([]);
    expect(sent('scope=x')).toEqual(['request body must have required property grant_type']);
    expect(formFields('a=1&a=2&__proto__=x')).toEqual(
      Object.defineProperty({ a: ['1', '2'] }, '__proto__', { value: 'x', enumerable: true }),
    );
  });
});
