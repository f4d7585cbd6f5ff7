#!/usr/bin/env node
// The installed entry point: registers tsx so the TypeScript sources run as they are shipped.
import { register } from 'tsx/esm/api';

if (process.argv[2] === 'generate') {
  // Start loading openapi-typescript in its worker now, in parallel with everything below.
  const { prewarmTypesWorker } = await import('../generator/emit/types-worker/client.js');
  prewarmTypesWorker();
}
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
