// The path a downstream repo takes: pack pwpkit and @pwpkit/runtime, install the tarballs into a
// fresh project, `pwpkit generate` there, compile with plain tsc, run with plain node against
// `pwpkit mock`, then install the app alone with --omit=dev and run it again.
// Works offline once the root project's dependencies are in npm's cache (--prefer-offline).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const STEP = 300_000;

let work = '';
let packs: { pwpkit: string; runtime: string };
const children: ChildProcess[] = [];

async function sh(cwd: string, file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, timeout: STEP, maxBuffer: 1 << 24, env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${file} ${args.join(' ')} failed (exit ${String(e.code)}) in ${cwd}:\n` +
        `${e.stdout ?? ''}\n${e.stderr ?? e.message}`,
    );
  }
}

const npm = (cwd: string, args: string[]) => sh(cwd, 'npm', [...args, ...NPM_FLAGS]);
const node = (cwd: string, args: string[]) => sh(cwd, process.execPath, args);

/** `npm pack` of both packages into the work folder; returns the tarball paths. */
async function packBoth(): Promise<{ pwpkit: string; runtime: string }> {
  const dest = join(work, 'packs');
  mkdirSync(dest);
  // The build ran before the tests (`npm test` starts with it); packing must not rebuild.
  await npm(root, ['pack', '--ignore-scripts', '--pack-destination', dest]);
  await npm(root, ['pack', '-w', 'runtime', '--ignore-scripts', '--pack-destination', dest]);
  const names = readdirSync(dest);
  const find = (prefix: string) => join(dest, names.find((n) => n.startsWith(prefix))!);
  return { pwpkit: find('pwpkit-0'), runtime: find('pwpkit-runtime-') };
}

const APP_SOURCE = `import { createPayWithPointsClient } from './generated/pay-with-points/client.js';

const pwp = createPayWithPointsClient({
  baseUrl: process.argv[2]!,
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
});
const link = await pwp.enrollInPayWithPoints({
  body: {
    lastFourDigitsCardNumber: '7411',
    citiCardHolderPhoneNumber: '2608191234',
    merchantCustomerReferenceId: 'M-1',
  },
});
if (!link.ok) throw new Error('enrol: ' + link.kind);
const rewardLinkCode = link.data.rewardLinkCode!;
const activated = await pwp.tokenActivation({ rewardLinkCode, body: { linkageConfirmationCode: '735937' } });
const balance = await pwp.retrieveRewardsBalance({ rewardLinkCode });
if (!balance.ok) throw new Error('balance: ' + balance.kind);
const activation = activated.ok ? activated.status : activated.kind;
const points = balance.data.availablePointBalance;
console.log(JSON.stringify({ enrolled: link.status, activated: activation, points }));
`;

function tsconfig(options: Record<string, unknown>): string {
  const base = { target: 'ES2022', strict: true, skipLibCheck: true, types: ['node'], lib: ['ES2023', 'DOM'] };
  return JSON.stringify({ compilerOptions: { ...base, ...options }, include: ['src'] }, null, 2);
}

/** A fresh app: its spec, its own config, the runtime as a dependency, pwpkit as a dev dependency. */
async function createApp(dir: string): Promise<void> {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'api'));
  cpSync(join(root, 'spec/pay-with-points.swagger.yaml'), join(dir, 'api/pay-with-points.swagger.yaml'));
  const config = { spec: ['api/pay-with-points.swagger.yaml'], out: 'src/generated' };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module', pwpkit: config }, null, 2),
  );
  writeFileSync(join(dir, 'src/app.ts'), APP_SOURCE);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    tsconfig({ module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'dist', rootDir: 'src' }),
  );
  writeFileSync(
    join(dir, 'tsconfig.node16.json'),
    tsconfig({ module: 'Node16', moduleResolution: 'Node16', noEmit: true }),
  );
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    tsconfig({ module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }),
  );
  // The runtime first: pwpkit depends on it, and it is not on the registry.
  await npm(dir, ['install', packs.runtime]);
  const dev = ['typescript', '@types/node'].map((name) =>
    `${name}@${rootPackage.devDependencies[name] ?? ''}`.replace(/@$/, ''),
  );
  await npm(dir, ['install', '-D', packs.pwpkit, ...dev]);
}

/** Starts the installed `pwpkit mock --admin` on a free port; resolves its URL. */
async function startInstalledMock(dir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [join(dir, 'node_modules/pwpkit/bin/pwpkit.js'), 'mock', '--port', '0', '--admin'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolveUrl, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolveUrl(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`pwpkit mock exited ${code}: ${out}`)));
  });
}

/** Apparent size of a folder's files, in bytes (what `npm i --omit=dev` put on disk). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

describe('downstream: pack → install → generate → tsc → node', () => {
  const app = () => join(work, 'app');

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/cli/main.js')) || !existsSync(join(root, 'runtime/dist/index.js'))) {
      throw new Error('no build: run `npm run build` (npm test does) before this test');
    }
    work = mkdtempSync(join(tmpdir(), 'pwpkit-downstream-'));
    packs = await packBoth();
    await createApp(app());
  }, STEP);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(
    'the tarballs pass publint and are typed for ESM consumers (attw)',
    async () => {
      for (const tarball of [packs.pwpkit, packs.runtime]) {
        await node(root, [join(root, 'node_modules/publint/src/cli.js'), 'run', tarball, '--strict']);
        await node(root, [
          join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
          tarball,
          '--profile',
          'esm-only',
          '--format',
          'ascii',
        ]);
      }
    },
    STEP,
  );

  it(
    'pwpkit --version prints the package version; no TypeScript loader in the install path',
    async () => {
      const { stdout } = await node(app(), ['node_modules/pwpkit/bin/pwpkit.js', '--version']);
      expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
      const installed = JSON.parse(readFileSync(join(app(), 'node_modules/pwpkit/package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(installed.dependencies)).not.toContain('tsx');
      expect(Object.keys(installed.dependencies)).not.toContain('@pact-foundation/pact');
    },
    STEP,
  );

  it(
    'pact-verify without the optional Pact peer: one line saying how to add it, exit 2',
    async () => {
      expect(existsSync(join(app(), 'node_modules/@pact-foundation/pact'))).toBe(false);
      writeFileSync(join(work, 'some.pact.json'), '{}');
      const args = [
        'node_modules/pwpkit/bin/pwpkit.js',
        'pact-verify',
        '--provider-url',
        'http://127.0.0.1:9',
        '--pacts',
        join(work, 'some.pact.json'),
      ];
      const refused = await node(app(), args).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).toContain('(exit 2)');
      expect(refused).toContain('pact-verify needs @pact-foundation/pact: npm i -D @pact-foundation/pact@16');
      expect(refused).not.toMatch(/\n\s+at /);
    },
    STEP,
  );

  it(
    'generates, compiles under NodeNext (emit), Node16 and Bundler, and runs with plain node against the mock',
    async () => {
      await sh(app(), 'npx', ['--no-install', 'pwpkit', 'generate']);
      const client = readFileSync(join(app(), 'src/generated/pay-with-points/client.ts'), 'utf8');
      expect(client).toContain("from '@pwpkit/runtime'");
      expect(client).toContain("from './operations.js'");
      const tsc = join(app(), 'node_modules/typescript/bin/tsc');
      await node(app(), [tsc, '-p', 'tsconfig.json']);
      await node(app(), [tsc, '-p', 'tsconfig.node16.json']);
      await node(app(), [tsc, '-p', 'tsconfig.bundler.json']);
      expect(existsSync(join(app(), 'dist/generated/pay-with-points/validators.js'))).toBe(true);

      const mock = await startInstalledMock(app());
      const { stdout } = await node(app(), ['dist/app.js', mock]);
      expect(JSON.parse(stdout)).toEqual({ enrolled: 200, activated: 200, points: 10000 });

      // The app alone, as a production image gets it: its build output and `npm i --omit=dev`.
      const prod = join(work, 'prod');
      mkdirSync(prod);
      cpSync(join(app(), 'dist'), join(prod, 'dist'), { recursive: true });
      cpSync(join(app(), 'package.json'), join(prod, 'package.json'));
      await npm(prod, ['install', '--omit=dev']);
      const installed = readdirSync(join(prod, 'node_modules')).filter((n) => !n.startsWith('.'));
      expect(installed).not.toContain('pwpkit');
      expect(installed).not.toContain('typescript');
      const bytes = folderBytes(join(prod, 'node_modules'));
      expect(bytes, `${(bytes / 1e6).toFixed(1)} MB in node_modules: ${installed.join(', ')}`).toBeLessThanOrEqual(
        5_000_000,
      );
      await fetch(`${mock}/__admin/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const again = await node(prod, ['dist/app.js', mock]);
      expect(JSON.parse(again.stdout)).toEqual({ enrolled: 200, activated: 200, points: 10000 });
    },
    STEP * 2,
  );
});
