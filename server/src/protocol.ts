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
