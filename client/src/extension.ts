/**
 * The Strategic Frameworks extension. It starts the language server and shows what
 * the server tells it: the Goals and Traceability views, the status bar, commands.
 * It never reads YAML itself.
 */
import * as path from 'node:path';
import { commands, window, workspace } from 'vscode';
import type { ExtensionContext, TextEditor, TreeView } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { IndexChangedNotification, WorkspaceCountsRequest } from '../../server/src/protocol';
import type { WorkspaceCounts } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { GoalsTreeProvider } from './goalsTree';
import type { GoalsNode } from './goalsTree';
import { FrameworkStatusBar } from './statusBar';
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
  /** The counts the server last reported. */
  counts(): WorkspaceCounts | undefined;
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
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: languageId }],
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
  let counts: WorkspaceCounts | undefined;

  const showCounts = async (next: WorkspaceCounts): Promise<void> => {
    counts = next;
    statusBar.update(next);
    await commands.executeCommand('setContext', 'strategicFrameworks.empty', next.files === 0);
  };
  const refresh = async (): Promise<void> => {
    goals.refresh();
    await traceability.refresh();
    await showCounts(await client.sendRequest(WorkspaceCountsRequest, {}));
  };

  context.subscriptions.push(
    client,
    goalsView,
    traceabilityView,
    statusBar,
    ...registerCommands({ client, goals, goalsView, refresh }),
    window.onDidChangeActiveTextEditor((editor) => statusBar.follow(editor)),
    goalsView.onDidChangeSelection((event) => {
      const [node] = event.selection;
      if (node?.type === 'item') void traceability.show({ qualifiedId: node.item.qualifiedId });
    }),
    followCursor(goals, goalsView, traceability),
  );

  await client.start();
  // The server comes back by itself if its process dies; views refresh from its
  // notifications, so nothing here needs to know.
  context.subscriptions.push(
    client.onNotification(IndexChangedNotification, (params) => {
      goals.refresh();
      void traceability.refresh();
      void showCounts(params.counts);
    }),
  );
  await showCounts(await client.sendRequest(WorkspaceCountsRequest, {}));
  return { client, goals, goalsView, traceability, statusBar, counts: () => counts };
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
