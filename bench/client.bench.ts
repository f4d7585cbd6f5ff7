/**
 * `npm run bench -- client`: per-call cost of the generated Pay with Points client against a plain
 * `fetch` of the same URL with the same headers, on a loopback server that answers the pointBalance
 * GET with a fixed valid body. Variants: plain fetch (+ res.json()), the client with
 * `validate: 'off'`, with the default response validation, and with `validate: 'strict'`.
 *
 * A reference row, plain fetch with a per-call timeout signal, shows what any client that honours
 * timeouts pays on top of a bare fetch (undici's abort bookkeeping).
 *
 * The server runs in a child process, so the caller's CPU time (process.cpuUsage) is the client's
 * alone: besides wall time per call, the bench reports CPU time per call, which a loaded machine
 * disturbs far less than wall time (other processes take turns on the cores, they do not add
 * instructions to this one).
 * Variants are interleaved over many short rounds (rotating order); each ratio is the median of
 * the per-round ratios to plain fetch measured in the same round, so load drift on a shared
 * machine cancels out. Target (issue 3): validation on < 1.3×.
 * `BENCH_CALLS=<n>` sets calls per variant per round (default 1000), `BENCH_ROUNDS` the rounds (15).
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createPayWithPointsClient, type PayWithPointsClient } from '../generated/pay-with-points/client.ts';

const CALLS = Math.max(100, Number(process.env.BENCH_CALLS ?? 1000) || 1000);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 15) || 15);
const CONCURRENCY = 16;
const TARGET = 1.3;

const CLIENT_ID = 'bench-client-id';
const TOKEN = 'bench-token';
const LINK_CODE = '9035268';
const BALANCE = {
  availablePointBalance: 10000,
  programConversionRate: 0.2521,
  currencyCode: 'SGD',
  maximumPointsToRedeem: 10000,
  minimumPointsToRedeem: 5000,
};

/** Plain CommonJS for the server process: a keep-alive loopback server with one fixed answer. */
const SERVER_SOURCE = `
const workerData = JSON.parse(process.argv[1]);
const parentPort = { postMessage: (m) => process.send(m), on: (e, f) => process.on(e, f) };
const http = require('node:http');
const body = Buffer.from(workerData.body);
const route = /^\\/api\\/v1\\/apac\\/rewards\\/[^/]+\\/pointBalance$/;
let served = 0;
const server = http.createServer((req, res) => {
  req.resume();
  if (
    req.method === 'GET' &&
    route.test(req.url) &&
    req.headers.authorization === 'Bearer ' + workerData.token &&
    req.headers.client_id === workerData.clientId &&
    req.headers.uuid
  ) {
    served++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  } else {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'invalid', code: 'invalidRequest', details: req.method + ' ' + req.url }));
  }
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'count') parentPort.postMessage({ served });
  if (m === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
`;

interface Variant {
  name: string;
  call: () => Promise<void>;
}

interface Sample {
  sequential: number;
  concurrent: number;
  /** CPU time (user + system) of this process per call, sequential and concurrent. */
  sequentialCpu: number;
  concurrentCpu: number;
}

