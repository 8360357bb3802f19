/**
 * Commander wiring only: options, arguments and help text. Each command's module is imported
 * when the command runs, so `iacgen --version` and the hook path stay fast.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { NewFlags } from './commands/new.js';
import type { UpdateFlags } from './commands/update.js';
import type { Context } from './context.js';
import { FORMATS, type Format } from './report/index.js';
import { FAIL_ON, type FailOn } from './verdict/fail-on.js';
import { VERSION } from './version.js';

/** The options of `iacgen validate`. */
export interface ValidateFlags {
  format: Format;
  /** Write the report to this file (atomically) and print only the summary line. */
  output?: string;
  /** Every checker required, and a missing environment an error (also `strict: true` in iacgen.yaml). */
  strict: boolean;
  /** The lowest severity that makes the run exit 1 (default: `failOn` in iacgen.yaml, else `error`). */
  failOn?: FailOn;
  /** Checker ids to run (repeatable or comma-separated). */
  only: string[];
  /** Checker ids never to run. */
  skip: string[];
  /** Check the staged content of the staged files (the pre-commit hook). */
  staged: boolean;
  /** Reuse unchanged results: commander sets false for `--no-cache` (absent means true). */
  cache?: boolean;
  /** Run the checkers that can run the repository's code in the sandbox: false for `--no-sandbox` (absent means true). */
  sandbox?: boolean;
  /** Set findings the baseline knows apart: commander sets false for `--no-baseline` (absent means true). */
  baseline?: boolean;
  /** List the findings the baseline knows too (apart). */
  showBaseline?: boolean;
  /** Apply the safe fixes first (`iacgen fix`), then validate. */
  fix?: boolean;
  /** Check only what changed since this git ref and what depends on it. */
  changedSince?: string;
  /** Check only this part, `i/n`. */
  shard?: string;
}

/** The options of `iacgen baseline`. */
export interface BaselineFlags {
  /** Every checker required, and a missing environment an error (also `strict: true` in iacgen.yaml). */
  strict: boolean;
  /** Checker ids to run (repeatable or comma-separated). */
  only: string[];
  /** Checker ids never to run. */
  skip: string[];
  /** Reuse unchanged results: false for `--no-cache`. */
  cache?: boolean;
  /** Run the checkers that can run the repository's code in the sandbox: false for `--no-sandbox`. */
  sandbox?: boolean;
}

/** The options of `iacgen fix` as commander gives them (see `commands/fix.ts`, `FixFlags`). */
type FixCliFlags = Omit<import('./commands/fix.js').FixFlags, 'dryRun' | 'unsafe'> & { dryRun?: boolean; unsafe?: boolean };

/** Collects a repeatable, comma-separated option into a list. */
function list(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}


/**
 * Builds the command tree. Actions report their exit code through `setExitCode`; errors are
 * thrown and mapped in `main.ts`.
 */
