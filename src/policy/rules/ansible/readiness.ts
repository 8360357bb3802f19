/**
 * ansible-core 2.19 readiness: what the 2.19 templating overhaul rejects or deprecates, found in
 * playbooks and task files before the upgrade (ansible-core 2.14-2.18 run them without a word).
 *
 * Source: the ansible-core 2.19 porting guide
 * (https://docs.ansible.com/ansible/latest/porting_guides/porting_guide_core_2.19.html, sections
 * "Broken Conditionals", "Multi-pass Templating" and "Native Jinja Mode Required") and ansible-core 2.19's
 * `_internal/_templating/_engine.py` (`evaluate_conditional`, `_normalize_and_evaluate_conditional`)
 * and `_jinja_plugins.py` (`_jinja_const_template_warning`), whose messages the findings quote.
 */
import { isScalar, type Scalar } from 'yaml';
import type { Finding, PolicyFile, RuleLogic } from '../../types.js';
import { get, isMap, isSeq, keyOf, pairsOf } from '../../yaml.js';
import { fileConditionals, isYaml11Bool, roleNameKinds, type Conditional } from './conditionals.js';
import { nonBoolKinds, valueOf } from './jinja.js';
import { delimitersIn, isAllTemplate, literalBuiltByTemplate, singleBlock, templateBlocks, templatesInLookupArgs } from './templates.js';
import { allTasks, moduleOf, playsOf, shortName } from './walk.js';

const TYPES = ['ansible-playbook', 'ansible-tasks'] as const;

/** The conditional's text when it is a string (YAML 1.1 booleans are not), else undefined. */
function textOf(c: Conditional): string | undefined {
  return isScalar(c.node) && typeof c.node.value === 'string' && !isYaml11Bool(c.node) ? c.node.value : undefined;
}

/** Why a conditional is not a boolean, in ansible-core 2.19's words; undefined when it may be one. */
function brokenBecause(c: Conditional, names: ReturnType<typeof roleNameKinds>): string | undefined {
  const node = c.node as unknown;
  if (isMap(node) || isSeq(node)) return `is a YAML ${isMap(node) ? 'mapping' : 'list'}, not a string (2.19: "Conditional expressions must be strings"${isMap(node) ? '; quote the whole expression when it holds ": "' : ''})`;
  if (!isScalar(node)) return undefined;
  const value = (node as Scalar).value;
  if (typeof value === 'number') return `is the number ${value}, not a string (2.19: "Conditional expressions must be strings")`;
  const text = textOf(c);
  if (text === undefined) return undefined;
  if (text.trim() === '') return 'is empty (2.19: "Empty conditional expressions are not allowed")';
  let expression = text;
  if (isAllTemplate(text)) {
    // `when: "{{ x }}"`: 2.19 renders the template; a string result is then read as an expression.
    const inner = singleBlock(text);
    if (inner === undefined) return undefined;
    expression = inner;
  }
  const result = valueOf(expression, names);
  if (!result) return undefined;
  const kinds = nonBoolKinds(result).filter((k) => !(expression !== text && k === 'str'));
  if (kinds.length === 0) return undefined;
  return `can yield ${describe(kinds)}, not a boolean (2.19: "Conditionals must have a boolean result")`;
}

/** Words for the kinds: what the value is in Jinja. */
function describe(kinds: string[]): string {
  const words: Record<string, string> = { str: 'a string', int: 'an integer', float: 'a number', list: 'a list', dict: 'a mapping', none: 'None' };
  return kinds.map((k) => words[k] ?? k).join(' or ');
}

/** `ansible-conditional-not-boolean`: a conditional that is not a string, is empty, or statically yields a non-boolean. */
export const ansibleConditionalNotBoolean = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    const names = roleNameKinds(file);
    const found: Finding[] = [];
    for (const c of fileConditionals(file)) {
      const why = brokenBecause(c, names);
      if (why) found.push({ line: yaml?.line(c.node) ?? 1, message: `${c.keyword}: conditional ${why}` });
    }
    return found;
  },
} satisfies RuleLogic;

/** `ansible-conditional-templated`: a conditional written as a whole template, `when: "{{ x }}"`. */
export const ansibleConditionalTemplated = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    const found: Finding[] = [];
    for (const c of fileConditionals(file)) {
      const text = textOf(c);
      if (text === undefined || !isAllTemplate(text)) continue;
      const single = singleBlock(text) !== undefined;
      found.push({
        line: yaml?.line(c.node) ?? 1,
        message: single
          ? `${c.keyword}: conditional wrapped in {{ }} (2.19 deprecation: "Conditionals should not be surrounded by templating delimiters", removed in 2.23; a string result is read as an expression): write the expression bare`
          : `${c.keyword}: conditional built from several templates (2.19 renders it to an untrusted string and fails): write one expression`,
      });
    }
    return found;
  },
} satisfies RuleLogic;

