/**
 * The extension's commands. Each asks the server for what it needs (the tree, a new
 * item's place and ID) or drives the editor; none reads YAML.
 */
import { commands, env, Position, Range, Selection, Uri, window, workspace } from 'vscode';
import type {
  Disposable,
  QuickPickItem,
  TreeView,
  WorkspaceEdit as CodeWorkspaceEdit,
} from 'vscode';
import type * as lsp from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NewItemRequest } from '../../server/src/protocol';
import type { ItemNode } from '../../server/src/protocol';
import type { GoalsNode, GoalsTreeProvider } from './goalsTree';
import type { StrategyMapPanel } from './strategyMapPanel';

export interface CommandContext {
  readonly client: LanguageClient;
  readonly goals: GoalsTreeProvider;
  readonly goalsView: TreeView<GoalsNode>;
  readonly strategyMap: StrategyMapPanel;
  readonly refresh: () => Promise<void>;
  /** Stops the language server and starts a new one. */
  readonly restartServer: () => Promise<void>;
}

/** An ID as the format defines it; the template's framework ID must be one. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function registerCommands(context: CommandContext): Disposable[] {
  const { client, goals } = context;
  return [
    commands.registerCommand('strategicFrameworks.newFrameworkFile', () => newFrameworkFile()),
    commands.registerCommand('strategicFrameworks.goToItem', () => goToItem(goals)),
    commands.registerCommand('strategicFrameworks.refresh', () => context.refresh()),
    commands.registerCommand('strategicFrameworks.collapseAll', () =>
      commands.executeCommand('workbench.actions.treeView.strategicFrameworks.goals.collapseAll'),
    ),
    commands.registerCommand('strategicFrameworks.restartServer', () => context.restartServer()),
    commands.registerCommand('strategicFrameworks.showOutput', () => client.outputChannel.show()),
    commands.registerCommand('strategicFrameworks.openStrategyMap', () =>
      context.strategyMap.open(),
    ),

    // The Goals view's context menu.
    commands.registerCommand('strategicFrameworks.goToDefinition', (node: GoalsNode) =>
      open(target(node)),
    ),
    commands.registerCommand('strategicFrameworks.findReferences', (node: GoalsNode) =>
      findReferences(target(node)),
    ),
    commands.registerCommand('strategicFrameworks.copyId', (node: GoalsNode) =>
      env.clipboard.writeText(node.type === 'item' ? node.item.id : node.framework.id),
    ),
    commands.registerCommand('strategicFrameworks.copyQualifiedId', (node: GoalsNode) =>
      env.clipboard.writeText(node.type === 'item' ? node.item.qualifiedId : node.framework.id),
    ),
    commands.registerCommand('strategicFrameworks.rename', async (node: GoalsNode) => {
      await open(target(node));
      await commands.executeCommand('editor.action.rename');
    }),
    commands.registerCommand('strategicFrameworks.addObjective', (node: GoalsNode) =>
      addItem(client, node, 'objective'),
    ),
    commands.registerCommand('strategicFrameworks.addIndicator', (node: GoalsNode) =>
      addItem(client, node, 'indicator'),
    ),

    // The server's code lenses name these two; their arguments are LSP types.
    commands.registerCommand(
      'strategicFrameworks.showReferences',
      (uri: string, position: lsp.Position, locations: lsp.Location[]) =>
        commands.executeCommand(
          'editor.action.showReferences',
          Uri.parse(uri),
          new Position(position.line, position.character),
          locations.map((location) => client.protocol2CodeConverter.asLocation(location)),
        ),
    ),
    commands.registerCommand('strategicFrameworks.revealItem', (uri: string, range: lsp.Range) =>
      open({ uri, range }),
    ),
  ];
}

interface Place {
  readonly uri: string;
  readonly range: lsp.Range;
}

function target(node: GoalsNode): Place {
  return node.type === 'item'
    ? { uri: node.item.uri, range: node.item.selectionRange }
    : { uri: node.framework.uri, range: node.framework.selectionRange };
}

async function open(place: Place): Promise<void> {
  const editor = await window.showTextDocument(Uri.parse(place.uri));
  const range = new Range(
    place.range.start.line,
    place.range.start.character,
    place.range.end.line,
    place.range.end.character,
  );
  editor.selection = new Selection(range.start, range.end);
  editor.revealRange(range);
}

async function findReferences(place: Place): Promise<void> {
  const uri = Uri.parse(place.uri);
  const position = new Position(place.range.start.line, place.range.start.character);
  const locations = await commands.executeCommand('vscode.executeReferenceProvider', uri, position);
  await commands.executeCommand('editor.action.showReferences', uri, position, locations);
}

/** Adds an objective under a goal, or an indicator under an objective, ready to type. */
async function addItem(
  client: LanguageClient,
  node: GoalsNode,
  kind: 'objective' | 'indicator',
): Promise<void> {
  if (node.type !== 'item') return;
  const result = await client.sendRequest(NewItemRequest, {
    parent: node.item.qualifiedId,
    kind,
  });
  if (!result) {
    void window.showWarningMessage(
      `${node.item.qualifiedId} no longer exists; refresh the Goals view and try again.`,
    );
    return;
  }
  if ('error' in result) {
    void window.showWarningMessage(result.error);
    return;
  }
  const edit: CodeWorkspaceEdit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await workspace.applyEdit(edit))) {
    void window.showWarningMessage(
      `Could not add ${kind} ${result.id}: the file changed meanwhile. Try again.`,
    );
    return;
  }
  await open({ uri: result.uri, range: result.titleRange });
}

