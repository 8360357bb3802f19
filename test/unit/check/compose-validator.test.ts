/**
 * The Compose schema's precompiled validator (ajv standalone code written by the build) gives
 * exactly the errors of the validator compiled at run time, on every Compose fixture; and the
 * one in dist/ is the current schema's.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileValidator, PRECOMPILED, schemaDigest, validatorSource } from '../../../src/check/checkers/compose/validator.js';
import { REPO_ROOT } from '../../helpers.js';

/** Every YAML document of the Compose fixtures (checkers and rules), as data. */
function fixtureDocuments(): Array<[string, unknown]> {
  const dirs = [path.join(REPO_ROOT, 'fixtures', 'checkers', 'compose-schema'), path.join(REPO_ROOT, 'fixtures', 'checkers', 'compose-config')];
  for (const rule of readdirSync(path.join(REPO_ROOT, 'fixtures', 'rules')).filter((d) => d.startsWith('compose-'))) dirs.push(path.join(REPO_ROOT, 'fixtures', 'rules', rule));
  const out: Array<[string, unknown]> = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const file = path.join(dir, name);
      if (!/\.ya?ml$/.test(name) || !statSync(file).isFile()) continue;
      parseAllDocuments(readFileSync(file, 'utf8')).forEach((doc, i) => {
        if (Array.isArray(doc) || doc.errors.length > 0) return;
        out.push([`${path.relative(REPO_ROOT, file)}#${i}`, doc.toJS({ maxAliasCount: 1000 }) ?? null]);
      });
    }
  }
  return out;
}

function load(file: string): ValidateFunction & { schemaDigest?: string } {
  return createRequire(import.meta.url)(file) as ValidateFunction & { schemaDigest?: string };
}

describe('the precompiled Compose schema validator', () => {
  it('gives the errors of the validator compiled at run time, on every Compose fixture', () => {
    // Inside the project, so that the code's `require('ajv/dist/runtime/...')` resolves.
    const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(path.join(cache, 'iacgen-validator-'));
    const file = path.join(dir, PRECOMPILED);
    writeFileSync(file, validatorSource());
    const precompiled = load(file);
    const compiled = compileValidator();
    const documents = fixtureDocuments();
    expect(documents.length).toBeGreaterThan(15);
    let failing = 0;
    for (const [name, data] of documents) {
      const ok = compiled(data);
      expect(precompiled(data), name).toBe(ok);
      expect(precompiled.errors ?? null, name).toEqual(compiled.errors ?? null);
      if (!ok) failing += 1;
    }
    expect(failing).toBeGreaterThan(3);
    expect(precompiled.schemaDigest).toBe(schemaDigest());
    rmSync(dir, { recursive: true, force: true });
  });

  // npm test builds first; `vitest run test/unit` alone may run before any build.
  const built = path.join(REPO_ROOT, 'dist', 'check', 'checkers', 'compose', PRECOMPILED);
  it.skipIf(!existsSync(built) && !process.env.CI)('is in dist/ for the current schema', () => {
    expect(load(built).schemaDigest).toBe(schemaDigest());
  });
});