/** The string values of a YAML node, recursively (keys left out), with their nodes. */
function stringsIn(node: unknown, out: Scalar[] = []): Scalar[] {
  if (isScalar(node) && typeof node.value === 'string') out.push(node);
  else if (isMap(node)) for (const pair of node.items) stringsIn(pair.value, out);
  else if (isSeq(node)) for (const item of node.items) stringsIn(item, out);
  return out;
}

/**
 * `ansible-template-in-expression`: template delimiters nested in an expression: inside a
 * conditional that is not wholly a template (`when: x == {{ y }}`, `when: "'{{ y }}' == 'a'"`), or
 * in a string literal passed to `lookup()`/`query()` inside `{{ }}`.
 */
export const ansibleTemplateInExpression = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    const found: Finding[] = [];
    const lines = new Set<number>();
    const add = (node: unknown, message: string) => {
      const line = yaml?.line(node) ?? 1;
      if (lines.has(line)) return;
      lines.add(line);
      found.push({ line, message });
    };
    for (const c of fileConditionals(file)) {
      const text = textOf(c);
      if (text === undefined || isAllTemplate(text)) continue;
      const { bare, quoted } = delimitersIn(text);
      if (bare) add(c.node, `${c.keyword}: template delimiters inside a conditional expression (2.19 fails: "Syntax error in expression. Template delimiters are not supported in expressions"): use the variable directly`);
      else if (quoted) add(c.node, `${c.keyword}: a template inside a string literal of a conditional (2.19 warns: "Jinja constant strings should not contain embedded templates", disabled in 2.23): use the variable directly`);
    }
    for (const task of allTasks(file)) {
      for (const scalar of stringsIn(task.node)) {
        const text = scalar.value as string;
        if (!text.includes('{{')) continue;
        if (templateBlocks(text).some((block) => templatesInLookupArgs(block).length > 0)) {
          add(scalar, `a template nested in a lookup() argument inside {{ }} (2.19 warns: "Jinja constant strings should not contain embedded templates", disabled in 2.23): pass the variable itself, lookup('env', name)`);
        }
      }
    }
    return found;
  },
} satisfies RuleLogic;

/**
 * Where a value is used as it is, list or string alike: `vars:` of plays and tasks, `set_fact:`
 * values, `loop:`/`with_*:`. Module arguments are left out: a module's argument spec turns a JSON
 * string into the list or dict it declares, so the change of type does not reach it.
 */
function valueNodes(file: PolicyFile): unknown[] {
  const nodes: unknown[] = playsOf(file).map((p) => get(p.node, 'vars', p.doc));
  for (const task of allTasks(file)) {
    const module = moduleOf(task);
    nodes.push(get(task.node, 'vars', task.doc));
    if (module && shortName(module) === 'set_fact') nodes.push(get(task.node, module, task.doc));
    for (const pair of pairsOf(task.node, task.doc)) {
      const key = keyOf(pair);
      if (key === 'loop' || key?.startsWith('with_')) nodes.push(pair.value);
    }
  }
  return nodes;
}

/**
 * `ansible-template-builds-literal`: a templated string written as a list or mapping literal
 * (`'["{{ a }}", "{{ b }}"]'`) as a variable, fact or loop value: up to 2.18 the rendered text
 * became a list or mapping, 2.19 keeps it a string (a `loop:` over it then fails).
 */
export const ansibleTemplateBuildsLiteral = {
  fileTypes: TYPES,
  check(file: PolicyFile): Finding[] {
    const yaml = file.yaml();
    const nodes = valueNodes(file);
    const seen = new Set<Scalar>();
    const found: Finding[] = [];
    for (const scalar of nodes.flatMap((n) => stringsIn(n))) {
      if (seen.has(scalar)) continue;
      seen.add(scalar);
      const kind = literalBuiltByTemplate(scalar.value as string);
      if (!kind) continue;
      const word = kind === 'list' ? 'list' : 'mapping';
      found.push({
        line: yaml?.line(scalar) ?? 1,
        message: `a template written as a ${word} literal: ansible-core up to 2.18 turned the rendered text into a ${word}, 2.19 keeps it a string (porting guide 2.19, "Native Jinja Mode Required"): build it in one expression, {{ [a, b] }}`,
      });
    }
    return found;
  },
} satisfies RuleLogic;
