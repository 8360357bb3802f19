/** `secret-literal`: the secret detector (see `secrets/detect.ts`) on every file with text. */
import { FILE_TYPES } from '../../classify/tables.js';
import { detectSecrets } from '../secrets/detect.js';
import type { RuleLogic } from '../types.js';

/** `secret-literal`: passwords, tokens, private keys and URL credentials written as literals. */
export const secretLiteral: RuleLogic = {
  fileTypes: FILE_TYPES.filter((t) => t !== 'unknown'),
  check(file) {
    return detectSecrets(file.text, file.type, { path: file.relPath }).map((hit) => ({
      line: hit.line,
      column: hit.column,
      message: `a secret is written in the file (${hit.kind}): read it from the environment or a vault`,
    }));
  },
};
