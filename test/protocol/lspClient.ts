/**
 * A minimal language client for protocol tests: it starts the real
 * `framework-language-server` process over stdio and talks JSON-RPC to it, with no
 * mocks, as an editor does.
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const serverPath = path.resolve(__dirname, '../../../dist/server.js');

export interface Registration {
  readonly id: string;
  readonly method: string;
  readonly registerOptions: unknown;
}

/** How the server's Node process is started, for tests that watch it from inside. */
export interface ServerProcessOptions {
  /** Options for Node itself, before the server's path (such as `--require FILE`). */
  readonly nodeArgs?: readonly string[];
  /** The server's environment; the test process's by default. */
  readonly env?: NodeJS.ProcessEnv;
}

export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** Every publication of diagnostics, in the order they arrived. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** The latest diagnostics published per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly registrations: Registration[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  /** Settles when the server's process has ended, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  /** What the server asks `workspace/configuration` for, per section. */
  configuration: Record<string, unknown> = {};

  /**
   * Starts the server over stdio, as other editors do, or over Node IPC, as the
   * extension does.
   */
  constructor(transport: 'stdio' | 'ipc' = 'stdio', options: ServerProcessOptions = {}) {
    const { nodeArgs = [], env = process.env } = options;
    if (transport === 'ipc') {
      this.process = fork(serverPath, ['--node-ipc'], {
        stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
        execArgv: [...nodeArgs],
        env,
      });
      this.connection = createProtocolConnection(
        new IPCMessageReader(this.process),
        new IPCMessageWriter(this.process),
      );
    } else {
      this.process = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env,
      });
      this.connection = createProtocolConnection(
        new StreamMessageReader(this.process.stdout as NodeJS.ReadableStream),
        new StreamMessageWriter(this.process.stdin as NodeJS.WritableStream),
      );
    }
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.process.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: PublishDiagnosticsParams) => {
        this.diagnostics.set(params.uri, params);
        this.published.push(params);
        this.wake();
      },
    );
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('framework/indexChanged', (params: unknown) => {
      this.notifications.push({ method: 'framework/indexChanged', params });
      this.wake();
    });
    this.connection.onRequest(
      'client/registerCapability',
      (params: { registrations: Registration[] }) => {
        this.registrations.push(...params.registrations);
        return null;
      },
    );
    this.connection.onRequest(
      'client/unregisterCapability',
      (params: { unregisterations: { id: string }[] }) => {
        // The protocol's own spelling of the field.
        const gone = new Set(params.unregisterations.map((registration) => registration.id));
        const kept = this.registrations.filter((registration) => !gone.has(registration.id));
        this.registrations.splice(0, this.registrations.length, ...kept);
        return null;
      },
    );
    this.connection.onRequest(
      'workspace/configuration',
      (params: { items: { section?: string }[] }) =>
        params.items.map((item) =>
          item.section ? (this.configuration[item.section] ?? null) : null,
        ),
    );
    this.connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.connection.listen();
  }

  async initialize(
    folder: string,
    capabilities: ClientCapabilities = defaultCapabilities,
    initializationOptions: Record<string, unknown> = {},
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: path.basename(folder) }],
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'framework-yaml', version: 1, text },
    });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<number> {
    return this.sendChanges(uri, [{ text }]);
  }

  /**
   * Sends content changes of an open document, as an editor with incremental sync
   * does: each change's range is on the text the changes before it left. Returns the
   * new version.
   */
  async sendChanges(
    uri: string,
    contentChanges: TextDocumentContentChangeEvent[],
  ): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** Tells the server that files changed on disk (1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /**
   * Waits until the published diagnostics of a URI satisfy a condition. Fails with
   * what was last seen after `timeout` ms, so a test never hangs.
   */
  async diagnosticsFor(
    uri: string,
    accept: (diagnostics: Diagnostic[]) => boolean = () => true,
    timeout = 10_000,
  ): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const published = this.diagnostics.get(uri);
        return published && accept(published.diagnostics) ? published.diagnostics : undefined;
      },
      timeout,
      () => `diagnostics for ${uri}: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics)}`,
    );
  }

  async waitFor<T>(
    probe: () => T | undefined,
    timeout: number,
    describe: () => string,
  ): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`Timed out waiting for ${describe()}`);
      await new Promise<void>((resolve) => {
        // Woken by any message, or after a short while for conditions no message signals.
        const timer = setTimeout(resolve, Math.min(remaining, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private stopping: Promise<void> | undefined;

  /** Shuts the server down as an editor does; calling it again waits for the first call. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // The process may already be gone; it is killed below either way.
      }
      this.connection.dispose();
      this.process.kill();
    })();
    return this.stopping;
  }
}

export const defaultCapabilities: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    // As VS Code declares them: lists may share their items' edit range.
    completion: {
      completionItem: { snippetSupport: true },
      completionList: {
        itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'data'],
      },
    },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};
