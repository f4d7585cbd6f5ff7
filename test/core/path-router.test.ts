// One path matcher: core's Router decides which operation a request goes to, and the mock (which
// serves it), the proxy (api-set) and pact-check (spec-index) ask it. Each rule below was a drift
// between the three copies this replaced; the table pins the one verdict, and the last test asks
// all three tools the same questions.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSpecIndex } from '../../contracts/check/spec-index.ts';
import { buildOperationIndex, type OperationMatch } from '../../core/operation-index.ts';
import { Router } from '../../core/path-router.ts';
import { loadApiDefinition } from '../../core/api-definition.ts';
import { createMock } from '../../mock/server.ts';
import { apiSetOf } from '../../verifier/api-set.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/routes.openapi.yaml');
const api = await loadApiDefinition(SPEC);
const index = buildOperationIndex([api], ({ model }) => model.name);

/** What the index says, in one line. */
function verdict(match: OperationMatch<string>): string {
  switch (match.kind) {
    case 'operation':
      return `${match.operation} ${JSON.stringify(match.pathParams)}`;
    case 'method-not-documented':
      return `405 ${match.path} allow ${match.methods.join(', ')}`;
    case 'path-not-documented':
      return `404${match.hint ? ` (${match.hint})` : ''}`;
    case 'undecodable-path':
      return `400 ${match.operation} ${match.param}`;
  }
}

const RULES: Array<[string, string, string, string]> = [
  ['a template matches', 'GET', '/api/pets/7', 'getPet {"id":"7"}'],
  // api-set accepted `/?$`: the proxy judged `/api/pets/7/` as getPet. Pact-check and the mock said 404.
  ['a trailing slash is another path', 'GET', '/api/pets/7/', '404'],
  ['more literal segments win', 'GET', '/api/pets/search', 'searchPets {}'],
  [
    'a less literal template takes the method the more literal lacks',
    'DELETE',
    '/api/pets/search',
    'deletePet {"id":"search"}',
  ],
  // api-set and spec-index counted whole literal segments only: `/files/{id}` (declared first) won.
  ['more literal characters win next', 'GET', '/api/files/a.json', 'getFileJson {"id":"a"}'],
  ['the other template still matches the rest', 'GET', '/api/files/a.txt', 'getFile {"id":"a.txt"}'],
  // The mock compared the method as sent; verify and pact-check lower-cased it.
  ['methods compare case-insensitively', 'get', '/api/pets', 'listPets {}'],
  // pact-check listed the most literal template's methods only, sorted (GET); the mock every matching one.
  [
    'allow: every method of every matching template',
    'POST',
    '/api/pets/search',
    '405 /api/pets/search allow GET, DELETE',
  ],
  ['path parameters are percent-decoded', 'GET', '/api/pets/a%20b', 'getPet {"id":"a b"}'],
  // verify and pact-check kept the raw text and judged it; the mock answered 400.
  ['an undecodable parameter is an undecodable path', 'GET', '/api/pets/%E0%A4%A', '400 getPet id'],
  ['a query string is not part of the path', 'GET', '/api/pets?limit=1', 'listPets {}'],
  [
    'the path without its basePath: a hint',
    'GET',
    '/pets',
    '404 (routes documents this path under its basePath /api: /api/pets)',
  ],
  ['a judgment does not serve HEAD with GET', 'HEAD', '/api/pets', '405 /api/pets allow GET, POST'],
];

describe('one path matcher (core/path-router.ts)', () => {
  it.each(RULES)('%s: %s %s', (_rule, method, path, want) => {
    expect(verdict(index.match(method, path))).toBe(want);
  });

  it('a server serves HEAD with the GET route, and only when built to', () => {
    const routes = [{ method: 'get', template: '/a/{x}', value: 'getA' }];
    expect(new Router(routes, { headServedByGet: true }).match('HEAD', '/a/1')).toMatchObject({
      kind: 'found',
      route: { value: 'getA' },
      params: { x: '1' },
    });
    expect(new Router(routes).match('HEAD', '/a/1')).toMatchObject({ kind: 'method', allow: ['GET'] });
  });

  it('the mock, the proxy and pact-check give one verdict on each request', async () => {
    const mock = createMock({ apis: [api] });
    closers.push(() => mock.app.close());
    const set = apiSetOf([api]);
    const pacts = buildSpecIndex([{ file: SPEC, definition: api }]);
    for (const [, method, path, want] of RULES) {
      if (method === 'HEAD' || method === 'get') continue; // the mock serves HEAD; Node sends methods upper-case
      const proxy = set.match(method, path);
      const pactCheck = pacts.match(method, path);
      const answer = await mock.app.inject({ method: method as 'GET', url: path });
      const status = want.startsWith('40') ? Number(want.slice(0, 3)) : 'documented';
      expect({ path, proxy: proxy.kind, pactCheck: pactCheck.kind, mock: statusClass(answer.statusCode) }).toEqual({
        path,
        proxy: index.match(method, path).kind,
        pactCheck: index.match(method, path).kind,
        mock: status,
      });
      if (proxy.kind === 'operation' && pactCheck.kind === 'operation') {
        expect(proxy.operation.name).toBe(pactCheck.operation.name);
        expect(proxy.pathParams).toEqual(pactCheck.pathParams);
      }
    }
  });
});

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

function statusClass(status: number): number | 'documented' {
  return status === 404 || status === 405 || status === 400 ? status : 'documented';
}
