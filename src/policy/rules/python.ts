/**
 * Python rules: a main guard in scripts, timeouts on HTTP calls (requests, httpx), no bare
 * `except:`. Lines are read with strings blanked and comments dropped (triple quotes followed
 * across lines), so that code inside strings never counts.
 */
import path from 'node:path';
import type { Finding, PolicyFile, RuleLogic } from '../types.js';
import { lineOfOffset } from '../text.js';

/** The lines with string contents replaced by spaces (quotes kept) and comments removed. */
export function maskPython(lines: readonly string[]): string[] {
  let triple: string | undefined;
  return lines.map((line) => {
    let out = '';
    let i = 0;
    while (i < line.length) {
      if (triple) {
        const end = line.indexOf(triple, i);
        if (end < 0) {
          out += ' '.repeat(line.length - i);
          i = line.length;
        } else {
          out += `${' '.repeat(end - i)}${triple}`;
          i = end + 3;
          triple = undefined;
        }
        continue;
      }
      const ch = line[i] as string;
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        if (line.startsWith(ch.repeat(3), i)) {
          triple = ch.repeat(3);
          out += triple;
          i += 3;
          continue;
        }
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
        out += ch + ' '.repeat(Math.max(0, Math.min(j, line.length) - i - 1)) + (j < line.length ? ch : '');
        i = j + 1;
        continue;
      }
      out += ch;
      i++;
    }
    return out;
  });
}

const MAIN_GUARD = /^if\s+(?:__name__\s*==\s*["']__main__["']|["']__main__["']\s*==\s*__name__)\s*:/;
const NOT_SCRIPTS = /^(?:__init__|__main__|conftest|setup|test_.*|.*_test)\.pyw?$/;
/** Top-level statements that only define things (no work done on import). */
const DEFINITION = /^(?:import\s|from\s|def\s|async\s+def\s|class\s|@|if\s+(?:typing\.)?TYPE_CHECKING|try\s*:|except\b|else\s*:|finally\s*:|__all__|[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?::[^=]+)?=(?!=)|["']{1,3}\s*["']{0,3}$|pass$|\.\.\.$)/;

/** Indexes (0-based) of top-level statement starts: indentation 0, outside brackets. */
function topLevel(masked: readonly string[]): number[] {
  const starts: number[] = [];
  let depth = 0;
  masked.forEach((line, i) => {
    if (depth === 0 && /^\S/.test(line) && !line.startsWith(')') && !line.startsWith(']') && !line.startsWith('}')) starts.push(i);
    for (const ch of line) {
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
    }
  });
  return starts;
}

/**
 * `py-no-main-guard`: a script without `if __name__ == "__main__":`. A script has a shebang or
 * defines `main()`; other modules are libraries (top-level code there is registration, not work).
 */
export const pyNoMainGuard: RuleLogic = {
  fileTypes: ['python'],
  check(file) {
    if (NOT_SCRIPTS.test(path.basename(file.absPath)) || file.lines.some((l) => MAIN_GUARD.test(l))) return [];
    const masked = maskPython(file.lines);
    const starts = topLevel(masked);
    const main = starts.find((i) => /^(?:async\s+)?def\s+main\s*\(/.test(masked[i] ?? ''));
    if (main === undefined && !file.lines[0]?.startsWith('#!')) return [];
    const work = starts.find((i) => !DEFINITION.test((masked[i] ?? '').trim()));
    const at = work ?? main;
    if (at === undefined) return [];
    const why = work !== undefined ? 'runs code at import time' : 'defines main()';
    return [{ line: at + 1, message: `the script ${why} but has no if __name__ == "__main__": block` }];
  },
};

/** `py-bare-except`. */
export const pyBareExcept: RuleLogic = {
  fileTypes: ['python'],
  check(file) {
    return maskPython(file.lines).flatMap((line, i) =>
      /^\s*except\s*:/.test(line) ? [{ line: i + 1, column: line.indexOf('except') + 1, message: 'bare except: catches KeyboardInterrupt and SystemExit too' }] : [],
    );
  },
};

const HTTP_MODULES = ['requests', 'httpx'];
const HTTP_CALLS = 'get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient';

/** Names under which requests/httpx are imported (`import httpx as h` -> `h`). */
function httpAliases(masked: readonly string[]): string[] {
  const aliases = new Set<string>();
  for (const line of masked) {
    for (const m of line.matchAll(/\bimport\s+([\w\s,.]+)/g)) {
      for (const part of (m[1] ?? '').split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (name && HTTP_MODULES.includes(name)) aliases.add(alias?.trim() || name);
      }
    }
  }
  return [...aliases];
}

/** The text from an opening parenthesis to its match (or the end). */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** `py-http-no-timeout`: `requests.get(...)`, `httpx.post(...)`, `httpx.Client(...)` without `timeout=`. */
export const pyHttpNoTimeout: RuleLogic = {
  fileTypes: ['python'],
  check(file: PolicyFile) {
    const masked = maskPython(file.lines);
    const aliases = httpAliases(masked);
    if (aliases.length === 0) return [];
    const text = masked.join('\n');
    const call = new RegExp(`\\b(${aliases.map((a) => a.replace(/\./g, '\\.')).join('|')})\\.(${HTTP_CALLS})\\s*\\(`, 'g');
    const found: Finding[] = [];
    for (const m of text.matchAll(call)) {
      const args = callArguments(text, (m.index ?? 0) + m[0].length - 1);
      if (/\btimeout\s*=/.test(args) || args.includes('**')) continue;
      found.push({ line: lineOfOffset(text, m.index ?? 0), message: `${m[1]}.${m[2]}() without timeout=: a guest that is down hangs the script` });
    }
    return found;
  },
};
