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
import { computeDiagnostics } from './languageFeatures/diagnostics';
import { getCounts, getFrameworkTree, getTraceability } from './languageFeatures/views';
import type {
  FrameworkNode,
  TraceabilityParams,
  TraceabilityResult,
  WorkspaceCounts,
} from '../protocol';
import { defaultSettings } from './settings';
import type {
  Disposable,
  FrameworkSettings,
  FrameworkWorkspace,
  Logger,
  WorkspaceDocument,
  WorkspaceSummary,
} from './types';
import { disposeAll } from './util/event';
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

  // navigation: methods

  // symbols and actions: methods

  /** Every framework with its items, for the Goals view. */
  getFrameworkTree(): FrameworkNode[];
  /** An item's links and lineage, for the Traceability view; undefined when there is none. */
  getTraceability(params: TraceabilityParams): TraceabilityResult | undefined;
  /** Counts of files, frameworks, goals, objectives and problems, for the status bar. */
  getCounts(): WorkspaceCounts;
}

export function createLanguageService(options: LanguageServiceOptions): FrameworkLanguageService {
  const { workspace, logger } = options;
  let settings = options.settings ?? defaultSettings;
  const index = new WorkspaceIndex();
  /** Changes reported but not yet indexed: a document, or null for a deletion. */
  const pending = new Map<string, WorkspaceDocument | null>();
  let loaded = false;
  /** Diagnostics per URI, dropped for every file an update or a setting may change. */
  const diagnosticsCache = new Map<string, Diagnostic[]>();
  const subscriptions: Disposable[] = [
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
    return [...affected];
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
      diagnosticsCache.clear();
      return service.getFileUris();
    },
    dispose() {
      disposeAll(subscriptions);
    },

    // completion: implementation

    // navigation: implementation

    // symbols and actions: implementation

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
  };

  /** The indexed file for a URI, after synchronising; undefined for unknown files. */
  function fileOf(uri: string): IndexedFile | undefined {
    synchronize();
    return index.getFile(uri);
  }
  return Object.freeze(service);
}

export { InMemoryWorkspace } from './inMemoryWorkspace';
export {
  readSettings,
  sectionFromFlatSettings,
  defaultSettings,
  settingsSection,
} from './settings';
export { allDiagnosticCodes, diagnosticCodes, diagnosticSource } from './codes';
export type * from './types';
