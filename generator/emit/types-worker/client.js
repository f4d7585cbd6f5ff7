// Main-thread side of the types worker: one shared worker, started as early as possible
// (`prewarmTypesWorker` from bin/pwpkit.js for `generate`), requests matched by id.
import { Worker } from 'node:worker_threads';

let worker;
let nextId = 0;
const pending = new Map();

function ensureWorker() {
  if (worker) return worker;
  worker = new Worker(new URL('./thread.js', import.meta.url));
  worker.on('message', ({ id, source, error }) => {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (error !== undefined) request.reject(new Error(error));
    else request.resolve(source);
  });
  worker.on('error', (error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    worker = undefined;
  });
  // After the listeners: attaching a 'message' listener refs the worker again. An idle worker
  // must never keep the process alive (a failed generate would hang instead of exiting 2).
  worker.unref();
  return worker;
}

/** Starts the worker (and its module loading) ahead of need. */
export function prewarmTypesWorker() {
  ensureWorker();
}

/** openapi-typescript's `types.ts` source for an OpenAPI 3 document, rendered off the main thread. */
export function renderTypesInWorker(openapi) {
  const w = ensureWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, openapi });
  });
}
