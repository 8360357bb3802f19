/**
 * `iacgen lsp`: a language server over a pair of streams (stdio). It publishes iacgen's
 * diagnostics of a document when the editor opens or saves it (never on each keystroke: a run
 * costs the checkers' time), offers iacgen's safe fixes as quick fixes and iacgen's rules'
 * explanations as hovers and the `iacgen.explain` command.
 *
 * Built on vscode-languageserver's protocol-independent connection (`lib/common/server`) with a
 * watchdog of our own: the package's Node connection calls `process.exit` on `exit`, on the end
 * of stdin and when the client's process dies, and in iacgen one module owns the process's exit
 * (`process/shutdown.ts`). Here those end {@link serve}'s promise with the exit code LSP asks for
 * (0 after `shutdown`, else 1: "Exit Notification" of the LSP 3.17 specification), and `main`
 * returns it.
 */
import { fileURLToPath } from 'node:url';
import { MessageType, ShowMessageNotification, TextDocuments, type CodeAction, type Connection, type Diagnostic as LspDiagnostic, type InitializeParams, type WatchDog, type WorkspaceEdit } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/lib/common/server.js';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileType } from '../classify/tables.js';
import { IacgenError } from '../errors.js';
import { VERSION } from '../version.js';
import { documentEdit, EXPLAIN_COMMAND, explainAction, explainOf, FIX_ALL_KIND, fixableKeys, fixAction, hoverAt, ownRuleIds, type FixData } from './actions.js';
import { checkDocument, type CheckOptions, type DocumentCheck } from './check.js';
import { splitLines, toLspDiagnostics, type FindingKey } from './convert.js';
import { textEdits } from './edits.js';
import { RunQueue } from './queue.js';

/** How often the client's process is looked for, when `initialize` names it (ms). */
const CLIENT_WATCH_MS = 3000;

/** What the last run published for a document. */
interface Published {
  version: number;
  type: FileType;
  diagnostics: LspDiagnostic[];
}

/** What the client said it can do, as far as the server's answers depend on it. */
interface ClientAbilities {
  resolveEdit: boolean;
  versionedEdits: boolean;
  markdownHover: boolean;
}

/**
 * Serves LSP on `input`/`output` until the client sends `exit`, closes the stream, or its process
 * (named in `initialize`) is gone.
 * @returns the exit code: 0 when `shutdown` came first, else 1
 */
