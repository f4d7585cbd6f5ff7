import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../input/errors.ts';
import type { GeneratedApi } from './generate-files.ts';

type ApiFiles = Pick<GeneratedApi, 'apiName' | 'files'>;

const STAGING = '.pwpkit-staging-';
const OLD = '.pwpkit-old-';
/** Written into a staging folder once every file is in it: from then on the swap may begin. */
const COMPLETE = '.pwpkit-complete.json';
/** Leftovers older than this belong to no running generate, whatever their process id says. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The output folder named by --out (or the config's `out`), checked before any work: an empty
 * name, a file, or a path through a file is refused (exit 2) instead of failing half-way.
 */
export async function checkOutputFolder(out: string): Promise<string> {
  if (out.trim() === '') throw new InputError('--out "": expected a folder path, found an empty string');
  const outDir = resolve(out);
  try {
    if (!(await stat(outDir)).isDirectory())
      throw new InputError(`${out}: is a file: expected a folder for --out (generate writes <out>/<api>/)`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new InputError(`${out}: part of the path is a file: expected a folder for --out`);
    if (code !== 'ENOENT')
      throw error instanceof InputError
        ? error
        : new InputError(`${out}: cannot be used as the output folder (${code ?? String(error)})`);
  }
  return outDir;
}

/**
 * Writes every API's files into a staging folder beside the target, marks it complete, then
 * swaps all the API folders of the run together: every current one aside, every new one in, the
 * old ones removed. A failure part-way leaves the previous output in place. SIGINT/SIGTERM/SIGHUP
 * arriving meanwhile are held until the write is over (milliseconds; a second one acts at once),
 * and leftovers of a run killed anyway (SIGKILL, power loss) are settled by the next run: a
 * complete staging folder is swapped in, an incomplete one removed, the previous output restored.
 * Returns a line for each interrupted run it settled.
 */
export async function writeGenerated(outDir: string, apis: readonly ApiFiles[]): Promise<string[]> {
  const held: NodeJS.Signals[] = [];
  const release = () => {
    for (const signal of SIGNALS) process.off(signal, hold);
  };
  const hold = (signal: NodeJS.Signals) => {
    held.push(signal);
    if (held.length === 1) return;
    release(); // a second signal is insistent: let it act now
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.on(signal, hold);
  try {
    await ioStep(outDir, 'cannot create the output folder', () => mkdir(outDir, { recursive: true }));
    const settled = await settleInterruptedRuns(outDir);
    const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const staging = join(outDir, `${STAGING}${id}`);
    const names = apis.map((api) => api.apiName);
    try {
      for (const api of apis) {
        for (const [name, content] of api.files) {
          const target = join(staging, api.apiName, name);
          await ioStep(outDir, 'cannot write the output', async () => {
            await mkdir(join(target, '..'), { recursive: true });
            await writeFile(target, content);
          });
        }
      }
      for (const api of apis) settled.push(...(await keepForeignFiles(outDir, staging, api)));
      await ioStep(outDir, 'cannot write the output', () => writeFile(join(staging, COMPLETE), JSON.stringify(names)));
      await swapIn(outDir, staging, id, names);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return settled;
  } finally {
    release();
    if (held.length === 1) process.kill(process.pid, held[0]);
  }
}

/** Names older pwpkit versions generated: replaced without a warning. */
const FORMERLY_GENERATED = new Set(['validators.js', 'validators.d.ts']);

/**
 * Generate never deletes what it did not write: any other file or folder in an API's output folder
 * (notes, a hand-written wrapper) moves over to the new one, with a warning naming it.
 */
async function keepForeignFiles(outDir: string, staging: string, api: ApiFiles): Promise<string[]> {
  const current = join(outDir, api.apiName);
  const entries = await readdir(current).catch(() => [] as string[]);
  const foreign = entries.filter((name) => !api.files.has(name) && !FORMERLY_GENERATED.has(name));
  for (const name of foreign) {
    await ioStep(outDir, 'cannot keep a file pwpkit did not write', () =>
      cp(join(current, name), join(staging, api.apiName, name), { recursive: true }),
    );
  }
  return foreign.map(
    (name) =>
      `warning: kept ${join(outDir, api.apiName, name)}: pwpkit did not write it ` +
      '(generated output folders are best left to pwpkit)',
  );
}

/** Every current folder aside, every new one in, then the old ones away; undone if a step fails. */
async function swapIn(outDir: string, staging: string, id: string, names: readonly string[]): Promise<void> {
  const oldOf = (name: string) => join(outDir, `${OLD}${id}-${name}`);
  const movedAside: string[] = [];
  const movedIn: string[] = [];
  try {
    for (const name of names) {
      if (await renameIfPresent(join(outDir, name), oldOf(name))) movedAside.push(name);
    }
    for (const name of names) {
      await rename(join(staging, name), join(outDir, name));
      movedIn.push(name);
    }
  } catch (error) {
    for (const name of movedIn) await rename(join(outDir, name), join(staging, name)).catch(() => undefined);
    for (const name of movedAside) await rename(oldOf(name), join(outDir, name)).catch(() => undefined);
    throw new InputError(
      `${outDir}: cannot replace the output folders (${(error as NodeJS.ErrnoException).code ?? String(error)}); ` +
        'the previous output is left in place',
    );
  }
  for (const name of movedAside) await rm(oldOf(name), { recursive: true, force: true });
}

/**
 * Leftovers of runs that are no longer going: `.pwpkit-staging-<pid>-<hex>` and
 * `.pwpkit-old-<pid>-<hex>-<api>` (older pwpkit versions wrote them without the pid). A complete
 * staging folder is swapped in (the run had begun its swap: every API of it ends up new); an
 * incomplete one is removed and any folder it had moved aside is put back.
 */
async function settleInterruptedRuns(outDir: string): Promise<string[]> {
  const runs = new Map<string, { staging?: string; old: Map<string, string> }>();
  const runOf = (id: string) => runs.get(id) ?? runs.set(id, { old: new Map() }).get(id)!;
  for (const entry of await readdir(outDir)) {
    if (entry.startsWith(STAGING)) runOf(entry.slice(STAGING.length)).staging = entry;
    else if (entry.startsWith(OLD)) {
      const match = /^((?:\d+-)?[0-9a-f]{8})-(.+)$/.exec(entry.slice(OLD.length));
      if (match) runOf(match[1]).old.set(match[2], entry);
      else await rm(join(outDir, entry), { recursive: true, force: true });
    }
  }
  const notes: string[] = [];
  for (const [id, run] of runs) {
    if (!(await abandoned(outDir, id, run))) continue;
    const staging = run.staging === undefined ? undefined : join(outDir, run.staging);
    const planned = staging === undefined ? undefined : await readComplete(staging);
    if (staging !== undefined && planned !== undefined) {
      const finished: string[] = [];
      for (const name of planned) {
        const staged = join(staging, name);
        if (!(await exists(staged))) continue; // already swapped in before the run stopped
        const old = join(outDir, `${OLD}${id}-${name}`);
        if (await exists(join(outDir, name))) {
          await rm(old, { recursive: true, force: true });
          await rename(join(outDir, name), old);
          run.old.set(name, `${OLD}${id}-${name}`);
        }
        await rename(staged, join(outDir, name));
        finished.push(name);
      }
      notes.push(
        `finished the output swap of an interrupted generate (${planned.join(', ')})` +
          (finished.length > 0 ? `: ${finished.join(', ')} moved in now` : ''),
      );
    } else {
      const restored: string[] = [];
      for (const [name, entry] of run.old) {
        if (!(await exists(join(outDir, name)))) {
          await rename(join(outDir, entry), join(outDir, name));
          restored.push(name);
        }
      }
      notes.push(
        'removed the leftovers of an interrupted generate' +
          (restored.length > 0 ? ` and restored the previous ${restored.join(', ')}` : ''),
      );
    }
    for (const entry of run.old.values()) await rm(join(outDir, entry), { recursive: true, force: true });
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
  }
  return notes;
}

/** No live process owns the run: its pid is gone (or unknown), or it is too old to be running. */
async function abandoned(
  outDir: string,
  id: string,
  run: { staging?: string; old: Map<string, string> },
): Promise<boolean> {
  const pid = /^(\d+)-/.exec(id)?.[1];
  if (pid === undefined || !processAlive(Number(pid))) return true;
  const entry = run.staging ?? run.old.values().next().value;
  const modified =
    entry === undefined
      ? 0
      : await stat(join(outDir, entry)).then(
          (s) => s.mtimeMs,
          () => 0,
        );
  return Date.now() - modified > ABANDONED_AFTER_MS;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readComplete(staging: string): Promise<string[] | undefined> {
  try {
    const names = JSON.parse(await readFile(join(staging, COMPLETE), 'utf8')) as unknown;
    return Array.isArray(names) && names.every((n) => typeof n === 'string' && n !== '' && !/[\\/]|^\.\.?$/.test(n))
      ? names
      : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A file-system failure while writing is the output folder's problem (exit 2), named with its path. */
async function ioStep<T>(outDir: string, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new InputError(`${outDir}: ${what} (${code}: ${(error as Error).message.replace(/^[A-Z]+: /, '')})`);
  }
}

/** `--check`: the files that would change (added, modified or removed) under `<out>/<api>/`. */
export async function diffGenerated(outDir: string, apis: readonly GeneratedApi[]): Promise<string[]> {
  const drift: string[] = [];
  for (const api of apis) {
    const dir = join(outDir, api.apiName);
    const existing = new Set(await readdir(dir).catch(() => [] as string[]));
    for (const [name, content] of api.files) {
      const current = existing.has(name) ? await readFile(join(dir, name), 'utf8') : undefined;
      if (current !== content) drift.push(join(dir, name) + (current === undefined ? ' (missing)' : ' (differs)'));
      existing.delete(name);
    }
    for (const stale of existing) drift.push(join(dir, stale) + ' (not generated any more)');
  }
  return drift.sort();
}
