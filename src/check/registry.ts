/**
 * The built-in checkers, as an explicit list (no directory scanning): adding a checker means
 * adding its file under `checkers/` and one line here.
 */
import type { FileType } from '../classify/tables.js';
import { ansibleLint } from './checkers/ansible-lint.js';
import { ansibleSyntaxCheck } from './checkers/ansible-syntax-check.js';
import { bashSyntax } from './checkers/bash-syntax.js';
import { pythonCompile } from './checkers/python-compile.js';
import { shellcheck } from './checkers/shellcheck.js';
import { yamllint } from './checkers/yamllint.js';
import type { Checker } from './types.js';

/** Every built-in checker, in the order their results are reported. */
export const CHECKERS: readonly Checker[] = [
  yamllint,
  ansibleSyntaxCheck,
  ansibleLint,
  bashSyntax,
  shellcheck,
  pythonCompile,
];

/** The checkers that apply to a file type, in {@link CHECKERS} order. */
export function checkersFor(type: FileType): Checker[] {
  return CHECKERS.filter((checker) => checker.fileTypes.includes(type));
}
