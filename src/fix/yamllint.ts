/**
 * Fixers of three yamllint findings (source `yamllint`, rule ids as yamllint prints them in
 * `-f parsable` output: `document-start`, `trailing-spaces`, `new-line-at-end-of-file`). Each
 * is a line edit, and each checks that every document still loads to the same data, else it
 * gives up (undefined): whitespace that is content (a block scalar's, a `|+` scalar's last line
 * break) is never touched.
 */
import { isScalar, parseAllDocuments, Scalar, visit } from 'yaml';
import { YAML_TYPES, type FileType } from '../classify/tables.js';
import { lineOfOffset } from '../policy/text.js';
import { bare, eolOf, insertLines, rawLines } from './edit.js';
import type { TextFixer } from './types.js';

/** The file types yamllint reads (its manifest's), every YAML type. */
const TYPES: readonly FileType[] = [...YAML_TYPES];

/** The data of every document of `text`, as JSON; undefined when a document does not parse. */
function yamlData(text: string): string | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: false, merge: true });
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return undefined;
  try {
    return JSON.stringify(docs.map((doc) => doc.toJS({ maxAliasCount: -1 })));
  } catch {
    return undefined;
  }
}

/** `fixed` when it loads to the same data as `text`, else undefined. */
function sameData(text: string, fixed: string): string | undefined {
  const before = yamlData(text);
  return before !== undefined && before === yamlData(fixed) ? fixed : undefined;
}

/**
 * `yamllint:document-start` (safe): writes `---` as the first line, when yamllint says the
 * start is missing (not when a configuration with `present: false` calls it forbidden). In a
 * cloud-init file it goes after `#cloud-config` (cloud-init reads that first line). yamllint
 * ignores comments before `---`; the header rule reads a header after it.
 */
export const documentStartFix: TextFixer = {
  id: 'yamllint:document-start',
  handles: ['yamllint:document-start'],
  fileTypes: TYPES,
  safety: 'safe',
  apply(file, findings) {
    if (!findings.some((f) => /missing document start/.test(f.message))) return undefined;
    const first = bare(rawLines(file.text)[0] ?? '');
    if (/^---(?:\s|$)/.test(first)) return undefined;
    const at = file.type === 'cloud-init' && first.startsWith('#') ? 1 : 0;
    return sameData(file.text, insertLines(file.text, at, ['---']));
  },
};

/** The 1-based lines inside block scalars (`|`, `>`): their trailing spaces are content. */
function blockScalarLines(text: string): Set<number> | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return undefined;
  const lines = new Set<number>();
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node) {
        if (!isScalar(node) || !node.range || (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED)) return;
        const from = lineOfOffset(text, node.range[0]);
        const to = lineOfOffset(text, Math.max(node.range[0], node.range[1] - 1));
        for (let line = from + 1; line <= to; line++) lines.add(line);
      },
    });
  }
  return lines;
}

/**
 * `yamllint:trailing-spaces` (safe): strips the trailing blanks of the lines yamllint reported,
 * except inside a block scalar (there they are part of the value: yamllint reports them all the
 * same, and they stay reported). Undefined when the file does not parse (block scalars cannot
 * be told apart) or nothing could be stripped.
 */
export const trailingSpacesFix: TextFixer = {
  id: 'yamllint:trailing-spaces',
  handles: ['yamllint:trailing-spaces'],
  fileTypes: TYPES,
  safety: 'safe',
  apply(file, findings) {
    const content = blockScalarLines(file.text);
    if (!content) return undefined;
    const raw = rawLines(file.text);
    let changed = false;
    for (const line of new Set(findings.map((f) => f.line))) {
      const old = raw[line - 1];
      if (old === undefined || content.has(line)) continue;
      const body = bare(old);
      const stripped = body.replace(/[ \t]+$/, '');
      if (stripped === body) continue;
      raw[line - 1] = stripped + old.slice(body.length);
      changed = true;
    }
    return changed ? sameData(file.text, raw.join('')) : undefined;
  },
};

/**
 * `yamllint:new-line-at-end-of-file` (safe): ends the last line with the file's line
 * terminator. Undefined when the last line is inside a block scalar: PyYAML (Ansible, yamllint)
 * reads `a: |` + `  x` at the end of a file without its newline as `x`, and with it as `x\n`
 * (the `yaml` library reads both as `x\n`, so the data check alone would not see it).
 */
export const newLineAtEndOfFileFix: TextFixer = {
  id: 'yamllint:new-line-at-end-of-file',
  handles: ['yamllint:new-line-at-end-of-file'],
  fileTypes: TYPES,
  safety: 'safe',
  apply(file) {
    if (file.text === '' || file.text.endsWith('\n')) return undefined;
    const content = blockScalarLines(file.text);
    if (!content || content.has(rawLines(file.text).length)) return undefined;
    return sameData(file.text, file.text + eolOf(file.text));
  },
};
