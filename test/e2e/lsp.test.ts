/**
 * `iacgen lsp` end to end: the built CLI (`node bin/iacgen.js lsp`) driven by a real LSP client
 * (vscode-languageserver-protocol's connection over the child's stdio) in real temporary git
 * repositories, with the real yamllint and iacgen's own rules (`--only yamllint,iacgen`, so that
 * a machine with ansible-lint finds the same findings).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execaSync } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type LogMessageParams,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BIN, haveTools, tempDir, tempRepo } from '../helpers.js';

const ready = haveTools('yamllint', 'git');

/** Both rule sets on (the command rule is a house rule), the header rules off for short files. */
const CONFIG = 'rules:\n  sets: [defects, house]\n  header-missing: "off"\n  header-incomplete: "off"\n  header-path-mismatch: "off"\n';
const BROKEN = '- hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug: msg: hi\n';
const GOOD = '- hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hi\n';
const SPACES = '- hosts: all\n  tasks:\n    - name: Say hello   \n      ansible.builtin.debug:\n        msg: hi\n';
const COMMAND = '- hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.command: echo hi\n';
const PLAYBOOK = 'ansible/playbooks/site.yml';

/** A running `iacgen lsp` and the client's side of it. */
interface Session {
  child: ChildProcess;
  connection: ProtocolConnection;
  root: string;
  uri: string;
  /** The next diagnostics published for `uri`. */
  nextDiagnostics(): Promise<PublishDiagnosticsParams>;
  logs: LogMessageParams[];
  shown: ShowMessageParams[];
  /** Sends shutdown and exit; resolves with the process's exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built server in a new repository holding `files`, and initializes it. */
async function start(files: Record<string, string>, tmp: string, capabilities: ClientCapabilities = {}, args = ['--only', 'yamllint,iacgen']): Promise<Session> {
  const root = tempRepo({ 'iacgen.yaml': CONFIG, ...files });
  const child = spawn(process.execPath, [BIN, 'lsp', ...args], { cwd: root, env: { ...process.env, TMPDIR: tmp }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: Array<(p: PublishDiagnosticsParams) => void> = [];
  const logs: LogMessageParams[] = [];
  const shown: ShowMessageParams[] = [];
  const uri = pathToFileURL(path.join(root, PLAYBOOK)).href;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri === uri) waiting.shift()?.(params);
  });
  connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => void logs.push(params));
  connection.onNotification(ShowMessageNotification.method, (params: ShowMessageParams) => void shown.push(params));
  connection.listen();
  onTestFinished(() => connection.dispose());
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'repo' }],
    capabilities: { ...capabilities, textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, ...capabilities.textDocument } },
  });
  expect(init.serverInfo?.name).toBe('iacgen');
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    child,
    connection,
    root,
    uri,
    logs,
    shown,
    nextDiagnostics: () => new Promise((resolve) => waiting.push(resolve)),
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      if (code !== 0) throw new Error(`iacgen lsp exited with ${code}: ${stderr}`);
      return code;
    },
  };
}

/** Opens the playbook with `text` (version 1). */
function open(session: Session, text: string): Promise<void> {
  return session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: session.uri, languageId: 'yaml', version: 1, text } });
}

/** Writes the playbook to disk, tells the server of the new buffer (`version`) and saves it. */
async function save(session: Session, text: string, version: number): Promise<void> {
  writeFileSync(path.join(session.root, PLAYBOOK), text);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: session.uri, version }, contentChanges: [{ text }] });
  await session.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: session.uri } });
}

/** The repository's files as git sees them, ignored ones too. */
function gitFiles(root: string): string[] {
  return execaSync('git', ['status', '--porcelain', '--untracked-files=all', '--ignored'], { cwd: root }).stdout.split('\n').sort();
}

