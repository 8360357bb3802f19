/**
 * Shapes of the policy engine: a rule's documentation (data, in `docs.ts`), a rule's logic (one
 * family a file under `rules/`), the parsed file every rule reads, and what a rule returns.
 */
import type { FileType } from '../classify/tables.js';
import type { Severity } from '../check/types.js';
import type { Inventory } from '../inventory/schema.js';
import type { TerraformFile, TerraformModule } from './terraform/module.js';
import type { YamlFile } from './yaml.js';

/** Groups of rules, for `iacgen rules` and the docs. */
export type RuleFamily = 'general' | 'ansible' | 'compose' | 'terraform' | 'python' | 'shell' | 'suppression';

/**
 * The named rule sets. `defects`: real problems in any repository (literal secrets, privileged
 * containers, failures Compose, Ansible or Proxmox would hit); on everywhere. `house`: the house
 * rules of the files `iacgen new` writes (headers, healthchecks, limits, strict mode, ...); on
 * where `iacgen.yaml` says so (`rules: { sets: [...] }`), or has no `sets:` at all.
 */
export const RULE_SETS = ['defects', 'house'] as const;

/** A rule set. */
export type RuleSet = (typeof RULE_SETS)[number];

/** The documentation of one rule: pure data, shown by `iacgen explain` and in SARIF. */
export interface RuleDoc {
  family: RuleFamily;
  /** The rule set the rule belongs to. */
  set: RuleSet;
  /**
   * True for rules that read the inventory: they run only where the repository's own
   * `iacgen.yaml` has one (`proxmox:`/`guests:`), never against the embedded example homelab.
   */
  inventory?: boolean;
  /** Default severity; `iacgen.yaml` `rules:` can change it or turn the rule off. */
  severity: Severity;
  /** One line: what is wrong (the finding's message starts from it). */
  summary: string;
  /** Why the house rules ask for it. */
  why: string;
  /** How to fix a finding. */
  fix: string;
  /**
   * `file`: the finding is about the whole file (a missing header, no strict mode, no main
   * guard); its line only says where the fix goes, so the baseline keys it by file and rule,
   * never by that line's text.
   */
  scope?: 'file';
}

/** One finding of a rule in one file. `line` and `column` are 1-based. */
export interface Finding {
  line: number;
  column?: number;
  message: string;
}

/** What a rule may ask about the world outside the file: the inventory and its siblings. */
export interface RuleContext {
  /** The repository's inventory; undefined when its `iacgen.yaml` has none (inventory rules do not run). */
  inventory: Inventory | undefined;
  /** Absolute repository root (paths in headers are relative to it). */
  root: string;
  /** The Terraform module (folder) holding a Terraform file, parsed once per check call. */
  terraformModule(absDir: string): Promise<TerraformModule>;
  /** True when git ignores the file (false outside git, and for tracked files). */
  gitIgnored(absPath: string): Promise<boolean>;
}

/** A file as every rule sees it; parses are done on first use and shared between rules. */
export interface PolicyFile {
  /** The path as the checker was given it (relative to the call's cwd). */
  path: string;
  absPath: string;
  /** Path relative to the repository root, `/`-separated. */
  relPath: string;
  type: FileType;
  text: string;
  /** The text split into lines (no line terminators); `lines[0]` is line 1. */
  lines: readonly string[];
  /** Each line's code, its comment removed (see `text.ts` for each syntax). */
  code: readonly string[];
  /** Each line's comment text (after the marker), or undefined. */
  comments: ReadonlyArray<string | undefined>;
  /** The YAML documents with positions, or undefined (not YAML, or it does not parse). */
  yaml(): YamlFile | undefined;
  /** The Terraform file's JSON with positions, or undefined (not Terraform, or it does not parse). */
  terraform(): Promise<TerraformFile | undefined>;
}

/** The logic of one rule. Its id, severity and docs live in `docs.ts`. */
export interface RuleLogic {
  /** File types the rule reads. */
  fileTypes: readonly FileType[];
  check(file: PolicyFile, context: RuleContext): Finding[] | Promise<Finding[]>;
  /**
   * Rules whose findings on the same line this rule's finding makes redundant (a literal secret
   * in a Compose `environment:` is one finding, not two).
   */
  supersedes?: readonly string[];
}
