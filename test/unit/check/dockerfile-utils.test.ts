/**
 * dockerfile-utils: the mapping of the library's LSP diagnostics to iacgen's (positions, rule
 * names, severities), the severity table against the installed library's codes, and the checker
 * on texts written here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ValidationCode } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKERFILE_SEVERITY } from '../../../src/check/checkers/dockerfile-rules.js';
import { dockerfileUtils, lspSeverity, toDiagnostic } from '../../../src/check/checkers/dockerfile-utils.js';

const codeName = (code: number): string | undefined => (ValidationCode as unknown as Record<number, string>)[code];

function lsp(code: number | string | undefined, severity: 1 | 2 | 3 | 4, line = 0, character = 0) {
  return { range: { start: { line, character }, end: { line, character: character + 3 } }, message: 'm', severity, ...(code === undefined ? {} : { code }) };
}

describe('toDiagnostic', () => {
  it('turns the 0-based LSP range start into a 1-based line and column', () => {
    const d = toDiagnostic(lsp(ValidationCode.UNKNOWN_INSTRUCTION, 1, 3, 4), 'Dockerfile', codeName);
    expect([d.line, d.column, d.rule, d.severity, d.source, d.file]).toEqual([4, 5, 'UNKNOWN_INSTRUCTION', 'error', 'dockerfile-utils', 'Dockerfile']);
  });

  it("takes the severity from iacgen's table, whatever the library says", () => {
    expect(toDiagnostic(lsp(ValidationCode.MULTIPLE_INSTRUCTIONS, 1), 'f', codeName).severity).toBe('warning');
    expect(toDiagnostic(lsp(ValidationCode.DEPRECATED_MAINTAINER, 1), 'f', codeName).severity).toBe('warning');
    expect(toDiagnostic(lsp(ValidationCode.INVALID_PORT, 2), 'f', codeName).severity).toBe('error');
  });

  it('keeps the LSP severity for a code the table does not know (a newer library)', () => {
    expect(toDiagnostic(lsp(999, 1), 'f', codeName)).toMatchObject({ rule: '999', severity: 'error' });
    expect(toDiagnostic(lsp(999, 2), 'f', codeName).severity).toBe('warning');
    expect(toDiagnostic(lsp(999, 3), 'f', codeName).severity).toBe('info');
    expect(toDiagnostic(lsp(undefined, 4), 'f', codeName)).toMatchObject({ rule: 'dockerfile', severity: 'info' });
    expect(lspSeverity(undefined)).toBe('info');
  });

  it('reads a markup message as its text', () => {
    const d = toDiagnostic({ ...lsp(ValidationCode.ARGUMENT_MISSING, 1), message: { kind: 'plaintext', value: 'Instruction has no arguments' } } as never, 'f', codeName);
    expect(d.message).toBe('Instruction has no arguments');
  });
});

describe('the severity table', () => {
  it("gives every code of the installed library a severity (a new code is noticed here)", () => {
    const names = Object.keys(ValidationCode).filter((k) => Number.isNaN(Number(k)));
    // FLAG_INVALID_LINK_VALUE is the deprecated alias of FLAG_EXPECTED_BOOLEAN_VALUE (same number).
    const reported = new Set(names.map((n) => codeName((ValidationCode as unknown as Record<string, number>)[n] ?? -1)));
    expect([...reported].filter((n) => n === undefined || !(n in DOCKERFILE_SEVERITY))).toEqual([]);
    expect(Object.keys(DOCKERFILE_SEVERITY).filter((n) => !names.includes(n))).toEqual([]);
  });
});

describe('dockerfileUtils checker', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iacgen-dockerfile-'));
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUNN apk add curl\nmaintainer ops\nEXPOSE 80/tcpx\n');
    await writeFile(path.join(dir, 'Containerfile'), 'FROM alpine:3.20 AS base\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\nCOPY --from=base --chmod=0644 /etc/os-release /srv/\nCMD ["sh"]\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports what will not build as errors and opinions as warnings, with positions', async () => {
    const parsed = await dockerfileUtils.check({ files: ['Dockerfile', 'Containerfile'], cwd: dir });
    const found = parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`).sort();
    expect(found).toEqual([
      'Dockerfile:2:1 error UNKNOWN_INSTRUCTION',
      'Dockerfile:3:1 warning CASING_INSTRUCTION',
      'Dockerfile:3:1 warning DEPRECATED_MAINTAINER',
      'Dockerfile:4:11 error INVALID_PROTO',
    ]);
  });

  it('skips a file it cannot read, never passes it', async () => {
    const parsed = await dockerfileUtils.check({ files: ['missing/Dockerfile'], cwd: dir });
    expect(Object.keys(parsed.skipped ?? {})).toEqual(['missing/Dockerfile']);
  });
});
