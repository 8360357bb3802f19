/**
 * `terraform-schema`: the bpg/proxmox provider's schema, checked offline and in process. Every
 * `resource`, `data` (and `ephemeral`) block of the snapshot's provider and every `provider`
 * block of it is decoded against the committed schema snapshot (`terraform/bpg-proxmox.schema.json`):
 * unknown attributes and blocks (with Terraform's own "did you mean"), missing required ones,
 * computed-only attributes set, literals of the wrong type, block counts, attributes written as
 * blocks and back, deprecations. What `terraform validate` reports after `terraform init`,
 * without the provider binary or the network.
 */
import path from 'node:path';
import { bodies, labelled, type Body } from '../../policy/terraform/module.js';
import { scanHcl, type HclNode } from '../../policy/terraform/locate.js';
import { builtinCheckerManifestSchema } from '../manifest.js';
import type { BuiltinCall, BuiltinChecker, ParsedDiagnostic, ParsedOutput } from '../types.js';
import { coverage, loadFolder, versionFit, type Folder, type FolderFile } from './terraform/schema-folder.js';
import { bpgSnapshot, type SchemaBlock, type Snapshot } from './terraform/schema-snapshot.js';
import { checkBody, META_ARGUMENTS, suggest, type SchemaFinding, type WalkContext } from './terraform/schema-walk.js';

/** The provider version of the committed snapshot (kept equal to its `iacgen.version`; a unit test compares them). */
export const SNAPSHOT_VERSION = '0.111.1';

/** The block kinds checked, and where their schemas are. */
const KINDS = [
  ['resource', 'resource_schemas'],
  ['data', 'data_source_schemas'],
  ['ephemeral', 'ephemeral_resource_schemas'],
] as const;

/** The local provider name a block names with its `provider` meta-argument (`"${proxmox.pve}"`). */
function providerLocal(body: Body): string | undefined {
  const value = body.provider;
  if (typeof value !== 'string') return undefined;
  return /^\$\{\s*([A-Za-z][\w-]*)(?:\.[\w-]+)?\s*\}$/.exec(value)?.[1] ?? /^([A-Za-z][\w-]*)(?:\.[\w-]+)?$/.exec(value)?.[1];
}

/** True for another Proxmox provider (`telmate/proxmox`): the files using it are reported as not checked. */
function otherProxmox(source: string | undefined): boolean {
  return source !== undefined && source.endsWith('/proxmox');
}

/** The nth scanned block of a kind with these labels. */
function blockNode(root: HclNode | undefined, kind: string, labels: string[], index: number): HclNode | undefined {
  return root?.children.filter((c) => c.kind === 'block' && c.name === kind && labels.every((l, i) => c.labels[i] === l))[index];
}

/** The schema findings of one parsed file, and why parts of it were not checked. */
export function checkFile(file: FolderFile, folder: Folder, snapshot: Snapshot): { findings: SchemaFinding[]; notCovered: string[] } {
  const { tf, text } = file;
  const json = tf.absPath.endsWith('.json');
  const root = json ? undefined : scanHcl(text);
  const ctx: WalkContext = { json, findings: [], partial: /(?:^|_)override\.tf(?:\.json)?$/.test(path.basename(tf.absPath)) };
  const notCovered = new Set<string>();
  const known = new Set(KINDS.flatMap(([, key]) => Object.keys(snapshot.schema[key] ?? {})));
  for (const [kind, key] of KINDS) {
    const schemas = snapshot.schema[key] ?? {};
    for (const [type, named] of labelled(tf.json, kind)) {
      if (typeof named !== 'object' || named === null) continue;
      for (const [name, value] of Object.entries(named)) {
        bodies(value).forEach((body, i) => {
          const local = providerLocal(body) ?? type.split('_')[0] ?? type;
          const cover = coverage(folder, snapshot, local, type, known);
          if (!cover.covered) {
            if (otherProxmox(cover.other)) notCovered.add(`"${local}" is ${cover.other} in this folder's required_providers, not ${snapshot.address}`);
            return;
          }
          const node = blockNode(root, kind, [type, name], i);
          const where = [kind, type, name, i];
          const schema = schemas[type];
          if (!schema) {
            const hint = suggest(type, Object.keys(schemas));
            ctx.findings.push({ node, path: where, rule: 'unknown-type', message: `${snapshot.address} has no ${kind === 'data' ? 'data source' : `${kind} type`} "${type}"${hint ? `; did you mean "${hint}"?` : ''}` });
            return;
          }
          checkBody(schema.block, body, node, where, type, META_ARGUMENTS[kind], ctx);
        });
      }
    }
  }
  const providerBlock: SchemaBlock | undefined = snapshot.schema.provider?.block;
  for (const [local, value] of labelled(tf.json, 'provider')) {
    const cover = coverage(folder, snapshot, local, undefined, known);
    if (!cover.covered) {
      if (otherProxmox(cover.other)) notCovered.add(`"${local}" is ${cover.other} in this folder's required_providers, not ${snapshot.address}`);
      continue;
    }
    if (!providerBlock) continue;
    bodies(value).forEach((body, i) => {
      checkBody(providerBlock, body, blockNode(root, 'provider', [local], i), ['provider', local, i], `provider "${local}"`, META_ARGUMENTS.provider, ctx);
    });
  }
  return { findings: ctx.findings, notCovered: [...notCovered] };
}

