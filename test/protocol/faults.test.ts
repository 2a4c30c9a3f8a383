/**
 * Faults: malformed requests and notifications that reach the real server's handlers,
 * a promise rejection nobody handles inside the server process, and a server killed
 * in mid-session. Each time the server (or the one started after it) keeps serving.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResponseError } from 'vscode-languageserver-protocol';
import type { Hover } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { WorkspaceCounts } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';

const repository = path.resolve(__dirname, '../../..');
const exampleText = (name: string): string =>
  fs.readFileSync(path.join(repository, 'examples', `${name}.framework.yaml`), 'utf8');
/** JSON-RPC's code for an error inside the server (the guard's answer to a fault). */
const internalError = -32603;
/** A preload that leaves a rejection unhandled in the server when it gets SIGUSR2. */
const rejectOnSignal = path.join(__dirname, 'preload', 'rejectOnSignal.js');

describe('the language server under faults', function () {
  this.timeout(30_000);
  let folder: string;
  const clients: LspTestClient[] = [];
  const file = (name: string): string => path.join(folder, `${name}.framework.yaml`);
  const uri = (name: string): string => URI.file(file(name)).toString();

  async function start(
    initializationOptions: Record<string, unknown> = {},
    nodeArgs: string[] = [],
  ): Promise<LspTestClient> {
    const client = new LspTestClient('stdio', { nodeArgs });
    clients.push(client);
    await client.initialize(folder, undefined, initializationOptions);
    await client.diagnosticsFor(uri('late'));
    return client;
  }

  /** Shows that a server still serves: a hover across files, and counts of every file. */
  async function assertServing(client: LspTestClient, files = 2): Promise<void> {
    const late = exampleText('interpol-2017-2020');
    const reference = late.indexOf('interpol-2014-2016:1"') + 'interpol-2014-2016:'.length;
    const before = late.slice(0, reference).split('\n');
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uri('late') },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    assert.match(JSON.stringify(hover?.contents), /Secure global police information system/);
    const counts = await client.request<WorkspaceCounts>('framework/counts', {});
    assert.equal(counts.files, files);
    assert.equal(client.process.exitCode, null, 'the server process is still running');
  }

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-faults-'));
    fs.writeFileSync(file('early'), exampleText('interpol-2014-2016'));
    fs.writeFileSync(file('late'), exampleText('interpol-2017-2020'));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('answers each malformed request with an error naming it, logs why, and keeps serving', async () => {
    const client = await start();
    const doc = { uri: uri('late') };
    const here = { line: 3, character: 4 };
    const lines = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    // Valid JSON that reaches the handlers, but not what the protocol says they receive.
    const malformed: [method: string, params: unknown, what: string][] = [
      ['textDocument/hover', {}, 'no text document'],
      ['textDocument/completion', { textDocument: doc, position: null }, 'a null position'],
      ['textDocument/references', { textDocument: doc, position: here }, 'no context'],
      ['textDocument/codeAction', { textDocument: doc, range: lines }, 'no context'],
      [
        'textDocument/codeAction',
        {
          textDocument: doc,
          range: lines,
          context: { diagnostics: [{ code: 'unresolved-reference', range: 5 }] },
        },
        'a diagnostic whose range is a number',
      ],
      ['textDocument/inlayHint', { textDocument: doc }, 'no range'],
      ['textDocument/codeLens', {}, 'no text document'],
      ['workspace/symbol', { query: 5 }, 'a query that is a number'],
      ['framework/traceability', { qualifiedId: 5 }, 'an ID that is a number'],
      ['framework/newItem', {}, 'no parent'],
    ];
    for (const [method, params, what] of malformed) {
      const error = await client.request(method, params).then(
        (result) => assert.fail(`${method} with ${what} answered ${JSON.stringify(result)}`),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof ResponseError, `${method} with ${what}: ${String(error)}`);
      assert.equal(error.code, internalError, `${method} with ${what}`);
      assert.match(error.message, new RegExp(`could not answer ${method}: \\w`), what);
      assert.match(error.message, /still running/, what);
    }
    // The log has each failure with its stack, for the bug report the message asks for.
    for (const method of new Set(malformed.map(([method]) => method))) {
      assert.ok(
        client.logs.some((line) => line.startsWith(`${method} failed: TypeError`)),
        `the log names ${method}: ${client.logs.join('\n')}`,
      );
    }

    // Requests that are well-formed but name what is not there get empty answers.
    const empty: [method: string, params: unknown][] = [
      ['textDocument/hover', { textDocument: { uri: 'file:///nowhere.yaml' }, position: here }],
      ['textDocument/hover', { textDocument: doc, position: { line: 99_999, character: 0 } }],
      ['textDocument/hover', { textDocument: doc, position: { line: -1, character: -5 } }],
      ['textDocument/definition', { textDocument: { uri: 'not a URI' }, position: here }],
      ['framework/traceability', { qualifiedId: 'nowhere:1' }],
    ];
    for (const [method, params] of empty) {
      const result = await client.request<unknown>(method, params);
      assert.ok(
        result === null || (Array.isArray(result) && result.length === 0),
        `${method} ${JSON.stringify(params)} answered ${JSON.stringify(result)}`,
      );
    }
    await assertServing(client);
  });

  it('logs each notification that fails, publishes on the next edit, and keeps serving', async () => {
    const client = await start();
    // The client answers the server's next configuration request with an error, so that
    // the configuration change below fails inside the server.
    client.connection.onRequest(
      'workspace/configuration',
      () => new ResponseError(internalError, 'the test refuses to give the configuration'),
    );
    const notifications: [method: string, params: unknown][] = [
      ['workspace/didChangeWatchedFiles', {}],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 5, type: 2 }] }],
      ['workspace/didChangeWorkspaceFolders', { event: {} }],
      ['workspace/didChangeConfiguration', { settings: null }],
      ['textDocument/didOpen', {}],
      ['textDocument/didChange', { textDocument: { uri: uri('late'), version: 2 } }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///nowhere.yaml', version: 2 } }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///nowhere.yaml' } }],
    ];
    for (const [method, params] of notifications) {
      await client.connection.sendNotification(method, params);
    }
    for (const method of [
      'workspace/didChangeWatchedFiles',
      'workspace/didChangeWorkspaceFolders',
      'workspace/didChangeConfiguration',
    ]) {
      await client.waitFor(
        () => client.logs.find((line) => line.startsWith(`Handling ${method} failed: `)),
        10_000,
        () => `the log to name ${method}: ${client.logs.join('\n')}`,
      );
    }
    // Every failure went through the guard: none was left to `unhandledRejection`.
    assert.ok(!client.logs.some((line) => /Unhandled rejection/.test(line)), client.logs.join());

    // Editing still works: a broken reference is reported.
    const late = exampleText('interpol-2017-2020');
    await client.open(uri('late'), late);
    await client.change(
      uri('late'),
      late.replace('interpol-2014-2016:1"', 'interpol-2014-2016:77"'),
    );
    const diagnostics = await client.diagnosticsFor(uri('late'), (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unresolved-reference'],
    );
    await client.change(uri('late'), late);
    await client.diagnosticsFor(uri('late'), (d) => d.length === 0);
    await assertServing(client);
  });

  it('logs a promise rejection left unhandled in its process and keeps serving', async function () {
    if (process.platform === 'win32') this.skip(); // Windows has no SIGUSR2.
    const client = await start({}, ['--require', rejectOnSignal]);
    client.process.kill('SIGUSR2');
    const logged = await client.waitFor(
      () => client.logs.find((line) => line.startsWith('Unhandled rejection: ')),
      10_000,
      () => `the rejection in the log: ${client.logs.join('\n')}`,
    );
    assert.match(logged, /Error: left unhandled by the test/);
    await assertServing(client);
  });

  it('lets a new server start where a killed one left off, and ignores a torn cache', async function () {
    if (process.platform === 'win32') this.skip(); // SIGKILL is POSIX.
    const cacheDirectory = path.join(folder, '.cache');
    const cacheFile = path.join(cacheDirectory, 'diagnostics-cache.json');
    fs.writeFileSync(
      file('extra'),
      'framework: extra\ntitle: Extra\ngoals:\n  - id: "1"\n    title: One\n    supports: ["interpol-2014-2016:77"]\n',
    );
    const broken = (d: { code?: unknown }[]): boolean =>
      d.map((diagnostic) => diagnostic.code).join() === 'unresolved-reference';

    const killed = await start({ cacheDirectory });
    await killed.diagnosticsFor(uri('extra'), broken);
    await killed.waitFor(
      () => (fs.existsSync(cacheFile) ? true : undefined),
      10_000,
      () => cacheFile,
    );
    killed.process.kill('SIGKILL');
    assert.deepEqual(await killed.exited, { code: null, signal: 'SIGKILL' });

    // What the editor's client does next: start a new server over the same workspace.
    const restarted = await start({ cacheDirectory });
    await restarted.diagnosticsFor(uri('extra'), broken);
    await restarted.waitFor(
      () => restarted.logs.find((line) => /from the cache/.test(line)),
      10_000,
      () => `the cache to be used: ${restarted.logs.join('\n')}`,
    );
    await assertServing(restarted, 3);
    await restarted.shutdown();

    // A process killed while writing without the atomic rename would leave half a file:
    // the next server ignores it and builds the index as on a first start.
    const text = fs.readFileSync(cacheFile, 'utf8');
    fs.writeFileSync(cacheFile, text.slice(0, Math.floor(text.length / 2)));
    const afterTear = await start({ cacheDirectory });
    await afterTear.diagnosticsFor(uri('extra'), broken);
    // The requests here answer after any log line sent before them.
    await assertServing(afterTear, 3);
    assert.ok(
      !afterTear.logs.some((line) => /from the cache/.test(line)),
      'the torn cache is not used',
    );
  });
});
