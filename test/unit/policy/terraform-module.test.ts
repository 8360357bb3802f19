/**
 * The rules' Terraform reader on OpenTofu's files: `.tofu` parses as HCL and `.tofu.json` as
 * JSON, like `.tf` and `.tf.json`, and a folder's module lists them (an `x.tf` beside its `x.tofu`
 * too: terraform reads the one, tofu the other).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelled, loadModule, parseTerraform } from '../../../src/policy/terraform/module.js';
import { tempDir, writeTree } from '../../helpers.js';

describe('Terraform module reader', () => {
  it('parses .tofu as HCL, with lines, and .tofu.json as JSON', async () => {
    const hcl = await parseTerraform('/r/main.tofu', '# c\nvariable "a" {\n  type = string\n}\n');
    expect(labelled(hcl!.json, 'variable').map(([name]) => name)).toEqual(['a']);
    expect(hcl!.lineOf(['variable', 'a', 0, 'type'])).toBe(3);
    const json = await parseTerraform('/r/x.tofu.json', '{\n  "output": {"o": {"value": 1}}\n}\n');
    expect(labelled(json!.json, 'output').map(([name]) => name)).toEqual(['o']);
    expect(await parseTerraform('/r/broken.tofu', 'variable "a" {\n')).toBeUndefined();
    expect(await parseTerraform('/r/notes.txt', 'variable "a" {}\n')).toBeUndefined();
  });

  it('reads every configuration file of a folder, .tofu twins included, and no .tfvars', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'main.tf': 'variable "tf" {}\n',
      'main.tofu': 'variable "tofu" {}\n',
      'b.tofu.json': '{"variable": {"json": {}}}\n',
      'terraform.tfvars': 'a = 1\n',
    });
    const module = await loadModule(dir);
    expect(module.files.map((f) => path.basename(f.absPath))).toEqual(['b.tofu.json', 'main.tf', 'main.tofu']);
  });
});
