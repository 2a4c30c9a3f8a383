/**
 * The Traceability view: for the item under the cursor or selected in Goals, what it
 * supports, what supports it, what it supersedes and what supersedes it, across
 * frameworks and periods. The server computes it (`framework/traceability`).
 */
import {
  EventEmitter,
  MarkdownString,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
} from 'vscode';
import type { Event, TreeDataProvider } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TraceabilityRequest } from '../../server/src/protocol';
import type { LinkedItem, TraceabilityParams, TraceabilityResult } from '../../server/src/protocol';
import { escape, openCommand } from './goalsTree';

export type TraceabilityNode =
  | { readonly type: 'item'; readonly result: TraceabilityResult }
  | { readonly type: 'section'; readonly label: string; readonly links: readonly Link[] }
  | { readonly type: 'link'; readonly link: Link }
  | { readonly type: 'empty'; readonly message: string };

interface Link {
  readonly item: LinkedItem;
  /** For lineage: how many periods away. */
  readonly distance?: number;
}

export class TraceabilityTreeProvider implements TreeDataProvider<TraceabilityNode> {
  private readonly changed = new EventEmitter<TraceabilityNode | undefined>();
  readonly onDidChangeTreeData: Event<TraceabilityNode | undefined> = this.changed.event;
  private params: TraceabilityParams | undefined;
  private result: TraceabilityResult | null = null;
  private request = 0;

  constructor(private readonly client: LanguageClient) {}

  /** The item the view shows now, if any. */
  get current(): TraceabilityResult | null {
    return this.result;
  }

  /** Shows an item: the one at a position, or one named by qualified ID. */
  async show(params: TraceabilityParams): Promise<void> {
    this.params = params;
    await this.refresh();
  }

  /** Asks the server again for the same item, as files change. */
  async refresh(): Promise<void> {
    if (!this.params) return;
    // A later request supersedes an earlier one still in flight.
    const request = ++this.request;
    const result = await this.client.sendRequest(TraceabilityRequest, this.params);
    if (request !== this.request) return;
    // Keep showing the last item when the cursor moves to a line outside any item.
    if (result || 'qualifiedId' in this.params) this.result = result;
    this.changed.fire(undefined);
  }

  getChildren(node?: TraceabilityNode): TraceabilityNode[] {
    if (!node) {
      if (!this.result) {
        return [{ type: 'empty', message: 'Place the cursor on a goal or objective.' }];
      }
      const result = this.result;
      return [
        { type: 'item', result },
        section(
          'Supports',
          result.supports.map((item) => ({ item })),
        ),
        section(
          'Supported by',
          result.supportedBy.map((item) => ({ item })),
        ),
        section('Supersedes', result.supersedes),
        section('Superseded by', result.supersededBy),
      ];
    }
    if (node.type === 'section') return node.links.map((link) => ({ type: 'link', link }));
    return [];
  }

  getTreeItem(node: TraceabilityNode): TreeItem {
    switch (node.type) {
      case 'empty':
        return new TreeItem(node.message, TreeItemCollapsibleState.None);
      case 'item': {
        const item = node.result.item;
        const treeItem = new TreeItem(
          item.title ? `${item.id} ${item.title}` : item.id,
          TreeItemCollapsibleState.None,
        );
        treeItem.description = item.qualifiedId;
        treeItem.iconPath = new ThemeIcon('target');
        treeItem.command = openCommand(item.uri, item.selectionRange);
        if (item.description) treeItem.tooltip = new MarkdownString(escape(item.description));
        return treeItem;
      }
      case 'section': {
        const treeItem = new TreeItem(
          node.label,
          node.links.length > 0 ? TreeItemCollapsibleState.Expanded : TreeItemCollapsibleState.None,
        );
        treeItem.description = node.links.length === 0 ? 'none' : String(node.links.length);
        treeItem.contextValue = 'section';
        return treeItem;
      }
      case 'link':
        return linkItem(node.link);
    }
  }
}

function section(label: string, links: readonly Link[]): TraceabilityNode {
  return { type: 'section', label, links };
}

function linkItem(link: Link): TreeItem {
  const linked = link.item;
  const label = linked.title ? `${linked.qualifiedId} ${linked.title}` : linked.qualifiedId;
  const treeItem = new TreeItem(label, TreeItemCollapsibleState.None);
  const away =
    link.distance !== undefined && link.distance > 1 ? `${link.distance} links away` : undefined;
  treeItem.description = linked.location ? away : 'does not resolve';
  treeItem.iconPath = new ThemeIcon(linked.location ? 'link' : 'warning');
  const target = linked.location ?? linked.via;
  treeItem.command = openCommand(target.uri, target.range);
  treeItem.tooltip = linked.location
    ? `${linked.kind ?? 'item'} ${linked.qualifiedId}`
    : `${linked.qualifiedId} does not resolve; click to see where it is written.`;
  return treeItem;
}
