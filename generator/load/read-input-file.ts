import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';

/**
 * Reads a file the user named (a spec, a pact…) as UTF-8 text. A missing file, a folder or an
 * unreadable file becomes one InputError naming the file and what was expected there.
 */
export async function readInputFile(file: string, expected: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a directory, expected ${expected}`);
    throw new InputError(`${file}: cannot be read (${code ?? 'unknown error'})`);
  }
}
