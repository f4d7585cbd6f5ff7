import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../input/errors.ts';

/**
 * Pact file arguments: files as given, folders expanded to the `*.json` files directly in them
 * (sorted). A missing path or a folder without pacts is an InputError (exit 2).
 */
export async function expandPactPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new InputError(`${p}: no such file or folder`);
    }
    if (!info.isDirectory()) {
      out.push(p);
      continue;
    }
    const files = (await readdir(p))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(p, f));
    if (files.length === 0) throw new InputError(`${p}: no pact files (*.json) in this folder`);
    out.push(...files);
  }
  return [...new Set(out)];
}
