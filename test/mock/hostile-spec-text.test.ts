// Text from a spec reaches the mock's answers only escaped: an apiKey parameter name with a quote and a
// line break still gives a well-formed WWW-Authenticate challenge (not a 500 from Node refusing the header).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiDefinition } from '../../core/api-definition.ts';
import { createMock } from '../../mock/server.ts';

const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Hostile', version: '1' },
  components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'k"e\\y\r\nSet-Cookie: x=1' } } },
  security: [{ key: [] }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } },
      },
    },
  },
};

describe('spec text in the mock answers', () => {
  it("escapes an apiKey parameter's name in the 401 challenge", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pwpkit-hostile-')), 'hostile.json');
    writeFileSync(file, JSON.stringify(SPEC));
    const { app } = createMock({ apis: [await loadApiDefinition(file)] });
    try {
      const answer = await app.inject({ method: 'GET', url: '/things' });
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('ApiKey query="k\\"e\\\\ySet-Cookie: x=1"');
      expect(answer.headers['set-cookie']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
