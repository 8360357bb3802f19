import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinCall, BuiltinChecker, ParsedDiagnostic, ParsedOutput } from '../types.js';
import { libraryVersion } from './in-process.js';
import { jsonDiagnostics } from './json-parse.js';
import { position } from './shared.js';

/** The file name given to the parser; its errors start with `NAME:LINE,COL-...: `. */
const NAME = 'iacgen-input.tf';
/** One HCL diagnostic as Go's hcl prints it: `file:1,17-18: Summary; Detail` or `file:1,7-2,1: ...`. */
const HCL_DIAGNOSTIC = new RegExp(`(?:^|[\\s\\[])${NAME.replaceAll('.', '\\.')}:(\\d+),(\\d+)-(?:\\d+,)?\\d+: `, 'g');

/** The diagnostics inside hcl2json's `parse config: [d1 d2 ...]` error text. */
export function hclErrors(message: string, file: string): ParsedDiagnostic[] {
  const text = message.replace(/^parse config: \[/, '').replace(/\]\s*$/, '');
  const starts = [...text.matchAll(HCL_DIAGNOSTIC)];
  if (starts.length === 0) {
    return [{ file, line: 1, column: 1, severity: 'error', rule: 'syntax', message: text.trim(), source: 'hcl-parse' }];
  }
  return starts.map((m, i) => {
    const body = text.slice((m.index ?? 0) + m[0].length, starts[i + 1]?.index ?? text.length).trim();
    const cut = body.indexOf('; ');
    const message = cut < 0 ? body : `${body.slice(0, cut)}: ${body.slice(cut + 2)}`;
    return { file, line: position(m[1]), column: position(m[2]), severity: 'error', rule: 'syntax', message, source: 'hcl-parse' };
  });
}

/**
 * Terraform's JSON syntax (`.tf.json`): strict JSON (json-parse's reader, with line and column)
 * whose root is an object or an array of objects.
 */
export function jsonErrors(text: string, file: string): ParsedDiagnostic[] {
  const syntax = jsonDiagnostics(text, file, false).filter((d) => d.severity === 'error');
  if (syntax.length > 0) return syntax.map((d) => ({ ...d, message: `invalid JSON: ${d.message}`, source: 'hcl-parse' }));
  const value: unknown = JSON.parse(text);
  const objects = Array.isArray(value) ? value : [value];
  if (objects.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return [];
  return [
    {
      file,
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'syntax',
      message: 'the root of a Terraform JSON file must be an object or an array of objects',
      source: 'hcl-parse',
    },
  ];
}

async function check({ files, cwd }: BuiltinCall): Promise<ParsedOutput> {
  // Loaded here, not at the top: importing it compiles a 2 MB Go WebAssembly module and starts
  // its runtime (about 50 ms to import, 250-800 ms to the first parse), which only a run without
  // terraform pays.
  const { parse } = await import('@cdktn/hcl2json');
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  for (const file of files) {
    let text: string;
    try {
      text = (await readFile(path.resolve(cwd, file), 'utf8')).replace(/^\uFEFF/, '');
    } catch (err) {
      skipped[file] = `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
      continue;
    }
    if (file.endsWith('.json')) {
      diagnostics.push(...jsonErrors(text, file));
      continue;
    }
    try {
      await parse(NAME, text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Other errors come from the conversion to JSON, after a successful parse.
      if (message.startsWith('parse config:')) diagnostics.push(...hclErrors(message, file));
    }
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
}

/**
 * In-process HCL2 syntax check for Terraform files, for machines without `terraform`/`tofu`
 * (`onlyWithout: terraform-fmt`), and for the OpenTofu `.tofu`/`.tofu.json` files that
 * `terraform fmt` cannot read (its `skips`). `.tf`, `.tofu` and `.tfvars` go through HashiCorp's own HCL parser
 * (`hclsyntax.ParseConfig`, compiled to WebAssembly in `@cdktn/hcl2json`, the maintained fork of
 * `@cdktf/hcl2json`), so messages and positions (line and column) match Terraform's; `.tf.json`
 * and `.tofu.json` through json-parse's strict JSON reader (`jsonc-parser`). Only syntax: no references, no formatting.
 * The rest of iacgen reads HCL values through `src/terraform/hcl.ts` (tree-sitter, lighter); this
 * checker keeps hclsyntax because tree-sitter's grammar accepts what Terraform rejects (two
 * arguments on one line, a redefined argument, a quoted string over two lines, an argument on
 * the line of its block's `{`) and has no messages of its own.
 */
export const hclParse: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'hcl-parse',
    fileTypes: ['terraform'],
    mode: 'files',
    timeoutMs: 60_000,
    version: libraryVersion('@cdktn/hcl2json'),
    onlyWithout: 'terraform-fmt',
  }),
  check,
};
