// Which prebuilt bundle bin/pwpkit.js may run. Plain JavaScript: it runs before the TypeScript
// loader is registered, on every start.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One digest over the named source files, path and content alike. */
export function inputsHash(root, inputs) {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`${input}\0`).update(readFileSync(join(root, input))).update('\0');
  return hash.digest('hex');
}

/** The installed version of each package folder (`node_modules/ajv`), or null when absent. */
export function packageVersions(root, packageDirs) {
  return Object.fromEntries(packageDirs.map((dir) => [dir, installedVersion(join(root, dir, 'package.json'))]));
}

function installedVersion(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/**
 * The URL of `dist/<name>.js` when it was built from exactly the sources and packages in place,
 * else undefined (never built, a source edited since, a dependency upgraded): the caller then
 * runs the TypeScript sources, so a stale bundle can cost speed but never correctness.
 *
 * Packages are compared by version, and only in a checkout with its own node_modules/. Installed
 * as a dependency, pwpkit's packages sit in the consumer's node_modules/; the bundle carries the
 * copies it was published with, and runs on them.
 */
export function freshBundle(root, name) {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'dist', `${name}.json`), 'utf8'));
    if (!Array.isArray(manifest.sources) || manifest.sourcesSha256 !== inputsHash(root, manifest.sources)) return undefined;
    if (existsSync(join(root, 'node_modules'))) {
      const installed = packageVersions(root, Object.keys(manifest.packages));
      if (Object.entries(manifest.packages).some(([dir, version]) => installed[dir] !== version)) return undefined;
    }
    const bundle = join(root, 'dist', `${name}.js`);
    return existsSync(bundle) ? pathToFileURL(bundle).href : undefined;
  } catch {
    return undefined;
  }
}
