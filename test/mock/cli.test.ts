import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults } from '../../cli/mock.ts';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function pwpkit(args: string[]) {
  const child = spawn(process.execPath, [join(root, 'bin/pwpkit.js'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const waitFor = async (pattern: RegExp, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!pattern.test(stdout)) {
      if (Date.now() > until || child.exitCode !== null)
        throw new Error(`no ${pattern} in output: ${stdout} ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return pattern.exec(stdout)!;
  };
  return { child, exited, waitFor, out: () => stdout, err: () => stderr };
}

describe('pwpkit mock (CLI)', () => {
  it('--port 0 prints the real URL, serves, and stops cleanly on SIGTERM', async () => {
    const run = pwpkit(['mock', '--port', '0', '--admin', '--faults', '0']);
    const [, url] = await run.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl-C to stop/);
    expect(url).not.toMatch(/:0$/);
    expect(run.out()).toContain('client id: sandbox-client');
    expect(run.out()).not.toContain('sandbox-secret');
    const token = await fetch(`${url}/api/clientCredentials/oauth2/token/sg/gcb`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=/api',
    });
    expect(token.status).toBe(200);
    expect(
      (
        await fetch(`${url}/__admin/reset`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('pwpkit mock: stopped');
    expect(run.err()).toBe('');
  }, 30_000);

  it('SIGINT stops it too; --fixture serves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwpkit-cli-mock-'));
    const file = join(dir, 'f.json');
    writeFileSync(
      file,
      JSON.stringify({ clients: [{ clientId: 'shop-42', clientSecret: 's', staticTokens: ['t-42'] }], cards: [] }),
    );
    const run = pwpkit(['mock', '--port', '0', '--fixture', file]);
    const [, url] = await run.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl-C to stop/);
    expect(run.out()).toContain('client id: shop-42');
    const r = await fetch(`${url}/api/v1/apac/rewards/linkage`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer t-42',
        uuid: crypto.randomUUID(),
        client_id: 'shop-42',
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        lastFourDigitsCardNumber: '7411',
        citiCardHolderPhoneNumber: '2608191234',
        merchantCustomerReferenceId: 'm',
      }),
    });
    expect((await r.json()) as unknown).toMatchObject({ code: 'invalidCardType' }); // no cards in that fixture
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 30_000);

  it('bad flags → one clear message each, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--port', 'abc'], /--port: expected a whole number from 0 to 65535/],
      [['--port', '70000'], /--port: expected a whole number from 0 to 65535/],
      [['--faults', '1.5'], /--faults: the rate must be a number from 0 to 1/],
      [['--faults', '0.1,jitter=3'], /unknown part "jitter=3"/],
      [['--fixture', '/nonexistent/f.json'], /--fixture \/nonexistent\/f\.json: \/: file not found/],
      [['--unknown-flag'], /unknown option/],
    ];
    const runs = cases.map(([args]) => pwpkit(['mock', '--port', '0', ...args]));
    const codes = await Promise.all(runs.map((r) => r.exited));
    cases.forEach(([args, message], i) => {
      expect(codes[i], args.join(' ')).toBe(2);
      expect(runs[i].err()).toMatch(message);
      expect(runs[i].err().trim().split('\n')).toHaveLength(1);
    });
  }, 30_000);

  it('a port in use → exit 2 with a hint', async () => {
    const first = pwpkit(['mock', '--port', '0']);
    const [, port] = await first.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = pwpkit(['mock', '--port', port]);
    expect(await second.exited).toBe(2);
    expect(second.err()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 30_000);
});

describe('--faults parsing', () => {
  it.each([
    ['0.1', { rate: 0.1 }],
    ['0.25,delay=500', { rate: 0.25, delayMs: 500, kind: 'delay' }],
    ['0.5,delay=200,kind=both,seed=9', { rate: 0.5, delayMs: 200, kind: 'both', seed: 9 }],
    ['1,kind=error', { rate: 1, kind: 'error' }],
  ])('%s', (spec, want) => expect(parseFaults(spec)).toEqual(want));
});
