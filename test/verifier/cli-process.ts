/**
 * `pwpkit <args>` in a child process, from the TypeScript sources (through tsx), so a test sees
 * what a user sees: exit code, stdout, stderr, files, and a crash or an out-of-memory as what they
 * are. Shared by the verifier tests that need a real process (limits, secrets in reports).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT } from './specs.ts';

const ENTRY =
  `const { main } = await import(${JSON.stringify(`${ROOT}/cli/main.ts`)}); ` +
  'process.exitCode = await main(process.argv.slice(1));';

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null: killed by a signal, named in `signal`). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

export function startCli(
  args: readonly string[],
  options: { heapMb?: number; env?: NodeJS.ProcessEnv } = {},
): CliProcess {
  const node = [
    ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    ENTRY,
  ];
  const child = spawn(process.execPath, [...node, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} on stdout within ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const m = pattern.exec(stdout);
          if (!m) return;
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve(m);
        };
        child.stdout.on('data', check);
        void exited.then(({ code }) => {
          clearTimeout(timer);
          reject(new Error(`exited ${code} before ${pattern}: ${stderr}`));
        });
        check();
      });
    },
  };
}

/** Runs to the end. */
export async function runCli(
  args: readonly string[],
  options: { heapMb?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const p = startCli(args, options);
  p.child.stdin.end();
  const { code, signal } = await p.exited;
  return { code, signal, stdout: p.stdout(), stderr: p.stderr() };
}
