/**
 * Nothing the language server does starts a process, reaches the network, loads native
 * code or compiles code from a string. The bundled server (dist/server.js) runs with
 * tripwires preloaded over each of them (preload/tripwires.ts) through a whole session,
 * over stdio and over IPC, with hostile files in the workspace; no tripwire may be
 * reached. ESLint forbids importing these modules in the sources; this test is the
 * authority for what the bundles, dependencies included, do at run time.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  Location,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type {
  FrameworkTreeResult,
  NewItemResult,
  StrategyMapResult,
  WorkspaceCounts,
} from '../../server/src/protocol';
import { LspTestClient } from '../protocol/lspClient';

const repository = path.resolve(__dirname, '../../..');
const tripwires = path.join(__dirname, 'preload', 'tripwires.js');
const exampleText = (name: string): string =>
  fs.readFileSync(path.join(repository, 'examples', `${name}.framework.yaml`), 'utf8');

/** What a tripwire log holds: the tripwires laid, then whatever was reached. */
interface TripwireLog {
  readonly laid: readonly string[];
  readonly reached: readonly { reached: string; stack: string }[];
}

function readLog(file: string): TripwireLog {
  const entries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { laid?: string[]; reached?: string; stack?: string });
  const laid = entries.find((entry) => entry.laid)?.laid;
  assert.ok(laid, `the preload ran and logged its tripwires: ${JSON.stringify(entries)}`);
  return {
    laid,
    reached: entries.flatMap((entry) =>
      entry.reached ? [{ reached: entry.reached, stack: entry.stack ?? '' }] : [],
    ),
  };
}

/** The tripwires every run must lay, or the test would prove nothing about them. */
const essential = [
  'child_process.spawn',
  'child_process.exec',
  'child_process.fork',
  'worker_threads.Worker',
  'net.connect',
  'net.Socket.connect',
  'http.request',
  'https.request',
  'fetch',
  'eval',
  'Function',
  'AsyncFunction',
  'vm.runInThisContext',
];

/** A file whose YAML asks for code to run, with aliases; the service must only read it. */
const hostile = [
  'framework: hostile',
  'title: !!js/function "function () { return require(\'child_process\') }"',
  'description: !<tag:yaml.org,2002:js/eval> "process.exit(3)"',
  'goals:',
  '  - &goal { id: "1", title: !!python/object/apply:os.system ["true"] }',
  '  - *goal',
  '',
].join('\n');

