import { constants, realpathSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { pointer } from '../../input/document.ts';
import { InputError } from '../../input/errors.ts';
import { checkDocumentLimits, locatedError, MAX_NESTING } from './input-limits.ts';

/** Largest file a `$ref` may name. */
export const MAX_REF_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Which files `$ref`s may bring into a spec: regular files only (never a device, a FIFO or a
 * folder), at most MAX_REF_FILE_BYTES, inside the spec's folder or the project folder (the
 * working directory) or a folder given with --allow-ref-outside. Symbolic links are followed
 * first, so a link cannot lead outside.
 */
export interface RefPolicy {
  /** Real paths of the folders refs may reach. */
  readonly roots: readonly string[];
  readonly maxBytes: number;
}

export function refPolicy(specFile: string, allowOutside: readonly string[] = [], cwd = process.cwd()): RefPolicy {
  const roots = [realFolder(dirname(resolve(specFile))), realFolder(cwd)];
  for (const dir of allowOutside) {
    let real: string;
    try {
      real = realpathSync(resolve(dir));
    } catch {
      throw new InputError(`--allow-ref-outside ${dir}: no such folder`);
    }
    if (!statSync(real).isDirectory())
      throw new InputError(`--allow-ref-outside ${dir}: expected a folder, found a file`);
    roots.push(real);
  }
  return { roots: [...new Set(roots)], maxBytes: MAX_REF_FILE_BYTES };
}

function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Why a file a `$ref` names may not be read, or undefined when it may (a missing file is the bundler's to report). */
export function refusalOf(path: string, policy: RefPolicy): string | undefined {
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(path);
    stats = statSync(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : `cannot be read (${code ?? String(error)})`;
  }
  const named = real === path ? real : `${path} (${real})`;
  if (!stats.isFile()) return `names ${named}, which is ${kindOf(stats)}: expected a regular file`;
  if (!policy.roots.some((root) => isInside(root, real))) {
    return (
      `names ${named}, outside ${policy.roots.join(' and ')}: ` +
      "expected a file inside the spec's folder or the project (or pass --allow-ref-outside <dir>)"
    );
  }
  if (stats.size > policy.maxBytes)
    return `names ${named} of ${stats.size} bytes: expected at most ${policy.maxBytes} bytes`;
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a file the policy allows, bounded: opened without blocking (a FIFO swapped in after the
 * check cannot hang the read), re-checked on the open descriptor, never more than maxBytes + 1
 * bytes read. Throws an Error naming the path when the file may not be read.
 */
export async function readRefFile(path: string, policy: RefPolicy): Promise<Buffer> {
  const refused = refusalOf(path, policy);
  if (refused !== undefined) throw new Error(`${path}: ${refused}`);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`${path}: is ${kindOf(stats)}: expected a regular file`);
    const buffer = Buffer.alloc(Math.min(stats.size, policy.maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > policy.maxBytes)
      throw new Error(`${path}: more than ${policy.maxBytes} bytes: expected at most ${policy.maxBytes} bytes`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** The file system path a `$ref` names, relative to the file it sits in; undefined for local and remote refs. */
export function refFilePath(ref: string, fromFile: string): string | undefined {
  const target = ref.split('#')[0];
  if (target === '') return undefined;
  if (/^file:/i.test(target)) return fileURLToPath(target);
  if (/^[a-z][a-z0-9+.-]+:/i.test(target)) return undefined; // http(s) and the like: the remote-ref rules apply
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // a bare % is a file name character
  }
  return resolve(dirname(resolve(fromFile)), decoded);
}

/**
 * Follows every file `$ref` of a spec, and of the files those name, before the bundler reads
 * anything: each must pass the policy, or the spec is refused (exit 2) naming the ref, the file
 * it sits in and its pointer. Returns what was read, so the bundler reads each file only through
 * here (see `bundleExternalRefs`).
 */
export async function checkFileRefs(
  specFile: string,
  document: unknown,
  lineOf: (ptr: string) => number | undefined,
  policy: RefPolicy,
): Promise<Map<string, Buffer>> {
  const read = new Map<string, Buffer>();
  const queue: Array<{ file: string; document: unknown; lineOf: (ptr: string) => number | undefined }> = [
    { file: specFile, document, lineOf },
  ];
  for (let item = queue.shift(); item; item = queue.shift()) {
    for (const { ref, ptr } of fileRefsIn(item.document)) {
      const path = refFilePath(ref, item.file);
      if (path === undefined || read.has(path)) continue;
      const refused = refusalOf(path, policy);
      if (refused !== undefined) throw locatedError(item.file, item.lineOf, ptr, `$ref "${ref}" ${refused}`);
      let content: Buffer;
      try {
        content = await readRefFile(path, policy);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A missing file is named where the $ref is (the bundler would name only the file).
        if (code === 'ENOENT' || code === 'ENOTDIR')
          throw locatedError(
            item.file,
            item.lineOf,
            ptr,
            `$ref "${ref}" names ${path}, which does not exist: expected a file`,
          );
        if (code !== undefined)
          throw locatedError(
            item.file,
            item.lineOf,
            ptr,
            `$ref "${ref}" names ${path}, which cannot be read (${code})`,
          );
        throw locatedError(item.file, item.lineOf, ptr, `$ref "${ref}": ${(error as Error).message}`);
      }
      read.set(path, content);
      const parsed = parseReferenced(content.toString('utf8'));
      if ('error' in parsed) {
        // A .json/.yaml file that does not parse is refused where it is named; another file may be taken as text by
        // the bundler.
        if (/\.(json|ya?ml)$/i.test(path))
          throw locatedError(
            item.file,
            item.lineOf,
            ptr,
            `$ref "${ref}" names ${path}, which is not valid JSON or YAML (${parsed.error}): ` +
              'expected a JSON or YAML document',
          );
        continue;
      }
      checkDocumentLimits(parsed.document, path, () => undefined, parsed.mayShareNodes, parsed.jsonText);
      queue.push({ file: path, document: parsed.document, lineOf: () => undefined });
    }
  }
  return read;
}

/** Every `$ref` string anywhere (the bundler follows them in extensions and examples too). */
function fileRefsIn(document: unknown): Array<{ ref: string; ptr: string }> {
  const found: Array<{ ref: string; ptr: string }> = [];
  const stack: Array<{ node: unknown; path: string[] }> = [{ node: document, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) found.push({ ref, ptr: pointer(...path) });
    for (const [key, value] of Object.entries(node))
      if (typeof value === 'object' && value !== null) stack.push({ node: value, path: [...path, key] });
  }
  return found.reverse();
}

function parseReferenced(
  text: string,
): { document: unknown; mayShareNodes: boolean; jsonText?: string } | { error: string } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    if (/^\s*[{[]/.test(source)) return { document: JSON.parse(source), mayShareNodes: false, jsonText: source };
    return {
      document: jsYaml.load(source, { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_NESTING } as jsYaml.LoadOptions),
      mayShareNodes: source.includes('&'),
    };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  }
}
