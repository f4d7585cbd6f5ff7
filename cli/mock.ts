import type { Command } from 'commander';
import { InputError } from '../input/errors.ts';
import { parsePort } from '../input/option-values.ts';
import type { FaultOptions } from '../mock/faults.ts';
import type { ServedRoute } from '../mock/server.ts';
/** The Pay with Points sandbox, loaded when it runs: `mock --spec` does not load its generated validators. */
const sandbox = () => import('../domain/pay-with-points/index.ts');

interface MockFlags {
  spec?: string[];
  seed?: string;
  dynamic?: boolean;
  stateful?: boolean;
  lenient?: boolean;
  port: string;
  host: string;
  fixture?: string;
  admin?: boolean;
  faults?: string;
  log?: boolean;
}

export function registerMock(program: Command, setExit: (code: number) => void): void {
  program
    .command('mock')
    .description(
      'start the stateful sandbox of Pay with Points (and the rewards family), or with --spec a validating mock ' +
        'of any spec, on loopback; stops on Ctrl-C / SIGTERM',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--fixture <file>', 'sandbox data (clients, cards, accounts) instead of the embedded default')
    .option(
      '--admin',
      'serve the admin API under /__admin (reset, fixture, Pact provider states; loopback callers only)',
    )
    .option(
      '--faults <spec>',
      'fault injection: <rate>[,delay=<ms>][,kind=error|delay|both][,seed=<n>]; rate 0..1; ' +
        'delay=… alone means delays',
    )
    .option('--log', 'one line per request on stderr (method, route, status, time)')
    .option('--spec <file...>', 'mock any Swagger 2.0 / OpenAPI 3 spec instead of the Pay with Points sandbox')
    .option('--seed <n>', 'with --spec: seed of generated bodies (default 1)')
    .option('--dynamic', 'with --spec: bodies generated from the schemas on every request, not the documented examples')
    .option('--stateful', 'with --spec: collections inferred from the paths keep what POST creates (see README)')
    .option('--lenient', 'with --spec: type dangling $refs as unknown, as generate --lenient')
    .action(async (flags: MockFlags) => {
      const port = parsePort(flags.port);
      const faults = flags.faults === undefined ? undefined : parseFaults(flags.faults);
      const log = flags.log ? (line: string) => void process.stderr.write(`pwpkit mock: ${line}\n`) : undefined;
      const start = async (): Promise<StartedMock> => {
        if (flags.spec) {
          if (flags.fixture)
            throw new InputError('--fixture is sandbox data for Pay with Points; it does not go with --spec');
          const { startSpecMock } = await import('./mock-spec.ts');
          const { seed, dynamic, stateful, lenient, admin } = flags;
          return startSpecMock({
            spec: flags.spec,
            port,
            host: flags.host,
            seed,
            dynamic,
            stateful,
            lenient,
            admin,
            faults,
            log,
          });
        }
        if (flags.seed !== undefined || flags.dynamic || flags.stateful || flags.lenient)
          throw new InputError('--seed, --dynamic, --stateful and --lenient go with --spec');
        return startSandbox(flags, port, faults);
      };
      let mock: StartedMock;
      try {
        mock = await start();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE')
          throw new InputError(`port ${port} on ${flags.host} is already in use (try --port 0)`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
          throw new InputError(`cannot listen on ${flags.host}:${port} (${code})`);
        throw error;
      }
      process.stdout.write(`${startupLines(mock).join('\n')}\n`);
      await untilStopped();
      await mock.close();
      process.stdout.write('pwpkit mock: stopped\n');
      setExit(0);
    });
}

/** A listening mock and what `pwpkit mock` says about it at start-up. */
export interface StartedMock {
  readonly url: string;
  close(): Promise<void>;
  readonly routes: readonly ServedRoute[];
  readonly before: readonly string[];
  readonly routesTitle: string;
  readonly after: readonly string[];
}

/** What the mock serves, printed the same way for any spec and for the sandbox: every route, one a line. */
function startupLines(mock: StartedMock): string[] {
  const lines = [...mock.before, `  ${mock.routesTitle}:`];
  const width = Math.max(0, ...mock.routes.map((r) => r.method.length));
  for (const r of mock.routes) {
    const role = r.role ? `  [stateful: ${r.role}]` : '';
    const missing = r.unimplemented ? '  [no behaviour: answers an outage]' : '';
    lines.push(`    ${r.method.padEnd(width)} ${r.template}  ${r.operation}${role}${missing}`);
  }
  return [...lines, ...mock.after, '  Ctrl-C to stop'];
}

async function startSandbox(flags: MockFlags, port: number, faults: FaultOptions | undefined): Promise<StartedMock> {
  const { defaultFixture, loadFixture, sandboxOf, startPayWithPointsSandbox } = await sandbox();
  const fixture =
    flags.fixture === undefined ? undefined : await loadFixture(flags.fixture, `--fixture ${flags.fixture}`);
  const { admin, log } = flags;
  const mock = await startPayWithPointsSandbox({ port, host: flags.host, fixture, admin, faults, log });
  const { routes } = sandboxOf(mock.app);
  const client = (fixture ?? defaultFixture).clients[0].clientId;
  const data = flags.fixture ? flags.fixture : 'the default fixture, see README "Sandbox"';
  const after = [`  credentials, cards and confirmation codes: ${data}`];
  if (flags.admin)
    after.push(`  admin API: ${mock.url}/__admin/{reset,fixture,provider-states} (loopback callers only)`);
  if (faults) after.push(`  faults: ${Math.round(faults.rate * 1000) / 10}% of API requests ${describeFaults(faults)}`);
  return {
    url: mock.url,
    close: mock.close,
    routes,
    before: [
      `pwpkit mock: listening on ${mock.url} (API under ${mock.url}/api)`,
      `  client id: ${client}; token: POST ${mock.url}/api/clientCredentials/oauth2/token/sg/gcb`,
    ],
    routesTitle: `${routes.length} routes (the Pay with Points sandbox: its behaviours and state)`,
    after,
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `<rate>[,delay=<ms>][,kind=error|delay|both][,seed=<n>]`. */
export function parseFaults(spec: string): FaultOptions {
  const [rateText, ...rest] = spec.split(',').map((s) => s.trim());
  const rate = Number(rateText);
  if (rateText === '' || !Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new InputError(`--faults: the rate must be a number from 0 to 1, got "${rateText}"`);
  const options: FaultOptions = { rate };
  for (const part of rest) {
    const m = /^(delay|kind|seed)=(.+)$/.exec(part);
    if (!m)
      throw new InputError(`--faults: unknown part "${part}" (expected delay=<ms>, kind=error|delay|both or seed=<n>)`);
    const [, key, value] = m;
    if (key === 'kind') {
      if (value !== 'error' && value !== 'delay' && value !== 'both')
        throw new InputError(`--faults: kind must be error, delay or both, got "${value}"`);
      options.kind = value;
    } else {
      if (!/^\d+$/.test(value)) throw new InputError(`--faults: ${key} must be a whole number, got "${value}"`);
      if (key === 'delay') {
        if (Number(value) > 600_000) throw new InputError('--faults: delay must be at most 600000 ms');
        options.delayMs = Number(value);
      } else options.seed = Number(value);
    }
  }
  if (options.delayMs !== undefined && options.kind === undefined) options.kind = 'delay';
  return options;
}

function describeFaults(f: FaultOptions): string {
  const delay = `are delayed ${f.delayMs ?? 1000} ms`;
  if (f.kind === 'delay') return delay;
  if (f.kind === 'both') return `answer 500 fatal serverUnavailable or ${delay.replace('are ', '')}`;
  return 'answer 500 fatal serverUnavailable';
}
