import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

it('the generated client rejects wrong fields, missing fields and undocumented error codes ' +
  'at compile time', async () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const config = join(root, 'test/runtime/types/tsconfig.json');
  const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', config]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
  );
  // An unused @ts-expect-error is itself an error, so a clean run proves every marked mistake was caught.
  expect(stdout).toBe('');
}, 60_000);
