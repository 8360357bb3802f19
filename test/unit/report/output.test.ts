/**
 * `iacgen validate --format F --output FILE`: the report goes to FILE whole (or not at all),
 * stdout gets only the summary line, and a FILE that cannot be written is a usage error (exit 2).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateFlags } from '../../../src/cli.js';
import { runValidate } from '../../../src/commands/validate.js';
import type { Context } from '../../../src/context.js';
import { UsageError } from '../../../src/errors.js';
import { tempDir, writeTree } from '../../helpers.js';

/** A context writing into strings; no terminal, so no spinner and no colour. */
function context(cwd: string): Context & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    env: {},
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    interactive: false,
    now: () => new Date(0),
    out: () => out,
    err: () => err,
  };
}

/** A folder with one JSON file: one file checked, by in-process checkers at most (no tool to install). */
function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'config/settings.json': '{"a": 1}\n' });
  return dir;
}

const flags = (format: ValidateFlags['format'], output?: string): ValidateFlags => ({ format, strict: false, staged: false, only: [], skip: [], ...(output ? { output } : {}) });

describe('validate --output', () => {
  it('writes the whole report to the file and prints only the summary line', async () => {
    const dir = project();
    const ctx = context(dir);
    mkdirSync(path.join(dir, 'out'));
    expect(await runValidate(ctx, [], flags('sarif', 'out/report.sarif'))).toBe(0);
    expect(ctx.out()).toMatch(/^passed: 1 file checked, 0 errors, 0 warnings, \d+ skipped checks?\n$/);
    const log = JSON.parse(readFileSync(path.join(dir, 'out', 'report.sarif'), 'utf8')) as { version: string };
    expect(log.version).toBe('2.1.0');
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'report.xml'), 'old report');
    expect(await runValidate(context(dir), [], flags('junit', 'report.xml'))).toBe(0);
    expect(readFileSync(path.join(dir, 'report.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites/);
    expect(readdirSync(dir).sort()).toEqual(['config', 'report.xml']);
  });

  it('writes pretty reports without colour', async () => {
    const dir = project();
    await runValidate({ ...context(dir), stdout: { write: () => true, isTTY: true } }, [], flags('pretty', 'report.txt'));
    const text = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(text).toMatch(/^passed: 1 file checked, 0 errors, 0 warnings, \d+ skipped checks?\n$/m);
    expect(text).not.toContain('\u001b[');
  });

  it('is a usage error, before any checking, when the folder does not exist or the path is a folder', async () => {
    const dir = project();
    const missing = await runValidate(context(dir), [], flags('json', 'no/such/dir/report.json')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UsageError);
    expect((missing as UsageError).exitCode).toBe(2);
    expect((missing as UsageError).message).toBe('cannot write the report to no/such/dir/report.json: no such folder no/such/dir');
    const folder = await runValidate(context(dir), [], flags('json', 'config')).catch((e: unknown) => e);
    expect((folder as UsageError).message).toBe('cannot write the report to config: it is a folder');
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('is a usage error, with nothing written, when the write itself fails', async () => {
    const target = '/proc/iacgen-report.json';
    const error = await runValidate(context(project()), [], flags('json', target)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^cannot write the report to \/proc\/iacgen-report\.json: (cannot create a file there \(E[A-Z]+\)|permission denied)$/);
    expect(readdirSync('/proc').filter((name) => name.startsWith('iacgen-report'))).toEqual([]);
  });
});
