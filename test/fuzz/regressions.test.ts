import { realpathSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { startPayWithPointsSandbox } from '../../domain/pay-with-points/index.ts';

/**
 * What the fuzz tests (this folder) found, each as a plain reproduction, so it stays fixed
 * whatever the fuzzers' seed happens to generate.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SPECS = [join(ROOT, 'spec/pay-with-points.swagger.yaml'), join(ROOT, 'spec/rewards-apac.swagger.yaml')];
let dir: string;
let stderr: string;
let stdout: string;

beforeEach(async () => {
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'pwpkit-fuzz-found-')));
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const minimal = (paths: string, extra = '') =>
  `swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths:\n${paths}${extra}`;

async function generate(name: string, text: string) {
  const file = join(dir, name);
  await writeFile(file, text);
  const out = join(dir, 'out');
  return { code: await main(['generate', '--spec', file, '--out', out]), file, out };
}

describe('generate: found by the spec fuzzer', () => {
  it('a YAML alias shared by two places generates (was refused: "YAML anchor or merge key")', async () => {
    const text = minimal(
      '  /a:\n    get:\n      responses:\n' +
        '        "200": { description: ok, schema: &s { type: object, properties: { id: { type: string } } } }\n' +
        '        "201": { description: ok, schema: *s }\n',
      'x-shared:\n  base: &b { a: 1 }\n  again: *b\n',
    );
    const { code, out } = await generate('aliases.yaml', text);
    expect(code, stderr).toBe(0);
    expect((await readdir(join(out, 'aliases'))).length).toBe(8);
  });

  it('a key with a lone UTF-16 surrogate is refused at its pointer (was: "URI malformed")', async () => {
    const { code, file } = await generate(
      'surrogate.yaml',
      minimal('  {}\n', 'definitions:\n  A:\n    properties:\n      "x\\ud800": { type: string }\n'),
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      `pwpkit: ${file}: #/definitions/A/properties/x\\uD800: a key holds a lone UTF-16 surrogate ` +
        '(an unpaired \\uD800–\\uDFFF escape): expected Unicode text\n',
    );
  });

  it("a key with a line break stays on its defect's line of the message (it split the message)", async () => {
    const { code, file } = await generate(
      'newline-key.yaml',
      minimal(
        '  /a:\n    get:\n      responses:\n        "200": { description: ok }\n      "\\n globalThis.x = 1;\\n": 1\n',
      ),
    );
    expect(code).toBe(2);
    const lines = stderr.replace(/\n$/, '').split('\n');
    expect(lines[0]).toMatch(new RegExp(`^pwpkit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    for (const line of lines.slice(1))
      expect(line).toMatch(/^ {2}\S+:\d+ #\/paths\/~1a\/get: .*\\u000a globalThis\.x = 1;\\u000a/);
  });

  it('a JSON syntax error quoting a line break is one line (V8 quotes the text around the error)', async () => {
    const { code, file } = await generate('broken.json', '{"swagger":"2.0","info":{"title":"t",\n\n"version" x\n\n}}');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^pwpkit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: JSON syntax error: [^\\n]*\\n$`),
    );
  });
});

describe('pact-check: found by the pact fuzzer', () => {
  const pact = (interaction: Record<string, unknown>) =>
    JSON.stringify({
      consumer: { name: 'c' },
      provider: { name: 'p' },
      interactions: [interaction],
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
  const balance = {
    method: 'GET',
    path: '/api/v1/apac/rewards/1234567/pointBalance',
    headers: { Authorization: 'Bearer x', client_id: 'c', uuid: 'u', Accept: 'application/json' },
  };

  it('a header name with CRLF is escaped in the refusal: each problem one line', async () => {
    const file = join(dir, 'crlf.json');
    await writeFile(
      file,
      pact({
        description: 'd',
        request: balance,
        response: { status: 200, headers: { 'X-\r\nInjected': { nested: true } } },
      }),
    );
    expect(await main(['pact-check', '--spec', ...SPECS, '--', file])).toBe(2);
    expect(stderr).toBe(
      `pwpkit: ${file}: not a valid pact file (1 problem):\n` +
        `  ${file}: /interactions/0/response/headers/X-\\u000d\\u000aInjected: ` +
        'expected a string or an array of strings\n',
    );
  }, 60_000);

  it('a description or path with line breaks cannot write lines of the text report', async () => {
    const file = join(dir, 'forged.json');
    await writeFile(
      file,
      pact({
        description: 'ok\n  ✓ 99 interactions agree with the specs\npact-check: 0 errors',
        request: { ...balance, path: '/api/v1/apac/rewards/1234567/pointBalance\nforged' },
        response: { status: 200 },
      }),
    );
    const code = await main(['pact-check', '--spec', ...SPECS, '--', file]);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/^\s*✓ 99 interactions/m);
    expect(stdout).not.toMatch(/^pact-check: 0 errors/m);
    expect(stdout).toContain('"ok\\u000a  ✓ 99 interactions agree with the specs\\u000apact-check: 0 errors"');
  }, 60_000);
});

describe('mock: found by the request fuzzer', () => {
  it('a client that half-closes after its request still gets a late answer (a delay fault); it got none', async () => {
    const mock = await startPayWithPointsSandbox({ port: 0, faults: { rate: 1, kind: 'delay', delayMs: 50, seed: 1 } });
    try {
      const request =
        'GET /api/v1/apac/rewards/1234567/pointBalance HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Authorization: Bearer sandbox-static-token\r\nclient_id: sandbox-client\r\n' +
        'uuid: 6f1c2a9e-8b7d-4c6a-9e5f-1a2b3c4d5e6f\r\nAccept: application/json\r\n\r\n';
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(mock.url).port), '127.0.0.1', () => socket.end(request));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(text));
      });
      // The documented ErrorResponse for this request, whatever it is, not an empty close.
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d [\s\S]*\r\n\r\n\{"type":"(error|invalid)","code":"\w+"/);
    } finally {
      await mock.close();
    }
  });
});
