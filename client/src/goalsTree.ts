/**
 * The Goals view: every framework in the workspace with its categories, values,
 * goals, objectives, indicators and programmes. The data comes from the server
 * (`framework/tree`); this file only turns it into tree items.
 */
import {
  EventEmitter,
  MarkdownString,
  Range,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
} from 'vscode';
import type { Event, TreeDataProvider } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FrameworkTreeRequest } from '../../server/src/protocol';
import type { FrameworkNode, ItemKind, ItemNode, ProblemLevel } from '../../server/src/protocol';

/** A node of the Goals view: a framework or an item, with its parent for `reveal`. */
export type GoalsNode =
  | { readonly type: 'framework'; readonly framework: FrameworkNode }
  | { readonly type: 'item'; readonly item: ItemNode; readonly parent: GoalsNode };

const icons: Record<ItemKind, string> = {
  category: 'symbol-enum',
  value: 'heart',
  goal: 'target',
  objective: 'checklist',
  indicator: 'graph-line',
  programme: 'project',
};

export class GoalsTreeProvider implements TreeDataProvider<GoalsNode> {
  private readonly changed = new EventEmitter<GoalsNode | undefined>();
  readonly onDidChangeTreeData: Event<GoalsNode | undefined> = this.changed.event;
  private roots: GoalsNode[] | undefined;
  /** Every node by its ID in the view, to find the item under the cursor. */
  private readonly byId = new Map<string, GoalsNode>();
  private loading: Promise<GoalsNode[]> | undefined;

  constructor(private readonly client: LanguageClient) {}

  /** Forgets the cached tree and asks the view to fetch it again. */
  refresh(): void {
    this.roots = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: GoalsNode): Promise<GoalsNode[]> {
    if (!node) return this.load();
    const children = node.type === 'framework' ? node.framework.children : node.item.children;
    return children.map((child) => this.remember({ type: 'item', item: child, parent: node }));
  }

  getParent(node: GoalsNode): GoalsNode | undefined {
    return node.type === 'item' ? node.parent : undefined;
  }

  getTreeItem(node: GoalsNode): TreeItem {
    if (node.type === 'framework') return frameworkItem(node.framework);
    return itemTreeItem(node.item);
  }

  /** The frameworks as last fetched, fetching them when needed. */
  async frameworks(): Promise<readonly FrameworkNode[]> {
    const roots = await this.load();
    return roots.flatMap((root) => (root.type === 'framework' ? [root.framework] : []));
  }

  /** The node for an item, by qualified ID, with its ancestors loaded (for `reveal`). */
  async findItem(qualifiedId: string): Promise<GoalsNode | undefined> {
    const roots = await this.load();
    const colon = qualifiedId.indexOf(':');
    const frameworkId = qualifiedId.slice(0, colon);
    const root = roots.find((r) => r.type === 'framework' && r.framework.id === frameworkId);
    if (!root) return undefined;
    const search = (parent: GoalsNode, nodes: readonly ItemNode[]): GoalsNode | undefined => {
      for (const item of nodes) {
        const node = this.remember({ type: 'item', item, parent });
        if (item.qualifiedId === qualifiedId) return node;
        const found = search(node, item.children);
        if (found) return found;
      }
      return undefined;
    };
    return root.type === 'framework' ? search(root, root.framework.children) : undefined;
  }

  private load(): Promise<GoalsNode[]> {
    if (this.roots) return Promise.resolve(this.roots);
    this.loading ??= this.client.sendRequest(FrameworkTreeRequest, {}).then((result) => {
      this.byId.clear();
      this.roots = result.frameworks.map((framework) =>
        this.remember({ type: 'framework', framework }),
      );
      return this.roots;
    });
    return this.loading;
  }

  private remember(node: GoalsNode): GoalsNode {
    const id = nodeId(node);
    const known = this.byId.get(id);
    if (known) return known;
    this.byId.set(id, node);
    return node;
  }
}

/** Stable IDs keep what was expanded across refreshes. */
function nodeId(node: GoalsNode): string {
  return node.type === 'framework'
    ? `framework:${node.framework.id}:${node.framework.uri}`
    : `item:${node.item.qualifiedId}:${node.item.uri}`;
}

function frameworkItem(framework: FrameworkNode): TreeItem {
  const item = new TreeItem(
    framework.title ?? framework.id,
    framework.children.length > 0
      ? TreeItemCollapsibleState.Expanded
      : TreeItemCollapsibleState.None,
  );
  item.id = `framework:${framework.id}:${framework.uri}`;
  const period = framework.period ? `${framework.period.start}–${framework.period.end}` : undefined;
  item.description = [period, framework.id].filter(Boolean).join(' · ');
  item.iconPath = problemIcon('library', framework.problem);
  item.contextValue = 'framework';
  const tooltip = new MarkdownString(`**${escape(framework.title ?? framework.id)}**\n\n`);
  tooltip.appendMarkdown(`\`${framework.id}\`${period ? ` · ${period}` : ''}`);
  if (framework.supersedes) tooltip.appendMarkdown(`\n\nSupersedes \`${framework.supersedes}\``);
  item.tooltip = tooltip;
  item.command = openCommand(framework.uri, framework.selectionRange);
  return item;
}

function itemTreeItem(node: ItemNode): TreeItem {
  const item = new TreeItem(
    node.title ? `${node.id} ${node.title}` : node.id,
    node.children.length > 0 ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None,
  );
  item.id = `item:${node.qualifiedId}:${node.uri}`;
  item.iconPath = problemIcon(icons[node.kind], node.problem);
  item.contextValue = `item.${node.kind}`;
  if (node.problem) item.description = node.problem === 'error' ? 'has errors' : 'has warnings';
  const tooltip = new MarkdownString(`**${capitalise(node.kind)} ${escape(node.id)}**`);
  if (node.title) tooltip.appendMarkdown(` — ${escape(node.title)}`);
  if (node.description) tooltip.appendMarkdown(`\n\n${escape(node.description)}`);
  tooltip.appendMarkdown(`\n\n\`${node.qualifiedId}\``);
  item.tooltip = tooltip;
  item.command = openCommand(node.uri, node.selectionRange);
  return item;
}

/** The kind's icon, coloured as the Problems panel colours errors and warnings. */
function problemIcon(icon: string, problem: ProblemLevel): ThemeIcon {
  if (problem === 'error')
    return new ThemeIcon(icon, new ThemeColor('problemsErrorIcon.foreground'));
  if (problem === 'warning') {
    return new ThemeIcon(icon, new ThemeColor('problemsWarningIcon.foreground'));
  }
  return new ThemeIcon(icon);
}

export function openCommand(
  uri: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
): TreeItem['command'] {
  return {
    title: 'Open',
    command: 'vscode.open',
    arguments: [
      Uri.parse(uri),
      {
        selection: new Range(
          range.start.line,
          range.start.character,
          range.end.line,
          range.end.character,
        ),
      },
    ],
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Escapes text for Markdown tooltips, so a title is shown as written. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
