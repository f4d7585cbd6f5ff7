/**
 * `pwpkit mock --spec <any>` (issue 15) on every spec of the corpus: each operation, asked with a
 * valid request built from the spec (verify's own request builder), gets a documented status
 * with a body valid against the spec; one invalid request per operation with a required input
 * gets a documented or RFC 9457 4xx, never a 5xx.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentedStatusKey } from '@pwpkit/runtime';
import { loadApiDefinition } from '../../core/api-definition.ts';
import { createMock, listen } from '../../mock/server.ts';
import { mockOperations, type MockOperation } from '../../mock/generic/operations.ts';
import { repair, sample, sampleContext } from '../../mock/generic/sampler.ts';
import { apiSetOf } from '../../verifier/api-set.ts';
import { toHttpRequest, validParts, type RequestParts } from '../../verifier/cases/build-request.ts';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const files = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .sort()
  : [];
/** As in test/generator/corpus.test.ts: invalid as published, served with --lenient. */
export const NEEDS_LENIENT = new Set(['square__api.json']);

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Credentials of the operation's first security alternative (the mock checks presence only). */
function withCredentials(op: MockOperation, parts: RequestParts): RequestParts {
  const headers = { ...parts.headers };
  const query = { ...parts.query };
  for (const s of op.security[0] ?? []) {
    if (s.type === 'apiKey' && s.in === 'query') query[s.param!] = 'pwpkit-key';
    else if (s.type === 'apiKey' && s.in === 'cookie') headers.cookie = `${s.param}=pwpkit-key`;
    else if (s.type === 'apiKey') headers[s.param!.toLowerCase()] = headers[s.param!.toLowerCase()] ?? 'pwpkit-key';
    else if (s.type === 'http' && s.scheme === 'basic')
      headers.authorization = `Basic ${Buffer.from('user:pass').toString('base64')}`;
    else headers.authorization = 'Bearer pwpkit-token';
  }
  return { ...parts, headers, query };
}

/**
 * verify's builder takes a path parameter's example, else the literal "example" (even for an
 * integer or an enum): where that breaks the parameter's schema, a value sampled from it.
 */
function fixPathParams(op: MockOperation, parts: RequestParts): RequestParts {
  const validate = op.validators.path;
  if (!validate || validate(parts.pathParams)) return parts;
  const pathParams = { ...parts.pathParams };
  for (const p of op.model.parameters.filter((x) => x.in === 'path'))
    pathParams[p.name] = String(sample(sampleContext(op.api.openapi, 1, false), p.schema));
  return { ...parts, pathParams };
}

/**
 * verify's builder fills a patterned string with "example": where the body breaks its schema, one sampled from it
 * (patterns honoured).
 */
function fixBody(op: MockOperation, parts: RequestParts): RequestParts {
  const validate = op.validators.body;
  const schema = op.model.requestBody?.schema;
  if (!validate || !schema || parts.body === undefined || validate(parts.body)) return parts;
  // Docker's container example contradicts its own schema (`Entrypoint: ""` for an array): repaired.
  return { ...parts, body: repair(sample(sampleContext(op.api.openapi, 1, false, 'request'), schema), validate) };
}

interface Sent {
  status: number;
  contentType: string;
  text: string;
}

async function send(
  url: string,
  request: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<Sent> {
  const r = await fetch(url + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
  });
  // A HEAD answer has no content: its body is checked as the GET's would be, i.e. not here.
  return {
    status: r.status,
    contentType: request.method === 'HEAD' ? '' : (r.headers.get('content-type') ?? ''),
    text: await r.text(),
  };
}

