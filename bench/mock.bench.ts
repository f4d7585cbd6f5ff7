/**
 * `npm run bench -- mock`: requests per second and p99 latency of the pwpkit sandbox against
 * Prism's mock of the same spec (@stoplight/prism-cli, static examples) and a bare `node:http`
 * server answering a fixed JSON body (the ceiling), all in the same run.
 *
 * Each server runs in its own process (so the load generator does not share its event loop);
 * autocannon drives it over loopback with fixed connections for a bounded time, after a short
 * warm-up. Scenarios:
 * - GET pointBalance of an active link.
 * - POST redemption, a new transactionReferenceNumber every request (the full path: validation,
 *   rules, deduction, ledger; the account holds 10^12 points so it never runs out).
 * - POST redemption replaying one transactionReferenceNumber (the idempotent path).
 * Prism ignores the spec's basePath, so its URLs have no `/api`; it also enforces the spec's
 * `X-IBM-Client-Id` security header, which every request carries.
 * Targets (issue 4): ≥ 10× Prism's req/s, ≥ 60% of the bare server's, p99 < 5 ms.
 * `BENCH_SECONDS=<n>` sets each measurement's duration (default 5), `BENCH_CONNECTIONS` (default 10),
 * `BENCH_ROUNDS` the rounds per scenario (default 3; the median is reported).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ensurePeers, peerBin } from './peers.ts';

/** The part of autocannon 9 used here (it ships no types). */
interface CannonOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  duration?: number;
  requests?: Array<{ setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }>;
}
interface CannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: CannonOptions,
  done: (error: Error | null, result: CannonResult) => void,
) => unknown;

const root = resolve(import.meta.dirname, '..');
const SECONDS = Math.max(1, Number(process.env.BENCH_SECONDS ?? 5) || 5);
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 10) || 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
const LINK = '9035268';
const UUID = '3f1c2b7e-8d4a-4c6b-9e2f-1a2b3c4d5e6f';
const BALANCE = JSON.stringify({
  availablePointBalance: 10000,
  programConversionRate: 0.2521,
  currencyCode: 'SGD',
  maximumPointsToRedeem: 10000,
  minimumPointsToRedeem: 500,
});

const HEADERS = {
  authorization: 'Bearer sandbox-static-token',
  uuid: UUID,
  client_id: 'sandbox-client',
  'x-ibm-client-id': 'sandbox-client',
  accept: 'application/json',
  'content-type': 'application/json',
};

interface Server {
  name: string;
  /** URL prefix the spec paths go under. */
  base: string;
  child: ChildProcess;
}

