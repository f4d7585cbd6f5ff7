import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiDefinition } from '../../core/api-definition.ts';
import { InputError } from '../../input/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'pwpkit-grant-'));
let count = 0;
function specFile(text: string): string {
  const file = join(dir, `spec-${++count}.yaml`);
  writeFileSync(file, text);
  return file;
}

const operation = `paths:
  /things:
    get:
      responses:
        "200": { description: ok }
`;
const swagger = (top: string) => `swagger: "2.0"\ninfo: { title: t, version: "1" }\nbasePath: /v2\n${top}${operation}`;
const openapi = (top: string) =>
  `openapi: 3.0.3\ninfo: { title: t, version: "1" }\nservers: [{ url: /v2 }]\n${top}${operation}`;
const load = (text: string) => loadApiDefinition(specFile(text), { generatedDir: join(dir, 'none') });

describe('the api table carries the client-credentials grant the spec documents', () => {
  it.each([
    [
      'Swagger 2.0 oauth2 application flow',
      swagger(`securityDefinitions:
  oauth:
    type: oauth2
    flow: application
    tokenUrl: https://auth.example.com/oauth/token
    scopes: { read: read things, write: write things }
`),
      { tokenUrl: 'https://auth.example.com/oauth/token', scope: 'read write' },
    ],
    [
      'OpenAPI 3 clientCredentials flow (relative URL, no scopes)',
      openapi(`components:
  securitySchemes:
    basic: { type: http, scheme: basic }
    oauth:
      type: oauth2
      flows:
        authorizationCode: { authorizationUrl: /authorize, tokenUrl: /code-token, scopes: {} }
        clientCredentials: { tokenUrl: /oauth/token, scopes: {} }
`),
      { tokenUrl: '/oauth/token' },
    ],
    [
      'x-pwpkit-client-credentials (placeholders, scope, defaults), which wins over an oauth2 flow',
      swagger(`x-pwpkit-client-credentials:
  tokenUrl: /clientCredentials/oauth2/token/{countryCode}/gcb
  scope: /api
  variables: { countryCode: { default: sg, lowercase: true } }
securityDefinitions:
  oauth: { type: oauth2, flow: application, tokenUrl: "https://auth.example.com/t", scopes: {} }
`),
      {
        tokenUrl: '/clientCredentials/oauth2/token/{countryCode}/gcb',
        scope: '/api',
        variables: { countryCode: { default: 'sg', lowercase: true } },
      },
    ],
    ['no oauth2 flow, no extension', swagger(''), undefined],
  ])('%s', async (_, text, expected) => {
    const definition = await load(text);
    expect(definition.api.clientCredentials).toEqual(expected);
    expect(definition.api.name).toMatch(/^spec-\d+$/);
    expect(definition.api.basePath).toBe('/v2');
  });

  it.each([
    ['not an object', 'x-pwpkit-client-credentials: /token\n', /#\/x-pwpkit-client-credentials: expected an object/],
    [
      'no tokenUrl',
      'x-pwpkit-client-credentials: { scope: /api }\n',
      /#\/x-pwpkit-client-credentials\/tokenUrl: expected the token URL/,
    ],
    [
      'an unknown key',
      'x-pwpkit-client-credentials: { tokenUrl: /t, scopes: /api }\n',
      /#\/x-pwpkit-client-credentials\/scopes: expected only tokenUrl, scope and variables/,
    ],
    [
      'a variable the template does not hold',
      'x-pwpkit-client-credentials: { tokenUrl: "/t/{country}", variables: { countryCode: { default: sg } } }\n',
      /#\/x-pwpkit-client-credentials\/variables\/countryCode: tokenUrl has no \{countryCode\} placeholder/,
    ],
    [
      'a default that is not a string',
      'x-pwpkit-client-credentials: { tokenUrl: "/t/{n}", variables: { n: { default: 7 } } }\n',
      /#\/x-pwpkit-client-credentials\/variables\/n: default: expected a non-empty string/,
    ],
  ])('a malformed extension (%s) is refused as bad input, with its place', async (_, top, message) => {
    const failure = await load(swagger(top)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).message).toMatch(message);
    expect((failure as InputError).message).toMatch(/spec-\d+\.yaml:\d+: #/);
    expect((failure as InputError).message).not.toContain('\n');
  });
});
