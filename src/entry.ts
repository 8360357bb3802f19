/**
 * What `bin/iacgen.js` runs: the CLI's entry point and the process's shutdown, from one module
 * graph. The build bundles this file into `dist/bundle/entry.js` (`scripts/bundle.mjs`), so that
 * both come from the same copy of `process/shutdown` (it owns the process's exit). The bundle's
 * second entry point, `dist/bundle/shutdown.js`, is that same copy: the shim installs the signal
 * handlers from it before it loads this one.
 */
export { main } from './main.js';
export { finish } from './process/shutdown.js';
