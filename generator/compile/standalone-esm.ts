/**
 * ajv's standalone ESM output still `require`s its runtime helpers (deep equality, string length):
 * the module gets a `require` of its own, resolved from where the file sits.
 */
export function standaloneAsEsm(standaloneSource: string): string[] {
  return ["import { createRequire } from 'node:module';", 'const require = createRequire(import.meta.url);', standaloneSource.replace(/^"use strict";/, '')];
}
