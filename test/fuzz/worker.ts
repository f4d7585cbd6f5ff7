/**
 * Parent side of child-runner.ts: one forked process that runs jobs one at a time, each with a
 * deadline. A job that misses it, or a process that dies (crash, out of memory), is reported as
 * such and the next job gets a fresh process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Job, JobResult } from './child-runner.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNNER = join(import.meta.dirname, 'child-runner.ts');

export type Outcome =
  | { kind: 'done'; result: JobResult; ms: number }
  | { kind: 'hang'; deadlineMs: number; stderr: string }
  | { kind: 'crash'; code: number | null; signal: NodeJS.Signals | null; stderr: string };

type JobInput = Job extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

export class FuzzWorker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private processStderr = '';
  private nextId = 1;
  /** Processes started (1 + one per crash or hang). */
  starts = 0;

  constructor(private readonly options: { heapMb: number; startupMs?: number }) {}

  private start(): Promise<void> {
    this.starts++;
    this.processStderr = '';
    const child = fork(RUNNER, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.options.heapMb}`, '--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, PWPKIT_DEBUG: '' },
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (this.processStderr.length < 65_536) this.processStderr += c.toString();
    });
    child.stdout!.resume();
    this.child = child;
    const startupMs = this.options.startupMs ?? 60_000;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fuzz worker did not start within ${startupMs} ms: ${this.processStderr}`)),
        startupMs,
      );
      child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`fuzz worker exited ${code} while starting: ${this.processStderr}`));
      });
    });
    return this.ready;
  }

  async run(job: JobInput, deadlineMs: number): Promise<Outcome> {
    if (!this.child) await this.start();
    else await this.ready;
    const child = this.child!;
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<Outcome>((resolve) => {
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (message: JobResult) => {
        if (message.id === id) finish({ kind: 'done', result: message, ms: performance.now() - started });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        this.child = undefined;
        finish({ kind: 'crash', code, signal, stderr: this.processStderr });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        this.child = undefined;
        child.kill('SIGKILL');
        finish({ kind: 'hang', deadlineMs, stderr: this.processStderr });
      }, deadlineMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ ...job, id } as Job);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
