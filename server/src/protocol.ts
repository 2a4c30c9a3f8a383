/**
 * The custom messages between the extension and the language server: the one file
 * both sides import, so the two can never disagree about a message's shape. It
 * imports nothing but `vscode-languageserver-protocol`. `docs/protocol.md`
 * documents each message; a test fails when the two drift apart.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';

export type ItemKind = 'category' | 'value' | 'goal' | 'objective' | 'indicator' | 'programme';

/** The worst problem on an item (its own lines, not its children's). */
export type ProblemLevel = 'error' | 'warning' | undefined;

/** An item as the views show it. */
export interface ItemNode {
  readonly kind: ItemKind;
  readonly id: string;
  /** `FRAMEWORK:ID`, unique in the workspace. */
  readonly qualifiedId: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly uri: string;
  /** The whole item. */
  readonly range: Range;
  /** The item's ID. */
  readonly selectionRange: Range;
  readonly problem: ProblemLevel;
  readonly children: readonly ItemNode[];
}

export interface FrameworkNode {
  readonly id: string;
  readonly title: string | undefined;
  readonly period: { readonly start: number; readonly end: number } | undefined;
  readonly supersedes: string | undefined;
  readonly uri: string;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly problem: ProblemLevel;
  /** Categories, values, goals (with objectives and indicators), programmes. */
  readonly children: readonly ItemNode[];
}

/**
 * `framework/tree`, sent by the client: every framework in the workspace with its
 * items, for the Goals view. Frameworks are ordered by ID.
 */
export const FrameworkTreeRequest = new RequestType<
  Record<string, never>,
  FrameworkTreeResult,
  void
>('framework/tree');

export interface FrameworkTreeResult {
  readonly frameworks: readonly FrameworkNode[];
}

/** A link target in the traceability view: an item, or a name that does not resolve. */
export interface LinkedItem {
  readonly qualifiedId: string;
  readonly kind: ItemKind | undefined;
  readonly title: string | undefined;
  /** Where the item is defined; undefined for a reference that does not resolve. */
  readonly location: { readonly uri: string; readonly range: Range } | undefined;
  /** Where the link is written (the reference). */
  readonly via: { readonly uri: string; readonly range: Range };
}

/** One step of an item's lineage through `supersedes`, older or newer. */
export interface LineageStep {
  readonly item: LinkedItem;
  /** How many `supersedes` links away: 1 for a direct predecessor or successor. */
  readonly distance: number;
}

/**
 * `framework/traceability`, sent by the client: what an item supports and what
 * supports it, and its lineage through `supersedes` in both directions, across
 * frameworks. The item is the one at a position, or one named by qualified ID.
 */
export const TraceabilityRequest = new RequestType<
  TraceabilityParams,
  TraceabilityResult | null,
  void
>('framework/traceability');

export type TraceabilityParams =
  { readonly uri: string; readonly position: Position } | { readonly qualifiedId: string };

export interface TraceabilityResult {
  readonly item: ItemNode;
  /** Items this one names in `supports` (and a goal's `category`). */
  readonly supports: readonly LinkedItem[];
  /** Items whose `supports` name this one. */
  readonly supportedBy: readonly LinkedItem[];
  /** Older items this one continues, through any number of periods. */
  readonly supersedes: readonly LineageStep[];
  /** Newer items that continue this one, through any number of periods. */
  readonly supersededBy: readonly LineageStep[];
  /**
   * Set when the item is retired: why it is not continued, and where that is written
   * (`retired:` on the item, or an entry of a successor's `retired` list).
   */
  readonly retired?: {
    readonly reason: string;
    readonly via: { readonly uri: string; readonly range: Range };
  };
}

/** An item named in a lineage summary. */
export interface LineageItemRef {
  readonly framework: string;
  readonly id: string;
  readonly kind: ItemKind;
  readonly title?: string;
}

/**
 * How one framework (the successor) relates to the framework its framework-level
 * `supersedes` names (the predecessor), from the successor items' `supersedes`
 * entries and the `retired` reasons. A link inside a many-to-many tangle is listed
 * from both ends: under `merged` for the new item and under `split` for the old one.
 */
export interface LineageSummary {
  /** The predecessor's framework ID. */
  readonly predecessor: string;
  /** The successor's framework ID. */
  readonly successor: string;
  /** One old item continued by exactly one new item that continues nothing else of A. */
  readonly continued: readonly { readonly from: LineageItemRef; readonly to: LineageItemRef }[];
  /** Several old items continued by one new item. */
  readonly merged: readonly {
    readonly from: readonly LineageItemRef[];
    readonly to: LineageItemRef;
  }[];
  /** One old item continued by several new items. */
  readonly split: readonly {
    readonly from: LineageItemRef;
    readonly to: readonly LineageItemRef[];
  }[];
  /** Old items retired on the item itself, or in this successor's `retired` list. */
  readonly retired: readonly { readonly item: LineageItemRef; readonly reason: string }[];
  /**
   * The predecessor's goals and objectives neither continued nor retired by any of its
   * successors: what `unaccounted-predecessor` reports.
   */
  readonly unaccounted: readonly LineageItemRef[];
  /** The successor's goals and objectives that continue nothing of the predecessor. */
  readonly new: readonly LineageItemRef[];
}

/**
 * `framework/lineage`, sent by the client (the strategy map): one summary per pair of
 * frameworks where one supersedes the other, ordered by predecessor, then successor.
 */