export async function buildCli(context: Context, setExitCode: (code: number) => void, argv: readonly string[] = []): Promise<Command> {
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
    .option('--strict', 'every checker is required (a missing one is an error), and so is the environment: a missing role, collection, module or env file is an error, its check fails', false)
    .addOption(new Option('--fail-on <severity>', 'the lowest severity that makes the run exit 1 (default: failOn in iacgen.yaml, else error)').choices(FAIL_ON))
    .option('--staged', 'check the staged content of the staged files (what the pre-commit hook runs)', false)
    .option('--only <ids>', 'run only these checkers (comma-separated, repeatable)', list, [])
    .option('--skip <ids>', 'never run these checkers (comma-separated, repeatable)', list, [])
    .option('--no-cache', 'run every check again instead of reusing the results of unchanged files')
    .option('--no-sandbox', "run the checkers that can run the repository's code (ansible, terraform validate) without the bubblewrap sandbox (also IACGEN_SANDBOX=off; never from iacgen.yaml)")
    .option('--no-baseline', 'ignore .iacgen-baseline.json: every finding counts')
    .option('--show-baseline', 'list the findings the baseline knows too, apart (default: only counted)', false)
    .option('--fix', 'apply the safe fixes first (as `iacgen fix`), then validate and report', false)
    .option('--changed-since <ref>', 'check only the files changed since <ref> (its merge base with HEAD; working tree and untracked files included) and the files whose verdict depends on them')
    .option('--shard <i/n>', 'check only part i of n (e.g. 2/3): n CI jobs check every file once; join their JSON reports with `iacgen merge`')
    .addHelpText(
      'after',
      '\nSeverity is the consequence: error = the file will not load, parse, run or deploy as written; warning = style and opinion (unless the\n' +
        "repository's own .yamllint / .ansible-lint says otherwise) and a missing environment (the check is skipped with the cause and its fix).\n" +
        '\nExit codes: 0 no finding at the --fail-on severity, 1 findings at it (errors; with --fail-on warning, warnings too), 2 usage or config error\n' +
        '(also: --strict and the sandbox cannot start), 3 internal error.',
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      const { runValidate } = await import('./commands/validate.js');
      setExitCode(await runValidate(context, paths, flags));
    });

  program
    .command('baseline')
    .description('write .iacgen-baseline.json (at the repository root): the current findings, which validate then sets apart')
    .argument('[paths...]', 'files or folders (default: the whole tree); entries of other files are kept')
    .option('--strict', 'every checker is required, and a missing environment is an error (as validate --strict)', false)
    .option('--only <ids>', 'run only these checkers (comma-separated, repeatable)', list, [])
    .option('--skip <ids>', 'never run these checkers (comma-separated, repeatable)', list, [])
    .option('--no-cache', 'run every check again instead of reusing the results of unchanged files')
    .option('--no-sandbox', "run the checkers that can run the repository's code without the bubblewrap sandbox")
    .addHelpText('after', '\nExit codes: 0 written, 2 usage or config error (outside git, an unusable baseline file), 3 internal error.')
    .action(async (paths: string[], flags: BaselineFlags) => {
      const { runBaseline } = await import('./commands/baseline.js');
      setExitCode(await runBaseline(context, paths, flags));
    });

  program
    .command('merge')
    .description("join the reports of `validate --shard i/n` (or of runs over disjoint paths) into the whole repository's report")
    .argument('<reports...>', 'JSON reports (validate --format json) or SARIF logs (--format sarif), one per shard')
    .addOption(new Option('-f, --format <format>', 'the merged report\'s format (default: json for JSON reports; SARIF logs merge into sarif only)').choices(FORMATS))
    .option('-o, --output <file>', 'write the merged report to <file> (atomically); print only the summary line')
    .addOption(new Option('--fail-on <severity>', 'the lowest severity of the merged findings that makes the merge exit 1').choices(FAIL_ON).default('error'))
    .addHelpText(
      'after',
      '\nSharded reports must be every shard of one split, each once; a file in two reports is refused.\n' +
        '\nExit codes: 0 no merged finding at the --fail-on severity, 1 findings at it, 2 a report cannot be read or merged, 3 internal error.',
    )
    .action(async (reports: string[], flags: import('./commands/merge.js').MergeFlags) => {
      const { runMerge } = await import('./commands/merge.js');
      setExitCode(await runMerge(context, reports, flags));
    });

  program
    .command('fix')
    .description('apply the safe fixes of the findings (text fixers, terraform fmt, shfmt), each file checked again before it is written')
    .argument('[paths...]', 'files or folders (default: every tracked and untracked-not-ignored file)')
    .option('--dry-run', 'print the plan and the diffs; write nothing', false)
    .option('--unsafe', 'also apply the fixes that change what runs (e.g. `set -euo pipefail`)', false)
    .option('--purpose <text>', 'the Purpose of a header block the fix adds')
    .addOption(new Option('--fail-on <severity>', 'the lowest severity left after fixing that makes the run exit 1 (default: failOn in iacgen.yaml, else error)').choices(FAIL_ON))
    .option('--only <ids>', 'run only these checkers (comma-separated, repeatable)', list, [])
    .option('--skip <ids>', 'never run these checkers (comma-separated, repeatable)', list, [])
    .option('--no-sandbox', "run the checkers that can run the repository's code without the bubblewrap sandbox (also IACGEN_SANDBOX=off)")
    .addHelpText(
      'after',
      '\nA fix that would drop a comment, or make the file fail a check it passed, is refused for that file (said in the plan);\n' +
        'the other files are fixed. Files are written all or nothing.\n' +
        '\nExit codes: 0 fixed (or nothing to fix) and no finding left at the --fail-on severity, 1 findings left at it (a dry run\n' +
        'counts what would be left) or a write failed (rolled back), 2 usage or config error, 3 internal error.',
    )
    .action(async (paths: string[], flags: FixCliFlags) => {
      const { runFix } = await import('./commands/fix.js');
      setExitCode(await runFix(context, paths, { ...flags, dryRun: Boolean(flags.dryRun), unsafe: Boolean(flags.unsafe) }));
    });

  program
    .command('update')
    .description('render recorded artifacts again with today\'s templates and merge them with your edits (3-way)')
    .argument('[artifacts...]', 'recorded artifacts, as <generator>/<name> (compose/uptime-kuma) or a name recorded once')
    .option('--all', 'update every artifact recorded in .iacgen/answers/', false)
    .option('--set <key=value>', 'change a recorded answer (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--skip-answered', 'at a terminal, ask only the questions without a recorded answer', false)
    .option('-y, --yes', 'never prompt: recorded answers, --set, then defaults', false)
    .option('-d, --dir <path>', 'repository root', '.')
    .option('--dry-run', 'print the plan and the diff of every file; write nothing', false)
    .option('--write-anyway', 'write even when validation finds errors in the merged files', false)
    .option('--json', 'print the result as JSON (never prompts)', false)
    .addHelpText(
      'after',
      '\nEach file is merged with git merge-file: base = the recorded rendering, yours = the file on disk, theirs = today\'s.\n' +
        'A line both changed is a conflict, written with <<<<<<< markers. Example:\n  iacgen update compose/uptime-kuma --set host_port=3002\n' +
        '\nExit codes: 0 updated (or nothing to update), 1 conflicts marked or validation errors, 2 usage or config error, 3 internal error.',
    )
    .action(async (artifacts: string[], flags: UpdateFlags) => {
      const { runUpdate } = await import('./commands/update.js');
      setExitCode(await runUpdate(context, artifacts, flags));
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

  const generate = program.command('new').description('generate an artifact from a template (iacgen list shows them all)');
  // Generator manifests are read only when `new` runs: `--version` and the hook stay fast.
  if (argv[0] === 'new' || (argv[0] === 'help' && argv[1] === 'new')) await registerGenerators(generate, context, setExitCode, argv[0] === 'new' ? argv[1] : undefined);

  program
    .command('rules')
    .description("list iacgen's own rules: id, default severity, what they check")
    .option('--json', 'print the list as JSON', false)
    .action(async (flags: { json: boolean }) => {
      const { runRules } = await import('./commands/rules.js');
      setExitCode(await runRules(context, flags));
    });

  program
    .command('explain')
    .description('print the documentation of a rule: why it exists and how to fix a finding')
    .argument('<rule-id>', 'a rule id, as `iacgen rules` lists them')
    .action(async (ruleId: string) => {
      const { runExplain } = await import('./commands/rules.js');
      setExitCode(await runExplain(context, ruleId));
    });

  program
    .command('list')
    .description('list the generators, their variants and options')
    .option('--json', 'print the list as JSON', false)
    .action(async (flags: { json: boolean }) => {
      const { runList } = await import('./commands/list.js');
      setExitCode(await runList(context, flags));
    });

  program
    .command('import')
    .description('build or update the guests: of iacgen.yaml from saved JSON: pvesh /cluster/resources or /nodes/<node>/qemu|lxc, ansible-inventory --list, terraform show -json (bpg/proxmox)')
    .argument('<files...>', 'the saved JSON files (their format is told from their shape)')
    .option('-d, --dir <path>', 'repository root', '.')
    .option('--prune', 'remove the guests of iacgen.yaml that the import does not have (default: keep them)', false)
    .option('--dry-run', 'print the plan and the diff; write nothing', false)
    .option('-y, --yes', 'write without asking for confirmation', false)
    .option('--json', 'print the plan as JSON (never asks)', false)
    .addHelpText('after', '\nExample:\n  pvesh get /cluster/resources --type vm --output-format json > vms.json && iacgen import vms.json\n\nExit codes: 0 written (or nothing to write, or a dry run), 1 the result failed a check or a write failed (nothing written), 2 a file cannot be read or recognised, or iacgen.yaml is invalid.')
    .action(async (files: string[], flags: import('./commands/import.js').ImportFlags) => {
      const { runImport } = await import('./commands/import.js');
      setExitCode(await runImport(context, files, flags));
    });

  program
    .command('init')
    .description('propose iacgen.yaml from the Ansible inventory and bpg/proxmox Terraform found in the repository, then write it with .yamllint, .ansible-lint and .gitignore entries; existing files are left alone')
    .option('-d, --dir <path>', 'repository root', '.')
    .option('-y, --yes', 'write without asking for confirmation (the default without a terminal)', false)
    .action(async (flags: { dir: string; yes: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      setExitCode(await runInit(context, flags));
    });

  return program;
}

/**
 * Registers `new <generator>` with its own options: only the one named on the command line when
 * it exists (loading every manifest costs more than the rest of `iacgen new`'s start-up), else
 * every generator (for `iacgen new --help` and the suggestions after a typo).
 */
async function registerGenerators(generate: Command, context: Context, setExitCode: (code: number) => void, named?: string): Promise<void> {
  const { generatorOptions, variablesHelp } = await import('./generate/options.js');
  const { USER_TEMPLATES_DIR, generatorIds, getGenerator } = await import('./generate/registry.js');
  const root = nearestWith(context.cwd, USER_TEMPLATES_DIR);
  const ids = generatorIds(root);
  for (const id of named !== undefined && ids.includes(named) ? [named] : ids) {
    let manifest;
    try {
      manifest = getGenerator(id, root);
    } catch (err) {
      // One broken manifest (a user's own) must not take the other generators down with it.
      generate.command(id).description('(its manifest is invalid)').allowUnknownOption().allowExcessArguments().action(() => {
        throw err;
      });
      continue;
    }
    const command = generate.command(id).description(manifest.description);
    for (const option of generatorOptions(manifest)) {
      if (option.repeatable) command.option(option.flag, option.description, (value: string, previous: string[]) => [...previous, value], []);
      else if (option.question || option.default === undefined) command.option(option.flag, option.question && option.default !== undefined ? `${option.description} (default: ${option.default})` : option.description);
      else command.option(option.flag, option.description, option.default);
    }
    const example = manifest.variants[0]?.id ?? '';
    command.addHelpText('after', `\nVariants: ${manifest.variants.map((v) => v.id).join(', ')}\nExample:\n  iacgen new ${id} --variant ${example} --yes`);
    command.addHelpText('after', `\n${variablesHelp(manifest)}`);
    command.action(async (flags: Partial<NewFlags>) => {
      const { runNew } = await import('./commands/new.js');
      const normalised: NewFlags = {
        ...flags,
        set: flags.set ?? [],
        dir: flags.dir ?? '.',
        yes: Boolean(flags.yes),
        force: Boolean(flags.force),
        skipExisting: Boolean(flags.skipExisting),
        dryRun: Boolean(flags.dryRun),
        writeAnyway: Boolean(flags.writeAnyway),
        json: Boolean(flags.json),
      };
      setExitCode(await runNew(context, id, normalised));
    });
  }
}

/** The nearest folder at or above `cwd` holding `relative`, else `cwd`. */
function nearestWith(cwd: string, relative: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}
