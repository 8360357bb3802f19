/**
 * The `iacgen` built-in checker: the house rules, run in process on every classified file,
 * reported like any checker's findings (source `iacgen`, rule = the rule id).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { classify } from '../classify/classify.js';
import { CHECKED_TYPES } from '../classify/tables.js';
import { diskTree, type RepositoryTree } from '../classify/tree.js';
import { builtinCheckerManifestSchema } from '../check/manifest.js';
import type { BuiltinCall, BuiltinChecker, ParsedDiagnostic, ParsedOutput, Severity } from '../check/types.js';
import type { Inventory } from '../inventory/schema.js';
import { VERSION } from '../version.js';
import { severities, type RulesSettings, type SeverityOf } from './config.js';
import { isRuleId } from './docs.js';
import { policyFile } from './parse.js';
import { RULES } from './registry.js';
import { applySuppressions, readSuppressions, type RuleFinding } from './suppress.js';
import { loadModule, type TerraformModule } from './terraform/module.js';
import type { PolicyFile, RuleContext, RuleSet } from './types.js';

/** What the policy checker needs from outside. */
export interface PolicyContext {
  /**
   * The repository's own inventory (its `iacgen.yaml`'s `proxmox:`/`guests:`), or undefined:
   * then the rules that read the inventory do not run.
   */
  inventory: Inventory | undefined;
  /** The `rules:` settings of iacgen.yaml. */
  rules: RulesSettings;
  /** The rule sets on where `rules.sets` does not say (default: every set); see `defaultRuleSets`. */
  sets?: readonly RuleSet[];
  /** Absolute repository root (header paths, overrides and classification are relative to it). */
  root: string;
  /** Whether git ignores a file; default: `git check-ignore` in `root`. Injected by tests. */
  gitIgnored?: (absPath: string) => Promise<boolean>;
}

/** `git check-ignore -q`: exit 0 ignored, 1 not ignored, 128 not a repository (not ignored). */
async function gitCheckIgnore(root: string, absPath: string): Promise<boolean> {
  const result = await execa('git', ['check-ignore', '-q', '--', absPath], { cwd: root, reject: false, stdin: 'ignore' });
  return result.exitCode === 0;
}

/**
 * Runs every rule that is on for the file (rules that read the inventory only when there is one);
 * returns its findings after supersession and suppressions.
 */
export async function evaluate(file: PolicyFile, context: RuleContext, severityOf: SeverityOf): Promise<Array<RuleFinding & { severity: Severity }>> {
  const findings: Array<RuleFinding & { supersedes?: readonly string[] }> = [];
  for (const rule of RULES) {
    if (!rule.logic || !rule.logic.fileTypes.includes(file.type) || severityOf(rule.id) === 'off') continue;
    if (rule.inventory && !context.inventory) continue;
    let found;
    try {
      found = await rule.logic.check(file, context);
    } catch (err) {
      throw new Error(`policy rule ${rule.id} failed on ${file.relPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const supersedes = rule.logic.supersedes;
    findings.push(...found.map((f) => ({ ...f, rule: rule.id, ...(supersedes ? { supersedes } : {}) })));
  }
  const superseded = (f: RuleFinding): boolean => findings.some((g) => g.line === f.line && g.supersedes?.includes(f.rule));
  const kept = findings.filter((f) => !superseded(f)).map(({ supersedes: _drop, ...f }) => f);
  const active = (rule: string): boolean => isRuleId(rule) && severityOf(rule) !== 'off';
  return applySuppressions(kept, readSuppressions(file), active)
    .flatMap((f) => {
      const severity = isRuleId(f.rule) ? severityOf(f.rule) : 'error';
      return severity === 'off' ? [] : [{ ...f, severity }];
    })
    .sort((a, b) => a.line - b.line || (a.column ?? 1) - (b.column ?? 1) || a.rule.localeCompare(b.rule));
}

async function check(call: BuiltinCall, context: PolicyContext, severityFor: (relPath: string) => SeverityOf, tree: RepositoryTree): Promise<ParsedOutput> {
  const modules = new Map<string, Promise<TerraformModule>>();
  const ruleContext: RuleContext = {
    inventory: context.inventory,
    root: context.root,
    terraformModule(dir) {
      let module = modules.get(dir);
      if (!module) modules.set(dir, (module = loadModule(dir)));
      return module;
    },
    gitIgnored: context.gitIgnored ?? ((absPath) => gitCheckIgnore(context.root, absPath)),
  };
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  for (const file of call.files) {
    const absPath = path.resolve(call.cwd, file);
    let text: string;
    try {
      text = await readFile(absPath, 'utf8');
    } catch (err) {
      skipped[file] = `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
      continue;
    }
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    const relPath = path.relative(context.root, absPath).split(path.sep).join('/');
    const type = classify(relPath, text, tree);
    if (!CHECKED_TYPES.includes(type)) continue;
    const found = await evaluate(policyFile({ path: file, absPath, relPath, type, text }), ruleContext, severityFor(relPath));
    diagnostics.push(...found.map((f) => ({ file, line: f.line, column: f.column ?? 1, severity: f.severity, rule: f.rule, message: f.message, source: 'iacgen' })));
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
}

/**
 * The policy checker: id `iacgen`, every checked file type (not `unknown`, templates or vaults), in process, in batches.
 * Diagnostics carry `source: 'iacgen'` and the rule id; the rules that run and their severities
 * come from `context.rules` and `context.sets`.
 */
export function createPolicyChecker(context: PolicyContext): BuiltinChecker {
  const severityFor = severities(context.rules, context.sets);
  const tree = diskTree(context.root);
  return {
    ...builtinCheckerManifestSchema.parse({
      kind: 'builtin',
      id: 'iacgen',
      fileTypes: CHECKED_TYPES,
      mode: 'files',
      timeoutMs: 120_000,
      version: `iacgen ${VERSION}`,
    }),
    check: (call) => check(call, context, severityFor, tree),
  };
}
