// Which prebuilt bundle bin/pwpkit.js may run. Plain JavaScript: it runs before the TypeScript
// loader is registered, on every start.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One digest over the named source files, path and content alike. */
export function inputsHash(root, inputs) {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`${input}\0`).update(readFileSync(join(root, input))).update('\0');
  return hash.digest('hex');
}

/**
 * The URL of `dist/<name>.js` when every source file it was built from is unchanged, else
 * undefined (never built, built from other sources, or a source edited since): the caller then
 * runs the TypeScript sources, so a stale bundle can cost speed but never correctness.
 */
export function freshBundle(root, name) {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'dist', `${name}.json`), 'utf8'));
    if (!Array.isArray(manifest.inputs) || manifest.inputsSha256 !== inputsHash(root, manifest.inputs)) return undefined;
    return pathToFileURL(join(root, 'dist', `${name}.js`)).href;
  } catch {
    return undefined;
  }
}
