import type { FrameworkWorkspace, WorkspaceDocument } from './types';
import { Emitter } from './util/event';

/**
 * A workspace held in memory: what tests use, and what the command-line checker
 * fills with the files it read from disk.
 */
export class InMemoryWorkspace implements FrameworkWorkspace {
  private readonly documents = new Map<string, WorkspaceDocument>();
  private readonly changed = new Emitter<WorkspaceDocument>();
  private readonly deleted = new Emitter<string>();

  readonly onDidChangeDocument = this.changed.event;
  readonly onDidDeleteDocument = this.deleted.event;

  constructor(files: Iterable<readonly [uri: string, text: string]> = []) {
    for (const [uri, text] of files) this.documents.set(uri, textDocument(uri, 1, text));
  }

  getDocuments(): Iterable<WorkspaceDocument> {
    return this.documents.values();
  }

  getDocument(uri: string): WorkspaceDocument | undefined {
    return this.documents.get(uri);
  }

  /** Adds a file or replaces its text, as an editor or a `git checkout` would. */
  set(uri: string, text: string): WorkspaceDocument {
    const version = (this.documents.get(uri)?.version ?? 0) + 1;
    const document = textDocument(uri, version, text);
    this.documents.set(uri, document);
    this.changed.fire(document);
    return document;
  }

  delete(uri: string): void {
    if (this.documents.delete(uri)) this.deleted.fire(uri);
  }
}

function textDocument(uri: string, version: number, text: string): WorkspaceDocument {
  return { uri, version, getText: () => text };
}
