/** `iacgen validate`: run the engine, print the chosen report, pick the exit code. */
import type { ValidateFlags } from '../cli.js';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { formatJson } from '../report/json.js';
import { formatPretty } from '../report/pretty.js';
import { hasErrors } from '../report/summary.js';
import { loadConfig } from '../config/load.js';
import { validate } from '../validate/engine.js';

/** Runs `iacgen validate`; returns 0 (no error findings) or 1. */
export async function runValidate(context: Context, paths: string[], flags: ValidateFlags): Promise<number> {
  const { settings } = loadConfig(context.cwd);
  const result = await validate({ cwd: context.cwd, paths, settings, strict: flags.strict, only: flags.only, skip: flags.skip });
  const text = flags.format === 'json' ? formatJson(result) : formatPretty(result, { color: Boolean(context.stdout.isTTY) && !context.env.NO_COLOR });
  context.stdout.write(text);
  return hasErrors(result) ? EXIT.findings : EXIT.ok;
}
