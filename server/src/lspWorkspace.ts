/**
 * The language server's view of the workspace, as the service's `FrameworkWorkspace`:
 * every framework file on disk in the workspace folders, with the editor's text in
 * place of the disk's for open documents.
 *
 * It reads the disk at start and whenever the client reports a watched file as
 * created, changed or deleted (a `git checkout`, another tool). Each text it hands
 * to the service gets a version of its own, increasing per URI, so that the
 * service re-parses exactly when the text it sees changes, whether the text came
 * from the editor or the disk.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrameworkWorkspace, Logger, WorkspaceDocument } from './service';
import { Emitter } from './service/util/event';
import {
  decodeFrameworkFile,
  FrameworkFileFilter,
  fileUri,
  isInside,
  skippedFolders,
  toForwardSlashes,
  walkFiles,
} from './node/files';

export interface FileSelection {
  /** Globs of framework files, relative to a workspace folder. */
  readonly include: readonly string[];
  /** Globs of files and folders to leave out (ours and the editor's `files.exclude`). */
  readonly exclude: readonly string[];
}

export class LspWorkspace implements FrameworkWorkspace {
  /** What the service sees now, per URI. */
  private readonly current = new Map<string, WorkspaceDocument>();
  /** The text on disk, for files whose editor is closed again. */
  private readonly diskTexts = new Map<string, string>();
  private readonly openDocuments = new Map<string, TextDocument>();
  private readonly versions = new Map<string, number>();
  /** Size and modification time of each file as last read from disk. */
  private readonly diskStamps = new Map<string, string>();
  private readonly changed = new Emitter<WorkspaceDocument>();
  private readonly deleted = new Emitter<string>();
  private filter: FrameworkFileFilter;
  /** The disk work asked for so far, settled when all of it is done (see `inOrder`). */
  private diskWork: Promise<void> = Promise.resolve();

  readonly onDidChangeDocument = this.changed.event;
  readonly onDidDeleteDocument = this.deleted.event;

  constructor(
    private folders: readonly string[],
    private selection: FileSelection,
    private readonly logger: Logger,
  ) {
    this.filter = new FrameworkFileFilter(selection.include, selection.exclude);
  }

  getDocuments(): Iterable<WorkspaceDocument> {
    return this.current.values();
  }

  getDocument(uri: string): WorkspaceDocument | undefined {
    return this.current.get(uri);
  }

  /** The editor's version of an open document, for versioned edits; null when closed. */
  editorVersion(uri: string): number | null {
    return this.openDocuments.get(uri)?.version ?? null;
  }

  isOpen(uri: string): boolean {
    return this.openDocuments.has(uri);
  }

  /** Reads every framework file of every folder from disk. */
  scan(): Promise<void> {
    return this.inOrder(() => this.scanNow());
  }

  private async scanNow(): Promise<void> {
    const found = new Set<string>();
    for (const folder of this.folders) {
      const files = await walkFiles(
        folder,
        (unreadable, error) =>
          this.logger.log('warn', `Cannot read the folder ${unreadable}: ${String(error)}`),
        (candidate) => this.filter.isExcluded(this.relativePath(folder, candidate)),
      );
      for (const file of files) {
        if (this.filter.matches(this.relativePath(folder, file))) found.add(file);
      }
    }
    await Promise.all([...found].map((file) => this.readFromDisk(fileUri(file))));
    // Files that are no longer selected (settings changed, deleted while not watched).
    for (const uri of [...this.diskTexts.keys()]) {
      if (!found.has(URI.parse(uri).fsPath)) this.forgetDiskFile(uri);
    }
  }

  /** New folders or file globs: the set of framework files is found again. */
  async reconfigure(folders: readonly string[], selection: FileSelection): Promise<void> {
    this.folders = folders;
    this.selection = selection;
    this.filter = new FrameworkFileFilter(selection.include, selection.exclude);
    await this.scan();
  }

  get fileSelection(): FileSelection {
    return this.selection;
  }

  /**
   * Whether a file on disk is a framework file of this workspace: one a scan would
   * find, so that what a watched file's event adds is what a fresh scan reads.
   */
  isFrameworkFile(uri: string): boolean {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return false;
    const folder = this.folders.find((candidate) => isInside(candidate, parsed.fsPath));
    if (folder === undefined) return false;
    const relative = this.relativePath(folder, parsed.fsPath);
    return this.filter.matches(relative) && !this.inSkippedFolder(relative);
  }

