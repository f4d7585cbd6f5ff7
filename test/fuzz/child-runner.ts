/**
 * The fuzz tests' worker process (forked with tsx, IPC): runs one job at a time in-process and
 * reports the exit code, what was printed and its memory. The parent gives every job a deadline
 * and kills this process when one is missed, so a hang (a sync loop, a read that never ends)
 * fails that case instead of the test run. stdout/stderr of the commands are captured through
 * `process.stdout.write` / `process.stderr.write` / `console.*`; anything the process itself prints (an uncaught
 * exception's stack trace, an out-of-memory report) goes to the real stderr, which the parent reads.
 */
import { main } from '../../cli/main.ts';
import { InputError } from '../../input/errors.ts';
import type { SpecIndex } from '../../contracts/check/spec-index.ts';

export type Job =
  | { id: number; kind: 'main'; argv: string[] }
  | { id: number; kind: 'pact'; pacts: string[]; specs: string[] };
export interface JobResult {
  id: number;
  code: number;
  stdout: string;
  stderr: string;
  /** After the job (and a GC when exposed). */
  rss: number;
  heapUsed: number;
}

let stdout = '';
let stderr = '';
process.stderr.write = ((chunk: string | Uint8Array) => {
  stderr += String(chunk);
  return true;
}) as typeof process.stderr.write;
process.stdout.write = ((chunk: string | Uint8Array) => {
  stdout += String(chunk);
  return true;
}) as typeof process.stdout.write;
console.log = (...args: unknown[]) => {
  stdout += `${args.map(String).join(' ')}\n`;
};
console.warn = console.error = (...args: unknown[]) => {
  stderr += `${args.map(String).join(' ')}\n`;
};

const indexes = new Map<string, Promise<SpecIndex>>();

/**
 * pact-check as the CLI runs it, with the spec index loaded once per spec list (the specs are not what is fuzzed
 * here).
 */
async function pactCheck(pacts: string[], specs: string[]): Promise<number> {
  const { loadSpecIndex, runPactCheck } = await import('../../contracts/check/check-pacts.ts');
  const { pactCheckText, pactCheckJUnit, pactCheckJson } = await import('../../reporting/pact-check.ts');
  const key = specs.join('\0');
  if (!indexes.has(key)) indexes.set(key, loadSpecIndex(specs));
  const index = await indexes.get(key)!;
  try {
    const report = await runPactCheck({ pacts, specs, index });
    stdout += pactCheckText(report);
    // Every report format sees the hostile content too (the CLI writes them with --json / --junit).
    JSON.parse(pactCheckJson(report));
    pactCheckJUnit(report);
    return report.summary.errors > 0 ? 1 : 0;
  } catch (error) {
    // What cli/program.ts does with it.
    if (error instanceof InputError) {
      stderr += `pwpkit: ${error.message}\n`;
      return error.exitCode;
    }
    stderr += `pwpkit: internal error: ${error instanceof Error ? error.message : String(error)}\n`;
    return 2;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (job: Job) => {
  void (async () => {
    stdout = '';
    stderr = '';
    const code = job.kind === 'main' ? await main(job.argv) : await pactCheck(job.pacts, job.specs);
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const result: JobResult = { id: job.id, code, stdout, stderr, rss, heapUsed };
    process.send!(result);
  })();
});
process.send!({ ready: true });
