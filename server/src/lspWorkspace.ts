/**
 * The language server's view of the workspace, as the service's `FrameworkWorkspace`:
 * every framework file on disk in the workspace folders, with the editor's text in
 * place of the disk's for open documents.
 *
 * It reads the disk at start and whenever the client reports a watched file or
 * folder as created, changed or deleted (a `git checkout`, another tool, a folder
 * moved in or out). Each text it hands to the service gets a version of its own,
 * increasing per URI, so that the service re-parses exactly when the text it sees
 * changes, whether the text came from the editor or the disk.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrameworkWorkspace, Logger, WorkspaceDocument } from './service';
import { Emitter } from './service/util/event';
import {
  readFrameworkFile,
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

/** A walk of a scan: from `start`, with globs relative to the workspace folder `folder`. */
interface FolderWalk {
  readonly folder: string;
  readonly start: string;
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
    for (const folder of this.folders) await this.findFrameworkFiles(folder, folder, found);
    await this.readFound(found, () => true);
  }

  /**
   * Reads a folder the client reported as created or changed as a scan would read it:
   * editors report a folder moved, copied or extracted into the workspace once, for
   * the folder, and never for the files in it.
   */
  private async scanFolder(folderPath: string, walks: readonly FolderWalk[]): Promise<void> {
    const found = new Set<string>();
    for (const walk of walks) await this.findFrameworkFiles(walk.folder, walk.start, found);
    // Files known under the folder that are no longer there went with an earlier
    // version of it; the folder is taken as it is now, as a scan would take it.
    await this.readFound(found, (file) => isInside(folderPath, file));
  }

  /**
   * Adds to `found` the framework files under `start`, a folder in the workspace
   * folder `folder` (or that folder itself): the one walk and selection of the scan,
   * with globs matched against paths relative to the workspace folder.
   */
  private async findFrameworkFiles(
    folder: string,
    start: string,
    found: Set<string>,
  ): Promise<void> {
    const files = await walkFiles(
      start,
      (unreadable, error) =>
        this.logger.log('warn', `Cannot read the folder ${unreadable}: ${String(error)}`),
      (candidate) => this.filter.isExcluded(this.relativePath(folder, candidate)),
    );
    for (const file of files) {
      if (this.filter.matches(this.relativePath(folder, file))) found.add(file);
    }
  }

  /**
   * Reads the files found, and forgets the disk files known in the part of the disk
   * that was walked (`walked`, by path) that were not found: they were deleted while
   * not watched, or are no longer selected (settings changed).
   */
  private async readFound(found: Set<string>, walked: (file: string) => boolean): Promise<void> {
    await Promise.all([...found].map((file) => this.readFromDisk(fileUri(file))));
    for (const uri of [...this.diskTexts.keys()]) {
      const file = URI.parse(uri).fsPath;
      if (walked(file) && !found.has(file)) this.forgetDiskFile(uri);
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
    return this.isSkippedFolder(relative.split('/').slice(0, -1));
  }

  /**
   * Whether a scan skips a folder, given by the names of the folders down to it from
   * the workspace folder (none for the workspace folder itself): it does when it skips
   * that folder or any on the way to it.
   */
  private isSkippedFolder(folders: readonly string[]): boolean {
    return folders.some(
      (name, depth) =>
        skippedFolders.has(name) || this.filter.isExcluded(folders.slice(0, depth + 1).join('/')),
    );
  }

  /**
   * The walks a scan makes through the folder at `uri`, or undefined when `uri` is not
   * a folder a scan enters (a file, a skipped folder, something gone or outside the
   * workspace). A scan walks the folder from every workspace folder it lies in, and
   * walks whole the workspace folders that lie in it. The disk is asked only about a
   * path a scan could enter, so that files created in `node_modules` cost nothing.
   */
  private async walksThrough(uri: string): Promise<FolderWalk[] | undefined> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    const target = parsed.fsPath;
    const walks: FolderWalk[] = [];
    for (const folder of this.folders) {
      if (isInside(folder, target)) {
        const relative = this.relativePath(folder, target);
        if (!this.isSkippedFolder(relative === '' ? [] : relative.split('/'))) {
          walks.push({ folder, start: target });
        }
      } else if (isInside(target, folder)) {
        walks.push({ folder, start: folder });
      }
    }
    if (walks.length === 0) return undefined;
    // A link to a folder counts as the folder, as the scan follows links.
    const stats = await fs.stat(target).catch(() => undefined);
    return stats?.isDirectory() ? walks : undefined;
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

  /**
   * The client saw a watched file or folder created or changed on disk. A folder is
   * read as a scan reads it, with everything in it: a folder moved, copied or
   * extracted into the workspace is reported once, for the folder.
   */
  diskChanged(uri: string): Promise<void> {
    return this.inOrder(async () => {
      const walks = await this.walksThrough(uri);
      if (walks !== undefined) await this.scanFolder(URI.parse(uri).fsPath, walks);
      else if (this.isFrameworkFile(uri)) await this.readFromDisk(uri);
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
      const file = await readFrameworkFile(URI.parse(uri).fsPath);
      text = file.text;
      this.diskStamps.set(uri, `${file.size}:${file.mtimeMs}`);
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
