/**
 * `destructive-unmarked`: operations that delete (Ansible `state: absent`, `rm -rf`, `terraform
 * destroy`, SQL `DROP`, Proxmox `qm`/`pct destroy`, ...) need a `# WARNING: Destructive`
 * comment. Only code is searched (a usage comment that mentions `terraform destroy` is fine).
 */
import { CHECKED_TYPES, YAML_TYPES, type FileType } from '../../classify/tables.js';
import type { Finding, PolicyFile, RuleLogic } from '../types.js';

const ANSIBLE: readonly FileType[] = ['ansible-playbook', 'ansible-tasks'];

/** A destructive operation: what it is called in messages, and how to spot it in a line of code. */
interface Operation {
  what: string;
  pattern: RegExp;
  /** Only in these file types (default: every type). */
  types?: readonly FileType[];
}

/** Destructive operations, data only. */
const OPERATIONS: readonly Operation[] = [
  { what: 'state: absent', pattern: /(?:^|[\s{,])state\s*[:=]\s*["']?absent\b/, types: ANSIBLE },
  { what: 'rm -rf', pattern: /\brm\s+(?:-[a-zA-Z]*(?:r[a-zA-Z]*f|f[a-zA-Z]*r)[a-zA-Z]*|-[rR]\s+-f|-f\s+-[rR]|--recursive\s+--force|--force\s+--recursive)\s+([^;&|]+)/ },
  { what: 'terraform destroy', pattern: /\b(?:terraform|tofu)\s+(?:destroy\b|apply\b[^;&|]*\s-destroy\b)/ },
  { what: 'DROP', pattern: /\bDROP\s+(?:TABLE|DATABASE|SCHEMA|USER|ROLE)\b/i },
  { what: 'Proxmox guest destroy', pattern: /\b(?:qm|pct)\s+destroy\b/ },
  { what: 'zfs destroy', pattern: /\bzfs\s+destroy\b/ },
  { what: 'Docker volume removal', pattern: /\bdocker\s+(?:volume\s+(?:rm|prune)|system\s+prune)\b|\bcompose\s+down\b[^;&|]*\s(?:-v|--volumes)\b/ },
  { what: 'filesystem wipe', pattern: /\b(?:mkfs(?:\.\w+)?|wipefs)\s+(?:-\S+\s+)*\/dev\/|\bdd\s[^;&|]*\bof=\/dev\// },
  { what: 'shutil.rmtree', pattern: /\bshutil\.rmtree\s*\(([^)]*)/, types: ['python'] },
];

/** `rm -rf` / `shutil.rmtree` targets that are scratch space, not data (temp dirs, caches, apt lists). */
const SCRATCH = /(?:^|[/{$"'])(?:tmp|temp|tmpdir|cache|scratch)|\/var\/lib\/apt\/lists|\bmktemp\b/i;

/** True when every path an `rm -rf` removes is scratch space (words without path characters are not paths). */
function isScratch(targets: string): boolean {
  const words = targets.trim().split(/[\s,]+/);
  const paths = words.filter((w) => /[/$.~*]/.test(w));
  return (paths.length > 0 ? paths : words).every((target) => SCRATCH.test(target));
}

const MARKER = /WARNING:\s*Destructive/i;

function indent(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

/**
 * The first line (0-based) of what holds line `at`: for YAML the nearest enclosing list item (an
 * Ansible task), otherwise the nearest enclosing line at indentation 0 (a function, a block).
 */
function holderStart(file: PolicyFile, at: number): number {
  const yaml = YAML_TYPES.has(file.type);
  let current = indent(file.lines[at] ?? '');
  for (let j = at; j >= 0; j--) {
    const code = file.code[j] ?? '';
    if (code.trim() === '') continue;
    if (j < at && indent(code) >= current) continue;
    current = indent(code);
    if (yaml ? /^\s*-\s/.test(code) : current === 0) return j;
  }
  return at;
}

/** True when a `# WARNING: Destructive` comment marks line `at`. */
function marked(file: PolicyFile, at: number): boolean {
  let start = holderStart(file, at);
  while (start > 0 && file.comments[start - 1] !== undefined && (file.code[start - 1] ?? '').trim() === '') start--;
  for (let j = start; j <= at; j++) if (MARKER.test(file.comments[j] ?? '')) return true;
  return false;
}

/** `destructive-unmarked`. */
export const destructiveUnmarked: RuleLogic = {
  fileTypes: CHECKED_TYPES,
  check(file) {
    const found: Finding[] = [];
    file.code.forEach((code, index) => {
      for (const op of OPERATIONS) {
        if (op.types && !op.types.includes(file.type)) continue;
        const m = op.pattern.exec(code);
        if (!m) continue;
        if (m[1] !== undefined && isScratch(m[1])) continue;
        if (!marked(file, index)) found.push({ line: index + 1, column: m.index + 1, message: `${op.what} without a '# WARNING: Destructive' comment` });
        return;
      }
    });
    return found;
  },
};