export const LineageRequest = new RequestType<Record<string, never>, LineageResult, void>(
  'framework/lineage',
);

export interface LineageResult {
  readonly summaries: readonly LineageSummary[];
}

/** Counts for the status bar. */
export interface WorkspaceCounts {
  readonly files: number;
  readonly frameworks: number;
  readonly goals: number;
  readonly objectives: number;
  readonly errors: number;
  readonly warnings: number;
}

/**
 * `framework/indexChanged`, sent by the server after the index changed (files
 * added, edited or deleted, settings changed), so views refresh themselves.
 */
export const IndexChangedNotification = new NotificationType<IndexChangedParams>(
  'framework/indexChanged',
);

export interface IndexChangedParams {
  /** The files whose content or diagnostics changed. */
  readonly uris: readonly string[];
  readonly counts: WorkspaceCounts;
}

/** `framework/counts`, sent by the client: the counts now, for the status bar at start. */
export const WorkspaceCountsRequest = new RequestType<Record<string, never>, WorkspaceCounts, void>(
  'framework/counts',
);

/**
 * `framework/newItem`, sent by the client (Add Objective, Add Indicator): where and
 * how to add a new child to an item, numbered with the next free ID under it.
 */
export const NewItemRequest = new RequestType<
  NewItemParams,
  NewItemResult | NewItemRefusal | null,
  void
>('framework/newItem');

/** Why an item cannot be added where asked, in words for the user. */
export interface NewItemRefusal {
  readonly error: string;
}

export interface NewItemParams {
  /** The goal (for an objective) or objective (for an indicator), as `FRAMEWORK:ID`. */
  readonly parent: string;
  readonly kind: 'objective' | 'indicator';
}

export interface NewItemResult {
  /** The new item's ID. */
  readonly id: string;
  /** The edit that adds it, for the file that holds the parent. */
  readonly edit: WorkspaceEdit;
  readonly uri: string;
  /** Where the new item's title goes, once the edit is applied: to select for typing. */
  readonly titleRange: Range;
}

// ---------------------------------------------------------------------------------------
// The strategy map (`framework/strategyMap`): the graph the Strategy Map webview and the
// HTML report draw. Plain data; the layout and the drawing live in `server/src/map/`.
// ---------------------------------------------------------------------------------------

/** What a node of the strategy map stands for; `missing` is a reference that names nothing. */
export type MapNodeKind =
  'framework' | 'goal' | 'objective' | 'indicator' | 'programme' | 'missing';

/** A problem the checks report on a node's own lines (not its children's). */
export interface MapProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
}

export interface MapNode {
  /**
   * Unique in the map: `FRAMEWORK` for a framework, `FRAMEWORK:ID` for an item, and `?`
   * followed by the reference as it would be qualified (`?FRAMEWORK:ID`, or `?FRAMEWORK`
   * for a framework-level `supersedes`) for a reference that names nothing.
   */
  readonly id: string;
  readonly kind: MapNodeKind;
  /** The framework ID or the item's ID as written; for a missing node, what the reference names. */
  readonly name: string;
  readonly title: string | undefined;
  /** What the map writes in the node: the ID and the title. */
  readonly label: string;
  /** The framework the node belongs to (for a missing node: the one it was looked for in). */
  readonly framework: string | undefined;
  /** The node that contains this one (a goal's framework, an objective's goal), if any. */
  readonly parent: string | undefined;
  /** Where to open it: the framework's or item's ID. Undefined for a missing node. */
  readonly location: { readonly uri: string; readonly range: Range } | undefined;
  /** Problems on the node's own lines, worst first. */
  readonly problems: readonly MapProblem[];
  /**
   * For goals and programmes: true when no link reaches the item or anything under it
   * and none leaves them, as the `orphan-item` rule counts links (resolved `supports`,
   * `supersedes` and `retired` entries; links inside one goal's tree do not count).
   * Children belong to their parents, so objectives and indicators are never orphans.
   */
  readonly orphan: boolean;
}

/**
 * `contains`: a framework's goals and programmes, a goal's objectives, an objective's
 * indicators. `supports` and `supersedes` point from the item (or framework) that
 * writes the reference to what it names.
 */
export type MapEdgeKind = 'contains' | 'supports' | 'supersedes';

export interface MapEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: MapEdgeKind;
  /** True when the reference names nothing: `to` is a `missing` node. */
  readonly broken: boolean;
}

export interface StrategyMap {
  /** Every framework ID, oldest period first (frameworks without a period last, by ID). */
  readonly frameworks: readonly string[];
  /** Frameworks and their items in that order, items in document order; missing nodes last. */
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

/**
 * `framework/strategyMap`, sent by the client (the Strategy Map webview): the graph of
 * every framework, goal, objective, indicator and programme with their links, and the
 * map drawn from it as SVG by the renderer the HTML report uses too.
 */
export const StrategyMapRequest = new RequestType<Record<string, never>, StrategyMapResult, void>(
  'framework/strategyMap',
);

export interface StrategyMapResult {
  /** The graph the map draws: the whole workspace's, unless `note` says what it leaves out. */
  readonly map: StrategyMap;
  /** The map laid out and drawn: an `<svg>` element, every text in it escaped. */
  readonly svg: string;
  /** Set when the map leaves kinds of node out because the workspace is large, saying which. */
  readonly note: string | undefined;
}
// --- end of the strategy map ---