export async function run(): Promise<void> {
  const server = await startServer();
  try {
    const url = `${server.baseUrl}/api/v1/apac/rewards/${LINK_CODE}/pointBalance`;
    const plain: Variant = {
      name: 'plain fetch (same headers, res.json())',
      call: async () => {
        const res = await fetch(url, {
          method: 'GET',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            uuid: randomUUID(),
            client_id: CLIENT_ID,
            accept: 'application/json',
          },
        });
        if (res.status !== 200) throw new Error(`plain fetch: status ${res.status}`);
        await res.json();
      },
    };
    const plainWithTimeout: Variant = {
      name: 'plain fetch + per-call timeout signal (reference)',
      call: async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10_000);
        try {
          const res = await fetch(url, {
            method: 'GET',
            headers: {
              authorization: `Bearer ${TOKEN}`,
              uuid: randomUUID(),
              client_id: CLIENT_ID,
              accept: 'application/json',
            },
            signal: controller.signal,
          });
          if (res.status !== 200) throw new Error(`plain fetch: status ${res.status}`);
          await res.json();
        } finally {
          clearTimeout(timer);
        }
      },
    };
    const clientVariant = (name: string, client: PayWithPointsClient): Variant => ({
      name,
      call: async () => {
        const r = await client.retrieveRewardsBalance({ rewardLinkCode: LINK_CODE });
        if (!r.ok || r.violations.length > 0) throw new Error(`${name}: unexpected result ${JSON.stringify(r)}`);
      },
    });
    const options = { baseUrl: server.baseUrl, clientId: CLIENT_ID, token: TOKEN };
    const off = clientVariant("client, validate: 'off'", createPayWithPointsClient({ ...options, validate: 'off' }));
    const responses = clientVariant('client, default (responses validated)', createPayWithPointsClient(options));
    const strict = clientVariant(
      "client, validate: 'strict'",
      createPayWithPointsClient({ ...options, validate: 'strict' }),
    );
    const variants: Variant[] = [plain, plainWithTimeout, off, responses, strict];

    await checkValidationRuns(options);

    // Warm-up: JIT, connection pool, token cache.
    for (const v of variants) {
      await sequential(v, 1000);
      await concurrent(v, 1000);
    }
    const samples = new Map<Variant, Sample[]>(variants.map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const v of order) {
        const [sequentialCpu, seq] = await cpuPerCall(() => sequential(v, CALLS));
        const [concurrentCpu, conc] = await cpuPerCall(() => concurrent(v, CALLS));
        samples.get(v)!.push({ sequential: seq, concurrent: conc, sequentialCpu, concurrentCpu });
      }
    }
    const served = await server.count();

    const msPerCall = (v: Variant, key: keyof Sample) => median(samples.get(v)!.map((s) => s[key]));
    /** Median over rounds of this variant's time divided by plain fetch's time in the same round. */
    const ratioToPlain = (v: Variant, key: keyof Sample) =>
      median(samples.get(v)!.map((s, round) => s[key] / samples.get(plain)![round][key]));
    const row = (v: Variant, key: keyof Sample) => {
      const perCall = msPerCall(v, key) * (key.endsWith('Cpu') ? 1000 : 1);
      return `${perCall.toFixed(key.endsWith('Cpu') ? 0 : 3)} | ${ratioToPlain(v, key).toFixed(2)}×`;
    };
    console.log(
      `\n| variant | sequential ms/call | × plain fetch | ${CONCURRENCY}-way ms/call | × plain fetch ` +
        `| sequential CPU µs/call | × plain fetch | ${CONCURRENCY}-way CPU µs/call | × plain fetch |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const v of variants)
      console.log(
        `| ${v.name} | ${row(v, 'sequential')} | ${row(v, 'concurrent')} ` +
          `| ${row(v, 'sequentialCpu')} | ${row(v, 'concurrentCpu')} |`,
      );
    const worstOf = (keys: (keyof Sample)[]) =>
      Math.max(...[off, responses, strict].flatMap((v) => keys.map((k) => ratioToPlain(v, k))));
    const worstWall = worstOf(['sequential', 'concurrent']);
    const worstCpu = worstOf(['sequentialCpu', 'concurrentCpu']);
    const verdict = (x: number) => `${x.toFixed(2)}× (target ≤ ${TARGET}×: ${x <= TARGET ? 'met' : 'NOT met'})`;
    console.log(
      '\nEvery client variant and mode, worst ratio to plain fetch: ' +
        `CPU time ${verdict(worstCpu)}, wall time ${verdict(worstWall)}; ` +
        `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs. ` +
        `${ROUNDS} interleaved rounds of ${CALLS} calls per variant and mode after warm-up; ` +
        'per-call figures are the median round, ratios the median of per-round ratios. ' +
        `${served} requests answered by a loopback node:http server in its own process; ` +
        `${CONCURRENCY}-way: ${CONCURRENCY} callers sharing the keep-alive pool, ms/call = wall time / calls.`,
    );
  } finally {
    await server.close();
  }
}

/** The validated variants must really validate: a broken balance is reported (default) or refused (strict). */
async function checkValidationRuns(options: { baseUrl: string; clientId: string; token: string }): Promise<void> {
  const broken = (async () =>
    new Response(JSON.stringify({ ...BALANCE, availablePointBalance: 'lots' }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })) as typeof fetch;
  const reported = await createPayWithPointsClient({ ...options, fetch: broken }).retrieveRewardsBalance({
    rewardLinkCode: LINK_CODE,
  });
  const refused = await createPayWithPointsClient({
    ...options,
    fetch: broken,
    validate: 'strict',
  }).retrieveRewardsBalance({ rewardLinkCode: LINK_CODE });
  if (!(reported.ok && reported.violations.length > 0) || refused.kind !== 'contractViolation')
    throw new Error('client bench: response validation is not running; the validated rows would be meaningless');
}

/** CPU milliseconds per call of this process while `measure` runs, and what `measure` returned. */
async function cpuPerCall(measure: () => Promise<number>): Promise<[number, number]> {
  const before = process.cpuUsage();
  const result = await measure();
  const used = process.cpuUsage(before);
  return [(used.user + used.system) / 1000 / CALLS, result];
}

async function sequential(v: Variant, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await v.call();
  return (performance.now() - started) / calls;
}

async function concurrent(v: Variant, calls: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < calls) await v.call();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function startServer(): Promise<{ baseUrl: string; count: () => Promise<number>; close: () => Promise<void> }> {
  const data = JSON.stringify({ body: JSON.stringify(BALANCE), token: TOKEN, clientId: CLIENT_ID });
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE, data], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('error', reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    count: () =>
      new Promise<number>((resolve) => {
        child.once('message', (m: { served: number }) => resolve(m.served));
        child.send('count');
      }),
    close: async () => {
      child.send('close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 2000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
