/**
 * `framework-language-server`: the Language Server Protocol adapter over the
 * language service. Handlers are thin: each finds the document and delegates to the
 * service, which holds every piece of language knowledge. This file knows LSP; the
 * service does not.
 *
 * Started by the extension over IPC, or by any editor with `--stdio`.
 */
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver/node';
import type {
  Disposable,
  CancellationToken,
  Connection,
  Diagnostic,
  InitializeParams,
  InitializeResult,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import manifest from '../../package.json';
import {
  FrameworkTreeRequest,
  IndexChangedNotification,
  NewItemRequest,
  TraceabilityRequest,
  WorkspaceCountsRequest,
} from './protocol';
import {
  createLanguageService,
  defaultSettings,
  readSettings,
  settingsSection,
  usableGlobs,
} from './service';
import { isSimpleGlob } from './service/util/glob';
import type { FrameworkLanguageService, FrameworkSettings, Logger } from './service';
import { withSharedEditRange } from './completionList';
// lineage: imports
import { LineageRequest } from './protocol';
// end of lineage: imports
// strategy map: imports
import { StrategyMapRequest } from './protocol';
import type { StrategyMapResult } from './protocol';
import { layoutStrategyMap } from './map/layout';
import { renderMapSvg } from './map/svg';
// end of strategy map: imports
import { DiagnosticsCache } from './diagnosticsCache';
import { createHandlerGuard, describeError, logUnhandledRejection } from './faults';
import { LspWorkspace } from './lspWorkspace';
import type { FileSelection } from './lspWorkspace';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const logger: Logger = {
    log(level, message) {
      if (level === 'error') connection.console.error(message);
      else if (level === 'warn') connection.console.warn(message);
      else if (level === 'info') connection.console.info(message);
      else connection.console.log(message);
    },
  };
  // Every handler below goes through `guard`: a fault answers its request with an error,
  // or is logged, and the server keeps serving.
  const guard = createHandlerGuard(logger);
  let workspace: LspWorkspace | undefined;
  let service: FrameworkLanguageService | undefined;
  let supportsConfiguration = false;
  let supportsWatching = false;
  /** Whether the client reads a completion list's shared edit range (LSP 3.17). */
  let supportsEditRangeDefault = false;
  let validationDelay = defaultSettings.validationDelay;
  let folders: string[] = [];
  let settings = defaultSettings;
  /** Where diagnostics are kept between sessions, when the client gives a place. */
  let cache: DiagnosticsCache | undefined;
  /** Diagnostics published from the cache at start, by URI, as JSON. */
  const publishedFromCache = new Map<string, string>();
  /** Resolves once the first scan of the disk is indexed; requests wait for it. */
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  connection.onInitialize(
    guard.request('initialize', (params: InitializeParams): InitializeResult => {
      folders = workspaceFolders(params);
      supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
      supportsWatching = Boolean(
        params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      );
      supportsEditRangeDefault = Boolean(
        params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes(
          'editRange',
        ),
      );
      // The client passes its settings along at start, so the first scan uses them.
      const options: unknown = params.initializationOptions;
      const initial = readSettings(
        typeof options === 'object' && options !== null
          ? (options as Record<string, unknown>)[settingsSection]
          : undefined,
      );
      validationDelay = initial.settings.validationDelay;
      settings = initial.settings;
      const cacheDirectory =
        typeof options === 'object' && options !== null
          ? (options as Record<string, unknown>).cacheDirectory
          : undefined;
      if (typeof cacheDirectory === 'string' && cacheDirectory !== '') {
        cache = new DiagnosticsCache(cacheDirectory, manifest.version);
      }
      workspace = new LspWorkspace(folders, selectionOf(initial.settings, []), logger);
      service = createLanguageService({ workspace, logger, settings: initial.settings });
      service.onDidUpdate(guard.event('an index update', (uris) => schedulePublish(uris, 0)));
      return {
        capabilities: {
          textDocumentSync: {
            openClose: true,
            change: TextDocumentSyncKind.Incremental,
            save: { includeText: false },
          },
          completionProvider: {
            triggerCharacters: [':', '"', "'", ' ', '.', '-', '['],
            resolveProvider: true,
          },
          hoverProvider: true,
          definitionProvider: true,
          declarationProvider: true,
          referencesProvider: true,
          documentHighlightProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: { label: 'Strategic framework' },
          workspaceSymbolProvider: true,
          codeActionProvider: { codeActionKinds: ['quickfix'] },
          codeLensProvider: { resolveProvider: false },
          inlayHintProvider: true,
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'framework-language-server', version: manifest.version },
      };
    }),
  );

  connection.onInitialized(
    guard.event('initialized', async () => {
      try {
        await applyConfiguration();
        await publishFromCache();
        if (supportsWatching) await registerWatchers();
        if (supportsConfiguration) {
          connection.workspace.onDidChangeWorkspaceFolders(
            guard.event('workspace/didChangeWorkspaceFolders', async (event) => {
              const removed = new Set(event.removed.map((folder) => URI.parse(folder.uri).fsPath));
              folders = folders
                .filter((folder) => !removed.has(folder))
                .concat(event.added.map((folder) => URI.parse(folder.uri).fsPath));
              await reconfigure();
            }),
          );
        }
      } catch (error) {
        logger.log('error', `Starting failed: ${describeError(error)}`);
      } finally {
        // Requests wait for the first scan: they must not wait forever when it failed.
        markReady();
        publishNow();
      }
    }),
  );

  async function applyConfiguration(): Promise<void> {
    if (!workspace || !service) return;
    let section: unknown;
    let filesExclude: unknown;
    if (supportsConfiguration) {
      [section, filesExclude] = (await connection.workspace.getConfiguration([
        { section: settingsSection },
        { section: 'files.exclude' },
      ])) as unknown[];
    }
    const reading = readSettings(section ?? {});
    // The editor's own `files.exclude` is held to the same glob limits as ours.
    const problems = [...reading.problems];
    const excludes = usableGlobs('files.exclude', editorExcludes(filesExclude), problems);
    for (const problem of problems) {
      logger.log('warn', `Setting ${problem.setting}: ${problem.message}`);
    }
    validationDelay = reading.settings.validationDelay;
    settings = reading.settings;
    service.updateSettings(reading.settings);
    await workspace.reconfigure(folders, selectionOf(reading.settings, excludes));
  }

  async function reconfigure(): Promise<void> {
    await applyConfiguration();
    // New include globs need watchers of their own (or none, when not simple).
    if (supportsWatching && watchedIncludes !== JSON.stringify(workspace?.fileSelection?.include)) {
      await registerWatchers();
    }
    publishNow();
  }

  /** The include globs the registered watchers were made for, and the registration. */
  let watchedIncludes: string | undefined;
  let watcherRegistration: Disposable | undefined;

  async function registerWatchers(): Promise<void> {
    const selection = workspace?.fileSelection;
    if (!selection) return;
    watchedIncludes = JSON.stringify(selection.include);
    watcherRegistration?.dispose();
    // The editor matches watcher globs with a matcher that backtracks, and the include
    // globs may come from a stranger's workspace settings: a glob that is not simple
    // is not handed over; changes of anything are watched instead and filtered here.
    const simple = selection.include.every(isSimpleGlob);
    watcherRegistration = await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        ...(simple ? selection.include.map((globPattern) => ({ globPattern })) : []),
        // A folder deleted, or moved, copied or extracted in, is reported once, for the
        // folder, which no framework-file glob matches: watch creations and deletions of
        // anything. Changes are left out while the include globs can be watched, as they
        // would report every file saved.
        {
          globPattern: '**/*',
          kind: WatchKind.Create | WatchKind.Delete | (simple ? 0 : WatchKind.Change),
        },
      ],
    });
  }

  connection.onDidChangeConfiguration(
    guard.event('workspace/didChangeConfiguration', () => reconfigure()),
  );

  connection.onDidChangeWatchedFiles(
    guard.event('workspace/didChangeWatchedFiles', async (params) => {
      if (!workspace) return;
      const current = workspace;
      // All of them are queued at once, before a later notification's can be: the
      // workspace applies disk events in the order they are queued.
      const applied = params.changes.map((change) =>
        change.type === FileChangeType.Deleted
          ? current.diskDeleted(change.uri)
          : current.diskChanged(change.uri),
      );
      await Promise.all(applied);
      publishNow();
    }),
  );

  // Documents: the editor's text replaces the disk's while a document is open.
  documents.onDidOpen(
    guard.event('textDocument/didOpen', ({ document }) => {
      workspace?.opened(document);
      schedulePublish([], validationDelay);
    }),
  );
  documents.onDidChangeContent(
    guard.event('textDocument/didChange', ({ document }) => {
      workspace?.edited(document);
      schedulePublish([], validationDelay);
    }),
  );
  documents.onDidSave(guard.event('textDocument/didSave', () => publishNow()));
  documents.onDidClose(
    guard.event('textDocument/didClose', async ({ document }) => {
      await workspace?.closed(document.uri);
      publishNow();
    }),
  );

  // Publishing diagnostics: debounced while typing, at once on save and disk changes.
  const toPublish = new Set<string>();
  let publishTimer: NodeJS.Timeout | undefined;

  function schedulePublish(uris: readonly string[], delay: number): void {
    for (const uri of uris) toPublish.add(uri);
    if (delay === 0 && publishTimer) return; // A pending debounce will publish these too.
    if (publishTimer) clearTimeout(publishTimer);
    publishTimer = setTimeout(publishOnTimer, delay);
  }

  const publishOnTimer = guard.event('publishing diagnostics', () => publishNow());

  function publishNow(): void {
    if (publishTimer) clearTimeout(publishTimer);
    publishTimer = undefined;
    if (!service || !workspace) return;
    // Until the first scan is indexed, publishing would report references to files
    // not yet read as broken.
    ready
      .then(() => {
        if (!service || !workspace) return;
        service.synchronize();
        const uris = [...toPublish];
        toPublish.clear();
        if (uris.length === 0) return;
        for (const uri of uris) {
          const exists = workspace.getDocument(uri) !== undefined;
          const diagnostics = exists ? service.getDiagnostics(uri) : [];
          // What the cache showed at start needs no second sending when it still holds.
          const cached = publishedFromCache.get(uri);
          publishedFromCache.delete(uri);
          if (cached !== undefined && cached === JSON.stringify(diagnostics)) continue;
          void connection.sendDiagnostics({
            uri,
            version: workspace.editorVersion(uri) ?? undefined,
            diagnostics,
          });
        }
        void connection.sendNotification(IndexChangedNotification, {
          uris,
          counts: service.getCounts(),
        });
        scheduleCacheWrite();
      })
      .catch((error: unknown) => logger.log('error', `Publishing failed: ${describeError(error)}`));
  }

  /**
   * Runs a request against the service once the first scan is indexed, or answers
   * `empty` when the request was cancelled (the document changed since it was sent).
   */
  async function answer<T>(
    token: CancellationToken,
    empty: T,
    compute: (service: FrameworkLanguageService) => T,
  ): Promise<T> {
    await ready;
    if (token.isCancellationRequested || !service) return empty;
    return compute(service);
  }

  /** Versions in edits: the editor's for open documents, none for files on disk. */
  function withEditorVersions(edit: WorkspaceEdit): WorkspaceEdit {
    if (!edit.documentChanges || !workspace) return edit;
    const current = workspace;
    return {
      ...edit,
      documentChanges: edit.documentChanges.map((change) =>
        'textDocument' in change
          ? {
              ...change,
              textDocument: {
                uri: change.textDocument.uri,
                version: current.editorVersion(change.textDocument.uri),
              },
            }
          : change,
      ),
    };
  }

  connection.onCompletion(
    guard.request('textDocument/completion', (params, token) =>
      answer(token, null, (s) =>
        withSharedEditRange(
          s.getCompletions(params.textDocument.uri, params.position),
          supportsEditRangeDefault,
        ),
      ),
    ),
  );
  connection.onCompletionResolve(
    guard.request('completionItem/resolve', (item, token) =>
      answer(token, item, (s) => s.resolveCompletion(item)),
    ),
  );
  connection.onHover(
    guard.request('textDocument/hover', (params, token) =>
      answer(token, null, (s) => s.getHover(params.textDocument.uri, params.position) ?? null),
    ),
  );
  connection.onDefinition(
    guard.request('textDocument/definition', (params, token) =>
      answer(token, [], (s) => s.getDefinition(params.textDocument.uri, params.position)),
    ),
  );
  connection.onDeclaration(
    guard.request('textDocument/declaration', (params, token) =>
      answer(token, [], (s) => s.getDefinition(params.textDocument.uri, params.position)),
    ),
  );
  connection.onReferences(
    guard.request('textDocument/references', (params, token) =>
      answer(token, [], (s) =>
        s.getReferences(
          params.textDocument.uri,
          params.position,
          params.context.includeDeclaration,
        ),
      ),
    ),
  );
  connection.onDocumentHighlight(
    guard.request('textDocument/documentHighlight', (params, token) =>
      answer(token, [], (s) => s.getDocumentHighlights(params.textDocument.uri, params.position)),
    ),
  );
  connection.onPrepareRename(
    guard.request('textDocument/prepareRename', async (params, token) => {
      const result = await answer(token, undefined, (s) =>
        s.prepareRename(params.textDocument.uri, params.position),
      );
      if (!result) return null;
      if ('error' in result) return refusal(result.error);
      return result;
    }),
  );
  connection.onRenameRequest(
    guard.request('textDocument/rename', async (params, token) => {
      const result = await answer(token, undefined, (s) =>
        s.getRenameEdits(params.textDocument.uri, params.position, params.newName),
      );
      if (!result) return null;
      if ('error' in result) return refusal(result.error);
      return withEditorVersions(result.edit);
    }),
  );
  connection.onDocumentSymbol(
    guard.request('textDocument/documentSymbol', (params, token) =>
      answer(token, [], (s) => s.getDocumentSymbols(params.textDocument.uri)),
    ),
  );
  connection.onWorkspaceSymbol(
    guard.request('workspace/symbol', (params, token) =>
      answer(token, [], (s) => s.getWorkspaceSymbols(params.query)),
    ),
  );
  connection.onCodeAction(
    guard.request('textDocument/codeAction', (params, token) =>
      answer(token, [], (s) =>
        s
          .getCodeActions(params.textDocument.uri, params.range, params.context.diagnostics)
          .map((action) =>
            action.edit ? { ...action, edit: withEditorVersions(action.edit) } : action,
          ),
      ),
    ),
  );
  connection.onCodeLens(
    guard.request('textDocument/codeLens', (params, token) =>
      answer(token, [], (s) => s.getCodeLenses(params.textDocument.uri)),
    ),
  );
  connection.languages.inlayHint.on(
    guard.request('textDocument/inlayHint', (params, token) =>
      answer(token, [], (s) => s.getInlayHints(params.textDocument.uri, params.range)),
    ),
  );

  connection.onRequest(
    FrameworkTreeRequest,
    guard.request(FrameworkTreeRequest.method, (_params, token) =>
      answer(token, { frameworks: [] }, (s) => ({ frameworks: s.getFrameworkTree() })),
    ),
  );
  connection.onRequest(
    TraceabilityRequest,
    guard.request(TraceabilityRequest.method, (params, token) =>
      answer(token, null, (s) => s.getTraceability(params) ?? null),
    ),
  );
  connection.onRequest(
    NewItemRequest,
    guard.request(NewItemRequest.method, (params, token) =>
      answer(token, null, (s) => {
        const result = s.getNewItem(params);
        if (!result) return null;
        return 'error' in result ? result : { ...result, edit: withEditorVersions(result.edit) };
      }),
    ),
  );
  // lineage: handlers
  connection.onRequest(
    LineageRequest,
    guard.request(LineageRequest.method, (_params, token) =>
      answer(token, { summaries: [] }, (s) => ({ summaries: s.getLineage() })),
    ),
  );
  // end of lineage: handlers
  // strategy map: handlers
  connection.onRequest(
    StrategyMapRequest,
    guard.request(StrategyMapRequest.method, (_params, token) =>
      answer(token, emptyStrategyMap, (s) => {
        // The server lays the map out and draws it, rather than the extension: dagre
        // is then not bundled into the extension, and a large layout blocks this
        // process, not the editor's extension host that every extension shares. Only
        // the part of the graph the map draws is sent: a large workspace's whole graph
        // would be megabytes the webview never shows.
        const map = s.getStrategyMap();
        const layout = layoutStrategyMap(map);
        const drawn = new Set(layout.nodes.map((placed) => placed.node.id));
        return {
          map: {
            frameworks: map.frameworks,
            nodes: map.nodes.filter((node) => drawn.has(node.id)),
            edges: map.edges.filter((edge) => drawn.has(edge.from) && drawn.has(edge.to)),
          },
          svg: renderMapSvg(layout),
          note: layout.note,
        };
      }),
    ),
  );
  // end of strategy map: handlers
  connection.onRequest(
    WorkspaceCountsRequest,
    guard.request(WorkspaceCountsRequest.method, (_params, token) =>
      answer(token, emptyCounts, (s) => s.getCounts()),
    ),
  );

  /**
   * When nothing changed since the last session, publishes the diagnostics it left,
   * at once; the index is then built as usual and corrects anything that differs.
   */
  async function publishFromCache(): Promise<void> {
    const disk = workspace?.diskFingerprint();
    if (!cache || disk === undefined) return;
    const cached = await cache.read(cache.fingerprint(disk, settings));
    if (!cached) return;
    for (const [uri, diagnostics] of Object.entries(cached)) {
      publishedFromCache.set(uri, JSON.stringify(diagnostics));
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    logger.log(
      'info',
      `Published the diagnostics of ${publishedFromCache.size} files from the cache.`,
    );
  }

  let cacheTimer: NodeJS.Timeout | undefined;
  /** Saves every file's diagnostics a moment after they settle, when the disk is the truth. */
  function scheduleCacheWrite(): void {
    if (!cache) return;
    if (cacheTimer) clearTimeout(cacheTimer);
    cacheTimer = setTimeout(writeCacheOnTimer, 1000);
  }
  const writeCacheOnTimer = guard.event('writing the diagnostics cache', async () => {
    cacheTimer = undefined;
    const disk = workspace?.diskFingerprint();
    if (!cache || !service || disk === undefined) return;
    const diagnostics: Record<string, Diagnostic[]> = {};
    for (const uri of service.getFileUris()) diagnostics[uri] = service.getDiagnostics(uri);
    try {
      await cache.write(cache.fingerprint(disk, settings), diagnostics);
    } catch (error) {
      // A cache that cannot be written only costs the next start its head start.
      logger.log('warn', `Cannot write the cache: ${describeError(error)}`);
    }
  });

  connection.onShutdown(
    guard.request('shutdown', () => {
      if (cacheTimer) clearTimeout(cacheTimer);
      if (publishTimer) clearTimeout(publishTimer);
      service?.dispose();
    }),
  );

  documents.listen(connection);
  connection.listen();
}

