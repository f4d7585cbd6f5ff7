import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * pwpkit's own package.json, found by walking up from this module: the sources sit one folder
 * below it, the compiled files (dist/generator/) two.
 */
function readOwnPackageJson(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'pwpkit' && typeof pkg.version === 'string') return { name: pkg.name, version: pkg.version };
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'pwpkit', version: '0.0.0' };
    dir = parent;
  }
}

export const PWPKIT_VERSION = readOwnPackageJson().version;
