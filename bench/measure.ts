import { execFileSync, spawn } from 'node:child_process';

export interface Timing {
  ok: boolean;
  ms: number;
  /** Peak resident set of the child, when /usr/bin/time is available. */
  maxRssKb?: number;
  error?: string;
}

/** Wall time (and peak memory) of one command run to completion. */
export function timeCommand(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<Timing> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '__maxrss=%M', command, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Some tools (orval) print their errors on stdout; its start is kept to explain a failure.
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < 16_384) stdout += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const rss = /__maxrss=(\d+)/.exec(stderr);
      resolve({
        ok: code === 0,
        ms,
        ...(rss ? { maxRssKb: Number(rss[1]) } : {}),
        ...(code === 0 ? {} : { error: failureReason(`${stdout}\n${stderr}`, code) }),
      });
    });
  });
}

/**
 * The tool's own complaint, not /usr/bin/time's "Command exited…" line or a stack frame: the first
 * line that names an error, else the last meaningful line.
 */
export function failureReason(stderr: string, code: number | null): string {
  const lines = stderr
    .replace(/__maxrss=\d+/g, '')
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^Command (exited with non-zero status|terminated by signal)/.test(l));
  const at = lines.findIndex((l) => /error|invalid|cannot|failed|refus/i.test(l));
  // The named line and the one after it (orval: "validation failed." then the pointer).
  const reason =
    at >= 0
      ? lines.slice(at, at + 2).join(' ')
      : (lines.at(-1) ?? (code === null ? 'killed (timeout)' : `exit ${code}`));
  return reason.replace(/\s+/g, ' ').slice(0, 160);
}

/** Median of `runs` timings; a failure anywhere makes the result a failure. */
export async function medianOf(runs: number, once: () => Promise<Timing>): Promise<Timing> {
  const results: Timing[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  return medianTiming(results);
}

/** The median of timings taken elsewhere (e.g. interleaved with other tools); any failure wins. */
export function medianTiming(results: Timing[]): Timing {
  const failed = results.find((r) => !r.ok);
  if (failed) return failed;
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)];
}

export function ratio(a: Timing, b: Timing): string {
  return a.ok && b.ok ? `${(a.ms / b.ms).toFixed(2)}×` : 'n/a';
}

export function fmt(t: Timing): string {
  return t.ok
    ? `${Math.round(t.ms)} ms${t.maxRssKb ? ` / ${Math.round(t.maxRssKb / 1024)} MB` : ''}`
    : `failed (${t.error ?? 'exit != 0'})`;
}

/** Compiles pwpkit (`npm run build`) so a benchmark times the shipped JavaScript, not a stale build. */
export function buildPackage(): void {
  const root = new URL('..', import.meta.url);
  execFileSync(process.execPath, [new URL('packaging/build.mjs', root).pathname], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
