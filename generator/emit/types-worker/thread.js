// Worker thread: renders types.ts with openapi-typescript. Plain JavaScript on purpose: it starts
// without the TypeScript loader, so loading openapi-typescript (and the TypeScript compiler it
// needs, the slowest part of generate) overlaps with parsing and normalizing on the main thread.
import { parentPort } from 'node:worker_threads';
import { renderTypes } from './render-types.js';

parentPort.on('message', ({ id, openapi }) => {
  try {
    parentPort.postMessage({ id, source: renderTypes(openapi) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
