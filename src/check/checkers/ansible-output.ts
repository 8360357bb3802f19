/**
 * Reads what ansible's command-line tools print on stderr into messages (level, text, where),
 * for both generations of ansible-core's display. Pure: no I/O, never throws.
 *
 * - ansible-core <= 2.18 (`ansible/utils/display.py` `Display.error`, `errors.AnsibleError`):
 *   `ERROR! <message>` then, after a blank line, "The error appears to be in '<path>': line N,
 *   column M, but may be elsewhere ..."; warnings `[WARNING]: <message>`, wrapped at the terminal
 *   width (also inside paths, after a hyphen). The duplicate key warning reads "While
 *   constructing a mapping from <path>, line N, column M, found a duplicate dict key (k)".
 * - ansible-core >= 2.19 (`ansible/utils/display.py` `Display._error`: `[ERROR]: ` +
 *   `_event_formatting.format_event`; `_errors/_error_utils.py` `SourceContext.__str__`):
 *   `[ERROR]: <message>` (several lines when it has help text), then `Origin: <path>:<line>:<col>`
 *   (`_datatag/_tags.py` `Origin.__str__`; either number may be missing, and a `(description)`
 *   may follow), then the annotated source lines; `[WARNING]: <message>` likewise, e.g.
 *   "Found duplicate mapping key 'k'." (`_yaml/_constructor.py`). Not wrapped.
 *   Confirmed with 2.19.11 (Debian 13) and 2.22.0b2 (Debian testing).
 */

/** Where ansible located a message: the path as printed and 1-based positions (undefined when not given). */
export interface AnsibleLocation {
  path: string;
  line?: number;
  column?: number;
}

/** One `ERROR`/`[WARNING]` message of ansible's output. */
export interface AnsibleMessage {
  level: 'error' | 'warning';
  /** The message on one line (wrapping undone). */
  text: string;
  where?: AnsibleLocation;
}

/** Undoes ansible's line wrapping (it also breaks lines after hyphens, even inside paths). */
export function unwrap(text: string): string {
  return text.replace(/-\n\s*/g, '-').replace(/\s+/g, ' ').trim();
}

const OLD_LOCATION = /The error appears to be in '([^']*)':\s+line\s+(\d+),\s+column\s+(\d+)/;
const OLD_YAML = /Syntax Error while loading YAML\.\s*\n((?:[ \t]*\S[^\n]*\n?)+)/;
const OLD_DUPLICATE = new RegExp(
  String.raw`While constructing a mapping from ([\s\S]+?), line (\d+), column (\d+), found a duplicate dict key \(([\s\S]*?)\)\. Using last defined value only\.`.replaceAll(
    ' ',
    String.raw`\s+`,
  ),
);
const ORIGIN = /^Origin: (.+?)(?::(\d+)(?::(\d+))?)?(?: \([^)]*\))?$/;
/** A line that starts a message of either generation. */
const START = /^(?:ERROR! |\[ERROR\]: |\[WARNING\]: |\[DEPRECATION WARNING\]: )/;

function number(text: string | undefined): number | undefined {
  const n = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** An `ERROR! ...` block of ansible-core <= 2.18: its first paragraph, the YAML part, the location. */
function oldError(block: string): AnsibleMessage {
  let text = (block.slice('ERROR! '.length).split(/\n[ \t]*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  if (text.startsWith('We were unable to read either as JSON nor YAML')) {
    const yaml = OLD_YAML.exec(block);
    if (yaml) text = `Syntax Error while loading YAML. ${(yaml[1] ?? '').replace(/\s+/g, ' ').trim()}`;
  }
  const loc = OLD_LOCATION.exec(block);
  return { level: 'error', text, ...(loc ? { where: { path: loc[1] ?? '', line: number(loc[2]), column: number(loc[3]) } } : {}) };
}

/** A `[WARNING]: ...` block of ansible-core <= 2.18 (wrapped), with the duplicate key's location. */
function oldWarning(block: string): AnsibleMessage {
  const text = unwrap(block.slice('[WARNING]: '.length));
  const dup = OLD_DUPLICATE.exec(block);
  if (!dup) return { level: 'warning', text };
  return {
    level: 'warning',
    text: `Found duplicate mapping key '${unwrap(dup[4] ?? '')}'. Using last defined value only.`,
    where: { path: unwrap(dup[1] ?? ''), line: number(dup[2]), column: number(dup[3]) },
  };
}

/** A `[ERROR]: ...` or `[WARNING]: ...` block of ansible-core >= 2.19: message lines up to `Origin:`. */
function newMessage(block: string, level: 'error' | 'warning', prefix: string): AnsibleMessage {
  const lines = block.slice(prefix.length).split('\n');
  const text: string[] = [];
  let where: AnsibleLocation | undefined;
  for (const line of lines) {
    const origin = ORIGIN.exec(line);
    if (origin) {
      where = { path: origin[1] ?? '', line: number(origin[2]), column: number(origin[3]) };
      break;
    }
    if (line.trim() === '' && text.length > 0) break;
    text.push(line.trim());
  }
  return { level, text: text.join(' ').trim(), ...(where ? { where } : {}) };
}

/**
 * Every error and warning message in ansible's output, in order, whichever generation printed
 * it. Deprecation warnings are left out. Lines before the first message (`playbook: x.yml`) are
 * not messages.
 */
export function ansibleMessages(output: string): AnsibleMessage[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (START.test(line)) starts.push(i);
  });
  const messages: AnsibleMessage[] = [];
  starts.forEach((start, k) => {
    const block = lines.slice(start, starts[k + 1] ?? lines.length).join('\n');
    if (block.startsWith('ERROR! ')) messages.push(oldError(block));
    else if (block.startsWith('[ERROR]: ')) {
      messages.push(newMessage(block, 'error', '[ERROR]: '));
    } else if (block.startsWith('[WARNING]: ')) {
      // The two generations' warnings differ: 2.19+ puts the location on an `Origin:` line.
      messages.push(/\nOrigin: /.test(block) ? newMessage(block, 'warning', '[WARNING]: ') : oldWarning(block));
    }
  });
  return messages;
}
