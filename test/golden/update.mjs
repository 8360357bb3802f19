// `npm run golden:update`: regenerates fixtures/generators/<generator>/<variant>/expected/ for
// every generator and variant with the built CLI. Review the diff with `git diff fixtures/`.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalog, caseArgs, freshRepo, GOLDEN_DIR, readTree, runIacgen } from './generate.mjs';

let failed = 0;
for (const generator of catalog()) {
  for (const variant of generator.variants) {
    const repo = freshRepo();
    const run = runIacgen(caseArgs(generator.name, variant.name), repo);
    const expected = path.join(GOLDEN_DIR, generator.name, variant.name, 'expected');
    if (run.status !== 0) {
      failed++;
      console.error(`FAILED ${generator.name} ${variant.name} (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    } else {
      rmSync(expected, { recursive: true, force: true });
      for (const [rel, file] of Object.entries(readTree(repo))) {
        const dest = path.join(expected, rel);
        mkdirSync(path.dirname(dest), { recursive: true });
        writeFileSync(dest, file.content);
        chmodSync(dest, Number.parseInt(file.mode, 8));
      }
      console.log(`updated ${path.relative(process.cwd(), expected)}`);
    }
    rmSync(repo, { recursive: true, force: true });
  }
}
process.exit(failed > 0 ? 1 : 0);