describe('the language server at run time', function () {
  this.timeout(60_000);
  let folder: string;
  let log: string;
  const client: { current?: LspTestClient } = {};
  const file = (name: string): string => path.join(folder, `${name}.framework.yaml`);
  const uri = (name: string): string => URI.file(file(name)).toString();

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-security-'));
    log = path.join(folder, 'tripwires.jsonl');
    fs.writeFileSync(file('early'), exampleText('interpol-2014-2016'));
    fs.writeFileSync(file('late'), exampleText('interpol-2017-2020'));
    fs.writeFileSync(file('hostile'), hostile);
  });

  afterEach(async () => {
    await client.current?.shutdown();
    client.current = undefined;
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('has tripwires that trip on every forbidden call', () => {
    // Each call is made by a plain script under the same preload; each must be refused
    // and logged, or a clean run of the server below would mean nothing.
    const calls: [name: string, call: string][] = [
      ['child_process.spawn', "require('child_process').spawn('true')"],
      ['child_process.exec', "require('child_process').exec('true')"],
      ['child_process.fork', "require('child_process').fork('x.js')"],
      ['worker_threads.Worker', "new (require('worker_threads').Worker)('x.js')"],
      ['net.connect', "require('net').connect(80, 'example.com')"],
      ['net.Socket.connect', "new (require('net').Socket)().connect(80, 'example.com')"],
      ['http.request', "require('http').request('http://example.com')"],
      ['https.request', "require('https').request('https://example.com')"],
      ['fetch', "fetch('https://example.com')"],
      ['eval', "eval('1 + 1')"],
      ['eval', "(0, eval)('1 + 1')"],
      ['Function', "new Function('return 1')"],
      ['Function', "(function () {}).constructor('return 1')"],
      ['AsyncFunction', "(async function () {}).constructor('return 1')"],
      ['vm.runInThisContext', "require('vm').runInThisContext('1')"],
    ];
    const script = path.join(folder, 'reach.js');
    fs.writeFileSync(
      script,
      calls
        .map(([name, call]) => `try { ${call}; console.log('ran ${name}'); } catch {}`)
        .join('\n'),
    );
    const run = spawnSync(process.execPath, ['--require', tripwires, script], {
      cwd: folder,
      env: { ...process.env, STRATEGIC_FRAMEWORKS_TRIPWIRES: log },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '', 'no forbidden call ran');
    const { laid, reached } = readLog(log);
    for (const name of essential) assert.ok(laid.includes(name), `${name} is laid`);
    assert.deepEqual(
      reached.map((entry) => entry.reached),
      calls.map(([name]) => name),
    );
  });

  for (const transport of ['stdio', 'ipc'] as const) {
    it(`reaches none of them in a whole session over ${transport}`, async () => {
      const server = new LspTestClient(transport, {
        nodeArgs: ['--require', tripwires],
        env: { ...process.env, STRATEGIC_FRAMEWORKS_TRIPWIRES: log },
      });
      client.current = server;
      await driveWholeSession(server);
      // A clean exit: the server ran to the end of the session without a fault.
      await server.request('shutdown', null);
      await server.connection.sendNotification('exit');
      assert.deepEqual(await server.exited, { code: 0, signal: null });

      const { laid, reached } = readLog(log);
      for (const name of essential) assert.ok(laid.includes(name), `${name} is laid`);
      assert.deepEqual(reached, [], 'the server reached a forbidden call');
    });
  }

  /** Every feature the server has, on the examples and on the hostile file. */
  async function driveWholeSession(server: LspTestClient): Promise<void> {
    await server.initialize(folder, undefined, {
      cacheDirectory: path.join(folder, '.cache'),
      strategicFrameworks: { validation: { delay: 50 } },
    });
    await server.diagnosticsFor(uri('early'));
    await server.diagnosticsFor(uri('late'));
    const hostileProblems = await server.diagnosticsFor(uri('hostile'), (d) => d.length > 0);
    assert.ok(hostileProblems.length > 0);

    const late = exampleText('interpol-2017-2020');
    await server.open(uri('late'), late);
    await server.open(uri('hostile'), hostile);
    const reference = late.indexOf('interpol-2014-2016:1"') + 'interpol-2014-2016:'.length;
    const before = late.slice(0, reference).split('\n');
    const at = {
      textDocument: { uri: uri('late') },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    };
    const whole = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

    const hover = await server.request<Hover | null>('textDocument/hover', at);
    assert.ok(hover, 'hover answers');
    for (const method of ['definition', 'declaration', 'references', 'documentHighlight']) {
      const locations = await server.request<Location[]>(`textDocument/${method}`, {
        ...at,
        context: { includeDeclaration: true },
      });
      assert.ok(locations.length > 0, `${method} answers`);
    }
    assert.ok(await server.request('textDocument/prepareRename', at));
    const rename = await server.request<WorkspaceEdit>('textDocument/rename', {
      ...at,
      newName: '10',
    });
    assert.ok(rename.documentChanges && rename.documentChanges.length > 0);
    const completion = await server.request<CompletionList>('textDocument/completion', at);
    assert.ok(completion.items.length > 0);
    await server.request<CompletionItem>('completionItem/resolve', completion.items[0]);
    for (const name of ['late', 'hostile']) {
      const document = { textDocument: { uri: uri(name) } };
      await server.request('textDocument/documentSymbol', document);
      await server.request('textDocument/codeLens', document);
      await server.request('textDocument/inlayHint', { ...document, range: whole });
      await server.request('textDocument/hover', {
        ...document,
        position: { line: 1, character: 9 },
      });
    }
    await server.request('workspace/symbol', { query: 'police' });
    const tree = await server.request<FrameworkTreeResult>('framework/tree', {});
    assert.ok(tree.frameworks.length >= 2);
    await server.request('framework/traceability', { qualifiedId: 'interpol-2014-2016:1' });
    await server.request('framework/traceability', at);
    const added = await server.request<NewItemResult>('framework/newItem', {
      parent: 'interpol-2014-2016:3',
      kind: 'objective',
    });
    assert.equal(added.id, '3.6');
    await server.request<WorkspaceCounts>('framework/counts', {});
    // The strategy map runs the layout library (dagre) and the SVG renderer in the server.
    const map = await server.request<StrategyMapResult>('framework/strategyMap', {});
    assert.ok(map.svg.includes('data-node="interpol-2017-2020:1"'));

    // Edits, a quick fix, a save, a file on disk, a settings change and a close.
    const broken = late.replace('interpol-2014-2016:1"', 'interpol-2014-2016:77"');
    await server.change(uri('late'), broken);
    const diagnostics = await server.diagnosticsFor(uri('late'), (d) => d.length > 0);
    await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('late') },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    await server.change(uri('late'), late);
    await server.save(uri('late'));
    await server.diagnosticsFor(uri('late'), (d: Diagnostic[]) => d.length === 0);
    fs.writeFileSync(file('extra'), 'framework: extra\ntitle: Extra\n');
    await server.filesChanged([{ uri: uri('extra'), type: 1 }]);
    await server.diagnosticsFor(uri('extra'));
    server.configuration = {
      strategicFrameworks: { diagnostics: { severity: { 'id-numbering': 'off' } } },
    };
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await server.close(uri('hostile'));
    await server.close(uri('late'));
    // The diagnostics cache is written a moment after the last publication.
    const cacheFile = path.join(folder, '.cache', 'diagnostics-cache.json');
    await server.waitFor(
      () => (fs.existsSync(cacheFile) ? true : undefined),
      10_000,
      () => cacheFile,
    );
  }
});