/** The 1-based column of `name` on a line (1 when not found). */
function columnOf(line: string | undefined, name: string | undefined): number {
  if (!line || !name) return 1;
  const at = line.indexOf(name);
  return at < 0 ? 1 : at + 1;
}

/** Turns findings into diagnostics at their lines, errors unless the snapshot's version may not be the folder's. */
export function toDiagnostics(findings: SchemaFinding[], file: FolderFile, folder: Folder, snapshot: Snapshot, shown: string): ParsedDiagnostic[] {
  const fit = versionFit(folder, snapshot);
  const lines = file.text.split('\n');
  return findings
    .map((f) => {
      const line = f.node?.line ?? file.tf.lineOf(f.path);
      const name = f.node?.name ?? [...f.path].reverse().find((s): s is string => typeof s === 'string');
      const severity: ParsedDiagnostic['severity'] = f.warning || !fit.exact ? 'warning' : 'error';
      const message = fit.exact ? f.message : `${f.message} (${fit.why})`;
      return { file: shown, line, column: columnOf(lines[line - 1], name), severity, rule: f.rule, message, source: 'terraform-schema' };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

async function check({ files, cwd }: BuiltinCall): Promise<ParsedOutput> {
  const snapshot = await bpgSnapshot();
  const folders = new Map<string, Promise<Folder>>();
  const diagnostics: ParsedDiagnostic[] = [];
  const skipped: Record<string, string> = {};
  for (const file of files) {
    const absPath = path.resolve(cwd, file);
    const dir = path.dirname(absPath);
    if (!folders.has(dir)) folders.set(dir, loadFolder(dir, snapshot));
    const folder = await (folders.get(dir) as Promise<Folder>);
    const parsed = folder.files.get(absPath);
    // .tfvars hold no blocks; a file that does not parse is reported by hcl-parse / terraform-fmt.
    if (!parsed) continue;
    const { findings, notCovered } = checkFile(parsed, folder, snapshot);
    diagnostics.push(...toDiagnostics(findings, parsed, folder, snapshot, file));
    if (findings.length === 0 && notCovered.length > 0) skipped[file] = `no ${snapshot.address} schema for it: ${notCovered.join('; ')}`;
  }
  return Object.keys(skipped).length > 0 ? { diagnostics, skipped } : { diagnostics };
}

/**
 * The checker. In process and offline, with or without terraform installed; a file's verdict
 * depends on its folder's other files (required_providers) and lock file (`cache/deps.ts`).
 */
export const terraformSchema: BuiltinChecker = {
  ...builtinCheckerManifestSchema.parse({
    kind: 'builtin',
    id: 'terraform-schema',
    fileTypes: ['terraform'],
    mode: 'files',
    timeoutMs: 60_000,
    version: `bpg/proxmox ${SNAPSHOT_VERSION} schema`,
  }),
  check,
};