describe.skipIf(files.length === 0)('pwpkit mock --spec on the corpus', () => {
  it.each(files)(
    '%s: every operation answered as documented, valid and invalid requests',
    async (file) => {
      const api = await loadApiDefinition(join(CORPUS, file), { lenient: NEEDS_LENIENT.has(file) });
      const mock = await listen(createMock({ apis: [api] }).app);
      closers.push(() => mock.close());
      const set = apiSetOf([api]);
      const byName = new Map(mockOperations(api).map((op) => [op.name, op]));
      const problems: string[] = [];
      let invalidTried = 0;
      for (const op of set.operations) {
        const mop = byName.get(op.name)!;
        const ctx = { set, root: mock.url, values: {} };
        const parts = withCredentials(mop, fixBody(mop, fixPathParams(mop, validParts(op, ctx))));
        const request = toHttpRequest(op, ctx, parts);
        const label = `${op.model.method.toUpperCase()} ${op.model.path} (${op.name})`;
        const answer = await send(mock.url, request);
        const key = documentedStatusKey(op.spec.statuses, answer.status);
        const documentsSuccess = op.spec.statuses.some((st) => /^2|^default$/i.test(st));
        if ((documentsSuccess && answer.status >= 300) || key === undefined)
          problems.push(`${label}: valid request answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        else {
          const validate = op.validators.responses[key];
          // 205 carries no content whatever a spec documents (gitea's notification list): HTTP wins.
          if (validate && /json/.test(answer.contentType) && answer.status !== 205) {
            const body = answer.text === '' ? undefined : JSON.parse(answer.text);
            if (!validate(body))
              problems.push(
                `${label}: ${answer.status} body violates the spec: ${JSON.stringify(validate.errors?.[0])}`,
              );
          }
        }

        // One invalid request: the first required input left out (or broken).
        const requiredQuery = op.model.parameters.find((p) => p.in === 'query' && p.required);
        const requiredHeader = op.model.parameters.find((p) => p.in === 'header' && p.required);
        const typedPath = op.model.parameters.find(
          (p) => p.in === 'path' && ['integer', 'number', 'boolean'].includes(String(set.resolve(op, p.schema).type)),
        );
        let broken: RequestParts | undefined;
        if (op.model.requestBody?.required) broken = { ...parts, body: undefined };
        else if (requiredQuery)
          broken = {
            ...parts,
            query: Object.fromEntries(Object.entries(parts.query).filter(([k]) => k !== requiredQuery.name)),
          };
        else if (requiredHeader)
          broken = {
            ...parts,
            headers: Object.fromEntries(
              Object.entries(parts.headers).filter(([k]) => k !== requiredHeader.name.toLowerCase()),
            ),
          };
        else if (typedPath)
          broken = { ...parts, pathParams: { ...parts.pathParams, [typedPath.name]: 'not-a-number' } };
        if (!broken) continue;
        invalidTried++;
        const refused = await send(mock.url, toHttpRequest(op, ctx, broken));
        const refusedKey = documentedStatusKey(op.spec.statuses, refused.status);
        const isProblem =
          /^application\/problem\+json/.test(refused.contentType) ||
          (request.method === 'HEAD' && refusedKey === undefined);
        if (refused.status < 400 || refused.status >= 500)
          problems.push(`${label}: invalid request answered ${refused.status}: ${refused.text.slice(0, 200)}`);
        else if (!isProblem && refusedKey === undefined)
          problems.push(
            `${label}: invalid request answered an undocumented ${refused.status} that is not problem+json`,
          );
        else if (isProblem && request.method !== 'HEAD') {
          const body = JSON.parse(refused.text) as { status?: number; detail?: string; violations?: unknown[] };
          if (
            body.status !== refused.status ||
            !body.detail ||
            !Array.isArray(body.violations) ||
            body.violations.length === 0
          )
            problems.push(`${label}: problem+json without status, detail or violations: ${refused.text}`);
        } else {
          const validate = op.validators.responses[refusedKey!];
          if (validate && /json/.test(refused.contentType) && !validate(JSON.parse(refused.text)))
            problems.push(
              `${label}: ${refused.status} refusal violates the spec: ${JSON.stringify(validate.errors?.[0])}`,
            );
        }
      }
      expect(problems).toEqual([]);
      expect(set.operations.length).toBeGreaterThan(0);
      expect(invalidTried).toBeGreaterThanOrEqual(0);
      await mock.close();
    },
    180_000,
  );
});
