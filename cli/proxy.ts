import type { Command } from 'commander';
import { readGenerateConfig } from '../generator/config.ts';
import { InputError } from '../generator/errors.ts';
import { loadApiSet } from '../verifier/api-set.ts';
import { proxyReport, writeProxyReport } from '../verifier/proxy/report.ts';
import { startProxy } from '../verifier/proxy/server.ts';
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
    .action(async (opts: ProxyCliOptions) => {
      const port = parsePort(opts.port);
      parseHttpUrl(opts.target, '--target');
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
      const results = await proxy.close();
      const report = proxyReport(set, opts.target, results, performance.now() - started);
      process.stdout.write(`\npwpkit proxy: ${signal}, stopping\n${report.text}`);
      const written = await writeProxyReport(report, { report: opts.report, junit: opts.junit, json: opts.json });
      if (written.length > 0) process.stdout.write(`report: ${written.join(', ')}\n`);
      setExit(report.exitCode);
    });
}
