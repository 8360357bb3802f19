/**
 * Puts the findings of one project's `config -q` run on the file and line they belong to: the
 * file the message names (else the file with the YAML error, the file that uses the variable,
 * the file that pulls in a missing file), the line of the data path and key it names. A
 * finding in a file that is not in the call goes to the call file that pulls it in (at its
 * `include`/`extends` entry), or is left to that file's own check when that file is one of the
 * project's `-f` files (an override or base file checked in another call).
 */
import path from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { ParsedDiagnostic } from '../../types.js';
import { SOURCE, type ComposeFinding } from './config-output.js';
import { composeReferences, type ComposeProject, type ComposeSource } from './project.js';
import { findPair, keyOffset, locate } from './yaml-path.js';

/** Where in a source a data path leads, and whether all of it was found there. */
function reach(source: ComposeSource, segments: readonly string[], key?: string): { offset: number; complete: boolean } {
  let done = 0;
  while (done < segments.length) {
    const node = locate(source.doc, segments.slice(0, done)).node;
    const segment = segments[done] ?? '';
    const found = isMap(node) ? findPair(source.doc, node, segment) !== undefined : isSeq(node) && node.items[Number(segment)] !== undefined;
    if (!found) break;
    done += 1;
  }
  const location = locate(source.doc, segments.slice(0, done));
  const complete = done === segments.length && (key === undefined || (isMap(location.node) && findPair(source.doc, location.node, key) !== undefined));
  return { offset: key === undefined ? location.offset : keyOffset(source.doc, location, key), complete };
}

/** The offset of `services.<name>.extends.file` in a source, and the service it extends. */
function extendsOf(source: ComposeSource, service: string): { target: string; service: string } | undefined {
  const extended = locate(source.doc, ['services', service, 'extends']).node;
  if (!isMap(extended)) return undefined;
  const file = extended.get('file');
  const name = extended.get('service');
  if (typeof file !== 'string' || typeof name !== 'string') return undefined;
  return { target: path.resolve(path.dirname(source.abs), file), service: name };
}

/** The source and offset a finding points at. */
function pointAt(finding: ComposeFinding, sources: Map<string, ComposeSource>, first: ComposeSource | undefined, cwd: string): { source?: ComposeSource; offset?: number } {
  const all = [...sources.values()];
  if (finding.yaml) {
    const broken = all.find((s) => s.doc.errors.length > 0) ?? first;
    const error = broken?.doc.errors[0];
    return { ...(broken ? { source: broken } : {}), ...(error ? { offset: error.pos[0] } : {}) };
  }
  if (finding.variable !== undefined) {
    const use = new RegExp(`\\$\\{?${finding.variable}\\b`);
    for (const s of all) {
      const at = s.text.search(use);
      if (at >= 0) return { source: s, offset: at };
    }
  }
  if (finding.missing !== undefined) {
    const missing = finding.missing;
    for (const s of all) {
      const ref = composeReferences(s.doc, s.abs).find((r) => r.abs === missing);
      if (ref) return { source: s, offset: ref.offset };
    }
    const user = all.find((s) => s.text.includes(path.basename(missing)));
    if (user) return { source: user, offset: Math.max(0, user.text.indexOf(path.basename(missing))) };
  }
  const named = finding.file === undefined ? first : sources.get(path.resolve(cwd, finding.file));
  const source = named ?? first;
  if (!source || finding.path === undefined) return source ? { source } : {};
  const here = reach(source, finding.path, finding.key);
  // Compose v2 reports an `extends`ed service's keys on the file that extends it.
  const [section, service] = finding.path;
  if (!here.complete && section === 'services' && service !== undefined) {
    const base = extendsOf(source, service);
    const target = base && sources.get(base.target);
    if (base && target) {
      const there = reach(target, ['services', base.service, ...finding.path.slice(2)], finding.key);
      if (there.complete) return { source: target, offset: there.offset };
    }
  }
  return { source, offset: here.offset };
}

/**
 * The diagnostics of one project run, for the call files of the project only.
 * @param findings what `readComposeOutput` read, plus iacgen's own findings
 * @param project the project (files relative to `cwd`)
 * @param sources every file the project loads (`loadProject`), by absolute path
 */
export function placeFindings(findings: readonly ComposeFinding[], project: ComposeProject, sources: Map<string, ComposeSource>, cwd: string): ParsedDiagnostic[] {
  const members = new Map(project.members.map((m) => [path.resolve(cwd, m), m]));
  const projectFiles = new Set(project.files.map((f) => path.resolve(cwd, f)));
  const first = sources.get(path.resolve(cwd, project.files[0] ?? project.key));
  const out: ParsedDiagnostic[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    let { source, offset } = pointAt(finding, sources, first, cwd);
    let message = finding.message;
    // Up the include/extends chain to a call file.
    for (let hops = 0; source && !members.has(source.abs) && source.via && hops < 100; hops += 1) {
      message = `in ${path.relative(path.dirname(source.via.abs), source.abs)}: ${message}`;
      offset = source.via.offset;
      source = sources.get(source.via.abs);
    }
    // A -f file of the project outside this call reports its findings in its own call.
    if (source && !members.has(source.abs) && projectFiles.has(source.abs)) continue;
    const file = (source && members.get(source.abs)) ?? project.key;
    const usable = source !== undefined && members.has(source.abs);
    const position = usable && source && offset !== undefined ? source.lineCounter.linePos(offset) : undefined;
    const line = position?.line ?? finding.line ?? 1;
    const column = position?.col ?? finding.column ?? 1;
    const diagnostic: ParsedDiagnostic = { file, line, column, severity: finding.severity, rule: finding.rule, message, source: SOURCE };
    const id = JSON.stringify(diagnostic);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(diagnostic);
  }
  return out;
}
