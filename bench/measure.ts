import { spawn } from 'node:child_process';

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
    const child = spawn('/usr/bin/time', ['-f', '__maxrss=%M', command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const rss = /__maxrss=(\d+)/.exec(stderr);
      resolve({ ok: code === 0, ms, ...(rss ? { maxRssKb: Number(rss[1]) } : {}), ...(code === 0 ? {} : { error: stderr.replace(/__maxrss=\d+/, '').trim().split('\n').slice(-2).join(' ').slice(0, 160) }) });
    });
  });
}

/** Median of `runs` timings; a failure anywhere makes the result a failure. */
export async function medianOf(runs: number, once: () => Promise<Timing>): Promise<Timing> {
  const results: Timing[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const failed = results.find((r) => !r.ok);
  if (failed) return failed;
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)];
}

export function ratio(a: Timing, b: Timing): string {
  return a.ok && b.ok ? `${(a.ms / b.ms).toFixed(2)}×` : 'n/a';
}

export function fmt(t: Timing): string {
  return t.ok ? `${Math.round(t.ms)} ms${t.maxRssKb ? ` / ${Math.round(t.maxRssKb / 1024)} MB` : ''}` : `failed (${t.error ?? 'exit != 0'})`;
}
