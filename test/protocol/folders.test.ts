/**
 * Folders moved, copied, renamed and replaced on disk while the server runs.
 *
 * Editors report such a folder once, for the folder (created, or deleted and created),
 * and never for the files in it: the server must read the folder as its first scan
 * would, leaving out what that scan leaves out.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { FrameworkTreeResult, WorkspaceCounts } from '../../server/src/protocol';
import type { Registration } from './lspClient';
import { LspTestClient } from './lspClient';

/** A framework with one goal, supporting the items named. */
function framework(id: string, ...supports: string[]): string {
  const list = supports.map((reference) => `"${reference}"`).join(', ');
  return (
    `framework: ${id}\ntitle: Framework ${id}\ngoals:\n  - id: "1"\n    title: Goal of ${id}\n` +
    (supports.length > 0 ? `    supports: [${list}]\n` : '')
  );
}

/** Writes files (by relative path) under a folder, creating the folders they are in. */
function writeFiles(folder: string, files: Readonly<Record<string, string>>): void {
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    fs.writeFileSync(path.join(folder, relative), text);
  }
}

const codesOf = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((diagnostic) => String(diagnostic.code));

/** Resolves once `condition` holds, or fails after five seconds. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The watcher registered for `globPattern`, with its kinds (7, all of them, when unsaid). */
function watchedKinds(registrations: readonly Registration[], globPattern: string): number {
  const watchers = registrations
    .filter((registration) => registration.method === 'workspace/didChangeWatchedFiles')
    .flatMap(
      (registration) =>
        (registration.registerOptions as { watchers: { globPattern: unknown; kind?: number }[] })
          .watchers,
    );
  return watchers
    .filter((watcher) => watcher.globPattern === globPattern)
    .reduce((kinds, watcher) => kinds | (watcher.kind ?? 7), 0);
}

