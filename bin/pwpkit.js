#!/usr/bin/env node
// The installed entry point: the CLI compiled to JavaScript by `npm run build` (packaging/build.mjs).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
