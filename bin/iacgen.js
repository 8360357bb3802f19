#!/usr/bin/env node
// Shim into the bundled entry point (dist/ is built by `npm install` via the prepare script:
// tsc, then scripts/bundle.mjs).
import { finish, main } from '../dist/bundle/entry.js';

finish(await main(process.argv.slice(2)));
