/**
 * The Strategic Frameworks extension. It starts the language server and shows what
 * the server tells it: the Goals and Traceability views, the status bar, commands.
 * It never reads YAML itself.
 */
import * as path from 'node:path';
import { commands, window, workspace } from 'vscode';
import type { ExtensionContext, TextEditor, TreeView } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import type {
  ErrorHandler,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { IndexChangedNotification, WorkspaceCountsRequest } from '../../server/src/protocol';
import type { WorkspaceCounts } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { GoalsTreeProvider } from './goalsTree';
import type { GoalsNode } from './goalsTree';
import { CrashRestartPolicy } from './restartPolicy';
import { FrameworkStatusBar } from './statusBar';
import { StrategyMapPanel } from './strategyMapPanel';
import { TraceabilityTreeProvider } from './traceabilityTree';
import type { TraceabilityNode } from './traceabilityTree';

const settingsSection = 'strategicFrameworks';
const languageId = 'framework-yaml';

/** What `activate` returns: the parts tests and other extensions may look at. */
export interface StrategicFrameworksApi {
  readonly client: LanguageClient;
  readonly goals: GoalsTreeProvider;
  readonly goalsView: TreeView<GoalsNode>;
  readonly traceability: TraceabilityTreeProvider;
  readonly statusBar: FrameworkStatusBar;
  /** The Strategy Map webview (Open Strategy Map); `shown()` says what it drew last. */
  readonly strategyMap: StrategyMapPanel;
  /** The counts the server last reported. */
  counts(): WorkspaceCounts | undefined;
  /**
   * For tests and diagnostics: the process ID of the language server running now, or
   * undefined while none runs (the in-editor suite kills it to check the restart).
   */
  serverProcessId(): number | undefined;
  /**
   * For tests and diagnostics: how many times a server started after the first (after
   * a crash or a restart command) and the views and status bar were refreshed from it.
   */
  serverRestarts(): number;
}

export async function activate(context: ExtensionContext): Promise<StrategicFrameworksApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // A larger young generation: parsing a large file makes many short-lived objects,
  // and with Node's default the collector runs several times per keystroke.
  const execArgv = ['--max-semi-space-size=64'];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] },
    },
  };
  const restartPolicy = new CrashRestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: languageId }],
    errorHandler: errorHandlerOf(restartPolicy),
    synchronize: { configurationSection: settingsSection },
    initializationOptions: {
      [settingsSection]: workspace.getConfiguration(settingsSection),
      // The server keeps diagnostics here between sessions, to show them at once.
      cacheDirectory: context.storageUri?.fsPath,
    },
  };
  const client = new LanguageClient(
    'strategicFrameworks',
    'Strategic Frameworks',
    serverOptions,
    clientOptions,
  );

  const goals = new GoalsTreeProvider(client);
  const goalsView = window.createTreeView('strategicFrameworks.goals', {
    treeDataProvider: goals,
    showCollapseAll: true,
  });
  const traceability = new TraceabilityTreeProvider(client);
  const traceabilityView = window.createTreeView<TraceabilityNode>(
    'strategicFrameworks.traceability',
    { treeDataProvider: traceability },
  );
  const statusBar = new FrameworkStatusBar(languageId);
  const strategyMap = new StrategyMapPanel(client, context.extensionUri);
  let counts: WorkspaceCounts | undefined;
  /** Starts of the server after the first whose refresh of the views has finished. */
  let restarts = 0;

  const showCounts = async (next: WorkspaceCounts): Promise<void> => {
    counts = next;
    statusBar.update(next);
    await commands.executeCommand('setContext', 'strategicFrameworks.empty', next.files === 0);
  };
  const refresh = async (): Promise<void> => {
    goals.refresh();
    strategyMap.indexChanged();
    await traceability.refresh();
    await showCounts(await client.sendRequest(WorkspaceCountsRequest, {}));
  };

  context.subscriptions.push(
    client,
    goalsView,
    traceabilityView,
    statusBar,
    strategyMap,
    ...registerCommands({
      client,
      goals,
      goalsView,
      strategyMap,
      refresh,
      // A restart the user asks for gives the server its full allowance of crashes again.
      restartServer: async () => {
        restartPolicy.reset();
        await client.restart();
      },
    }),
    window.onDidChangeActiveTextEditor((editor) => statusBar.follow(editor)),
    goalsView.onDidChangeSelection((event) => {
      const [node] = event.selection;
      if (node?.type === 'item') void traceability.show({ qualifiedId: node.item.qualifiedId });
    }),
    followCursor(goals, goalsView, traceability),
  );

  // Subscribed before the first start: the client keeps its notification handlers and
  // subscribes them again on every connection to a new server process, after a crash
  // (see `errorHandlerOf`) or a restart command alike.
  context.subscriptions.push(
    client.onNotification(IndexChangedNotification, (params) => {
      goals.refresh();
      void traceability.refresh().catch(logFailure(client, 'Refreshing Traceability'));
      strategyMap.indexChanged();
      void showCounts(params.counts);
    }),
  );
  // A new server knows nothing the views showed: ask it for everything again. Its own
  // diagnostics come back as it publishes them (the client resends the open documents).
  let started = false;
  context.subscriptions.push(
    client.onDidChangeState(({ newState }) => {
      if (newState !== State.Running) return;
      if (started) {
        refresh().then(
          () => (restarts += 1),
          logFailure(client, 'Refreshing the views after a restart'),
        );
      }
      started = true;
    }),
  );
  await client.start();
  await showCounts(await client.sendRequest(WorkspaceCountsRequest, {}));
  return {
    client,
    goals,
    goalsView,
    traceability,
    statusBar,
    strategyMap,
    counts: () => counts,
    serverProcessId: () => client.serverProcess?.pid,
    serverRestarts: () => restarts,
  };
}

