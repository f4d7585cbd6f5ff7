import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../input/errors.ts';
import { loadApiSet } from '../verifier/api-set.ts';
import { proxyReport } from '../verifier/proxy/report.ts';
import { proxyExchangeLine, proxyReportFormats } from '../reporting/proxy.ts';
import { stdoutFormat, writeReports } from '../reporting/write-reports.ts';
import {
  PROXY_GRACE_MS,
  PROXY_MAX_BODY_BYTES,
  PROXY_UPSTREAM_TIMEOUT_MS,
  startProxy,
} from '../verifier/proxy/server.ts';
import { formatDuration } from '../verifier/http/send.ts';
import { maskResult } from '../verifier/mask.ts';
import { parseDuration, parseHttpUrl, parsePort, parseSize } from '../input/option-values.ts';
import { providerUrlOf, withProviderUrl } from './provider-url.ts';

interface ProxyCliOptions {
  providerUrl?: string;
  target?: string;
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
  withProviderUrl(program.command('proxy'), 'the provider (or the mock) to forward to', '--target')
    .description(
      'a validation proxy between a client and a provider: forwards unchanged, records every request and answer ' +
        'that breaks the spec; on SIGINT/SIGTERM writes the report (exit 1 if anything broke)',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--report <file>', 'write <file>.txt, <file>.junit.xml and <file>.json on exit')
    .option('--junit <file>', 'write a JUnit XML report on exit ("-": on stdout, in place of the text report)')
    .option('--json <file>', 'write a JSON report on exit ("-": on stdout, in place of the text report)')
    .option('--quiet', 'no line per exchange on stderr')
    .option(
      '--max-body <size>',
      'keep at most this much of each request and answer body for judging: bytes, or 512kb, 4mb; ' +
        'bodies are forwarded whole, a longer one is a finding',
      `${PROXY_MAX_BODY_BYTES / 1024 / 1024}mb`,
    )
    .option(
      '--upstream-timeout <duration>',
      'the target must send its whole answer within this once it has the request, and may not stall an upload ' +
        'longer: 30 (seconds), 30s, 1500ms, 2m; past it the client gets 504 and the exchange a finding',
      `${PROXY_UPSTREAM_TIMEOUT_MS / 1000}s`,
    )
    .option(
      '--grace <duration>',
      'on SIGINT/SIGTERM, how long exchanges in flight may finish before they are cut and reported ' +
        '(0: none; a second signal cuts at once)',
      `${PROXY_GRACE_MS / 1000}s`,
    )
    .action(async (options: ProxyCliOptions) => {
      const opts = { ...options, target: providerUrlOf(options, '--target') };
      const port = parsePort(opts.port);
      parseHttpUrl(opts.target, '--provider-url');
      const maxBodyBytes = parseSize(opts.maxBody, '--max-body');
      const upstreamTimeoutMs = parseDuration(opts.upstreamTimeout, '--upstream-timeout', false);
      const graceMs = parseDuration(opts.grace, '--grace', true);
      // `--json -` / `--junit -`: that report is stdout; the text report is left out and the status lines go to stderr.
      const toStdout = stdoutFormat({ json: opts.json, junit: opts.junit });
      const say = (text: string) => (toStdout ? process.stderr : process.stdout).write(text);
      const config = await readGenerateConfig(process.cwd());
      const specs = opts.spec ?? config.spec;
      if (specs.length === 0) throw new InputError('no spec: give --spec or list them in package.json#/pwpkit/spec');
      const set = await loadApiSet(specs, { generatedDir: resolve(config.out) });
      const started = performance.now();
      let proxy: Awaited<ReturnType<typeof startProxy>>;
      try {
        proxy = await startProxy({
          target: opts.target,
          set,
          port,
          host: opts.host,
          maxBodyBytes,
          upstreamTimeoutMs,
          onResult: opts.quiet
            ? undefined
            : (judged) => process.stderr.write(proxyExchangeLine(maskResult(judged, []))),
        });
      } catch (error) {
        throw new InputError(
          `cannot listen on ${opts.host}:${port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      say(
        `pwpkit proxy: listening on ${proxy.url} → ${opts.target} ` +
          `(${set.apis.map((a) => a.api.name).join(', ')}); stop with Ctrl-C\n`,
      );
      const signal = await new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const inFlight = proxy.inFlight;
      const exchanges = `${inFlight} exchange${inFlight === 1 ? '' : 's'}`;
      const waiting =
        inFlight > 0
          ? `; waiting up to ${formatDuration(graceMs)} for ${exchanges} in flight (signal again to stop now)`
          : '';
      say(`\npwpkit proxy: ${signal}, stopping${waiting}\n`);
      const again = () => void proxy.close(0);
      process.on('SIGINT', again);
      process.on('SIGTERM', again);
      const results = await proxy.close(graceMs);
      process.off('SIGINT', again);
      process.off('SIGTERM', again);
      const report = proxyReport(set, opts.target, results, performance.now() - started);
      const base = opts.report?.replace(/\.(txt|json|xml)$/i, '');
      const written = await writeReports(proxyReportFormats(report), {
        text: base && `${base}.txt`,
        junit: opts.junit ?? (base && `${base}.junit.xml`),
        json: opts.json ?? (base && `${base}.json`),
      });
      if (written.length > 0) say(`report: ${written.join(', ')}\n`);
      setExit(report.exitCode);
    });
}
