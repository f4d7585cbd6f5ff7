/**
 * ajv's standalone ESM output still `require`s its run-time helpers (deep equality, string length,
 * URI parsing). Generated code must run in any app with only `@pwpkit/runtime` installed, so each
 * `require("ajv/dist/runtime/<name>").default` becomes a named import from
 * `@pwpkit/runtime/validation`, and only the helpers the code uses are imported.
 */
const RUNTIME_HELPERS: Readonly<Record<string, string>> = {
  equal: 'equal',
  ucs2length: 'ucs2length',
  uri: 'uri',
  validation_error: 'ValidationError',
};

const AJV_RUNTIME_REQUIRE = /require\("ajv\/dist\/runtime\/([a-z_0-9]+)"\)\.default/g;

export function standaloneAsEsm(standaloneSource: string): { imports: string[]; code: string } {
  const used = new Set<string>(['formats']);
  const code = standaloneSource.replace(/^"use strict";/, '').replace(AJV_RUNTIME_REQUIRE, (_, helper: string) => {
    const name = RUNTIME_HELPERS[helper];
    if (name === undefined)
      throw new Error(`ajv standalone code needs ajv/dist/runtime/${helper}, which @pwpkit/runtime does not provide`);
    used.add(name);
    return `__${name}`;
  });
  if (/\brequire\(/.test(code))
    throw new Error('ajv standalone code still calls require(): @pwpkit/runtime/validation lacks a helper');
  const names = [...used].sort().map((name) => (name === 'formats' ? 'formats as __fmts' : `${name} as __${name}`));
  return { imports: [`import { ${names.join(', ')} } from '@pwpkit/runtime/validation';`], code };
}
