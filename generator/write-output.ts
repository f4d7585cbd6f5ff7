import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GeneratedApi } from './generate-files.ts';

/**
 * Writes every API's files into a temporary folder beside the target, then swaps each API
 * folder into place: a failure part-way leaves the previous output untouched.
 */
export async function writeGenerated(outDir: string, apis: readonly GeneratedApi[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const stamp = randomBytes(4).toString('hex');
  const staging = join(outDir, `.pwpkit-staging-${stamp}`);
  try {
    for (const api of apis) {
      for (const [name, content] of api.files) {
        const target = join(staging, api.apiName, name);
        await mkdir(join(target, '..'), { recursive: true });
        await writeFile(target, content);
      }
    }
    for (const api of apis) {
      const final = join(outDir, api.apiName);
      const old = join(outDir, `.pwpkit-old-${stamp}-${api.apiName}`);
      await rename(final, old).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await rename(join(staging, api.apiName), final);
      await rm(old, { recursive: true, force: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
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
