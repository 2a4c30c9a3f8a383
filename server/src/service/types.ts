/**
 * The public, plain-data contract of the language service. Hosts (the language
 * server, the command-line checker, tests) implement `FrameworkWorkspace` and
 * `Logger` and hand them to `createLanguageService`.
 */
import type { Diagnostic } from 'vscode-languageserver-types';

export type { Diagnostic };

/** Something a listener can be detached from. */
export interface Disposable {
  dispose(): void;
}

/** A subscription point, shaped like VS Code's `Event<T>` so hosts can forward theirs. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/**
 * A framework file as the host knows it: an open editor buffer or a file read from
 * disk. `vscode-languageserver-textdocument`'s `TextDocument` satisfies it.
 */
export interface WorkspaceDocument {
  readonly uri: string;
  /** Increases whenever the text changes; the service parses each version once. */
  readonly version: number;
  getText(): string;
}

/**
 * The set of framework files the service sees. The host decides which files are
 * framework files (globs, exclusions) and where their text comes from; the service
 * never touches the file system.
 */
export interface FrameworkWorkspace {
  /** Every framework file currently in the workspace. */
  getDocuments(): Iterable<WorkspaceDocument>;
  getDocument(uri: string): WorkspaceDocument | undefined;
  /** A file appeared or its text changed. */
  readonly onDidChangeDocument: Event<WorkspaceDocument>;
  /** A file left the workspace (deleted, renamed away, no longer matched). */
  readonly onDidDeleteDocument: Event<string>;
}

export interface Logger {
  log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** Every diagnostic code the service can report. Stable: users configure them by name. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'missing-key'
  | 'unknown-key'
  | 'invalid-value'
  | 'duplicate-id'
  | 'duplicate-framework'
  | 'unresolved-reference'
  | 'unknown-framework'
  | 'wrong-reference-kind'
  | 'supersedes-cycle'
  | 'id-numbering'
  | 'numeric-id'
  | 'unaccounted-predecessor'
  | 'goal-without-objectives'
  | 'objective-without-indicators'
  | 'indicator-without-target'
  | 'programme-without-support'
  | 'orphan-item';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** What users configure under `strategicFrameworks.*`, already checked and normalised. */
export interface FrameworkSettings {
  /** Overrides of the default severity, per diagnostic code. */
  readonly severity: Readonly<Partial<Record<DiagnosticCode, SeveritySetting>>>;
  /** Globs (relative to a workspace folder) that select framework files. */
  readonly include: readonly string[];
  /** Globs of files to leave out even when `include` matches them. */
  readonly exclude: readonly string[];
  /** Whether goals and objectives show code lenses (references, supersedes links). */
  readonly codeLens: boolean;
  /** Whether references show the title of the item they name as an inlay hint. */
  readonly inlayHints: boolean;
  /** The fewest indicators an objective may have before `objective-without-indicators` applies. */
  readonly minIndicators: number;
  /** Milliseconds typing must pause before an editor re-checks (hosts that debounce). */
  readonly validationDelay: number;
}

/** A problem found in the user's settings, reported back to whoever supplied them. */
export interface SettingsProblem {
  /** The setting's full name, such as `strategicFrameworks.diagnostics.severity`. */
  readonly setting: string;
  readonly message: string;
}

/** What the `data` field of a service diagnostic carries, for quick fixes. */
export interface DiagnosticData {
  /** For `unresolved-reference` and `unknown-key`: replacements, best first. */
  readonly candidates?: readonly string[];
}

/** Counts shown in summaries (CLI summary line, status bar). */
export interface WorkspaceSummary {
  readonly files: number;
  readonly frameworks: number;
  readonly items: number;
}
