import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * pwpkit's own package.json, found by walking up from this module: the sources sit one folder
 * below it, the compiled files (dist/generator/) two.
 */
function readOwnPackageJson(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'pwpkit' && typeof pkg.version === 'string') return { root: dir, version: pkg.version };
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: dir, version: '0.0.0' };
    dir = parent;
  }
}

const own = readOwnPackageJson();
export const PWPKIT_VERSION = own.version;
/** The installed `pwpkit` command (for a command that re-runs itself in a child process). */
export const PWPKIT_BIN = join(own.root, 'bin', 'pwpkit.js');
