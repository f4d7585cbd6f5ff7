import { afterEach, describe, expect, it } from 'vitest';
import { ClientError, createApiClient, type ApiDefinition, type ClientCredentialsGrant } from '@pwpkit/runtime';
import { createAuthorizeClient } from '../../generated/authorize/client.ts';
import { createPayWithPointsClient } from '../../generated/pay-with-points/client.ts';
import { createRewardsApacClient } from '../../generated/rewards-apac/client.ts';
import { startScriptedServer } from './scripted-server.ts';

const SECRET = 'sandbox-secret-Zq81';
const balance = { availablePointBalance: 10000, programConversionRate: 0.2521, currencyCode: 'SGD' };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve() {
  const server = await startScriptedServer(() => ({ status: 200, body: balance }));
  close = server.close;
  return server;
}

/** One operation, `GET /things`, and the grant under test: the smallest API a generated client could hand over. */
function definitionWith(clientCredentials?: ClientCredentialsGrant): ApiDefinition {
  return {
    api: { name: 'things', basePath: '/v2', ...(clientCredentials ? { clientCredentials } : {}) },
    operations: {
      listThings: {
        method: 'get',
        path: '/things',
        headers: [{ name: 'Authorization', required: true }],
        pathParams: [],
        queryParams: [],
        body: null,
        statuses: ['200'],
        idempotent: true,
      },
    },
    validators: { listThings: { responses: {} } },
    errorCatalog: {},
  };
}

const credentials = { clientId: 'c', clientSecret: SECRET };

describe('the generated Citi clients fetch their token where they always did (the spec tables say so now)', () => {
  it('Pay with Points: POST <root>/api/clientCredentials/oauth2/token/sg/gcb, scope /api, Basic auth', async () => {
    const server = await serve();
    const pwp = createPayWithPointsClient({ baseUrl: server.url, clientId: 'sandbox-client', clientSecret: SECRET });
    await pwp.retrieveRewardsBalance({ rewardLinkCode: '9035268' });
    expect(server.tokenRequests).toHaveLength(1);
    const [t] = server.tokenRequests;
    expect(t.method).toBe('POST');
    expect(t.url).toBe('/api/clientCredentials/oauth2/token/sg/gcb');
    expect(t.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-client:${SECRET}`).toString('base64')}`);
    expect(t.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(t.body).toBe('grant_type=client_credentials&scope=%2Fapi');
    expect(server.requests[0].headers.authorization).toBe('Bearer tok-1');
  });

  it('rewards APAC: the same URL and scope', async () => {
    const server = await serve();
    const rewards = createRewardsApacClient({ baseUrl: `${server.url}/api`, ...credentials });
    await rewards.retrieveCreditCardAccountRewardPointsBalance({ rewardLinkCode: '9035268' });
    expect(server.tokenRequests.map((t) => [t.url, t.body])).toEqual([
      ['/api/clientCredentials/oauth2/token/sg/gcb', 'grant_type=client_credentials&scope=%2Fapi'],
    ]);
  });

  it('countryCode fills the placeholder, in lower case as Citi token paths are', async () => {
    const server = await serve();
    const pwp = createPayWithPointsClient({ baseUrl: server.url, ...credentials, countryCode: 'HK' });
    await pwp.retrieveRewardsBalance({ rewardLinkCode: '9035268' });
    expect(server.tokenRequests[0].url).toBe('/api/clientCredentials/oauth2/token/hk/gcb');
  });

  it('Authorize (the Hong Kong API) defaults to hk, as its card grant pre-login token always did', async () => {
    const server = await serve();
    const authorize = createAuthorizeClient({ baseUrl: server.url, ...credentials });
    await authorize.retrieveE2ePublicKeyPreLogin();
    expect(server.tokenRequests.map((t) => t.url)).toEqual(['/api/clientCredentials/oauth2/token/hk/gcb']);
  });
});

describe('any API: the token URL comes from its tables', () => {
  it('a path is put under the API root; options fill placeholders; no documented scope, no scope field', async () => {
    const server = await serve();
    const grant = { tokenUrl: '/oauth2/token/{region}/{tenant}', variables: { tenant: { default: 'main' } } };
    const client = createApiClient(definitionWith(grant), {
      baseUrl: server.url,
      ...credentials,
      tokenUrlVariables: { region: 'eu west' },
    });
    await client.call('listThings');
    const [t] = server.tokenRequests;
    expect(t.url).toBe('/v2/oauth2/token/eu%20west/main');
    expect(t.body).toBe('grant_type=client_credentials');
  });

  it('an absolute token URL is asked as it is, with the documented scope', async () => {
    const server = await serve();
    const grant = { tokenUrl: `${server.url}/auth/oauth2/token/`, scope: 'read write' };
    const client = createApiClient(definitionWith(grant), { baseUrl: server.url, ...credentials });
    await client.call('listThings');
    expect(server.tokenRequests.map((t) => [t.url, new URLSearchParams(t.body).get('scope')])).toEqual([
      ['/auth/oauth2/token/', 'read write'],
    ]);
  });

  it('a placeholder with no value and no default: refused when the client is created, naming what to pass', () => {
    const grant = { tokenUrl: '/oauth2/token/{countryCode}/{region}', variables: { region: { default: 'x' } } };
    const create = () => createApiClient(definitionWith(grant), { baseUrl: 'http://127.0.0.1:9', ...credentials });
    expect(create).toThrowError(ClientError);
    expect(create).toThrowError(
      'the token URL /oauth2/token/{countryCode}/{region} needs a value for {countryCode} and the spec gives no ' +
        'default: pass countryCode (or tokenUrl)',
    );
    const other = { tokenUrl: '/oauth2/token/{region}' };
    expect(() => createApiClient(definitionWith(other), { baseUrl: 'http://127.0.0.1:9', ...credentials })).toThrow(
      /needs a value for \{region\} .*pass tokenUrlVariables\.region \(or tokenUrl\)$/,
    );
    // A token, or a token URL of the caller's, needs no template.
    expect(() => createApiClient(definitionWith(grant), { baseUrl: 'http://x', token: 't' })).not.toThrow();
    expect(() =>
      createApiClient(definitionWith(grant), { baseUrl: 'http://x', ...credentials, tokenUrl: 'http://x/t' }),
    ).not.toThrow();
  });

  it('a client secret for an API that documents no token URL: refused at creation, not sent to a guessed URL', () => {
    const create = () => createApiClient(definitionWith(), { baseUrl: 'http://127.0.0.1:9', ...credentials });
    let thrown: unknown;
    try {
      create();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClientError);
    expect(thrown).toMatchObject({
      code: 'config',
      message: 'clientSecret given, but this API documents no client-credentials token URL: pass tokenUrl (or token)',
    });
    expect(String(thrown)).not.toContain(SECRET);
  });
});