const emptyCounts = { files: 0, frameworks: 0, goals: 0, objectives: 0, errors: 0, warnings: 0 };

// strategy map: the answer to a cancelled request
const emptyStrategyMap: StrategyMapResult = {
  map: { frameworks: [], nodes: [], edges: [] },
  svg: '',
  note: undefined,
};
// end of strategy map: the answer to a cancelled request

/** A refusal the editor shows the user as it is, such as a rename that cannot be done. */
function refusal(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

function workspaceFolders(params: InitializeParams): string[] {
  if (params.workspaceFolders && params.workspaceFolders.length > 0) {
    return params.workspaceFolders.map((folder) => URI.parse(folder.uri).fsPath);
  }
  if (params.rootUri) return [URI.parse(params.rootUri).fsPath];
  return [];
}

function selectionOf(settings: FrameworkSettings, editorExclude: readonly string[]): FileSelection {
  return { include: settings.include, exclude: [...settings.exclude, ...editorExclude] };
}

/** The globs set to true in the editor's `files.exclude`. */
function editorExcludes(filesExclude: unknown): string[] {
  if (typeof filesExclude !== 'object' || filesExclude === null) return [];
  return Object.entries(filesExclude)
    .filter(([, enabled]) => enabled === true)
    .map(([glob]) => glob);
}

/** Starts the server on the transport given on the command line (`--stdio`, `--node-ipc`). */
export function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  process.on(
    'unhandledRejection',
    logUnhandledRejection((message) => connection.console.error(message)),
  );
  startServer(connection);
}

// Started directly (`node dist/server.js --stdio`, or by the extension over IPC).
if (require.main === module) main();
