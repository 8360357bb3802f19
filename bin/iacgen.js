#!/usr/bin/env node
// Shim into the compiled entry point (dist/ is built by `npm install` via the prepare script).
import { main } from '../dist/main.js';
import { finish } from '../dist/process/shutdown.js';

finish(await main(process.argv.slice(2)));