export function serve(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: Omit<CheckOptions, 'folders'>): Promise<number> {
  return new Promise<number>((resolve) => {
    const queue = new RunQueue();
    let shutdownReceived = false;
    let ended = false;
    let clientWatch: NodeJS.Timeout | undefined;
    let folders: string[] = [];
    let client: ClientAbilities = { resolveEdit: false, versionedEdits: false, markdownHover: false };
    const published = new Map<string, Published>();

    const end = (code: number) => {
      if (ended) return;
      ended = true;
      if (clientWatch) clearInterval(clientWatch);
      void queue.close().finally(() => {
        connection.dispose();
        resolve(code);
      });
    };
    const watchDog: WatchDog = {
      get shutdownReceived() {
        return shutdownReceived;
      },
      set shutdownReceived(value: boolean) {
        shutdownReceived = value;
      },
      initialize(params: InitializeParams) {
        const pid = params.processId;
        if (typeof pid !== 'number') return;
        clientWatch = setInterval(() => {
          if (!alive(pid)) end(1);
        }, CLIENT_WATCH_MS);
        clientWatch.unref();
      },
      exit: (code: number) => end(code),
    };
    let protocol: ReturnType<typeof createProtocolConnection> | undefined;
    const connection: Connection = createConnection((logger) => {
      protocol = createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output), logger);
      return protocol;
    }, watchDog);
    protocol?.onClose(() => end(shutdownReceived ? 0 : 1));
    const documents = new TextDocuments(TextDocument);

    const log = (err: unknown, what: string) => {
      const message = err instanceof IacgenError ? `${err.message}${err.hint ? ` (${err.hint})` : ''}` : err instanceof Error ? (options.env.IACGEN_DEBUG === '1' ? (err.stack ?? err.message) : err.message) : String(err);
      connection.console.error(`iacgen: ${what}: ${message}`);
    };

    /** Validates a document and publishes its diagnostics, unless a newer run of it is queued by then. */
    const validateLater = (uri: string) => {
      const absPath = filePath(uri);
      if (absPath === undefined || ended) return;
      const outcome = queue.run(uri, async () => {
        const document = documents.get(uri);
        if (!document) return;
        const ticket = queue.ticketOf(uri);
        const text = document.getText();
        const started = performance.now();
        const check = await checkDocument({ absPath, text }, { ...options, folders });
        for (const note of check.notes) connection.console.warn(`iacgen: ${note}`);
        connection.console.log(runLine(absPath, document.version, check, performance.now() - started));
        // A newer run of this document, or its closing, makes this result stale.
        if (!queue.isLatest(uri, ticket) || !documents.get(uri)) return;
        const diagnostics = toLspDiagnostics(check.file?.diagnostics ?? [], text);
        published.set(uri, { version: document.version, type: check.file?.type ?? 'unknown', diagnostics });
        await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      });
      outcome.catch((err: unknown) => log(err, `cannot validate ${absPath}`));
    };

    /** The edit of the safe fix of `keys` (or all), computed for the document's `version`, or undefined. */
    const fixEdit = async (uri: string, version: number, keys: readonly FindingKey[] | 'all'): Promise<WorkspaceEdit | undefined> => {
      const absPath = filePath(uri);
      if (absPath === undefined) return undefined;
      const outcome = await queue.run(`${uri}#fix`, async () => {
        const document = documents.get(uri);
        if (!document || document.version !== version) return undefined;
        const text = document.getText();
        const check = await checkDocument({ absPath, text }, { ...options, folders }, keys);
        const fix = check.fix;
        // The fix must start from the text the editor has (the disk may have changed meanwhile).
        if (!fix || fix.fixed === fix.original || fix.original !== text) return undefined;
        return documentEdit(uri, version, textEdits(text, fix.fixed), client.versionedEdits);
      });
      return outcome.ran ? outcome.value : undefined;
    };

    connection.onInitialize((params) => {
      folders = workspaceFolders(params);
      const textDocument = params.capabilities.textDocument;
      client = {
        resolveEdit: textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
        versionedEdits: params.capabilities.workspace?.workspaceEdit?.documentChanges === true,
        markdownHover: textDocument?.hover?.contentFormat?.includes('markdown') === true,
      };
      return {
        capabilities: {
          // Open, close and save; the buffer's changes are kept (incrementally) for the next run.
          textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: true },
          hoverProvider: true,
          executeCommandProvider: { commands: [EXPLAIN_COMMAND] },
        },
        serverInfo: { name: 'iacgen', version: VERSION },
      };
    });
    connection.onShutdown(async () => {
      shutdownReceived = true;
      // Nothing new starts; the run going finishes, so `exit` leaves no checker behind.
      await queue.close();
    });

    documents.onDidOpen(({ document }) => validateLater(document.uri));
    documents.onDidSave(({ document }) => validateLater(document.uri));
    documents.onDidClose(({ document }) => {
      queue.drop(document.uri);
      published.delete(document.uri);
      if (!ended) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });

    connection.onCodeAction(async (params, token) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const only = params.context.only;
      const wanted = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const lines = splitLines(document.getText());
      const actions: CodeAction[] = [];
      const shown = published.get(document.uri);
      const offer = async (fixable: ReturnType<typeof fixableKeys>, kind: string) => {
        if (fixable.length === 0) return;
        const keys = fixable.map((f) => f.key);
        const diagnostics = fixable.map((f) => f.lsp);
        // Fix all repairs what the buffer has when it is applied, wherever the published findings were.
        const asked = kind === FIX_ALL_KIND ? 'all' : keys;
        if (client.resolveEdit) {
          actions.push(fixAction(diagnostics, keys, { uri: document.uri, version: document.version, keys: asked } satisfies FixData, kind));
          return;
        }
        try {
          const edit = await fixEdit(document.uri, document.version, asked);
          if (edit && !token.isCancellationRequested) actions.push(fixAction(diagnostics, keys, edit, kind));
        } catch (err) {
          log(err, `cannot fix ${document.uri}`);
        }
      };
      if (wanted('quickfix')) await offer(fixableKeys(params.context.diagnostics, lines, shown?.type), 'quickfix');
      // Fix all: only when asked for by kind (on save, or the source actions menu), offered when
      // the document's published findings hold a fixable one, wherever the cursor is.
      if (shown && only && wanted(FIX_ALL_KIND)) {
        await offer(fixableKeys(shown.diagnostics, lines, shown.type), FIX_ALL_KIND);
      }
      // Commands have no kind: a client that filters by kind does not want them.
      if (!only) for (const id of ownRuleIds(params.context.diagnostics, lines)) actions.push(explainAction(id));
      return actions;
    });
    connection.onCodeActionResolve(async (action) => {
      const data = action.data as FixData | undefined;
      if (!data || typeof data.uri !== 'string' || !(Array.isArray(data.keys) || data.keys === 'all')) return action;
      try {
        const edit = await fixEdit(data.uri, data.version, data.keys);
        return edit ? { ...action, edit } : action;
      } catch (err) {
        log(err, `cannot fix ${data.uri}`);
        return action;
      }
    });
    connection.onHover((params) => {
      const shown = published.get(params.textDocument.uri);
      return shown ? (hoverAt(params.position, shown.diagnostics, client.markdownHover) ?? null) : null;
    });
    connection.onExecuteCommand((params) => {
      if (params.command !== EXPLAIN_COMMAND) return null;
      const id = String(params.arguments?.[0] ?? '');
      const text = explainOf(id);
      if (text === undefined) {
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `iacgen: unknown rule '${id}': iacgen rules lists the rule ids` });
        return null;
      }
      // A notification (window/showMessage), not a request: every client shows it, none must answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: text });
      return text;
    });

    documents.listen(connection);
    connection.listen();
  });
}

/** The log's line about one run: what was validated, how, how long, how many checks were cache hits. */
function runLine(absPath: string, version: number, check: DocumentCheck, ms: number): string {
  const checks = check.file?.checks ?? [];
  const cached = checks.filter((c) => c.cached).length;
  const how = check.overlay ? 'the unsaved buffer, from a copy' : 'the file';
  return `iacgen: validated ${how} ${absPath} (version ${version}) in ${Math.round(ms)} ms: ${check.file?.diagnostics.length ?? 0} findings, ${cached} of ${checks.length} checks from the cache`;
}

/** The absolute path of a `file:` URI, or undefined for another scheme (an untitled buffer). */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The client's workspace folders as paths: `workspaceFolders`, else `rootUri`, else `rootPath`. */
function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.flatMap((uri) => filePath(uri) ?? []);
  if (paths.length === 0 && typeof params.rootPath === 'string') paths.push(params.rootPath);
  return paths;
}

/** True while the process `pid` exists (`kill(pid, 0)`: EPERM means it does, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