interface Measure {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const SANDBOX_MODULE = JSON.stringify(join(root, 'domain/pay-with-points/index.ts'));
const RICH_CARD_STATE = 'card 7411 is enrolled and active with 1000000000000 points';
const MOCK_SOURCE = `
const { createPayWithPointsSandbox, sandboxOf, applyProviderState, defaultFixture } = await import(${SANDBOX_MODULE});
const fixture = structuredClone(defaultFixture);
const app = await createPayWithPointsSandbox({ fixture });
const result = applyProviderState(sandboxOf(app).sandbox, { state: '${RICH_CARD_STATE}' });
if (!result.ok) throw new Error(result.message);
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: app.server.address().port }));
`;

const BARE_SOURCE = `
const http = require('node:http');
const body = Buffer.from(${JSON.stringify(BALANCE)});
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
`;

export async function run(): Promise<void> {
  const servers: Server[] = [];
  try {
    servers.push(
      await startReporting(
        'pwpkit mock',
        [process.execPath, '--import', 'tsx', '--input-type=module', '-e', MOCK_SOURCE],
        '/api',
      ),
    );
    servers.push(await startReporting('bare node:http', [process.execPath, '-e', BARE_SOURCE], ''));
    const prism = await startPrism();
    if (prism) servers.push(prism);

    const scenarios: Array<{ name: string; options: (base: string) => CannonOptions }> = [
      {
        name: 'GET pointBalance',
        options: (base) => ({ url: `${base}/v1/apac/rewards/${LINK}/pointBalance`, method: 'GET', headers: HEADERS }),
      },
      {
        name: 'POST redemption (new reference each)',
        options: (base) => {
          let n = 0;
          return {
            url: `${base}/v1/apac/rewards/${LINK}/redemption`,
            method: 'POST',
            headers: HEADERS,
            requests: [
              {
                setupRequest: (req: Record<string, unknown>) => ({
                  ...req,
                  body: JSON.stringify({
                    transactionReferenceNumber: `B-${process.pid}-${n++}`,
                    redemptionOrder: { transactionAmount: 252.1, currencyCode: 'SGD' },
                  }),
                }),
              },
            ],
          } as CannonOptions;
        },
      },
      {
        name: 'POST redemption (replayed reference)',
        options: (base) => ({
          url: `${base}/v1/apac/rewards/${LINK}/redemption`,
          method: 'POST',
          headers: HEADERS,
          body: JSON.stringify({
            transactionReferenceNumber: 'B-REPLAY',
            redemptionOrder: { transactionAmount: 252.1, currencyCode: 'SGD' },
          }),
        }),
      },
    ];

    const table: Array<{ scenario: string; results: Map<string, Measure> }> = [];
    for (const scenario of scenarios) {
      const samples = new Map<string, Measure[]>(servers.map((s) => [s.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate the order each round so load drift on a shared machine does not favour one server.
        const order = servers.map((_, i) => servers[(i + round) % servers.length]);
        for (const server of order) {
          await measure({ ...scenario.options(server.base), connections: CONNECTIONS, duration: 1 }); // warm-up
          samples
            .get(server.name)!
            .push(await measure({ ...scenario.options(server.base), connections: CONNECTIONS, duration: SECONDS }));
        }
      }
      const results = new Map<string, Measure>();
      for (const [name, list] of samples) {
        const m = medianMeasure(list);
        results.set(name, m);
        const rounds = list.map((x) => Math.round(x.rps)).join(', ');
        const trouble = `${m.non2xx ? `, ${m.non2xx} non-2xx` : ''}${m.errors ? `, ${m.errors} errors` : ''}`;
        console.log(
          `${scenario.name} · ${name}: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms (rounds: ${rounds})${trouble}`,
        );
      }
      table.push({ scenario: scenario.name, results });
    }

    const names = servers.map((s) => s.name);
    console.log(
      `\n${CONNECTIONS} connections, ${SECONDS} s each after a 1 s warm-up, median of ${ROUNDS} rounds ` +
        '(rotating order), loopback, each server in its own process.\n',
    );
    console.log(`| scenario | ${names.map((n) => `${n} req/s (p99)`).join(' | ')} | mock / bare | mock / Prism |`);
    console.log(`|---|${names.map(() => '---').join('|')}|---|---|`);
    for (const row of table) {
      const mock = row.results.get('pwpkit mock');
      const bare = row.results.get('bare node:http');
      const prism = row.results.get('Prism');
      const cells = names.map((n) => {
        const m = row.results.get(n);
        return m ? `${Math.round(m.rps)} (${m.p99} ms)${m.non2xx ? ` ⚠ ${m.non2xx} non-2xx` : ''}` : 'n/a';
      });
      const vsBare = mock && bare ? `${Math.round((mock.rps / bare.rps) * 100)}%` : 'n/a';
      const vsPrism = mock && prism ? `${(mock.rps / prism.rps).toFixed(1)}×` : 'n/a';
      console.log(`| ${row.scenario} | ${cells.join(' | ')} | ${vsBare} | ${vsPrism} |`);
    }
    console.log(
      '\nTargets: mock ≥ 60% of bare, ≥ 10× Prism, p99 < 5 ms. ' +
        '(Prism answers its static example to every redemption; bare answers a fixed body to anything.)',
    );
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
  await runCorpusSpec();
}

/**
 * `pwpkit mock --spec` on a corpus spec (issue 15): the mock without a plug-in (validation, documented
 * bodies) against Prism's mock of the same file, same requests. Skipped when the corpus is absent.
 */
const CORPUS_SPEC = resolve(root, '../shared/corpus/oai__petstore-expanded.json');
const SPEC_MOCK_SOURCE = `
const { loadApiDefinition } = await import(${JSON.stringify(join(root, 'core/api-definition.ts'))});
const { createMock, listen } = await import(${JSON.stringify(join(root, 'mock/server.ts'))});
const started = Date.now();
const mock = await listen(createMock({ apis: [await loadApiDefinition(${JSON.stringify(CORPUS_SPEC)})] }).app);
console.error('pwpkit mock --spec: listening ' + (Date.now() - started) + ' ms after loading started');
console.log(JSON.stringify({ port: Number(new URL(mock.url).port) }));
`;

async function runCorpusSpec(): Promise<void> {
  if (!existsSync(CORPUS_SPEC)) {
    console.log('\n../shared/corpus is absent: the corpus-spec comparison is skipped');
    return;
  }
  const servers: Server[] = [];
  try {
    servers.push(
      await startReporting(
        'pwpkit mock --spec',
        [process.execPath, '--import', 'tsx', '--input-type=module', '-e', SPEC_MOCK_SOURCE],
        '/api',
      ),
    );
    const prism = await startPrismOn(CORPUS_SPEC, '/pets');
    if (prism) servers.push(prism);
    const pet = JSON.stringify({ name: 'Rex', tag: 'dog' });
    const scenarios: Array<{ name: string; options: (base: string) => CannonOptions }> = [
      {
        name: 'petstore GET /pets',
        options: (base) => ({ url: `${base}/pets?limit=10`, method: 'GET', headers: { accept: 'application/json' } }),
      },
      {
        name: 'petstore POST /pets (body validated)',
        options: (base) => ({
          url: `${base}/pets`,
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: pet,
        }),
      },
      {
        name: 'petstore GET /pets/{id}',
        options: (base) => ({ url: `${base}/pets/42`, method: 'GET', headers: { accept: 'application/json' } }),
      },
    ];
    console.log(`\npwpkit mock --spec ${CORPUS_SPEC.split('/').pop()} vs Prism (same spec, same requests):`);
    console.log('| scenario | pwpkit req/s (p99) | Prism req/s (p99) | pwpkit / Prism |');
    console.log('|---|---|---|---|');
    for (const scenario of scenarios) {
      const results = new Map<string, Measure[]>(servers.map((s) => [s.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = servers.map((_, i) => servers[(i + round) % servers.length]);
        for (const server of order) {
          await measure({ ...scenario.options(server.base), connections: CONNECTIONS, duration: 1 });
          results
            .get(server.name)!
            .push(await measure({ ...scenario.options(server.base), connections: CONNECTIONS, duration: SECONDS }));
        }
      }
      const mine = medianMeasure(results.get('pwpkit mock --spec')!);
      const theirs = results.has('Prism') ? medianMeasure(results.get('Prism')!) : undefined;
      const cell = (m: Measure | undefined) =>
        m ? `${Math.round(m.rps)} (${m.p99} ms)${m.non2xx ? ` ⚠ ${m.non2xx} non-2xx` : ''}` : 'n/a';
      const ratio = theirs ? `${(mine.rps / theirs.rps).toFixed(1)}×` : 'n/a';
      console.log(`| ${scenario.name} | ${cell(mine)} | ${cell(theirs)} | ${ratio} |`);
    }
    console.log('Target: ≥ 10× Prism.');
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

async function startPrismOn(spec: string, probe: string): Promise<Server | undefined> {
  try {
    ensurePeers();
  } catch {
    return undefined;
  }
  const bin = peerBin('prism');
  if (!existsSync(bin)) return undefined;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ['mock', spec, '-h', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${base}${probe}`)).status < 500) return { name: 'Prism', base, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  console.log(`Prism did not come up on ${spec} within 60 s: its column is skipped`);
  return undefined;
}

function medianMeasure(list: Measure[]): Measure {
  const sorted = [...list].sort((a, b) => a.rps - b.rps);
  const byP99 = [...list].sort((a, b) => a.p99 - b.p99);
  const mid = Math.floor(list.length / 2);
  return {
    rps: sorted[mid].rps,
    p99: byP99[mid].p99,
    non2xx: list.reduce((n, m) => n + m.non2xx, 0),
    errors: list.reduce((n, m) => n + m.errors, 0),
  };
}

function measure(options: CannonOptions): Promise<Measure> {
  return new Promise((resolvePromise, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolvePromise({
        rps: result.requests.average,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

/** Spawns a server that prints `{"port": n}` on its first stdout line. */
function startReporting(name: string, command: string[], basePath: string): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolvePromise({ name, base: `http://127.0.0.1:${m[1]}${basePath}`, child });
    });
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}) before listening: ${out}`)));
  });
}

async function startPrism(): Promise<Server | undefined> {
  try {
    ensurePeers();
  } catch (error) {
    console.log(
      `Prism not available (${error instanceof Error ? error.message : String(error)}): its column is skipped`,
    );
    return undefined;
  }
  const bin = peerBin('prism');
  if (!existsSync(bin)) {
    console.log('Prism not installed in bench/peers: its column is skipped');
    return undefined;
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    bin,
    ['mock', join(root, 'spec/pay-with-points.swagger.yaml'), '-h', '127.0.0.1', '-p', String(port)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${base}/v1/apac/rewards/${LINK}/pointBalance`, { headers: HEADERS });
      if (r.status === 200) return { name: 'Prism', base, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  console.log('Prism did not come up within 60 s: its column is skipped');
  return undefined;
}
