/**
 * The Strategic Frameworks language service: everything the editor and the
 * command-line checker know about framework files, as one pure library.
 *
 * It never imports `vscode`, never opens a connection and never touches the file
 * system: the host injects the workspace and the logger. The language server and
 * `framework-check` are both thin hosts around the same service, so they report the
 * same diagnostics.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { getCompletions, resolveCompletion } from './languageFeatures/completion';
import { computeDiagnostics } from './languageFeatures/diagnostics';
import { computeHover } from './languageFeatures/hover';
import {
  findDefinition,
  findDocumentHighlights,
  findReferences,
} from './languageFeatures/references';
import { computeRename, prepareRenameAt } from './languageFeatures/rename';
import type {
  DocumentHighlight,
  Hover,
  Location,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { codeActions } from './languageFeatures/codeActions';
import { codeLenses } from './languageFeatures/codeLens';
import { inlayHints } from './languageFeatures/inlayHints';
import { documentSymbols, workspaceSymbols } from './languageFeatures/symbols';
import type {
  CodeAction,
  CodeLens,
  DocumentSymbol,
  InlayHint,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import { getCounts, getFrameworkTree, getTraceability } from './languageFeatures/views';
import { getNewItem } from './languageFeatures/newItem';
// lineage: imports
import { getLineage } from './languageFeatures/lineage';
import type { LineageSummary } from '../protocol';
import { isEnabled } from './codes';
import type { DependencyOptions } from './workspaceIndex';
// end of lineage: imports
// strategy map and report: imports
import { getStrategyMap } from './languageFeatures/strategyMap';
import { getReportContent } from './languageFeatures/reportContent';
import type { ReportContent } from './languageFeatures/reportContent';
import type { StrategyMap } from '../protocol';
// end of strategy map and report: imports
import type { NewItemAnswer } from './languageFeatures/newItem';
import type {
  FrameworkNode,
  NewItemParams,
  TraceabilityParams,
  TraceabilityResult,
  WorkspaceCounts,
} from '../protocol';
import { defaultSettings } from './settings';
import type {
  Disposable,
  Event,
  FrameworkSettings,
  FrameworkWorkspace,
  Logger,
  WorkspaceDocument,
  WorkspaceSummary,
} from './types';
import { disposeAll, Emitter } from './util/event';
import { WorkspaceIndex } from './workspaceIndex';
import type { IndexedFile } from './workspaceIndex';

export interface LanguageServiceOptions {
  readonly workspace: FrameworkWorkspace;
  readonly logger: Logger;
  readonly settings?: FrameworkSettings;
}

export interface FrameworkLanguageService {
  /**
   * Brings the index up to date with every change the workspace reported, and
   * returns the URIs whose diagnostics may have changed (deleted files included, so
   * that hosts clear them). Every query synchronises first, so calling this is only
   * needed to learn which files to re-check.
   */
  synchronize(): string[];
  /**
   * Fires after the index changed, whoever caused the update (a query synchronises
   * too), with the URIs whose diagnostics may have changed. Hosts that publish
   * diagnostics listen here rather than rely on the return value of `synchronize`.
   */
  readonly onDidUpdate: Event<string[]>;
  /** The diagnostics of one framework file; empty for a file the workspace does not hold. */
  getDiagnostics(uri: string): Diagnostic[];
  /** The URIs of every framework file in the index. */
  getFileUris(): string[];
  getSummary(): WorkspaceSummary;
  getSettings(): FrameworkSettings;
  /** Applies new settings; returns the URIs to re-check (all of them). */
  updateSettings(settings: FrameworkSettings): string[];
  dispose(): void;

  // Editing features. Each takes the URI of a file the workspace holds and answers
  // empty (or undefined) for any other; positions are LSP positions.

  // completion: methods
  /**
   * Completions at a position: the keys the mapping accepts, reference values of the
   * kinds the key may name, framework IDs, the next free ID of a new goal, objective
   * or indicator, and snippets that start one. Never incomplete.
   */
  getCompletions(uri: string, position: Position): CompletionList;
  /** Adds the documentation to a completion item the editor is about to show. */
  resolveCompletion(item: CompletionItem): CompletionItem;

  // navigation: methods

  /** What the ID, reference or key at the position is, as Markdown. */
  getHover(uri: string, position: Position): Hover | undefined;
  /** The declaration of what the position names (for definition and declaration). */
  getDefinition(uri: string, position: Position): Location[];
  /** Every place in the workspace that names what the position names. */
  getReferences(uri: string, position: Position, includeDeclaration: boolean): Location[];
  /** The occurrences in this file: the declaration as Write, references as Read. */
  getDocumentHighlights(uri: string, position: Position): DocumentHighlight[];
  /** Where a rename at the position applies and the current name, or why it cannot. */
  prepareRename(
    uri: string,
    position: Position,
  ): { range: Range; placeholder: string } | { error: string } | undefined;
  /**
   * Renames the ID or framework ID at the position and every reference to it, in every
   * file, as one edit; or says why not, changing nothing.
   */
  getRenameEdits(
    uri: string,
    position: Position,
    newName: string,
  ): { edit: WorkspaceEdit } | { error: string };

  // symbols and actions: methods

  /** The outline of a file: each framework, with its items nested as they are written. */
  getDocumentSymbols(uri: string): DocumentSymbol[];
  /**
   * Frameworks and items of the whole workspace whose ID or qualified ID contains the
   * query, or whose title has a word starting with each word of it; exact IDs first.
   */
  getWorkspaceSymbols(query: string): WorkspaceSymbol[];
  /** Quick fixes for the service's diagnostics among `diagnostics` that touch `range`. */
  getCodeActions(uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  /** Reference counts and supersedes links on goals and objectives; none when turned off. */
  getCodeLenses(uri: string): CodeLens[];
  /** The title of what each resolved reference in `range` names; none when turned off. */
  getInlayHints(uri: string, range: Range): InlayHint[];

  /** Every framework with its items, for the Goals view. */
  getFrameworkTree(): FrameworkNode[];
  /** An item's links and lineage, for the Traceability view; undefined when there is none. */
  getTraceability(params: TraceabilityParams): TraceabilityResult | undefined;
  /** Counts of files, frameworks, goals, objectives and problems, for the status bar. */
  getCounts(): WorkspaceCounts;
  /** Where and how to add an objective or indicator under an item, numbered next. */
  getNewItem(params: NewItemParams): NewItemAnswer;

  // lineage: methods
  /**
   * How each framework relates to the one it supersedes: one summary per pair, with
   * the items continued, merged, split, retired, left unaccounted for and new.
   */
  getLineage(): LineageSummary[];
  // end of lineage: methods

  // strategy map and report: methods
  /** Frameworks, goals, objectives, indicators and programmes and their links, for the map. */
  getStrategyMap(): StrategyMap;
  /** What the report shows of each framework: its texts, items and traceability. */
  getReportContent(): ReportContent;
  // end of strategy map and report: methods
}

