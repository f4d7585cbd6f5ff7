// Worker thread: renders types.ts with openapi-typescript. Plain JavaScript on purpose: it starts
// without the TypeScript loader, so loading openapi-typescript (and the TypeScript compiler it
// needs, the slowest part of generate) overlaps with parsing and normalizing on the main thread.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

// The CommonJS build: importing it as ESM makes Node lex the 9 MB compiler for named exports.
const { default: openapiTS, astToString } = createRequire(import.meta.url)('openapi-typescript');

parentPort.on('message', async ({ id, openapi }) => {
  try {
    const ast = await openapiTS(openapi, { silent: true });
    parentPort.postMessage({ id, source: astToString(ast) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
