import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportExtension } from './emit/source-text.ts';
import { InputError } from '../input/errors.ts';

export interface GenerateConfig {
  spec: string[];
  out: string;
  /** How generated modules import each other: `.js` (default), `.ts` or none. */
  importExtension: ImportExtension;
}

const DEFAULTS: GenerateConfig = { spec: [], out: 'generated', importExtension: '.js' };
const KNOWN_KEYS = ['spec', 'out', 'importExtension'];

/** `--import-extension` and the config key accept `.js`, `.ts`, `js`, `ts` or `none`. */
export function parseImportExtension(value: unknown, where: string): ImportExtension {
  if (value === '.js' || value === 'js') return '.js';
  if (value === '.ts' || value === 'ts') return '.ts';
  if (value === 'none' || value === '') return '';
  throw new InputError(`${where}: expected ".js", ".ts" or "none", found ${JSON.stringify(value)}`);
}

/** Defaults for `pwpkit generate`: `pwpkit.config.json`, else the `pwpkit` field of package.json. */
export async function readGenerateConfig(cwd: string): Promise<GenerateConfig> {
  const fromFile = await readJson(join(cwd, 'pwpkit.config.json'));
  const fromPackage =
    fromFile === undefined
      ? ((await readJson(join(cwd, 'package.json'))) as { pwpkit?: unknown } | undefined)?.pwpkit
      : undefined;
  const raw = fromFile ?? fromPackage;
  if (raw === undefined) return DEFAULTS;
  const source = fromFile !== undefined ? 'pwpkit.config.json' : 'package.json#/pwpkit';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(`${source}: expected an object with "spec" and "out"`);
  const unknown = Object.keys(raw).find((key) => !KNOWN_KEYS.includes(key));
  if (unknown !== undefined)
    throw new InputError(`${source}/${unknown}: unknown key (known: ${KNOWN_KEYS.join(', ')})`);
  const { spec, out, importExtension } = raw as { spec?: unknown; out?: unknown; importExtension?: unknown };
  const specs = typeof spec === 'string' ? [spec] : spec;
  if (specs !== undefined && !(Array.isArray(specs) && specs.every((s) => typeof s === 'string')))
    throw new InputError(`${source}/spec: expected a file path or a list of file paths`);
  if (out !== undefined && typeof out !== 'string') throw new InputError(`${source}/out: expected a folder path`);
  return {
    spec: (specs as string[] | undefined) ?? DEFAULTS.spec,
    out: (out as string | undefined) ?? DEFAULTS.out,
    importExtension:
      importExtension === undefined
        ? DEFAULTS.importExtension
        : parseImportExtension(importExtension, `${source}/importExtension`),
  };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