export function createLanguageService(options: LanguageServiceOptions): FrameworkLanguageService {
  const { workspace, logger } = options;
  let settings = options.settings ?? defaultSettings;
  const index = new WorkspaceIndex();
  index.setDependencyOptions(dependencyOptionsOf(settings));
  /** Changes reported but not yet indexed: a document, or null for a deletion. */
  const pending = new Map<string, WorkspaceDocument | null>();
  let loaded = false;
  /** Diagnostics per URI, dropped for every file an update or a setting may change. */
  const diagnosticsCache = new Map<string, Diagnostic[]>();
  const updated = new Emitter<string[]>();
  const subscriptions: Disposable[] = [
    updated,
    workspace.onDidChangeDocument((document) => pending.set(document.uri, document)),
    workspace.onDidDeleteDocument((uri) => pending.set(uri, null)),
  ];

  function synchronize(): string[] {
    const affected = new Set<string>();
    if (!loaded) {
      loaded = true;
      pending.clear();
      const started = Date.now();
      for (const document of workspace.getDocuments()) {
        for (const uri of index.update(document)) affected.add(uri);
      }
      logger.log(
        'info',
        `Indexed ${index.fileCount} framework files in ${Date.now() - started} ms.`,
      );
    }
    if (pending.size > 0) {
      const changes = [...pending];
      pending.clear();
      for (const [uri, document] of changes) {
        const changed = document ? index.update(document) : index.remove(uri);
        for (const other of changed) affected.add(other);
        if (!document) affected.add(uri);
      }
    }
    for (const uri of affected) diagnosticsCache.delete(uri);
    const changed = [...affected];
    if (changed.length > 0) updated.fire(changed);
    return changed;
  }

  function diagnosticsOf(file: IndexedFile): Diagnostic[] {
    let diagnostics = diagnosticsCache.get(file.uri);
    if (!diagnostics) {
      diagnostics = computeDiagnostics(index, file, settings);
      diagnosticsCache.set(file.uri, diagnostics);
    }
    return diagnostics;
  }

  const service: FrameworkLanguageService = {
    synchronize,
    onDidUpdate: updated.event,
    getDiagnostics(uri) {
      const file = fileOf(uri);
      return file ? diagnosticsOf(file) : [];
    },
    getFileUris() {
      synchronize();
      return [...index.allFiles()].map((file) => file.uri);
    },
    getSummary() {
      synchronize();
      let frameworks = 0;
      let items = 0;
      for (const file of index.allFiles()) {
        frameworks += file.parsed.frameworks.length;
        for (const framework of file.parsed.frameworks) items += framework.items.length;
      }
      return { files: index.fileCount, frameworks, items };
    },
    getSettings: () => settings,
    updateSettings(next) {
      settings = next;
      index.setDependencyOptions(dependencyOptionsOf(settings));
      diagnosticsCache.clear();
      const uris = service.getFileUris();
      if (uris.length > 0) updated.fire(uris);
      return uris;
    },
    dispose() {
      disposeAll(subscriptions);
    },

    // completion: implementation
    getCompletions(uri, position) {
      const file = fileOf(uri);
      return file ? getCompletions(index, file, position) : { isIncomplete: false, items: [] };
    },
    resolveCompletion(item) {
      synchronize();
      return resolveCompletion(index, item);
    },

    // navigation: implementation
    getHover(uri, position) {
      const file = fileOf(uri);
      return file ? computeHover(index, file, position) : undefined;
    },
    getDefinition(uri, position) {
      const file = fileOf(uri);
      return file ? findDefinition(index, file, position) : [];
    },
    getReferences(uri, position, includeDeclaration) {
      const file = fileOf(uri);
      return file ? findReferences(index, file, position, includeDeclaration) : [];
    },
    getDocumentHighlights(uri, position) {
      const file = fileOf(uri);
      return file ? findDocumentHighlights(index, file, position) : [];
    },
    prepareRename(uri, position) {
      const file = fileOf(uri);
      return file ? prepareRenameAt(index, file, position) : undefined;
    },
    getRenameEdits(uri, position, newName) {
      const file = fileOf(uri);
      return file
        ? computeRename(index, file, position, newName)
        : { error: "This file is not one of the workspace's framework files." };
    },

    // symbols and actions: implementation
    getDocumentSymbols(uri) {
      const file = fileOf(uri);
      return file ? documentSymbols(file) : [];
    },
    getWorkspaceSymbols(query) {
      synchronize();
      return workspaceSymbols(index, query);
    },
    getCodeActions(uri, range, diagnostics) {
      const file = fileOf(uri);
      return file ? codeActions(index, file, settings, range, diagnostics) : [];
    },
    getCodeLenses(uri) {
      const file = fileOf(uri);
      return file && settings.codeLens ? codeLenses(index, file) : [];
    },
    getInlayHints(uri, range) {
      const file = fileOf(uri);
      return file && settings.inlayHints ? inlayHints(index, file, range) : [];
    },

    getFrameworkTree() {
      synchronize();
      return getFrameworkTree(index, diagnosticsOf);
    },
    getTraceability(params) {
      synchronize();
      return getTraceability(index, params, diagnosticsOf);
    },
    getCounts() {
      synchronize();
      return getCounts(index, diagnosticsOf);
    },
    getNewItem(params) {
      synchronize();
      return getNewItem(index, params);
    },

    // lineage: implementation
    getLineage() {
      synchronize();
      return getLineage(index);
    },
    // end of lineage: implementation

    // strategy map and report: implementation
    getStrategyMap() {
      synchronize();
      return getStrategyMap(index, diagnosticsOf);
    },
    getReportContent() {
      synchronize();
      return getReportContent(index);
    },
    // end of strategy map and report: implementation
  };

  /** The indexed file for a URI, after synchronising; undefined for unknown files. */
  function fileOf(uri: string): IndexedFile | undefined {
    synchronize();
    return index.getFile(uri);
  }
  return Object.freeze(service);
}

/** The cross-file checks the index must track for these settings: only those that are on. */
function dependencyOptionsOf(settings: FrameworkSettings): DependencyOptions {
  return {
    lineage: isEnabled('unaccounted-predecessor', settings.severity),
    incomingReferences: isEnabled('orphan-item', settings.severity),
  };
}

export { InMemoryWorkspace } from './inMemoryWorkspace';
export {
  readSettings,
  usableGlobs,
  sectionFromFlatSettings,
  defaultSettings,
  settingsSection,
} from './settings';
export { allDiagnosticCodes, diagnosticCodes, diagnosticSource } from './codes';
export type * from './types';
// strategy map and report: types
export type * from './languageFeatures/reportContent';
// end of strategy map and report: types
