import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { InputError } from '../../input/errors.ts';
import type { LoadedSpec, SpecVersion, JsonObject } from '../../input/document.ts';
import { parseSource } from './parse-source.ts';
import { invalidUtf8Lines, readInputBytes } from '../../input/read-input-file.ts';

/** Reads and parses one spec file: the only place the generator reads a spec from disk. */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  const bytes = await readInputBytes(file, 'a spec file');
  const spec = specFromText(bytes.toString('utf8'), file);
  const badLines = invalidUtf8Lines(bytes);
  if (badLines.length === 0) return spec;
  const others = `${badLines.slice(1, 6).join(', ')}${badLines.length > 6 ? ', …' : ''}`;
  const more =
    badLines.length > 1 ? ` (and ${badLines.length - 1} more line${badLines.length > 2 ? 's' : ''}: ${others})` : '';
  return {
    ...spec,
    warnings: [`${file}:${badLines[0]}: bytes that are not UTF-8, read as U+FFFD${more}: expected UTF-8 text`],
  };
}

export function specFromText(text: string, file: string): LoadedSpec {
  const { document, lineOf } = parseSource(text, file);
  return {
    file,
    apiName: apiNameOf(file),
    version: detectVersion(document, file),
    document,
    sha256: sha256Of(text),
    lineOf,
  };
}

export function detectVersion(document: JsonObject, file: string): SpecVersion {
  if (document.swagger === '2.0') return 'swagger2';
  if (typeof document.openapi === 'string' && /^3\.[01]\./.test(document.openapi)) return 'openapi3';
  const found = document.swagger ?? document.openapi;
  throw new InputError(
    found === undefined
      ? `${file}: not a Swagger/OpenAPI document: expected a top-level "swagger: "2.0"" or "openapi: 3.x" field`
      : `${file}: unsupported version ${JSON.stringify(found)} ` +
          `at /${document.swagger !== undefined ? 'swagger' : 'openapi'}: expected "2.0", 3.0.x or 3.1.x`,
  );
}

/** `spec/pay-with-points.swagger.yaml` → `pay-with-points`. */
export function apiNameOf(file: string): string {
  const base = basename(file)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/\.(swagger|openapi|oas\d?)$/i, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'api';
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
