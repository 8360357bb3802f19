#!/usr/bin/env node
// Bundles the compiled CLI (dist/entry.js, from tsc) and its npm dependencies into
// dist/bundle/ with esbuild: ES modules, one chunk per dynamically imported part (the commands,
// the checkers' parsers), so `bin/iacgen.js` loads a few files instead of ~750. Node's ES module
// loader costs about 0.5 ms of CPU per file; a cold start of `iacgen validate` loaded 755.
//
// Kept external: packages that load files of their own at run time (WebAssembly). The
// precompiled Compose validator (dist/check/checkers/compose/) is copied beside the chunks, where
// `validator.ts` looks for it. `code-digest.txt` is the digest of the bundle's files, which the
// result cache keys on (`check/cache/tool.ts`, buildFingerprint).
//
//   node scripts/bundle.mjs        (run by `npm run build`, after tsc)
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'bundle');

/**
 * Left to Node's resolution at run time: packages that read files beside their own code
 * (WebAssembly), and dockerfile-utils, whose UMD build loses its enum exports when bundled
 * (`ValidationSeverity` came out undefined: test/e2e/dockerfile.test.ts).
 */
const EXTERNAL = ['@cdktn/hcl2json', 'web-tree-sitter', '@tree-sitter-grammars/*', 'dockerfile-utils'];

/** Files that modules of dist/ read beside themselves, copied beside the chunks. */
const BESIDE = ['check/checkers/compose/compose-spec.validate.cjs'];

rmSync(OUT, { recursive: true, force: true });
await build({
  // Two entry points sharing one copy of process/shutdown (a common chunk): `bin/iacgen.js` loads
  // the small shutdown.js first and installs the signal handlers, then imports entry.js (about
  // 100 ms of parsing, more on a loaded machine, during which a signal would otherwise kill Node
  // outright: test/e2e/faults.test.ts).
  entryPoints: { entry: path.join(DIST, 'entry.js'), shutdown: path.join(DIST, 'process', 'shutdown.js') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds first (jsonc-parser's CommonJS build requires its parts by computed paths).
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // CommonJS dependencies inside an ES module bundle still call require() for Node's own modules,
  // and read __filename (write-file-atomic seeds its temporary names with it).
  banner: {
    js: [
      "import { createRequire as __iacgenRequire } from 'node:module';",
      "import { fileURLToPath as __iacgenPath } from 'node:url';",
      'const require = __iacgenRequire(import.meta.url);',
      'const __filename = __iacgenPath(import.meta.url);',
      "const __dirname = __iacgenPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  logLevel: 'warning',
  legalComments: 'none',
  // Maps back through tsc's own maps to src/*.ts: IACGEN_DEBUG=1 stack traces name our sources.
  sourcemap: 'linked',
});
for (const rel of BESIDE) {
  const from = path.join(DIST, rel);
  if (existsSync(from)) copyFileSync(from, path.join(OUT, path.basename(rel)));
}
const digest = createHash('sha256');
for (const name of readdirSync(OUT).filter((n) => !n.endsWith('.map')).sort()) digest.update(`${name}:${createHash('sha256').update(readFileSync(path.join(OUT, name))).digest('hex')}\n`);
writeFileSync(path.join(OUT, 'code-digest.txt'), `${digest.digest('hex')}\n`);
console.log(`bundled dist/entry.js into ${path.relative(ROOT, OUT)}/ (${readdirSync(OUT).length} files)`);
