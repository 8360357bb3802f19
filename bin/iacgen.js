#!/usr/bin/env node
// Shim into the bundled entry point (dist/ is built by `npm install` via the prepare script:
// tsc, then scripts/bundle.mjs). The signal handlers come first, from the small shutdown chunk,
// so that Ctrl-C while the CLI is still loading ends with 130 and its one line, like any later one.
import { installShutdown } from '../dist/bundle/shutdown.js';

installShutdown();
const { finish, main } = await import('../dist/bundle/entry.js');
finish(await main(process.argv.slice(2)));
