// The mock's plug-in points, with a toy API that is not Citi's: the machinery answers with the
// plug-in's own codes and rows, runs its behaviours, honours its outage flag and registers its routes.
import type { ApiDefinition } from '@pwpkit/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { createMock, fail, type MockPlugin, ok } from '../../mock/index.ts';

const lending: ApiDefinition = {
  api: { name: 'lending', basePath: '/lib' },
  operations: {
    getBook: {
      method: 'get',
      path: '/books/{isbn}',
      headers: [],
      pathParams: ['isbn'],
      queryParams: [],
      body: null,
      statuses: ['200', '401', '404', '503'],
      idempotent: true,
    },
    returnBook: {
      method: 'delete',
      path: '/books/{isbn}',
      headers: [],
      pathParams: ['isbn'],
      queryParams: [],
      body: null,
      statuses: ['204', '401', '503'],
      idempotent: true,
    },
  },
  // A success answer has a body when the spec documents one (a validator for it).
  validators: { getBook: { responses: { '200': () => true } }, returnBook: { responses: {} } },
  errorCatalog: {
    getBook: {
      '400': [{ type: 'client', code: 'badInput' }],
      '401': [{ type: 'client', code: 'whoAreYou' }],
      '403': [{ type: 'client', code: 'notYours' }],
      '404': [{ type: 'client', code: 'noSuchBook' }],
      '503': [{ type: 'server', code: 'closed' }],
    },
    returnBook: {
      '400': [{ type: 'client', code: 'badInput' }],
      '401': [{ type: 'client', code: 'whoAreYou' }],
      '403': [{ type: 'client', code: 'notYours' }],
      '503': [{ type: 'server', code: 'closed' }],
    },
  },
};

interface Library {
  books: Map<string, string>;
  closed: boolean;
}

function libraryPlugin(library: Library): MockPlugin<Library> {
  return {
    state: library,
    apis: [lending],
    errors: {
      codes: {
        invalid: 'badInput',
        unauthorized: 'whoAreYou',
        forbidden: 'notYours',
        notFound: 'nowhere',
        methodNotAllowed: 'wrongVerb',
        unavailable: 'closed',
      },
      catalog: {
        '400': [{ type: 'client', code: 'badInput', details: 'bad input' }],
        '403': [{ type: 'client', code: 'notYours', details: 'not yours' }],
        '404': [{ type: 'client', code: 'nowhere', details: 'nothing here' }],
        '405': [{ type: 'client', code: 'wrongVerb', details: 'wrong verb' }],
        '503': [{ type: 'server', code: 'closed', details: 'closed' }],
      },
      fallbacks: {},
    },
    behaviourFor: (method, path) =>
      method === 'get' && path === '/books/{isbn}'
        ? {
            codes: ['noSuchBook'],
            handle: ({ state, pathParam, clientId }) => {
              const title = state.books.get(pathParam);
              return title ? ok({ title, reader: clientId }) : fail('noSuchBook', 'isbn');
            },
          }
        : undefined,
    callerOf: (token) => (token === 'reader-token' ? 'reader' : undefined),
    isUnavailable: () => library.closed,
    registerRoutes(app, kit) {
      app.get('/lib/hours', (_request, reply) =>
        library.closed ? kit.genericErrors.send(reply, fail('closed')) : reply.send({ open: '9-17' }),
      );
    },
    registerAdmin(app, kit) {
      app.post('/__admin/close', kit.guard, (_request, reply) => {
        library.closed = true;
        return reply.send({});
      });
    },
  };
}

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function start(admin = false) {
  const library: Library = { books: new Map([['9780140449136', 'The Odyssey']]), closed: false };
  const mock = createMock({ plugin: libraryPlugin(library), admin });
  apps.push(mock.app);
  const call = async (method: string, url: string, token?: string) => {
    const r = await mock.app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers };
  };
  return { mock, library, call };
}

describe('the mock with a plug-in that is not Pay with Points', () => {
  it('runs the behaviour with the caller and the path parameter', async () => {
    const { call } = start();
    expect(await call('GET', '/lib/books/9780140449136', 'reader-token')).toMatchObject({
      status: 200,
      body: { title: 'The Odyssey', reader: 'reader' },
    });
    expect(await call('GET', '/lib/books/0000000000', 'reader-token')).toMatchObject({
      status: 404,
      body: { type: 'client', code: 'noSuchBook', location: 'isbn' },
    });
  });

  it('answers with the plug-in’s codes: unknown token, unknown path, wrong method', async () => {
    const { call } = start();
    expect(await call('GET', '/lib/books/1', 'stranger')).toMatchObject({
      status: 401,
      body: { code: 'whoAreYou', location: 'Authorization' },
    });
    expect(await call('GET', '/lib/shelves', 'reader-token')).toMatchObject({ status: 404, body: { code: 'nowhere' } });
    const wrong = await call('PUT', '/lib/books/1', 'reader-token');
    expect(wrong).toMatchObject({ status: 405, body: { type: 'client', code: 'wrongVerb' } });
    expect(wrong.headers.allow).toBe('GET, DELETE');
  });

  it('lists the operations no behaviour implements; they answer the outage code', async () => {
    const { mock, call } = start();
    expect(mock.unimplemented).toEqual(['DELETE /books/{isbn}']);
    expect(await call('DELETE', '/lib/books/1', 'reader-token')).toMatchObject({
      status: 503,
      body: { code: 'closed' },
    });
  });

  it('honours the outage flag, on operations, its own routes and unknown paths', async () => {
    const { library, call } = start();
    expect(await call('GET', '/lib/hours')).toMatchObject({ status: 200, body: { open: '9-17' } });
    library.closed = true;
    for (const url of ['/lib/books/9780140449136', '/lib/hours', '/lib/shelves'])
      expect(await call('GET', url, 'reader-token'), url).toMatchObject({ status: 503, body: { code: 'closed' } });
  });

  it('registers the admin routes only with admin: true', async () => {
    expect((await start().call('POST', '/__admin/close')).status).toBe(404);
    const { library, call } = start(true);
    expect((await call('POST', '/__admin/close')).status).toBe(200);
    expect(library.closed).toBe(true);
  });
});
