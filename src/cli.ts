/**
 * Commander wiring only: options, arguments and help text. Each command's module is imported
 * when the command runs, so `iacgen --version` and the hook path stay fast.
 */
import { Command, Option } from 'commander';
import type { Context } from './context.js';
import { FORMATS, type Format } from './report/index.js';
import { VERSION } from './version.js';

/** The options of `iacgen validate`. */
export interface ValidateFlags {
  format: Format;
  /** Write the report to this file (atomically) and print only the summary line. */
  output?: string;
  strict: boolean;
  /** Checker ids to run (repeatable or comma-separated). */
  only: string[];
  /** Checker ids never to run. */
  skip: string[];
  /** Check the staged content of the staged files (the pre-commit hook). */
  staged: boolean;
}

/** Collects a repeatable, comma-separated option into a list. */
function list(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** The options of `iacgen new <generator>`. */
export interface NewFlags {
  target?: string;
  service?: string;
  variant?: string;
  name?: string;
  yes: boolean;
  dir: string;
  force: boolean;
  skipExisting: boolean;
  dryRun: boolean;
  writeAnyway: boolean;
}

/**
 * Builds the command tree. Actions report their exit code through `setExitCode`; errors are
 * thrown and mapped in `main.ts`.
 */
export function buildCli(context: Context, setExitCode: (code: number) => void): Command {
  const program = new Command('iacgen')
    .description('Generate and validate infrastructure-as-code for Proxmox homelabs')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.stdout.write(s),
      writeErr: (s) => context.stderr.write(s),
    })
    .showSuggestionAfterError();

  program
    .command('validate')
    .description('classify files and run the real checkers on them')
    .argument('[paths...]', 'files or folders (default: every tracked and untracked-not-ignored file)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('pretty'))
    .option('-o, --output <file>', 'write the report to <file> (atomically); print only the summary line')
    .option('--strict', 'every checker is required: a missing one is an error', false)
    .option('--staged', 'check the staged content of the staged files (what the pre-commit hook runs)', false)
    .option('--only <ids>', 'run only these checkers (comma-separated, repeatable)', list, [])
    .option('--skip <ids>', 'never run these checkers (comma-separated, repeatable)', list, [])
    .addHelpText('after', '\nExit codes: 0 no error findings, 1 error findings, 2 usage or config error, 3 internal error.')
    .action(async (paths: string[], flags: ValidateFlags) => {
      const { runValidate } = await import('./commands/validate.js');
      setExitCode(await runValidate(context, paths, flags));
    });

  const hook = program.command('hook').description('the git pre-commit hook that runs `iacgen validate --staged`');
  for (const action of ['install', 'uninstall'] as const) {
    hook
      .command(action)
      .description(action === 'install' ? 'write the pre-commit hook (an existing hook is kept and runs first)' : 'remove the hook and put back the one it replaced')
      .action(async () => {
        const { runHook } = await import('./commands/hook.js');
        setExitCode(await runHook(context, action));
      });
  }

  program
    .command('doctor')
    .description('list the checkers: found or not, path, version, policy, install command')
    .option('--json', 'print the report as JSON', false)
    .addHelpText('after', '\nExit codes: 0 ok, 1 a checker that iacgen.yaml requires is missing.')
    .action(async (flags: { json: boolean }) => {
      const { runDoctor } = await import('./commands/doctor.js');
      setExitCode(await runDoctor(context, flags));
    });

  const generate = program.command('new').description('generate an artifact from a template');
  generate
    .command('playbook')
    .description('an Ansible playbook for one guest of the inventory')
    .option('-t, --target <guest>', 'target guest: ct102, vm101, 102 or its name')
    .option('-s, --service <service>', 'service type: nginx, node-exporter, docker, hardening')
    .option('--variant <variant>', 'same as --service')
    .option('-n, --name <name>', 'artifact name (file name without extension)')
    .option('-y, --yes', 'take defaults for everything not given; never prompt', false)
    .option('-d, --dir <path>', 'repository root to write into', '.')
    .option('--force', 'overwrite files that exist with other content', false)
    .option('--skip-existing', 'leave files that exist with other content as they are', false)
    .option('--dry-run', 'print the plan and the diff of every conflict; write nothing', false)
    .option('--write-anyway', 'write even when validation finds errors', false)
    .addHelpText('after', '\nExample:\n  iacgen new playbook --target ct102 --service nginx --yes')
    .action(async (flags: NewFlags) => {
      const { runNew } = await import('./commands/new.js');
      setExitCode(await runNew(context, 'playbook', flags));
    });

  return program;
}