describe.skipIf(!ready)('iacgen lsp', () => {
  it('publishes the diagnostic of an opened file at its range, and an empty list once the fix is saved', async () => {
    const session = await start({ [PLAYBOOK]: BROKEN }, tempDir());
    const first = session.nextDiagnostics();
    await open(session, BROKEN);
    const published = await first;
    expect(published.version).toBe(1);
    expect(published.diagnostics).toEqual([
      {
        range: { start: { line: 3, character: 32 }, end: { line: 3, character: 36 } },
        severity: 1,
        source: 'iacgen/yamllint',
        code: 'syntax',
        message: 'syntax error: mapping values are not allowed here',
        data: { checker: 'yamllint', rule: 'syntax', line: 4, column: 33 },
      },
    ]);
    const second = session.nextDiagnostics();
    await save(session, GOOD, 2);
    expect(await second).toEqual({ uri: session.uri, version: 2, diagnostics: [] });
    expect(await session.stop()).toBe(0);
  });

  it('offers the safe fix of a fixable diagnostic as an edit that, applied and saved, makes it disappear', async () => {
    const session = await start({ [PLAYBOOK]: SPACES }, tempDir());
    const first = session.nextDiagnostics();
    await open(session, SPACES);
    const [diagnostic] = (await first).diagnostics as [Diagnostic];
    expect(diagnostic).toMatchObject({ code: 'trailing-spaces', source: 'iacgen/yamllint', range: { start: { line: 2, character: 21 }, end: { line: 2, character: 24 } } });
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: session.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['iacgen: fix yamllint/trailing-spaces', 'quickfix']]);
    const edits = actions[0]?.edit?.changes?.[session.uri] as TextEdit[];
    // The smallest edit: the three spaces, nothing else.
    expect(edits).toEqual([{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 24 } }, newText: '' }]);
    const fixed = TextDocument.applyEdits(TextDocument.create(session.uri, 'yaml', 1, SPACES), edits);
    expect(fixed).toBe(GOOD);
    // The code action wrote nothing: the editor applies the edit.
    expect(readFileSync(path.join(session.root, PLAYBOOK), 'utf8')).toBe(SPACES);
    const second = session.nextDiagnostics();
    await save(session, fixed, 2);
    expect((await second).diagnostics).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('fixes every safely fixable finding of the document with source.fixAll.iacgen, asked for by kind only', async () => {
    const twice = SPACES.replace('msg: hi', 'msg: hi  ');
    const session = await start({ [PLAYBOOK]: twice }, tempDir());
    const first = session.nextDiagnostics();
    await open(session, twice);
    expect((await first).diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['trailing-spaces', 2], ['trailing-spaces', 4]]);
    const at = (only?: string[]) =>
      session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: session.uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], ...(only ? { only } : {}) },
      }) as Promise<CodeAction[]>;
    // Not in the light bulb's list (no kind asked for), nor when only quick fixes are asked for.
    expect(await at()).toEqual([]);
    expect(await at(['quickfix'])).toEqual([]);
    const [fixAll, ...rest] = await at(['source.fixAll']);
    expect(rest).toEqual([]);
    expect(fixAll?.kind).toBe('source.fixAll.iacgen');
    const edits = fixAll?.edit?.changes?.[session.uri] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(session.uri, 'yaml', 1, twice), edits);
    expect(fixed).toBe(GOOD);
    expect(readFileSync(path.join(session.root, PLAYBOOK), 'utf8')).toBe(twice);
    const second = session.nextDiagnostics();
    await save(session, fixed, 2);
    expect((await second).diagnostics).toEqual([]);
    expect(await session.stop()).toBe(0);
  });

  it('validates an unsaved buffer that differs from the disk from a copy: the diagnostics are the buffer\'s, the tree is untouched', async () => {
    const tmp = tempDir();
    const session = await start({ [PLAYBOOK]: GOOD, 'ansible/playbooks/other.yml': GOOD }, tmp);
    const before = gitFiles(session.root);
    const first = session.nextDiagnostics();
    await open(session, BROKEN);
    const published = await first;
    expect(published.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['syntax', { line: 3, character: 32 }]]);
    expect(readFileSync(path.join(session.root, PLAYBOOK), 'utf8')).toBe(GOOD);
    expect(gitFiles(session.root)).toEqual(before);
    expect(await session.stop()).toBe(0);
    // The copy was made under the server's TMPDIR and is gone.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('fixes an unsaved buffer from the copy, resolving the edit on demand for a client that asks so', async () => {
    const tmp = tempDir();
    const session = await start({ [PLAYBOOK]: GOOD }, tmp, {
      textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      workspace: { workspaceEdit: { documentChanges: true } },
    });
    const first = session.nextDiagnostics();
    await open(session, SPACES);
    const [diagnostic] = (await first).diagnostics as [Diagnostic];
    expect(diagnostic).toMatchObject({ code: 'trailing-spaces', range: { start: { line: 2, character: 21 } } });
    const [action] = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: session.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as [CodeAction];
    // Offered at once, without its edit: the fix runs only when the editor picks the action.
    expect(action.edit).toBeUndefined();
    const resolved = await session.connection.sendRequest(CodeActionResolveRequest.type, action);
    expect(resolved.edit?.documentChanges).toEqual([
      { textDocument: { uri: session.uri, version: 1 }, edits: [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 24 } }, newText: '' }] },
    ]);
    expect(readFileSync(path.join(session.root, PLAYBOOK), 'utf8')).toBe(GOOD);
    expect(await session.stop()).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("explains iacgen's own rules: a hover on the finding and the iacgen.explain command of its code action", async () => {
    const session = await start({ [PLAYBOOK]: COMMAND }, tempDir());
    const first = session.nextDiagnostics();
    await open(session, COMMAND);
    const [diagnostic] = (await first).diagnostics as [Diagnostic];
    expect(diagnostic).toMatchObject({ code: 'ansible-command-not-idempotent', source: 'iacgen/iacgen', severity: 2, range: { start: { line: 2, character: 0 } } });
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: session.uri }, position: { line: 2, character: 6 } });
    expect(hover?.contents).toMatchObject({ kind: 'markdown' });
    expect((hover?.contents as { value: string }).value).toContain('ansible-command-not-idempotent (ansible, set: house, default severity: warning)');
    const nothing = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: session.uri }, position: { line: 0, character: 2 } });
    expect(nothing).toBeNull();
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: session.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
    const explain = actions.find((a) => a.command?.command === 'iacgen.explain');
    expect(explain?.command?.arguments).toEqual(['ansible-command-not-idempotent']);
    const text = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: 'iacgen.explain', arguments: ['ansible-command-not-idempotent'] });
    expect(text).toContain('How to fix:');
    await expect.poll(() => session.shown).toEqual([{ type: 3, message: text }]);
    expect(await session.stop()).toBe(0);
  });

  it.skipIf(!haveTools('ansible-playbook', 'ansible-lint'))('runs every checker, ansible-playbook --syntax-check included, on an unsaved playbook from the copy', async () => {
    const session = await start({ [PLAYBOOK]: GOOD }, tempDir(), {}, []);
    const before = gitFiles(session.root);
    const first = session.nextDiagnostics();
    await open(session, GOOD.replace('- hosts: all', '- host: all'));
    const published = await first;
    const syntax = published.diagnostics.find((d) => d.source === 'iacgen/ansible-syntax-check');
    expect(syntax?.range.start).toEqual({ line: 0, character: 2 });
    expect(syntax?.severity).toBe(1);
    expect(syntax?.message).toContain("'host' is not a valid attribute for a Play");
    expect(readFileSync(path.join(session.root, PLAYBOOK), 'utf8')).toBe(GOOD);
    expect(gitFiles(session.root)).toEqual(before);
    const fixed = session.nextDiagnostics();
    await save(session, GOOD, 2);
    expect((await fixed).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(await session.stop()).toBe(0);
  }, 120_000);

  it.skipIf(!haveTools('ansible-lint'))("names the repository's paths, never the copy's, in an unsaved buffer's messages", async () => {
    const session = await start({ [PLAYBOOK]: GOOD }, tempDir(), {}, []);
    const first = session.nextDiagnostics();
    // ansible-lint names an included file it cannot find by its absolute path.
    await open(session, `${GOOD}    - name: Include\n      ansible.builtin.include_tasks: missing.yml\n`);
    const messages = (await first).diagnostics.map((d) => d.message);
    // Where ansible-lint looks for it (from the project's top), in the working tree.
    expect(messages.join('\n')).toContain(`\`${path.join(session.root, 'missing.yml')}\` cannot be found`);
    expect(messages.join('\n')).not.toContain('iacgen-lsp-');
    expect(await session.stop()).toBe(0);
  }, 120_000);

  it('ends with 1 on exit without shutdown, and when the client closes the stream', async () => {
    const session = await start({ [PLAYBOOK]: GOOD }, tempDir());
    const exited = new Promise((resolve) => session.child.on('exit', resolve));
    await session.connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(1);
    const other = await start({ [PLAYBOOK]: GOOD }, tempDir());
    const closed = new Promise((resolve) => other.child.on('exit', resolve));
    other.child.stdin?.end();
    expect(await closed).toBe(1);
  });

  it('says what broke in the log and keeps serving when the repository cannot be validated (a broken iacgen.yaml)', async () => {
    const session = await start({ [PLAYBOOK]: GOOD }, tempDir());
    writeFileSync(path.join(session.root, 'iacgen.yaml'), 'rules: [\n');
    await open(session, GOOD);
    await expect.poll(() => session.logs.map((l) => l.message).join('\n'), { timeout: 15_000 }).toMatch(/iacgen: cannot validate .*site\.yml: .*iacgen\.yaml/);
    expect(session.logs.find((l) => /cannot validate/.test(l.message))?.type).toBe(1);
    // Still answering, and the next save with a repaired configuration is validated.
    writeFileSync(path.join(session.root, 'iacgen.yaml'), CONFIG);
    const next = session.nextDiagnostics();
    await save(session, BROKEN, 2);
    expect((await next).diagnostics.map((d) => d.code)).toEqual(['syntax']);
    expect(await session.stop()).toBe(0);
  });
});
