/**
 * The Purpose of a header that `iacgen fix` adds, when the user gave none (`--purpose`): only
 * what the file itself says it is for, never a guess from its name. Pure.
 *
 * In order: a playbook's play names; a role's `meta/main.yml` `galaxy_info.description`; a Helm
 * chart's `description`; a Python module docstring's first paragraph; the file's leading comment
 * (after a shebang, `---` and tool directives) when it is prose. Anything else: no purpose, and
 * the header is not added.
 */
import type { PolicyFile } from '../policy/types.js';
import { get, isMap, items, str } from '../policy/yaml.js';

/** Comment lines that are instructions to a tool, not prose about the file. */
const DIRECTIVE = /^\s*(?:!|shellcheck\s|yamllint\s|-\*-|vim?:|cloud-config|syntax\s*=|escape\s*=|check\s*=|yaml-language-server:|noqa|pylint:|type:|fmt:|iacgen-ignore|template:|(?:File|Purpose|Author|Date)\s*:)/i;

/** The longest Purpose taken from a comment or docstring, in characters (cut at a sentence end). */
const MAX_PURPOSE = 200;

/** What the file says it is for, or undefined (nothing honest to take). */
export function derivePurpose(file: PolicyFile): string | undefined {
  return fromYaml(file) ?? fromDocstring(file) ?? fromLeadingComment(file);
}

function fromYaml(file: PolicyFile): string | undefined {
  const yaml = file.yaml();
  const doc = yaml?.docs[0];
  if (!doc) return undefined;
  if (file.type === 'ansible-playbook') {
    const names = items(doc.contents, doc).flatMap((play) => (isMap(play) ? [str(get(play, 'name', doc))] : [])).filter((n): n is string => Boolean(n?.trim()));
    return names.length > 0 ? names.join('; ') : undefined;
  }
  if (/(?:^|\/)meta\/main\.ya?ml$/.test(file.relPath)) return tidy(str(get(get(doc.contents, 'galaxy_info', doc), 'description', doc)));
  if (file.type === 'helm-chart') return tidy(str(get(doc.contents, 'description', doc)));
  return undefined;
}

/** The index of the first line after a shebang, blank lines and YAML's `---`/directives. */
function start(file: PolicyFile): number {
  let i = file.lines[0]?.startsWith('#!') ? 1 : 0;
  while (i < file.lines.length && /^(?:\s*$|---(?:\s|$)|%YAML|%TAG)/.test(file.lines[i] ?? '')) i++;
  return i;
}

function fromDocstring(file: PolicyFile): string | undefined {
  if (file.type !== 'python') return undefined;
  let i = start(file);
  while (i < file.lines.length && /^\s*#/.test(file.lines[i] ?? '')) i++;
  const open = /^[rRuU]?("""|''')/.exec(file.lines[i] ?? '');
  if (!open) return undefined;
  const quote = open[1] as string;
  const words: string[] = [];
  for (let j = i; j < file.lines.length; j++) {
    let text = j === i ? (file.lines[j] ?? '').slice(open[0].length) : (file.lines[j] ?? '');
    const end = text.indexOf(quote);
    if (end >= 0) text = text.slice(0, end);
    if (text.trim() === '' && words.length > 0) break;
    words.push(text.trim());
    if (end >= 0) break;
  }
  return tidy(words.join(' '));
}

function fromLeadingComment(file: PolicyFile): string | undefined {
  const words: string[] = [];
  for (let i = start(file); i < file.lines.length; i++) {
    const comment = file.comments[i];
    if (comment === undefined || (file.code[i] ?? '').trim() !== '') break;
    const text = comment.replace(/^[#\s]+/, '').trim();
    if (DIRECTIVE.test(comment) || /^[\W_]*$/.test(text)) {
      if (words.length > 0) break;
      continue;
    }
    words.push(text);
  }
  return tidy(words.join(' '));
}

/** Whitespace folded; cut at the first sentence end past {@link MAX_PURPOSE}; undefined when empty. */
function tidy(text: string | undefined): string | undefined {
  const folded = text?.replace(/\s+/g, ' ').trim();
  if (!folded) return undefined;
  if (folded.length <= MAX_PURPOSE) return folded;
  const end = folded.indexOf('. ');
  return end > 0 && end < MAX_PURPOSE ? folded.slice(0, end + 1) : `${folded.slice(0, MAX_PURPOSE).replace(/\s+\S*$/, '')} ...`;
}
