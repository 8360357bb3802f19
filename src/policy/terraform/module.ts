/**
 * Terraform files for the rules: the values of one file (HCL through `src/terraform/hcl.ts`, in
 * `@cdktn/hcl2json`'s JSON shape; `.tf.json` through JSON.parse) with the line of any path,
 * and the module (all `.tf`/`.tf.json` files of a folder) that module-wide rules read. OpenTofu's
 * `.tofu` and `.tofu.json` (OpenTofu 1.8+, https://opentofu.org/docs/language/files/) are the
 * same two syntaxes and are read alike.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseHcl } from '../../terraform/hcl.js';
import { lineOfOffset } from '../text.js';
import { hclLine, scanHcl } from './locate.js';

/**
 * A configuration file's name: `.tf`, `.tf.json`, and OpenTofu's `.tofu`, `.tofu.json`. A folder's
 * module is every such file, an `x.tf` beside an `x.tofu` included: terraform reads the one, tofu
 * the other, and iacgen checks both (module-wide facts are their union).
 */
export const CONFIG_FILE = /\.(?:tf|tofu)(?:\.json)?$/;

/** A JSON object (a Terraform body, as hcl2json or `.tf.json` gives it). */
export type Body = Record<string, unknown>;

/** One Terraform file's values and positions. */
export interface TerraformFile {
  /** Absolute path. */
  absPath: string;
  /** The top-level body: `{ variable: { name: [body] }, terraform: [body], ... }`. */
  json: Body;
  /** 1-based line of the node at a path of `json` (its nearest existing parent otherwise). */
  lineOf(path: ReadonlyArray<string | number>): number;
}

/** Every parsable configuration file ({@link CONFIG_FILE}) of one folder, in name order. */
export interface TerraformModule {
  dir: string;
  files: TerraformFile[];
}

/** True for a JSON object. */
export function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bodies of a block value: hcl2json gives a list, `.tf.json` an object or a list. */
export function bodies(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

/** Labelled blocks of a type (`variable`, `resource` ...) as [label, value] pairs. */
export function labelled(json: Body, type: string): Array<[string, unknown]> {
  const group = json[type];
  return isBody(group) ? Object.entries(group) : [];
}

/**
 * Parses one Terraform file; undefined when it does not parse (the `hcl-parse` and
 * `terraform-fmt` checkers report that) or is a `.tfvars` file (no blocks).
 */
export async function parseTerraform(absPath: string, text: string): Promise<TerraformFile | undefined> {
  if (!CONFIG_FILE.test(absPath)) return undefined;
  if (absPath.endsWith('.json')) return parseTfJson(absPath, text);
  const { json } = await parseHcl(text);
  if (!isBody(json)) return undefined;
  const root = scanHcl(text);
  return { absPath, json, lineOf: (p) => hclLine(root, p) };
}

function parseTfJson(absPath: string, text: string): TerraformFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isBody(json)) return undefined;
  const tree = parseTree(text);
  const lineOf = (p: ReadonlyArray<string | number>): number => {
    if (!tree) return 1;
    // `.tf.json` may write a single block as an object where hcl2json has a list: skip indexes there.
    let node: JsonNode | undefined = tree;
    let found = tree;
    for (const seg of p) {
      if (typeof seg === 'number' && node?.type !== 'array') continue;
      node = node ? findNodeAtLocation(node, [seg]) : undefined;
      if (!node) break;
      found = node.parent?.type === 'property' ? node.parent : node;
    }
    return lineOfOffset(text, found.offset);
  };
  return { absPath, json, lineOf };
}

/** Reads and parses every configuration file of `dir` (unreadable or broken ones left out). */
export async function loadModule(dir: string): Promise<TerraformModule> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => CONFIG_FILE.test(n)).sort();
  } catch {
    names = [];
  }
  const files: TerraformFile[] = [];
  for (const name of names) {
    const absPath = path.join(dir, name);
    try {
      const parsed = await parseTerraform(absPath, await readFile(absPath, 'utf8'));
      if (parsed) files.push(parsed);
    } catch {
      // An unreadable sibling is left out; its own checks report it.
    }
  }
  return { dir, files };
}
