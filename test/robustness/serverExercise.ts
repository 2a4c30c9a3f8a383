/**
 * The real language server over stdio, driven as an editor drives it, with every
 * answer checked by `invariants.ts`: the protocol-level counterpart of
 * `exercise.ts`, for the fuzz cases, the corpus and the hostile inputs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { decodeFrameworkFile } from '../../server/src/node/files';
import type { FrameworkTreeResult } from '../../server/src/protocol';
import { LspTestClient } from '../protocol/lspClient';
import type { Random } from '../random';
import { randomOutsidePosition, randomPosition, renameNames } from './exercise';
import { examples } from './inputs';
import {
  assertCodeActions,
  assertCodeLenses,
  assertCompletions,
  assertDiagnostics,
  assertDocumentSymbols,
  assertFrameworkTree,
  assertHighlights,
  assertHover,
  assertInlayHints,
  assertLocations,
  assertPrepareRename,
  assertWorkspaceEdit,
  DocumentLines,
} from './invariants';

/** JSON-RPC's code for a refusal meant for the user, such as a rename that cannot be done. */
const requestFailed = -32803;

/** A server over a temporary folder holding the two examples, with no debounce. */
export class FuzzServer {
  readonly client = new LspTestClient();
  /** The texts the server holds, by URI (the files on disk and the open documents), as lines. */
  private readonly lines = new Map<string, DocumentLines>();
  /** The editor versions of open documents, for checking versioned edits. */
  private readonly versions = new Map<string, number>();

  private constructor(readonly folder: string) {}

