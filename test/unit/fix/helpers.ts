/**
 * Helpers of the fixer tests: a file to fix (from a rule's fixture or inline), the fix context,
 * running a policy rule on a text, and a line diff to show that only the fixed lines changed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { FileType } from '../../../src/classify/tables.js';
import type { Diagnostic } from '../../../src/check/types.js';
import { policyFileOf } from '../../../src/fix/edit.js';
import type { FixContext, FixFile, TextFixer } from '../../../src/fix/types.js';
import { ruleById } from '../../../src/policy/registry.js';
import type { RuleContext } from '../../../src/policy/types.js';
import { REPO_ROOT } from '../../helpers.js';

/** The context every fix test uses (no purpose: give one per test). */
export const CONTEXT: FixContext = { root: REPO_ROOT, author: 'Ada Lovelace', date: '2026-12-06' };

/** A file at `relPath` (from the repository root) with `text`. */
export function fileOf(relPath: string, type: FileType, text: string): FixFile {
  return { absPath: path.join(REPO_ROOT, relPath), relPath, type, text };
}

/** The bad fixture `file` of rule `ruleId`, at its real path. */
export function badFixture(ruleId: string, file: string, type: FileType): FixFile {
  const relPath = `fixtures/rules/${ruleId}/bad/${file}`;
  return fileOf(relPath, type, readFileSync(path.join(REPO_ROOT, relPath), 'utf8'));
}

const RULE_CONTEXT: RuleContext = {
  inventory: undefined,
  root: REPO_ROOT,
  terraformModule: () => Promise.reject(new Error('no Terraform module in fixer tests')),
  gitIgnored: async () => false,
};

/** The findings of policy rule `ruleId` on `file`, as diagnostics (source `iacgen`). */
export async function ruleDiagnostics(ruleId: string, file: FixFile): Promise<Diagnostic[]> {
  const logic = ruleById(ruleId)?.logic;
  if (!logic) throw new Error(`no rule logic for ${ruleId}`);
  const findings = await logic.check(policyFileOf(file), RULE_CONTEXT);
  return findings.map((f) => ({ line: f.line, column: f.column ?? 1, severity: 'warning', rule: ruleId, message: f.message, source: 'iacgen' }));
}

/**
 * Runs `fixer` on `file` for the findings of its rule `ruleId`, checks the rule found something
 * before and finds nothing after; returns the fixed text.
 */
export async function fixAndRecheck(fixer: TextFixer, ruleId: string, file: FixFile, context: FixContext = CONTEXT): Promise<string> {
  const before = await ruleDiagnostics(ruleId, file);
  expect(before.length).toBeGreaterThan(0);
  const fixed = fixer.apply(file, before, context);
  expect(fixed).toBeTypeOf('string');
  expect(await ruleDiagnostics(ruleId, { ...file, text: fixed as string })).toEqual([]);
  return fixed as string;
}

/** Lines with their terminators. */
function raw(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * The lines removed from `before` and added in `after` (terminators included), by a longest
 * common subsequence: every other line is byte-identical and in the same order.
 */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = raw(before);
  const b = raw(after);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      (lcs[i] as number[])[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, lcs[i]?.[j + 1] ?? 0);
    }
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) added.push(b[j++] as string);
    else removed.push(a[i++] as string);
  }
  return { removed, added };
}

/** The full-line comments of a `#`-comment text. */
export function commentLines(text: string): string[] {
  return raw(text).filter((line) => /^\s*#/.test(line));
}

/** Every full-line comment of `before` is in `after`, as many times, byte for byte. */
export function expectCommentsKept(before: string, after: string): void {
  const left = [...commentLines(after)];
  for (const line of commentLines(before)) {
    const at = left.indexOf(line);
    expect(at, `comment line kept: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    left.splice(at, 1);
  }
}