  /**
   * Whether a scan skips a folder on the way to a file: `node_modules`, `.git`, or a
   * folder the exclude globs name. Clients report files there all the same.
   */
  private inSkippedFolder(relative: string): boolean {
    const folders = relative.split('/').slice(0, -1);
    return folders.some(
      (name, depth) =>
        skippedFolders.has(name) || this.filter.isExcluded(folders.slice(0, depth + 1).join('/')),
    );
  }

  opened(document: TextDocument): void {
    this.openDocuments.set(document.uri, document);
    this.publish(document.uri, document.getText());
  }

  edited(document: TextDocument): void {
    this.openDocuments.set(document.uri, document);
    this.publish(document.uri, document.getText());
  }

  /** The editor closed a document: the disk's text takes over, or the file leaves. */
  closed(uri: string): Promise<void> {
    this.openDocuments.delete(uri);
    return this.inOrder(async () => {
      if (this.isFrameworkFile(uri)) await this.readFromDisk(uri);
      // Opened again while earlier disk work ran: the editor's text stays.
      else if (!this.openDocuments.has(uri)) this.remove(uri);
    });
  }

  /** The client saw a watched file created or changed on disk. */
  diskChanged(uri: string): Promise<void> {
    return this.inOrder(async () => {
      if (this.isFrameworkFile(uri)) await this.readFromDisk(uri);
    });
  }

  /** The client saw a file or folder deleted on disk: forget it and all it held. */
  diskDeleted(uri: string): Promise<void> {
    return this.inOrder(() => {
      const prefix = uri.endsWith('/') ? uri : `${uri}/`;
      for (const known of [...this.diskTexts.keys()]) {
        if (known === uri || known.startsWith(prefix)) this.forgetDiskFile(known);
      }
    });
  }

  /**
   * Runs disk work (scans, reads, deletions) after the disk work asked for before it,
   * so that events take effect in the order they came: a read still running when a
   * later deletion of the same file is handled would otherwise land after it and
   * bring the deleted file back.
   */
  private inOrder(work: () => Promise<void> | void): Promise<void> {
    const done = this.diskWork.then(work);
    // A failure is its caller's to handle; the work after it runs all the same.
    this.diskWork = done.catch(() => undefined);
    return done;
  }

  /**
   * A fingerprint of every framework file as it is on disk (path, size, modification
   * time), or undefined while an open document differs from its file: then what the
   * editor shows is not what the disk holds, and nothing derived from it may be cached.
   */
  diskFingerprint(): string | undefined {
    for (const [uri, document] of this.openDocuments) {
      if (this.diskTexts.get(uri) !== document.getText()) return undefined;
    }
    return [...this.diskStamps]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([uri, stamp]) => `${uri} ${stamp}`)
      .join('\n');
  }

  private async readFromDisk(uri: string): Promise<void> {
    let text: string;
    try {
      const filePath = URI.parse(uri).fsPath;
      const stats = await fs.stat(filePath);
      text = decodeFrameworkFile(await fs.readFile(filePath));
      this.diskStamps.set(uri, `${stats.size}:${stats.mtimeMs}`);
    } catch (error) {
      this.logger.log('debug', `Cannot read ${uri}: ${String(error)}`);
      this.forgetDiskFile(uri);
      return;
    }
    this.diskTexts.set(uri, text);
    if (!this.openDocuments.has(uri)) this.publish(uri, text);
  }

  private forgetDiskFile(uri: string): void {
    this.diskTexts.delete(uri);
    this.diskStamps.delete(uri);
    if (!this.openDocuments.has(uri)) this.remove(uri);
  }

  private publish(uri: string, text: string): void {
    const existing = this.current.get(uri);
    if (existing && existing.getText() === text) return;
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const document: WorkspaceDocument = { uri, version, getText: () => text };
    this.current.set(uri, document);
    this.changed.fire(document);
  }

  private remove(uri: string): void {
    if (this.current.delete(uri)) this.deleted.fire(uri);
  }

  private relativePath(folder: string, file: string): string {
    return toForwardSlashes(path.relative(folder, file));
  }
}
