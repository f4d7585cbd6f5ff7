import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { InputError } from './errors.ts';

/**
 * Reads a file the user named (a spec, a pact…) as UTF-8 text. A missing file, a folder or an
 * unreadable file becomes one InputError naming the file and what was expected there.
 */
export async function readInputFile(file: string, expected: string): Promise<string> {
  return (await readInputBytes(file, expected)).toString('utf8');
}

/** The same, as bytes (to tell invalid UTF-8, which decoding silently turns into U+FFFD). */
export async function readInputBytes(file: string, expected: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a directory, expected ${expected}`);
    throw new InputError(`${file}: cannot be read (${code ?? 'unknown error'})`);
  }
}

/** 1-based numbers of the lines holding bytes that are not UTF-8 (none for valid text). */
export function invalidUtf8Lines(bytes: Buffer): number[] {
  if (isUtf8(bytes)) return [];
  // A newline byte never occurs inside a multi-byte UTF-8 sequence: each line can be judged alone.
  const lines: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) lines.push(line);
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}
