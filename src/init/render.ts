/**
 * The iacgen.yaml that `iacgen init` writes, as text: the proposed `proxmox:` and `guests:`
 * with a comment per guest naming where it came from and what to check (or, with no guest, a
 * commented example from `templates/init/iacgen-no-guests.yaml`), the proposed `paths:`, and
 * the rule sets of `templates/init/iacgen-rules.yaml`. Pure apart from reading those two files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../util/paths.js';
import type { ProposedPath } from './paths.js';
import type { Proposal } from './propose.js';

const template = (name: string): string => readFileSync(path.join(TEMPLATES_DIR, 'init', name), 'utf8');

/** A YAML comment line per sentence, wrapped at no width (a check is one line). */
const comment = (indent: string, text: string): string => `${indent}# ${text.replace(/\n/g, ' ')}`;

/**
 * Renders the body of iacgen.yaml (no header, no `---`).
 * @param sources the inventory and Terraform files read, as shown to the user (for the opening comment)
 */
export function renderConfig(proposal: Proposal, paths: readonly ProposedPath[], sources: readonly string[]): string {
  const out: string[] = [];
  if (proposal.proxmox) {
    out.push('# The inventory iacgen init proposed from this repository, read from:');
    for (const source of sources) out.push(`#   ${source}`);
    out.push('# Each guest names where it came from; a `check:` line is something iacgen could not know, and');
    out.push('# `example: true` marks a guest with invented values (its ID or kind): fix them, then remove');
    out.push('# the `example: true`.');
    out.push('proxmox:');
    for (const check of proposal.proxmox.checks) out.push(comment('  ', `check: ${check}`));
    out.push(`  node: ${proposal.proxmox.node}`);
    out.push(`  api: ${JSON.stringify(proposal.proxmox.api)}`);
    out.push('guests:');
    for (const { guest, sources: from, checks } of proposal.guests) {
      out.push(comment('  ', `${guest.name}: from ${from.join(', ')}`));
      for (const check of checks) out.push(comment('  ', `check: ${check}`));
      out.push(`  - id: ${guest.id}`);
      out.push(`    type: ${guest.type}`);
      out.push(`    name: ${guest.name}`);
      if (guest.address !== null) out.push(`    address: ${guest.address}`);
      if (guest.groups.length > 0) out.push(`    groups: [${guest.groups.join(', ')}]`);
      if (guest.example) out.push('    example: true');
    }
  } else {
    out.push(template('iacgen-no-guests.yaml').trimEnd());
  }
  out.push('');
  out.push('# Where `iacgen new` writes, by kind (relative to the repository root); "found" when the folder exists.');
  out.push('paths:');
  for (const p of paths) out.push(`  ${p.kind}: ${JSON.stringify(p.dir)}${p.found ? '  # found' : '  # not there yet: the default'}`);
  out.push('');
  out.push(template('iacgen-rules.yaml').trimEnd());
  return `${out.join('\n')}\n`;
}