/**
 * vscode-languageclient's answer to a server that dies or stops answering, made
 * explicit: restart it, up to `CrashRestartPolicy`'s bound, then stop and tell the user
 * why and what to do. A message on restart goes to the output channel only.
 */
function errorHandlerOf(policy: CrashRestartPolicy): ErrorHandler {
  return {
    error(_error, _message, count) {
      const decision = policy.connectionFailed(count);
      return decision.giveUp
        ? { action: ErrorAction.Shutdown, message: decision.message }
        : { action: ErrorAction.Continue, message: decision.message, handled: true };
    },
    closed() {
      const decision = policy.crashed(Date.now());
      return decision.giveUp
        ? { action: CloseAction.DoNotRestart, message: decision.message }
        : { action: CloseAction.Restart, message: decision.message, handled: true };
    },
  };
}

/** Logs, in the output channel only, a failure the user need not be interrupted for. */
function logFailure(client: LanguageClient, what: string): (error: unknown) => void {
  return (error) => client.warn(`${what} failed.`, error, false);
}

/**
 * Shows the item under the cursor in Traceability and, when the setting asks for it,
 * reveals it in Goals. Cursor moves are coalesced so that typing stays cheap.
 */
function followCursor(
  goals: GoalsTreeProvider,
  goalsView: TreeView<GoalsNode>,
  traceability: TraceabilityTreeProvider,
): { dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  const follow = (editor: TextEditor): void => {
    void (async () => {
      const position = editor.selection.active;
      await traceability.show({
        uri: editor.document.uri.toString(),
        position: { line: position.line, character: position.character },
      });
      const reveal = workspace
        .getConfiguration(settingsSection)
        .get<boolean>('goals.followCursor', true);
      const current = traceability.current;
      if (!reveal || !current || !goalsView.visible) return;
      const node = await goals.findItem(current.item.qualifiedId);
      if (node) await goalsView.reveal(node, { select: false, focus: false, expand: false });
    })();
  };
  const subscription = window.onDidChangeTextEditorSelection((event) => {
    if (event.textEditor.document.languageId !== languageId) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => follow(event.textEditor), 150);
  });
  return {
    dispose() {
      if (timer) clearTimeout(timer);
      subscription.dispose();
    },
  };
}

export function deactivate(): void {
  // The client and views are disposed with the context's subscriptions.
}