/** A quick pick over every item of every framework, by ID and title. */
async function goToItem(goals: GoalsTreeProvider): Promise<void> {
  const frameworks = await goals.frameworks();
  interface ItemPick extends QuickPickItem {
    readonly item: ItemNode;
  }
  const picks: ItemPick[] = [];
  const add = (items: readonly ItemNode[], frameworkTitle: string): void => {
    for (const item of items) {
      picks.push({
        label: `${item.id} ${item.title ?? ''}`.trim(),
        description: item.kind,
        detail: `${item.qualifiedId} · ${frameworkTitle}`,
        item,
      });
      add(item.children, frameworkTitle);
    }
  };
  for (const framework of frameworks) add(framework.children, framework.title ?? framework.id);
  const picked = await window.showQuickPick(picks, {
    placeHolder: 'Go to a goal, objective or any item, by ID or title',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await open({ uri: picked.item.uri, range: picked.item.selectionRange });
}

/** Creates a framework file from a template in the first workspace folder. */
async function newFrameworkFile(): Promise<void> {
  const id = await window.showInputBox({
    title: 'New Framework File',
    prompt: 'The framework ID, also the file name (letters, digits, ., _ and -)',
    value: `strategy-${new Date().getFullYear()}`,
    validateInput: (value) =>
      idPattern.test(value)
        ? undefined
        : 'Use letters, digits, ., _ and -, starting with a letter or digit.',
  });
  if (!id) return;
  const year = new Date().getFullYear();
  const text = frameworkTemplate(id, year);
  const folder = workspace.workspaceFolders?.[0];
  if (!folder) {
    const document = await workspace.openTextDocument({
      language: 'framework-yaml',
      content: text,
    });
    await window.showTextDocument(document);
    return;
  }
  const uri = Uri.joinPath(folder.uri, `${id}.framework.yaml`);
  const exists = await workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (exists) {
    void window.showWarningMessage(`${id}.framework.yaml already exists; opened it instead.`);
  } else {
    await workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  }
  await window.showTextDocument(uri);
}

function frameworkTemplate(id: string, year: number): string {
  return `# A strategic framework. The format: docs/format.md of the Strategic Frameworks extension.
framework: ${id}
title: Strategic Framework ${year}-${year + 3}
organization: My organisation
period: { start: ${year}, end: ${year + 3} }
vision: The world we want to see, in one sentence
mission: What we do to get there
goals:
  - id: "1"
    title: The first goal
    objectives:
      - id: "1.1"
        title: The first objective of goal 1
        indicators:
          - { id: "1.1.1", title: How progress is measured, target: 100, unit: "%" }
`;
}
