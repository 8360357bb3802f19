import { z } from 'zod';
import { checkerManifestSchema } from '../manifest.js';
import type { CommandChecker, OutputParser } from '../types.js';
import { callFile, failed, position, readJson } from './shared.js';

/**
 * Compiles (never runs) each file named on the command line and prints one JSON list of the
 * files that do not compile. `compile()` writes no bytecode; `-B` and `-I` (no cwd on sys.path,
 * no PYTHON* variables, no user site) keep the interpreter itself from touching the repository.
 * Null bytes raise `ValueError` on older Pythons and `SyntaxError` on 3.11.7 (observed).
 */
export const PYTHON_COMPILE_SCRIPT = `
import json, sys
problems = []
for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as handle:
            source = handle.read()
        compile(source, path, 'exec', dont_inherit=True)
    except SyntaxError as e:
        problems.append({'file': path, 'line': e.lineno or 1, 'column': e.offset or 1,
                         'message': type(e).__name__ + ': ' + str(e.msg)})
    except ValueError as e:
        problems.append({'file': path, 'line': 1, 'column': 1, 'message': 'ValueError: ' + str(e)})
    except OSError as e:
        problems.append({'file': path, 'line': 1, 'column': 1,
                         'message': 'cannot read file: ' + str(e.strerror or e)})
print(json.dumps(problems))
`;

const reportSchema = z.array(
  z.object({ file: z.string(), line: z.number(), column: z.number(), message: z.string() }),
);

const parse: OutputParser = (output) => {
  const report = reportSchema.safeParse(readJson(output.stdout));
  if (!report.success) return failed('unreadable python-compile output (expected a JSON list)', output);
  return {
    diagnostics: report.data.map((p) => ({
      file: callFile(p.file, output),
      line: position(p.line),
      column: position(p.column),
      severity: 'error',
      rule: 'syntax-error',
      message: p.message,
      source: 'python-compile',
    })),
  };
};

/**
 * Python syntax check: `python3 -B -I -c <PYTHON_COMPILE_SCRIPT> {files}`; the files are compiled
 * with `compile(..., 'exec', dont_inherit=True)`, never executed, and no `.pyc` is written.
 *
 * Exit codes: the script exits 0 whenever it ran (python(1): a script that ends normally exits
 * 0; an uncaught exception exits 1, which is a failure here). Confirmed with Python 3.11.7.
 */
export const pythonCompile: CommandChecker = {
  ...checkerManifestSchema.parse({
    id: 'python-compile',
    cost: { call: 60, file: 2 },
    command: 'python3',
    args: ['-B', '-I', '-c', PYTHON_COMPILE_SCRIPT, '{files}'],
    fileTypes: ['python'],
    mode: 'files',
    versionArgs: ['--version'],
    timeoutMs: 60_000,
    okExitCodes: [0],
    installHint: 'apt-get install python3',
  }),
  parse,
};
