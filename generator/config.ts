import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './errors.ts';

export interface GenerateConfig {
  spec: string[];
  out: string;
}

const DEFAULTS: GenerateConfig = { spec: [], out: 'generated' };

/** Defaults for `pwpkit generate`: `pwpkit.config.json`, else the `pwpkit` field of package.json. */
export async function readGenerateConfig(cwd: string): Promise<GenerateConfig> {
  const fromFile = await readJson(join(cwd, 'pwpkit.config.json'));
  const fromPackage = fromFile === undefined ? ((await readJson(join(cwd, 'package.json'))) as { pwpkit?: unknown } | undefined)?.pwpkit : undefined;
  const raw = fromFile ?? fromPackage;
  if (raw === undefined) return DEFAULTS;
  const source = fromFile !== undefined ? 'pwpkit.config.json' : 'package.json#/pwpkit';
  if (typeof raw !== 'object' || raw === null) throw new InputError(`${source}: expected an object with "spec" and "out"`);
  const { spec, out } = raw as { spec?: unknown; out?: unknown };
  const specs = typeof spec === 'string' ? [spec] : spec;
  if (specs !== undefined && !(Array.isArray(specs) && specs.every((s) => typeof s === 'string'))) throw new InputError(`${source}/spec: expected a file path or a list of file paths`);
  if (out !== undefined && typeof out !== 'string') throw new InputError(`${source}/out: expected a folder path`);
  return { spec: (specs as string[] | undefined) ?? DEFAULTS.spec, out: (out as string | undefined) ?? DEFAULTS.out };
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
