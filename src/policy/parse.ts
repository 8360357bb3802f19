/**
 * Builds the {@link PolicyFile} every rule reads: lines split once, code and comments split
 * once, YAML and Terraform parsed on first use and shared by all rules.
 */
import { YAML_TYPES, type FileType } from '../classify/tables.js';
import { parseTerraform, type TerraformFile } from './terraform/module.js';
import { splitComment, splitLines } from './text.js';
import type { PolicyFile } from './types.js';
import { parseYaml, type YamlFile } from './yaml.js';

/** What a policy file is made from. */
export interface PolicyFileSource {
  path: string;
  absPath: string;
  relPath: string;
  type: FileType;
  text: string;
}

/** Wraps a file's text for the rules; parses happen lazily, at most once. */
export function policyFile(source: PolicyFileSource): PolicyFile {
  const lines = splitLines(source.text);
  const split = lines.map((line) => splitComment(line, source.type));
  let yaml: YamlFile | undefined | null = null;
  let terraform: Promise<TerraformFile | undefined> | undefined;
  return {
    ...source,
    lines,
    code: split.map((s) => s.code),
    comments: split.map((s) => s.comment),
    yaml() {
      if (yaml === null) yaml = YAML_TYPES.has(source.type) ? parseYaml(source.text) : undefined;
      return yaml;
    },
    terraform() {
      terraform ??= source.type === 'terraform' ? parseTerraform(source.absPath, source.text) : Promise.resolve(undefined);
      return terraform;
    },
  };
}
