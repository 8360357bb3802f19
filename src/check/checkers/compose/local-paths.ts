/**
 * iacgen's own check of the folders and files a compose file names, whatever the Compose
 * version: Compose v2 no longer reports a missing `build:` folder at `config`, and v1 stops at
 * the first missing one. Rules: `compose-missing-build-context`, `compose-missing-env-file`.
 *
 * Forms (Compose Specification, `build` and `env_file`): `build: ./dir` or `build: {context:
 * ./dir}` (context defaults to `.`); `env_file: a.env`, `env_file: [a.env, b.env]` or
 * `env_file: [{path: a.env, required: false}]` (`required` defaults to true; Compose v2.24+).
 * Left out: URLs and git contexts (`https://...`, `git@...`, `github.com/...`, `*.git`), and
 * any value with `$` (interpolation that cannot be resolved here).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Severity } from '../../types.js';
import { missingBuildMessage, missingEnvFileMessage, relativeTo } from './config-output.js';
import { findPair, locate } from './yaml-path.js';

/** One missing folder or file, at the offset of the value that names it. */
export interface LocalPathFinding {
  severity: Severity;
  rule: 'compose-missing-build-context' | 'compose-missing-env-file';
  message: string;
  /** The missing path, absolute. */
  missing: string;
  /** Offset of the value in the compose file's text. */
  offset: number;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)|\.git(?:#.*)?$/i;

function start(node: unknown): number {
  return node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? Number(node.range[0]) : 0;
}

async function kind(abs: string): Promise<'dir' | 'file' | undefined> {
  try {
    return (await stat(abs)).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

function text(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

/** `required:` as Compose reads it: false only for a false boolean (or the string "false"). */
function required(node: unknown): boolean {
  return !(isScalar(node) && (node.value === false || node.value === 'false'));
}

/**
 * The missing build folders and `env_file`s of one compose document.
 * @param doc the parsed file (error-free or not: only what parsed is looked at)
 * @param abs the compose file, absolute (relative paths are resolved from its folder)
 */
export async function missingLocalPaths(doc: Document, abs: string): Promise<LocalPathFinding[]> {
  const dir = path.dirname(abs);
  const services = locate(doc, ['services']).node;
  if (!isMap(services)) return [];
  const out: LocalPathFinding[] = [];
  for (const pair of services.items) {
    const service = isMap(pair.value) ? pair.value : undefined;
    if (!service) continue;
    const build = findPair(doc, service, 'build')?.value;
    const context = isMap(build) ? (findPair(doc, build, 'context')?.value ?? null) : build;
    const contextText = context === null ? '.' : text(context);
    if (contextText !== undefined && !contextText.includes('$') && !REMOTE.test(contextText)) {
      const target = path.resolve(dir, contextText);
      if ((await kind(target)) !== 'dir') {
        const message = missingBuildMessage(relativeTo(abs, target));
        out.push({ severity: 'error', rule: 'compose-missing-build-context', message, missing: target, offset: start(context ?? build) });
      }
    }
    const envFile = findPair(doc, service, 'env_file')?.value;
    const entries = isSeq(envFile) ? envFile.items : envFile === undefined ? [] : [envFile];
    for (const entry of entries) {
      const pathNode = isMap(entry) ? findPair(doc, entry, 'path')?.value : entry;
      if (isMap(entry) && !required(findPair(doc, entry, 'required')?.value)) continue;
      const value = text(pathNode);
      if (value === undefined || value.includes('$')) continue;
      const target = path.resolve(dir, value);
      if ((await kind(target)) === 'file') continue;
      out.push({ severity: 'error', rule: 'compose-missing-env-file', message: missingEnvFileMessage(relativeTo(abs, target)), missing: target, offset: start(pathNode) });
    }
  }
  return out;
}
