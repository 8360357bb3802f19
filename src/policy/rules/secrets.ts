/** `secret-literal`: the secret detector (see `secrets/detect.ts`) on every file with text. */
import { CHECKED_TYPES } from '../../classify/tables.js';
import { detectSecrets } from '../secrets/detect.js';
import type { RuleLogic } from '../types.js';

/** `secret-literal`: passwords, tokens, private keys and URL credentials written as literals. */
export const secretLiteral: RuleLogic = {
  fileTypes: CHECKED_TYPES,
  check(file) {
    return detectSecrets(file.text, file.type, { path: file.relPath }).map((hit) => ({
      line: hit.line,
      column: hit.column,
      message: `a secret is written in the file (${hit.kind}): read it from the environment or a vault`,
    }));
  },
};