  static async start(
    extraFiles: Readonly<Record<string, Buffer | string>> = {},
  ): Promise<FuzzServer> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-fuzz-'));
    const server = new FuzzServer(folder);
    for (const [name, text] of Object.entries(examples))
      server.writeFile(`${name}.framework.yaml`, text);
    for (const [name, content] of Object.entries(extraFiles)) server.writeFile(name, content);
    // Diagnostics are published at once rather than after the typing pause, so that
    // each case waits only for the server's work.
    const settings = { validation: { delay: 0 } };
    server.client.configuration = { strategicFrameworks: settings };
    await server.client.initialize(folder, undefined, { strategicFrameworks: settings });
    return server;
  }

  uriOf(name: string): string {
    return URI.file(path.join(this.folder, name)).toString();
  }

  /**
   * Writes a file into the folder; the server reads it at start, or when told with
   * `diskChanged`. Its text is what the server makes of the bytes.
   */
  writeFile(name: string, content: Buffer | string): string {
    const filePath = path.join(this.folder, name);
    fs.writeFileSync(filePath, content);
    const uri = this.uriOf(name);
    this.lines.set(
      uri,
      new DocumentLines(typeof content === 'string' ? content : decodeFrameworkFile(content)),
    );
    return uri;
  }

  /**
   * Tells the server a file was created (1), changed (2) or deleted (3) on disk. A
   * deletion waits until the server has dropped the file (it publishes its empty
   * diagnostics), so that no later answer may still point into it.
   */
  async diskChanged(uri: string, type: 1 | 2 | 3): Promise<void> {
    if (type !== 3) {
      await this.client.filesChanged([{ uri, type }]);
      return;
    }
    await this.untilDropped(uri, () => this.client.filesChanged([{ uri, type }]));
  }

  /** Does what removes a file from the server's workspace, and waits until it is gone. */
  private async untilDropped(uri: string, remove: () => Promise<void>): Promise<void> {
    const before = this.client.published.length;
    await remove();
    await this.client.waitFor(
      () =>
        this.client.published
          .slice(before)
          .some((published) => published.uri === uri && published.diagnostics.length === 0)
          ? true
          : undefined,
      10_000,
      () => `the server to drop ${uri}`,
    );
    this.lines.delete(uri);
  }

  /** Opens a document, or replaces its whole text; returns its new editor version. */
  async setText(uri: string, text: string): Promise<number> {
    this.lines.set(uri, new DocumentLines(text));
    if (!this.versions.has(uri)) {
      await this.client.open(uri, text);
      this.versions.set(uri, 1);
      return 1;
    }
    const version = await this.client.change(uri, text);
    this.versions.set(uri, version);
    return version;
  }

  /** Closes a document that is not on disk, which leaves the workspace with it. */
  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.untilDropped(uri, () => this.client.close(uri));
  }

  get documents(): ReadonlyMap<string, DocumentLines> {
    return this.lines;
  }

  /** The editor version edits must carry: the open document's, none for a file on disk. */
  readonly versionOf = (uri: string): number | null => this.versions.get(uri) ?? null;

  /**
   * Waits for the diagnostics of a document's latest version (or, for a file on disk,
   * for diagnostics `accept` takes) and checks them.
   */
  async diagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[]) => boolean = () => true,
    timeout = 10_000,
  ): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const published = await this.client.waitFor(
      () => {
        const latest = this.client.diagnostics.get(uri);
        if (!latest) return undefined;
        if (version !== undefined && latest.version !== version) return undefined;
        return accept(latest.diagnostics) ? latest.diagnostics : undefined;
      },
      timeout,
      () =>
        `diagnostics of ${uri} version ${version}: ${JSON.stringify(this.client.diagnostics.get(uri))?.slice(0, 500)}`,
    );
    assertDiagnostics(this.documents, uri, published, `published diagnostics of ${uri}`);
    return published;
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.client.process.exitCode === null && this.client.process.signalCode === null;
  }

  async stop(): Promise<void> {
    await this.client.shutdown();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }

  /**
   * Every request an editor makes on a document, at `positions` random positions,
   * all sent at once as an editor does, each answer checked. Refusals meant for the
   * user (rename) are accepted; any other error is not.
   */
  async exercise(uri: string, random: Random, positions = 2): Promise<number> {
    const documents = this.documents;
    const lines = documents.get(uri);
    assert.ok(lines, `${uri} is known`);
    const textDocument = { uri };
    const diagnostics = this.client.diagnostics.get(uri)?.diagnostics ?? [];
    const whole: Range = { start: { line: 0, character: 0 }, end: lines.end };
    const checks: Promise<void>[] = [];
    const ask = <T>(
      method: string,
      params: unknown,
      check: (answer: T) => void,
      refusable = false,
    ): void => {
      checks.push(
        this.client.request<T>(method, params).then(check, (error: unknown) => {
          const code = (error as { code?: unknown }).code;
          if (refusable && code === requestFailed) return;
          throw new Error(
            `${method} ${JSON.stringify(params).slice(0, 200)} failed: ${String(error)}`,
          );
        }),
      );
    };
    ask<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument }, (answer) =>
      assertDocumentSymbols(lines, answer ?? [], 'document symbols'),
    );
    ask<CodeLens[]>('textDocument/codeLens', { textDocument }, (answer) =>
      assertCodeLenses(lines, answer, 'code lenses'),
    );
    ask<InlayHint[]>('textDocument/inlayHint', { textDocument, range: whole }, (answer) =>
      assertInlayHints(lines, whole, answer, 'inlay hints'),
    );
    for (const diagnostic of diagnostics.slice(0, 3)) {
      ask<CodeAction[]>(
        'textDocument/codeAction',
        { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
        (answer) => assertCodeActions(documents, answer, 'code actions', this.versionOf),
      );
    }
    ask<FrameworkTreeResult>('framework/tree', {}, (answer) =>
      assertFrameworkTree(documents, answer.frameworks, 'framework tree'),
    );
    const at: Position[] = Array.from({ length: positions }, () => randomPosition(lines, random));
    for (const position of at) {
      const params = { textDocument, position };
      const what = `at ${JSON.stringify(position)}`;
      ask<Hover | null>('textDocument/hover', params, (answer) => assertHover(lines, answer, what));
      ask<CompletionList | null>('textDocument/completion', params, (answer) =>
        assertCompletions(lines, position, answer, what),
      );
      ask<Location[]>('textDocument/definition', params, (answer) =>
        assertLocations(documents, answer, what),
      );
      ask<Location[]>(
        'textDocument/references',
        { ...params, context: { includeDeclaration: true } },
        (answer) => assertLocations(documents, answer, what),
      );
      ask<DocumentHighlight[]>('textDocument/documentHighlight', params, (answer) =>
        assertHighlights(lines, answer, what),
      );
      ask<{ range: Range; placeholder: string } | null>(
        'textDocument/prepareRename',
        params,
        (answer) => assertPrepareRename(lines, position, answer, what),
        true,
      );
      ask<WorkspaceEdit | null>(
        'textDocument/rename',
        { ...params, newName: random.pick(renameNames) },
        (answer) => {
          if (answer) assertWorkspaceEdit(documents, answer, `${what}: rename`, this.versionOf);
        },
        true,
      );
    }
    const outside = randomOutsidePosition(lines, random);
    ask<Hover | null>('textDocument/hover', { textDocument, position: outside }, (answer) =>
      assertHover(lines, answer, `outside at ${JSON.stringify(outside)}`),
    );
    await Promise.all(checks);
    return checks.length;
  }
}

/** Where a piece of text starts in a document, as an LSP position. */
function positionOf(text: string, needle: string, offset = 0): Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} is in the text`);
  return new DocumentLines(text).positionAt(index + offset);
}

/**
 * Checks that the server still serves an ordinary file correctly: opened beside
 * whatever the test put in the workspace, it gets exactly its one diagnostic, and a
 * hover across files names the right item. Closes it again.
 */
export async function assertServesNormalFile(server: FuzzServer): Promise<void> {
  assert.ok(server.alive, 'the server process is running');
  const uri = server.uriOf('still-served.framework.yaml');
  const text = [
    'framework: still-served',
    'title: Still served',
    'goals:',
    '  - id: "1"',
    '    title: One',
    '    supports: ["interpol-2014-2016:1", "interpol-2014-2016:99"]',
    '',
  ].join('\n');
  await server.setText(uri, text);
  const diagnostics = await server.diagnostics(uri);
  assert.deepEqual(
    diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start]),
    [['unresolved-reference', positionOf(text, '99')]],
  );
  const hover = await server.client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: positionOf(text, 'interpol-2014-2016:1"', 19),
  });
  assert.match(JSON.stringify(hover?.contents), /Secure global police information system/);
  await server.close(uri);
}
