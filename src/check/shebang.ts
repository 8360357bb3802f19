/** A script's `#!` line: which interpreter runs a tool (Python tools get a worker; the cache keys on it). */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { findOnPath } from './probe.js';

/**
 * The interpreter of a script's `#!` line as an argv prefix, or undefined when the file has none
 * (a binary, a missing file). `#!/usr/bin/env NAME` is resolved on PATH, as env would; Linux passes
 * everything after the interpreter as one argument, and so does this.
 */
export async function shebangOf(file: string): Promise<string[] | undefined> {
  let first: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(256);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const match = /^#!\s*(\S+)(?:[ \t]+(.*\S))?/.exec(first.replace(/\r$/, ''));
  if (!match?.[1]) return undefined;
  const [interpreter, rest] = [match[1], match[2]];
  if (path.basename(interpreter) === 'env' && rest && !rest.startsWith('-')) {
    const [name, ...more] = rest.split(/\s+/);
    const found = name ? await findOnPath(name) : undefined;
    return found ? [found, ...more] : undefined;
  }
  return rest ? [interpreter, rest] : [interpreter];
}

/** The Python interpreter (argv prefix) of a tool's script, or undefined when it is not a Python script. */
export async function pythonOf(tool: string): Promise<string[] | undefined> {
  const argv = await shebangOf(tool);
  return argv?.[0] && /^python[0-9.]*$/.test(path.basename(argv[0])) ? argv : undefined;
}
