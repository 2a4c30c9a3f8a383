/**
 * The model of parsed framework files: plain data, no YAML nodes, so that it is
 * cheap to keep for every file of a large workspace. Ranges are offsets into the
 * file's text; they become line/column positions only when a feature answers.
 */
import type { ItemKind } from '../protocol';
import type { DiagnosticCode, DiagnosticData } from './types';

/** A half-open range of UTF-16 offsets into a file's text. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** The kinds of item are part of the protocol the views receive; one definition serves both. */
export type { ItemKind };

/**
 * The fields whose values are references: `category`, `supports`, the item-level
 * `supersedes`, and `retired` for the `item` of a framework-level `retired` entry.
 */
export type ReferenceField = 'category' | 'supports' | 'supersedes' | 'retired';

/** An item-level `retired: reason`: why the item is not continued by a successor. */
export interface RetiredMark {
  readonly reason: string;
  /** The reason's value, without quotes. */
  readonly range: OffsetRange;
}

export interface FrameworkItem {
  readonly kind: ItemKind;
  /** The ID exactly as written in the source (`1.10` stays `1.10`). */
  readonly id: string;
  /** The ID's value, without quotes. */
  readonly idRange: OffsetRange;
  /** The whole item, from its first key to its last value. */
  readonly range: OffsetRange;
  readonly title: string | undefined;
  readonly description: string | undefined;
  /** Set when the item says why it is not continued (`retired:`); only text counts. */
  readonly retired: RetiredMark | undefined;
  /**
   * An indicator's `target` as YAML reads it (text or a number); undefined for other
   * kinds and for an indicator without a target of either type.
   */
  readonly target: string | number | undefined;
  /** The index of the parent item in `Framework.items`, or -1 for a top-level item. */
  readonly parent: number;
  /** Index of this item in `Framework.items`. */
  readonly index: number;
}

export interface Reference {
  readonly field: ReferenceField;
  /** The reference exactly as written. */
  readonly text: string;
  /** The framework part of a `FRAMEWORK:ID` reference, undefined for a local one. */
  readonly frameworkId: string | undefined;
  readonly itemId: string;
  /** The whole reference value, without quotes. */
  readonly range: OffsetRange;
  /** The framework part (without the colon), when qualified. */
  readonly frameworkRange: OffsetRange | undefined;
  /** The item ID part. */
  readonly itemRange: OffsetRange;
  /**
   * Index in `Framework.items` of the item that holds the reference, or -1 for the
   * `item` of a framework-level `retired` entry.
   */
  readonly source: number;
}

/**
 * An entry of a framework-level `retired` list: an item of the superseded framework
 * that is not continued, and why. Its `item` is also one of `Framework.references`
 * (field `retired`), so that it resolves, renames and navigates like any reference.
 */
export interface RetiredEntry {
  readonly reference: Reference;
  /** Undefined when the entry has no text `reason` (a `missing-key` or `invalid-value`). */
  readonly reason: string | undefined;
  /** The whole entry. */
  readonly range: OffsetRange;
}

/** A framework-level `supersedes: OTHER-FRAMEWORK`. */
export interface FrameworkReference {
  readonly frameworkId: string;
  readonly range: OffsetRange;
}

export interface Framework {
  readonly id: string;
  readonly idRange: OffsetRange;
  /** The whole YAML document. */
  readonly range: OffsetRange;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly period: { readonly start: number; readonly end: number } | undefined;
  readonly supersedes: FrameworkReference | undefined;
  /** The framework-level `retired` entries whose `item` is a well-formed reference. */
  readonly retired: readonly RetiredEntry[];
  /** Every item of the framework, parents before their children, in document order. */
  readonly items: readonly FrameworkItem[];
  readonly references: readonly Reference[];
}

/** A problem found in one file alone, independent of any other file. */
export interface LocalDiagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly range: OffsetRange;
  /** Other places in the same file that explain the problem. */
  readonly related?: readonly { readonly range: OffsetRange; readonly message: string }[];
  readonly data?: DiagnosticData;
}

export interface ParsedFile {
  readonly uri: string;
  readonly version: number;
  readonly frameworks: readonly Framework[];
  /** At most `limits.maxDiagnosticsPerFile` of each code, the first in the file. */
  readonly diagnostics: readonly LocalDiagnostic[];
  /**
   * How many more problems of each code the file has: found, counted, not kept, for
   * at most the cap can be shown (a 200,000-key mapping would otherwise hold 200,000).
   */
  readonly hiddenDiagnostics?: Readonly<Partial<Record<DiagnosticCode, number>>>;
}
