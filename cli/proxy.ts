import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../generator/errors.ts';
import { loadApiSet } from '../verifier/api-set.ts';
import { proxyReport, writeProxyReport } from '../verifier/proxy/report.ts';
import { PROXY_GRACE_MS, PROXY_MAX_BODY_BYTES, PROXY_UPSTREAM_TIMEOUT_MS, startProxy } from '../verifier/proxy/server.ts';
import { formatDuration } from '../verifier/http/send.ts';
import { maskResult } from '../verifier/mask.ts';
import { parseHttpUrl, parsePort } from '../generator/input-checks.ts';

interface ProxyCliOptions {
  target: string;
  port: string;
  host: string;
  spec?: string[];
  report?: string;
  junit?: string;
  json?: string;
  quiet?: boolean;
  maxBody: string;
  upstreamTimeout: string;
  grace: string;
}

export function registerProxy(program: Command, setExit: (code: number) => void): void {
  program
    .command('proxy')
    .description('a validation proxy between a client and a provider: forwards unchanged, records every request and answer that breaks the spec; on SIGINT/SIGTERM writes the report (exit 1 if anything broke)')
    .requiredOption('--target <url>', 'the provider (or the mock) to forward to')
    .option('--port <n>', 'port to listen on (0: any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--report <file>', 'write <file>.txt, <file>.junit.xml and <file>.json on exit')
    .option('--junit <file>', 'write a JUnit XML report on exit')
    .option('--json <file>', 'write a JSON report on exit')
    .option('--quiet', 'no line per exchange on stderr')
    .option('--max-body <size>', 'keep at most this much of each request and answer body for judging: bytes, or 512kb, 4mb; bodies are forwarded whole, a longer one is a finding', `${PROXY_MAX_BODY_BYTES / 1024 / 1024}mb`)
    .option('--upstream-timeout <duration>', 'the target must send its whole answer within this once it has the request, and may not stall an upload longer: 30 (seconds), 30s, 1500ms, 2m; past it the client gets 504 and the exchange a finding', `${PROXY_UPSTREAM_TIMEOUT_MS / 1000}s`)
    .option('--grace <duration>', 'on SIGINT/SIGTERM, how long exchanges in flight may finish before they are cut and reported (0: none; a second signal cuts at once)', `${PROXY_GRACE_MS / 1000}s`)
    .action(async (opts: ProxyCliOptions) => {
      const port = parsePort(opts.port);
      parseHttpUrl(opts.target, '--target');
      const maxBodyBytes = parseSize(opts.maxBody, '--max-body');
      const upstreamTimeoutMs = parseDuration(opts.upstreamTimeout, '--upstream-timeout', false);
      const graceMs = parseDuration(opts.grace, '--grace', true);
      const specs = opts.spec ?? (await readGenerateConfig(process.cwd())).spec;
      if (specs.length === 0) throw new InputError('no spec: give --spec or list them in package.json#/pwpkit/spec');
      const set = await loadApiSet(specs);
      const started = performance.now();
      let proxy;
      try {
        proxy = await startProxy({
          target: opts.target,
          set,
          port,
          host: opts.host,
          maxBodyBytes,
          upstreamTimeoutMs,
          onResult: opts.quiet ? undefined : (judged) => {
            const r = maskResult(judged, []);
            process.stderr.write(`${r.findings.length > 0 ? '✗' : r.skipped ? '-' : '✓'} ${r.title}${r.findings.length > 0 ? `: ${r.findings.map((f) => f.message).join('; ')}` : ''}\n`);
          },
        });
      } catch (error) {
        throw new InputError(`cannot listen on ${opts.host}:${port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      process.stdout.write(`pwpkit proxy: listening on ${proxy.url} → ${opts.target} (${set.apis.map((a) => a.api.name).join(', ')}); stop with Ctrl-C\n`);
      const signal = await new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const inFlight = proxy.inFlight;
      process.stdout.write(`\npwpkit proxy: ${signal}, stopping${inFlight > 0 ? `; waiting up to ${formatDuration(graceMs)} for ${inFlight} exchange${inFlight === 1 ? '' : 's'} in flight (signal again to stop now)` : ''}\n`);
      const again = () => void proxy.close(0);
      process.on('SIGINT', again);
      process.on('SIGTERM', again);
      const results = await proxy.close(graceMs);
      process.off('SIGINT', again);
      process.off('SIGTERM', again);
      const report = proxyReport(set, opts.target, results, performance.now() - started);
      process.stdout.write(report.text);
      const written = await writeProxyReport(report, { report: opts.report, junit: opts.junit, json: opts.json });
      if (written.length > 0) process.stdout.write(`report: ${written.join(', ')}\n`);
      setExit(report.exitCode);
    });
}

/** `30` (seconds), `30s`, `1500ms`, `2m` (as verify reads its durations): milliseconds. `zero`: 0 is allowed. */
function parseDuration(value: string, option: string, zero: boolean): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/i.exec(value.trim());
  const ms = m ? Math.round(Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, min: 60_000 } as Record<string, number>)[(m[2] ?? 's').toLowerCase()]) : NaN;
  if (!Number.isFinite(ms) || (ms === 0 && !zero) || ms > 2 ** 31 - 1) throw new InputError(`${option}: expected a duration such as 30 (seconds), 30s, 1500ms or 2m${zero ? ' (0: none)' : ''}, got "${value}"`);
  return ms;
}

/** `1048576`, `512kb`, `4mb` (k and m are 1024 and 1024², as verify reads its sizes): bytes. */
function parseSize(value: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  const unit = (m?.[2] ?? 'b').toLowerCase()[0];
  const bytes = m ? Math.floor(Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[unit]) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1 || bytes > 1024 ** 3) throw new InputError(`${option}: expected a size from 1 byte to 1gb, such as 1048576, 512kb or 4mb, got "${value}"`);
  return bytes;
}