describe('folders moved, copied and renamed on disk', function () {
  this.timeout(30_000);
  let folder: string;
  /** A folder outside the workspace, where folders are made before they are moved in. */
  let outside: string;
  let client: LspTestClient;
  const uri = (relative: string): string => URI.file(path.join(folder, relative)).toString();
  const created = (relative: string): { uri: string; type: 1 } => ({ uri: uri(relative), type: 1 });
  const deleted = (relative: string): { uri: string; type: 3 } => ({ uri: uri(relative), type: 3 });

  /** Starts the server on the workspace and waits for the diagnostics of `files`. */
  async function start(files: readonly string[], settings: Record<string, unknown> = {}) {
    client.configuration = { strategicFrameworks: settings };
    await client.initialize(folder, undefined, { strategicFrameworks: settings });
    for (const file of files) await client.diagnosticsFor(uri(file));
  }

  /** The URIs workspace symbols are found in, for the goals every framework here has. */
  async function symbolUris(): Promise<string[]> {
    const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', {
      query: 'Goal of',
    });
    return [...new Set(symbols.map((symbol) => symbol.location.uri))].sort();
  }

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-folders-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-outside-'));
    client = new LspTestClient();
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('asks to be told of folders created, not only of framework files', async () => {
    await start([]);
    await client.request('framework/counts', {});
    const kinds = watchedKinds(client.registrations, '**/*');
    assert.equal(kinds & 1, 1, 'creations of anything are watched');
    assert.equal(kinds & 4, 4, 'deletions of anything are watched');
  });

  it('hands the editor no include glob a backtracking matcher could hang on, and watches changes of anything instead', async () => {
    await start([], { files: { include: ['**/*.framework.yaml', '**/*a*a*a*a*a*a*b.yaml'] } });
    await client.request('framework/counts', {});
    assert.equal(watchedKinds(client.registrations, '**/*a*a*a*a*a*a*b.yaml'), 0);
    assert.equal(watchedKinds(client.registrations, '**/*.framework.yaml'), 0);
    assert.equal(watchedKinds(client.registrations, '**/*'), 7, 'every kind of change');
  });

  it('registers its watchers again when the include globs change', async () => {
    await start([]);
    await client.request('framework/counts', {});
    assert.equal(watchedKinds(client.registrations, '**/*.framework.yaml'), 7);
    client.configuration = { strategicFrameworks: { files: { include: ['plans/*.yaml'] } } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: null,
    });
    await waitUntil(() => watchedKinds(client.registrations, 'plans/*.yaml') === 7);
    assert.equal(watchedKinds(client.registrations, '**/*.framework.yaml'), 0, 'the old ones gone');
    assert.equal(watchedKinds(client.registrations, '**/*'), 5, 'creations and deletions');
  });

  it('reads every framework file of a folder moved into the workspace, reported once for the folder', async () => {
    writeFiles(folder, {
      'base.framework.yaml': framework('base'),
      'user.framework.yaml': framework('user', 'two:1'),
    });
    await start(['base.framework.yaml', 'user.framework.yaml']);
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri('user.framework.yaml'))), [
      'unknown-framework',
    ]);

    writeFiles(path.join(outside, 'pack'), {
      'one.framework.yaml': framework('one', 'base:1'),
      'deep/two.framework.yaml': framework('two', 'one:1'),
      'node_modules/dep/three.framework.yaml': framework('three'),
      'notes.md': '# Not a framework\n',
    });
    fs.renameSync(path.join(outside, 'pack'), path.join(folder, 'pack'));
    await client.filesChanged([created('pack')]);

    // The reference that named a framework of the folder resolves, and both files of
    // the folder are checked: one refers to a file that was there, the other to it.
    await client.diagnosticsFor(uri('user.framework.yaml'), (d) => d.length === 0);
    assert.deepEqual(await client.diagnosticsFor(uri('pack/one.framework.yaml')), []);
    assert.deepEqual(await client.diagnosticsFor(uri('pack/deep/two.framework.yaml')), []);
    const tree = await client.request<FrameworkTreeResult>('framework/tree', {});
    assert.deepEqual(
      tree.frameworks.map((node) => [node.id, node.uri]),
      [
        ['base', uri('base.framework.yaml')],
        ['one', uri('pack/one.framework.yaml')],
        ['two', uri('pack/deep/two.framework.yaml')],
        ['user', uri('user.framework.yaml')],
      ],
    );
    assert.deepEqual(
      await symbolUris(),
      [
        uri('base.framework.yaml'),
        uri('pack/deep/two.framework.yaml'),
        uri('pack/one.framework.yaml'),
        uri('user.framework.yaml'),
      ].sort(),
    );
    // What a scan skips stays unread.
    assert.equal(
      client.diagnostics.get(uri('pack/node_modules/dep/three.framework.yaml')),
      undefined,
    );
    assert.equal((await client.request<WorkspaceCounts>('framework/counts', {})).files, 4);

    // A copy of the folder defines its frameworks a second time.
    fs.cpSync(path.join(folder, 'pack'), path.join(folder, 'pack copy'), { recursive: true });
    await client.filesChanged([created('pack copy')]);
    const copied = await client.diagnosticsFor(uri('pack copy/one.framework.yaml'));
    assert.ok(codesOf(copied).includes('duplicate-framework'), JSON.stringify(copied));
    assert.ok(
      codesOf(await client.diagnosticsFor(uri('pack copy/deep/two.framework.yaml'))).includes(
        'duplicate-framework',
      ),
    );
    assert.equal((await client.request<WorkspaceCounts>('framework/counts', {})).files, 6);
  });

  it('moves the files of a folder renamed in the workspace to their new URIs', async () => {
    writeFiles(folder, {
      'base.framework.yaml': framework('base'),
      'pack/one.framework.yaml': framework('one', 'base:1', 'base:9'),
      'pack/deep/two.framework.yaml': framework('two', 'one:1'),
    });
    const before = ['pack/one.framework.yaml', 'pack/deep/two.framework.yaml'];
    const after = ['renamed pack/one.framework.yaml', 'renamed pack/deep/two.framework.yaml'];
    await start(['base.framework.yaml', ...before]);
    assert.deepEqual(codesOf(await client.diagnosticsFor(uri(before[0]))), [
      'unresolved-reference',
    ]);

    fs.renameSync(path.join(folder, 'pack'), path.join(folder, 'renamed pack'));
    await client.filesChanged([deleted('pack'), created('renamed pack')]);

    assert.deepEqual(codesOf(await client.diagnosticsFor(uri(after[0]))), ['unresolved-reference']);
    assert.deepEqual(await client.diagnosticsFor(uri(after[1])), []);
    // The old URIs' problems are cleared, and nothing is found at them any more.
    await client.diagnosticsFor(uri(before[0]), (d) => d.length === 0);
    assert.deepEqual(await symbolUris(), [uri('base.framework.yaml'), ...after.map(uri)].sort());
    assert.equal((await client.request<WorkspaceCounts>('framework/counts', {})).files, 3);
  });

  it('reads a folder replaced by another of the same name as it is now', async () => {
    writeFiles(folder, {
      'base.framework.yaml': framework('base'),
      'pack/old.framework.yaml': framework('old', 'base:9'),
    });
    await start(['base.framework.yaml', 'pack/old.framework.yaml']);
    assert.equal((await client.diagnosticsFor(uri('pack/old.framework.yaml'))).length, 1);

    writeFiles(path.join(outside, 'pack'), { 'new.framework.yaml': framework('new', 'base:1') });
    fs.rmSync(path.join(folder, 'pack'), { recursive: true });
    fs.renameSync(path.join(outside, 'pack'), path.join(folder, 'pack'));
    // Deleted, then created: applied in that order, the new folder's file stays.
    await client.filesChanged([deleted('pack'), created('pack')]);

    assert.deepEqual(await client.diagnosticsFor(uri('pack/new.framework.yaml')), []);
    await client.diagnosticsFor(uri('pack/old.framework.yaml'), (d) => d.length === 0);
    assert.deepEqual(await symbolUris(), [
      uri('base.framework.yaml'),
      uri('pack/new.framework.yaml'),
    ]);
  });

  it('reads a folder reported as changed as it is now, files added and gone', async () => {
    writeFiles(folder, {
      'base.framework.yaml': framework('base'),
      'pack/gone.framework.yaml': framework('gone', 'base:9'),
    });
    await start(['base.framework.yaml', 'pack/gone.framework.yaml']);
    assert.equal((await client.diagnosticsFor(uri('pack/gone.framework.yaml'))).length, 1);

    // A tool changed the folder, and the client reports the folder alone.
    fs.rmSync(path.join(folder, 'pack/gone.framework.yaml'));
    writeFiles(folder, { 'pack/added.framework.yaml': framework('added', 'base:1') });
    await client.filesChanged([{ uri: uri('pack'), type: 2 }]);

    assert.deepEqual(await client.diagnosticsFor(uri('pack/added.framework.yaml')), []);
    await client.diagnosticsFor(uri('pack/gone.framework.yaml'), (d) => d.length === 0);
    assert.deepEqual(await symbolUris(), [
      uri('base.framework.yaml'),
      uri('pack/added.framework.yaml'),
    ]);
  });

  it('leaves unread a folder moved into node_modules, .git or an excluded folder', async () => {
    writeFiles(folder, {
      'base.framework.yaml': framework('base'),
      'pack/one.framework.yaml': framework('one', 'base:9'),
      'archive/.keep': '',
      'deep/node_modules/.keep': '',
      '.git/.keep': '',
    });
    await start(['base.framework.yaml', 'pack/one.framework.yaml'], {
      files: { exclude: ['archive'] },
    });
    assert.equal((await client.diagnosticsFor(uri('pack/one.framework.yaml'))).length, 1);

    const skipped = ['node_modules/a', 'deep/node_modules/b', '.git/c'];
    skipped.forEach((target, index) => {
      const made = path.join(outside, `made${index}`);
      writeFiles(made, { [`f${index}.framework.yaml`]: framework(`f${index}`) });
      fs.mkdirSync(path.dirname(path.join(folder, target)), { recursive: true });
      fs.renameSync(made, path.join(folder, target));
    });
    // One folder moved in where a scan reads it, with a skipped folder inside.
    writeFiles(path.join(outside, 'kept'), {
      'kept.framework.yaml': framework('kept', 'base:1'),
      'node_modules/dep/hidden.framework.yaml': framework('hidden'),
    });
    fs.renameSync(path.join(outside, 'kept'), path.join(folder, 'kept'));
    fs.renameSync(path.join(folder, 'pack'), path.join(folder, 'archive/pack'));
    await client.filesChanged([
      deleted('pack'),
      created('archive/pack'),
      ...skipped.map(created),
      created('kept'),
    ]);

    assert.deepEqual(await client.diagnosticsFor(uri('kept/kept.framework.yaml')), []);
    // The folder moved into the excluded one is gone from the workspace, problems and all.
    await client.diagnosticsFor(uri('pack/one.framework.yaml'), (d) => d.length === 0);
    assert.deepEqual(await symbolUris(), [
      uri('base.framework.yaml'),
      uri('kept/kept.framework.yaml'),
    ]);
    assert.equal((await client.request<WorkspaceCounts>('framework/counts', {})).files, 2);
    // Every event has been applied by now: nothing was published for the files left out.
    const unread = [
      'archive/pack/one.framework.yaml',
      'node_modules/a/f0.framework.yaml',
      'deep/node_modules/b/f1.framework.yaml',
      '.git/c/f2.framework.yaml',
      'kept/node_modules/dep/hidden.framework.yaml',
    ];
    for (const file of unread) assert.equal(client.diagnostics.get(uri(file)), undefined, file);
  });
});
