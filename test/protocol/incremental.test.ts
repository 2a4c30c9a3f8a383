/**
 * Incremental equals from scratch, through the real server over stdio.
 *
 * Random sequences of edits reach open documents as incremental `didChange` content
 * changes, and random sequences of file operations reach the disk followed by the
 * `workspace/didChangeWatchedFiles` an editor sends. At checkpoints, everything the
 * server shows (the diagnostics it last published for every file, the outline of
 * every file, the Goals view's tree, workspace symbols, the counts) must be exactly
 * what a fresh server shows for the same texts, read from scratch.
 *
 * The seeds are fixed, so a failure replays. `INCREMENTAL_SCALE=N` runs N times as
 * many sequences (the long run); `INCREMENTAL_SEED=S` draws other sequences.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  Diagnostic,
  DocumentSymbol,
  TextDocumentContentChangeEvent,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { FrameworkTreeResult, WorkspaceCounts } from '../../server/src/protocol';
import { generateWorkspace } from '../generatedWorkspace';
import { caseSeed, Random } from '../random';
import {
  applyReplacement,
  editorOffset,
  idEdit,
  idsReferredToElsewhere,
  idTokens,
  positionAt,
  randomReplacement,
} from '../randomEdits';
import { LspTestClient } from './lspClient';

const scale = Math.max(1, Number(process.env.INCREMENTAL_SCALE ?? '1') || 1);
const runSeed = Number(process.env.INCREMENTAL_SEED ?? '20261126') >>> 0;
/** Whether to print the run's figures (the long run does, for docs/reliability.md). */
const printFigures = process.env.INCREMENTAL_SCALE !== undefined;

const repository = path.resolve(__dirname, '../../..');
const exampleNames = ['interpol-2014-2016', 'interpol-2017-2020'];
const exampleText = (name: string): string =>
  fs.readFileSync(path.join(repository, 'examples', `${name}.framework.yaml`), 'utf8');

/** A small framework that refers to both examples, so that edits to them reach it. */
const bridgeFramework = `framework: bridge
title: Bridge between the examples
supersedes: interpol-2017-2020
goals:
  - id: "1"
    title: Information hub
    supports: ["interpol-2017-2020:1", "interpol-2014-2016:1.1"]
    supersedes: ["interpol-2017-2020:1", "interpol-2014-2016:4.2"]
    objectives:
      - id: "1.1"
        title: Keep the databases open
        supports: ["1", "interpol-2017-2020:2", "interpol-2014-2016:3.4"]
programmes:
  - { id: p1, title: Counter-terrorism, supports: ["interpol-2014-2016:3", "1.1"] }
`;

// What the servers show.

/** Everything compared between the incremental server and a fresh one. */
interface Answers {
  /** The diagnostics last published for each file, by path relative to the folder. */
  readonly diagnostics: Record<string, Diagnostic[] | undefined>;
  readonly symbols: Record<string, DocumentSymbol[]>;
  readonly tree: FrameworkTreeResult;
  readonly workspaceSymbols: Record<string, WorkspaceSymbol[]>;
  readonly counts: WorkspaceCounts;
}

const placeholderFolder = 'file:///workspace';

function uriIn(folder: string, relative: string): string {
  return URI.file(path.join(folder, relative)).toString();
}

/** A server's answer with its folder's URI replaced, so that two folders compare. */
function inPlaceholderFolder<T>(folder: string, value: T): T {
  if (value === undefined) return value;
  const folderUri = URI.file(folder).toString();
  return JSON.parse(JSON.stringify(value).split(folderUri).join(placeholderFolder)) as T;
}

/** The diagnostics a server last published for each file, by path relative to the folder. */
function publishedDiagnostics(
  client: LspTestClient,
  folder: string,
  files: readonly string[],
): Record<string, Diagnostic[] | undefined> {
  return Object.fromEntries(
    files.map((file) => [
      file,
      inPlaceholderFolder(folder, client.diagnostics.get(uriIn(folder, file))?.diagnostics),
    ]),
  );
}

/** What a server shows, with its folder's URI replaced so that two folders compare. */
async function answersOf(
  client: LspTestClient,
  folder: string,
  files: readonly string[],
  queries: readonly string[],
): Promise<Answers> {
  const normalise = <T>(value: T): T => inPlaceholderFolder(folder, value);
  const symbols: Record<string, DocumentSymbol[]> = {};
  for (const file of files) {
    const uri = uriIn(folder, file);
    symbols[file] = normalise(
      await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri },
      }),
    );
  }
  const workspaceSymbols: Record<string, WorkspaceSymbol[]> = {};
  for (const query of queries) {
    workspaceSymbols[query] = normalise(
      await client.request<WorkspaceSymbol[]>('workspace/symbol', { query }),
    );
  }
  return {
    diagnostics: publishedDiagnostics(client, folder, files),
    symbols,
    tree: normalise(await client.request<FrameworkTreeResult>('framework/tree', {})),
    workspaceSymbols,
    counts: await client.request<WorkspaceCounts>('framework/counts', {}),
  };
}

/** Writes files (by relative path) under a folder, creating the folders they are in. */
function writeFiles(folder: string, files: Readonly<Record<string, string>>): void {
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    fs.writeFileSync(path.join(folder, relative), text);
  }
}

/** Settings sent both ways a client sends them: at start and when asked. */
function configure(
  client: LspTestClient,
  settings: Record<string, unknown>,
): Record<string, unknown> {
  client.configuration = { strategicFrameworks: settings };
  return { strategicFrameworks: settings };
}

/**
 * Starts a fresh server on a folder and waits until it has read every framework file
 * from disk and published their diagnostics. `files` are the framework files there.
 */
async function startFresh(
  client: LspTestClient,
  folder: string,
  files: readonly string[],
  settings: Record<string, unknown>,
): Promise<void> {
  await client.initialize(folder, undefined, configure(client, settings));
  await client.waitFor(
    () => (files.every((file) => client.diagnostics.has(uriIn(folder, file))) ? true : undefined),
    20_000,
    () => `a fresh server's diagnostics of ${files.join(', ')}`,
  );
  // Every file is published in one batch; a request answered after it is a barrier.
  await client.request('framework/counts', {});
}

/** What a fresh server on these texts shows. */
async function freshAnswers(
  texts: Readonly<Record<string, string>>,
  settings: Record<string, unknown>,
  queries: readonly string[],
): Promise<Answers> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-fresh-'));
  const client = new LspTestClient();
  try {
    writeFiles(folder, texts);
    await startFresh(client, folder, Object.keys(texts), settings);
    return await answersOf(client, folder, Object.keys(texts), queries);
  } finally {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Asserts two servers' answers equal, part by part, so that a failure says which part. */
function assertSameAnswers(actual: Answers, expected: Answers, where: string): void {
  for (const file of Object.keys(expected.diagnostics)) {
    assert.deepStrictEqual(
      actual.diagnostics[file],
      expected.diagnostics[file],
      `${where}: diagnostics of ${file}`,
    );
    assert.deepStrictEqual(
      actual.symbols[file],
      expected.symbols[file],
      `${where}: outline of ${file}`,
    );
  }
  assert.deepStrictEqual(actual.tree, expected.tree, `${where}: the framework tree`);
  for (const query of Object.keys(expected.workspaceSymbols)) {
    assert.deepStrictEqual(
      actual.workspaceSymbols[query],
      expected.workspaceSymbols[query],
      `${where}: workspace symbols for '${query}'`,
    );
  }
  assert.deepStrictEqual(actual.counts, expected.counts, `${where}: counts`);
}

/** Workspace-symbol queries: fixed ones and a few tokens of the current texts. */
function symbolQueries(random: Random, texts: readonly string[]): string[] {
  const queries = ['', 'gen', '1.', 'goal', 'interpol-2014-2016:3', 'p1'];
  const tokens = texts.flatMap((text) => idTokens(text).map((token) => token.newText));
  for (let count = 0; count < 3 && tokens.length > 0; count++) queries.push(random.pick(tokens));
  return queries;
}

// Edits through didChange.

/** A file of the workspace: its text on disk, and its editor's while it is open. */
interface EditedFile {
  readonly relative: string;
  readonly uri: string;
  readonly disk: string;
  open: OpenDocument | undefined;
  /** The texts its editor had, for undo. */
  readonly history: string[];
}

/** A document open in the editor. */
interface OpenDocument {
  text: string;
  version: number;
  /** Its text at each version since it was opened. */
  readonly texts: Map<number, string>;
  /** How many publications had arrived when it was opened. */
  readonly openedAt: number;
  /** Whether opening it changed the text the server sees (the disk's). */
  readonly openChangedText: boolean;
}

interface EditScenario {
  readonly name: string;
  /** Each file's text, by path relative to the folder. */
  readonly files: (random: Random) => Record<string, string>;
  /** Notifications of changes, and how many between two comparisons. */
  readonly notifications: number;
  readonly checkpointEvery: number;
  /** The debounce of diagnostics while typing, in ms. */
  readonly delay: number;
  readonly lineEnd: '\n' | '\r\n';
}

const withLineEnds = (files: Record<string, string>, lineEnd: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, text.replace(/\r?\n/g, lineEnd)]),
  );

const generatedFiles = (random: Random, count: number, folder = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(generateWorkspace(random, { files: count, problemRate: 0.05 })).map(
      ([name, text]) => [`${folder}${name}.framework.yaml`, text],
    ),
  );

const examplesAndBridge = (): Record<string, string> => ({
  ...Object.fromEntries(exampleNames.map((name) => [`${name}.framework.yaml`, exampleText(name)])),
  'bridge.framework.yaml': bridgeFramework,
});

const editScenarios: readonly EditScenario[] = [
  {
    name: 'the examples and a framework referring to both, published at every change',
    files: examplesAndBridge,
    notifications: 80,
    checkpointEvery: 20,
    delay: 0,
    lineEnd: '\n',
  },
  {
    name: 'three generated frameworks referring to each other, debounced as in the editor',
    files: (random) => generatedFiles(random, 3),
    notifications: 80,
    checkpointEvery: 20,
    delay: 200,
    lineEnd: '\n',
  },
  {
    name: 'four generated frameworks with CRLF line ends, in two folders',
    files: (random) => ({ ...generatedFiles(random, 2), ...generatedFiles(random, 2, 'sub/') }),
    notifications: 80,
    checkpointEvery: 20,
    delay: 0,
    lineEnd: '\r\n',
  },
  {
    name: 'the examples with generated frameworks, a short debounce',
    files: (random) => ({ ...examplesAndBridge(), ...generatedFiles(random, 2) }),
    notifications: 80,
    checkpointEvery: 20,
    delay: 20,
    lineEnd: '\n',
  },
  {
    name: 'three generated frameworks with CRLF line ends, debounced as in the editor',
    files: (random) => generatedFiles(random, 3),
    notifications: 80,
    checkpointEvery: 20,
    delay: 200,
    lineEnd: '\r\n',
  },
];

// File operations on disk.

/** A file operation's effect as an editor's watcher reports it (1 created, 2 changed, 3 deleted). */
interface FileEvent {
  readonly uri: string;
  readonly type: 1 | 2 | 3;
}

interface DiskScenario {
  readonly name: string;
  readonly settings: Record<string, unknown>;
  /** Whether a path, relative to the folder, is a framework file a scan reads. */
  readonly isFrameworkFile: (relative: string) => boolean;
}

const frameworkFileName = /\.framework\.ya?ml$/;
/** Folders a scan never enters. */
const skippedFolder = /(^|\/)(node_modules|\.git)\//;

const diskScenarios: readonly DiskScenario[] = [
  {
    name: 'default settings',
    settings: { validation: { delay: 0 } },
    isFrameworkFile: (relative) =>
      frameworkFileName.test(relative) && !skippedFolder.test(relative),
  },
  {
    name: 'a folder excluded by the settings',
    settings: { files: { exclude: ['archive'] } },
    isFrameworkFile: (relative) =>
      frameworkFileName.test(relative) &&
      !skippedFolder.test(relative) &&
      !relative.startsWith('archive/'),
  },
];

/**
 * Where new files go: mostly framework files in the folders a scan reads (with spaces
 * and accents in their names, new folders), some in skipped and excluded folders, and
 * some that are not framework files at all.
 */
const newFileFolders = [
  '',
  '',
  'sub folder/',
  'ünï/',
  'deep/er/',
  'new folder/',
  'archive/',
  'node_modules/',
  '.git/',
];
const newFileNames = (n: number): string[] => [
  `new${n}.framework.yaml`,
  `new${n}.framework.yaml`,
  `new${n}.framework.yaml`,
  `New file ${n}.framework.yml`,
  `new${n}.yaml`,
  `new${n}.framework.yaml.bak`,
];

/**
 * Runs random file operations in a folder, each reported to the server as an editor
 * would, and compares the server with a fresh one on the folder after each sequence.
 * Folders are moved in from `outside` and out to it.
 */
async function runDiskSequences(
  random: Random,
  scenario: DiskScenario,
  sequences: number,
  client: LspTestClient,
  folder: string,
  outside: string,
): Promise<void> {
  const pool = Object.values(generateWorkspace(random, { files: 8, problemRate: 0.05 }));
  /** Every file in the folder, by relative path. */
  const files = new Map<string, string>();
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
    fs.writeFileSync(path.join(folder, relative), text);
    files.set(relative, text);
  };
  write('file0.framework.yaml', pool[0]);
  write('sub folder/file1.framework.yaml', pool[1]);
  write('ünï/file2.framework.yml', pool[2]);
  write('deep/er/file3.framework.yaml', pool[3]);
  write('archive/file4.framework.yaml', pool[4]);
  write('notes.txt', 'Not a framework.\n');
  write('sub folder/readme.md', '# Read me\n');
  await client.initialize(folder, undefined, configure(client, scenario.settings));
  const frameworkFiles = (): string[] => [...files.keys()].filter(scenario.isFrameworkFile).sort();
  await client.waitFor(
    () =>
      frameworkFiles().every((file) => client.diagnostics.has(uriIn(folder, file)))
        ? true
        : undefined,
    20_000,
    () => 'the first diagnostics of every file',
  );

  let created = 0;
  const newPath = (): string => {
    created++;
    return random.pick(newFileFolders) + random.pick(newFileNames(created));
  };
  const uriOf = (relative: string): string => uriIn(folder, relative);
  const folderOf = (relative: string): string => relative.slice(0, relative.lastIndexOf('/') + 1);
  /** Every folder the files are in, at any depth, by relative path. */
  const foldersOf = (relatives: readonly string[]): string[] =>
    [
      ...new Set(
        relatives.flatMap((relative) => {
          const parts = relative.split('/');
          return parts.slice(1).map((_, depth) => parts.slice(0, depth + 1).join('/'));
        }),
      ),
    ].sort();
  /** A folder that does not exist yet, in a folder a scan reads or in one it skips. */
  const newFolderPath = (): string =>
    `${random.pick(newFileFolders)}${random.pick(['pack', 'moved folder', 'ëxtracted'])} ${++created}`;
  /** Moves the files known under `from` to `to` (undefined: out of the workspace). */
  const moveKnown = (from: string, to: string | undefined): void => {
    for (const [relative, text] of [...files]) {
      if (!relative.startsWith(`${from}/`)) continue;
      files.delete(relative);
      if (to !== undefined) files.set(to + relative.slice(from.length), text);
    }
  };
  /** Whether `target` is `source` or lies in it, where a folder cannot be moved or copied. */
  const within = (target: string, source: string): boolean =>
    target === source || target.startsWith(`${source}/`);

  for (let sequence = 1; sequence <= sequences; sequence++) {
    const pending: FileEvent[] = [];
    /** What the sequence did, for the message of a failure. */
    const log: string[] = [];
    const operations = random.between(1, 6);
    for (let operation = 0; operation < operations; operation++) {
      const existing = [...files.keys()];
      const frameworks = existing.filter((file) => frameworkFileName.test(file));
      const choice = random.int(100);
      if (choice < 22 || existing.length === 0) {
        const relative = newPath();
        write(relative, random.chance(0.8) ? random.pick(pool) : 'framework: [');
        pending.push({ uri: uriOf(relative), type: 1 });
        log.push(`create ${relative}`);
      } else if (choice < 44 && frameworks.length > 0) {
        // Modified by another tool: a few edits, or a different framework altogether.
        const relative = random.pick(frameworks);
        let text = random.chance(0.3) ? random.pick(pool) : (files.get(relative) ?? '');
        // Most of the edits change IDs and references, which other files depend on;
        // some rename an item another file refers to.
        const others = [...files]
          .filter(([file]) => file !== relative && scenario.isFrameworkFile(file))
          .map(([, other]) => other);
        const referred = idsReferredToElsewhere(text, others);

        if (referred.length > 0 && random.chance(0.6)) {
          const id = random.pick(referred);
          text = applyReplacement(text, {
            ...id,
            newText: `${id.newText}${random.pick(['0', '.9', '-x'])}`,
          });
        }
        for (let edit = random.int(4); edit >= 0; edit--) {
          const replacement = random.chance(0.6)
            ? idEdit(random, text)
            : randomReplacement(random, text, '\n', []);
          if (replacement) text = applyReplacement(text, replacement);
        }
        write(relative, text);
        pending.push({ uri: uriOf(relative), type: 2 });
        log.push(`modify ${relative}`);
      } else if (choice < 57) {
        const relative = random.pick(existing);
        fs.rmSync(path.join(folder, relative));
        files.delete(relative);
        pending.push({ uri: uriOf(relative), type: 3 });
        log.push(`delete ${relative}`);
      } else if (choice < 70) {
        // A rename is reported as the old file deleted and the new one created.
        const relative = random.pick(existing);
        const renamed = random.chance(0.5)
          ? folderOf(relative) + random.pick(newFileNames(++created))
          : newPath();
        if (files.has(renamed)) continue;
        fs.mkdirSync(path.dirname(path.join(folder, renamed)), { recursive: true });
        fs.renameSync(path.join(folder, relative), path.join(folder, renamed));
        files.set(renamed, files.get(relative) ?? '');
        files.delete(relative);
        pending.push({ uri: uriOf(relative), type: 3 }, { uri: uriOf(renamed), type: 1 });
        log.push(`rename ${relative} to ${renamed}`);
      } else if (choice < 77) {
        // A folder deleted with everything in it is reported once, for the folder.
        const inFolders = existing.filter((file) => file.includes('/'));
        if (inFolders.length === 0) continue;
        const parts = random.pick(inFolders).split('/');
        const removed = parts.slice(0, random.between(1, parts.length - 1)).join('/');
        fs.rmSync(path.join(folder, removed), { recursive: true, force: true });
        for (const file of existing) if (file.startsWith(`${removed}/`)) files.delete(file);
        pending.push({ uri: uriOf(removed), type: 3 });
        log.push(`delete the folder ${removed}`);
      } else if (choice < 82) {
        // A folder moved, or extracted, into the workspace is reported once, for the
        // folder, whatever it holds: framework files (some in folders a scan skips)
        // and other files.
        const made = path.join(outside, `made ${++created}`);
        const contents: Record<string, string> = { 'readme.md': '# Moved in\n' };
        for (let count = random.between(1, 3); count > 0; count--) {
          const inner = random.pick(['', '', 'inner/', 'deep/er/', 'node_modules/pkg/']);
          contents[inner + random.pick(newFileNames(++created))] = random.chance(0.85)
            ? random.pick(pool)
            : 'framework: [';
        }
        writeFiles(made, contents);
        const target = newFolderPath();
        fs.mkdirSync(path.dirname(path.join(folder, target)), { recursive: true });
        fs.renameSync(made, path.join(folder, target));
        for (const [inner, text] of Object.entries(contents)) files.set(`${target}/${inner}`, text);
        pending.push({ uri: uriOf(target), type: 1 });
        log.push(`move a folder in to ${target}`);
      } else if (choice < 89) {
        // A folder renamed, copied or moved out: reported once, for the folder (a
        // rename as the old one deleted and the new one created).
        const existingFolders = foldersOf(existing);
        if (existingFolders.length === 0) continue;
        const source = random.pick(existingFolders);
        const how = random.pick(['rename', 'copy', 'move out'] as const);
        if (how === 'move out') {
          fs.renameSync(path.join(folder, source), path.join(outside, `out ${++created}`));
          moveKnown(source, undefined);
          pending.push({ uri: uriOf(source), type: 3 });
          log.push(`move the folder ${source} out`);
        } else {
          const target = newFolderPath();
          if (within(target, source)) continue;
          fs.mkdirSync(path.dirname(path.join(folder, target)), { recursive: true });
          if (how === 'rename') {
            fs.renameSync(path.join(folder, source), path.join(folder, target));
            moveKnown(source, target);
            pending.push({ uri: uriOf(source), type: 3 }, { uri: uriOf(target), type: 1 });
          } else {
            fs.cpSync(path.join(folder, source), path.join(folder, target), { recursive: true });
            for (const [relative, text] of [...files]) {
              if (relative.startsWith(`${source}/`)) {
                files.set(target + relative.slice(source.length), text);
              }
            }
            pending.push({ uri: uriOf(target), type: 1 });
          }
          log.push(`${how} the folder ${source} to ${target}`);
        }
      } else if (choice < 95 && frameworks.length > 0) {
        // A copy: the same framework defined twice.
        const source = random.pick(frameworks);
        const relative = newPath();
        write(relative, files.get(source) ?? '');
        pending.push({ uri: uriOf(relative), type: 1 });
        log.push(`copy ${source} to ${relative}`);
      } else if (frameworks.length > 0) {
        // Saved again unchanged.
        const relative = random.pick(frameworks);
        write(relative, files.get(relative) ?? '');
        pending.push({ uri: uriOf(relative), type: 2 });
        log.push(`save ${relative} unchanged`);
      }
      figures.diskOperations++;
      // Watchers report events in batches: several operations may arrive together.
      if (pending.length > 0 && random.chance(0.6)) {
        await client.filesChanged(pending.splice(0));
        log.push('(notified)');
      }
    }
    if (pending.length > 0) await client.filesChanged(pending.splice(0));
    await compareDiskWithFresh(`${scenario.name}, sequence ${sequence} (${log.join(', ')})`);
    figures.diskSequences++;
  }
  // A late publication (a read the server finished after all) would change what the
  // editor shows after the last comparison: wait a moment and compare once more.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await compareDiskWithFresh(`${scenario.name}, a moment after the last sequence`);

  async function compareDiskWithFresh(where: string): Promise<void> {
    const expectedFiles = frameworkFiles();
    const fresh = new LspTestClient();
    try {
      await startFresh(fresh, folder, expectedFiles, scenario.settings);
      const freshUris = [...fresh.diagnostics.keys()].sort();
      assert.deepEqual(
        freshUris,
        expectedFiles.map(uriOf).sort(),
        `${where}: the fresh scan finds the framework files`,
      );
      /** What the editor shows for each file: the diagnostics last published, none when none were. */
      const shown = (source: LspTestClient): Record<string, Diagnostic[]> => {
        const uris = new Set([...client.diagnostics.keys(), ...fresh.diagnostics.keys()]);
        return Object.fromEntries(
          [...uris].sort().map((uri) => [uri, source.diagnostics.get(uri)?.diagnostics ?? []]),
        );
      };
      const expected = shown(fresh);
      // The server may still be reading the last files: wait until it shows the same,
      // then compare (which, on a timeout, says what differs).
      await client
        .waitFor(
          () => (JSON.stringify(shown(client)) === JSON.stringify(expected) ? true : undefined),
          10_000,
          () => where,
        )
        .catch(() => undefined);
      assert.deepStrictEqual(
        shown(client),
        expected,
        `${where}: the diagnostics shown for every file`,
      );
      // A file that is gone and once had problems had them cleared: an empty
      // publication came after them (the comparison above holds it to none).
      const gone = [...client.diagnostics.keys()].filter((uri) => !fresh.diagnostics.has(uri));
      for (const uri of gone) {
        if (client.published.some((one) => one.uri === uri && one.diagnostics.length > 0)) {
          clearedFiles.add(uri);
        }
      }
      const queries = symbolQueries(
        random,
        expectedFiles.map((file) => files.get(file) ?? ''),
      );
      const actual = await answersOf(client, folder, expectedFiles, queries);
      assertSameAnswers(actual, await answersOf(fresh, folder, expectedFiles, queries), where);
      figures.diskComparisons++;
    } finally {
      await fresh.shutdown();
    }
  }
}

/** Figures of the run, for docs/reliability.md. */
const figures = {
  editSequences: 0,
  notifications: 0,
  contentChanges: 0,
  checkpoints: 0,
  diskSequences: 0,
  diskOperations: 0,
  diskComparisons: 0,
};
/** Files gone from disk whose problems had been shown, and were cleared. */
const clearedFiles = new Set<string>();

describe('incremental updates through the real server equal a fresh server', function () {
  this.timeout(120_000 * scale);
  let folders: string[] = [];
  let clients: LspTestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.shutdown()));
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    clients = [];
    folders = [];
  });

  after(() => {
    if (printFigures) {
      const all = { ...figures, clearedFiles: clearedFiles.size };
      console.log(`incremental figures: ${JSON.stringify(all)}`);
    }
  });

  editScenarios.forEach((scenario, scenarioNumber) => {
    for (let repetition = 0; repetition < scale; repetition++) {
      const seed = caseSeed(runSeed, scenarioNumber * 1000 + repetition);
      it(`after random incremental edits: ${scenario.name} (seed ${seed})`, async () => {
        const random = new Random(seed);
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-incremental-'));
        folders.push(folder);
        const start = withLineEnds(scenario.files(random), scenario.lineEnd);
        writeFiles(folder, start);
        const settings = { validation: { delay: scenario.delay } };
        const client = new LspTestClient();
        clients.push(client);
        await client.initialize(folder, undefined, configure(client, settings));
        const files: EditedFile[] = Object.entries(start).map(([relative, text]) => ({
          relative,
          uri: uriIn(folder, relative),
          disk: text,
          open: undefined,
          history: [],
        }));
        await client.waitFor(
          () => (files.every((file) => client.diagnostics.has(file.uri)) ? true : undefined),
          20_000,
          () => 'the first diagnostics of every file',
        );
        await runEdits(random, scenario, client, files, folder, settings);
        figures.editSequences++;
      });
    }
  });

  diskScenarios.forEach((scenario, scenarioNumber) => {
    const seed = caseSeed(runSeed, 100_000 + scenarioNumber);
    it(`after random file operations on disk: ${scenario.name} (seed ${seed})`, async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-disk-'));
      folders.push(folder);
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-outside-'));
      folders.push(outside);
      const client = new LspTestClient();
      clients.push(client);
      await runDiskSequences(new Random(seed), scenario, 15 * scale, client, folder, outside);
    });
  });

  async function runEdits(
    random: Random,
    scenario: EditScenario,
    client: LspTestClient,
    files: EditedFile[],
    folder: string,
    settings: Record<string, unknown>,
  ): Promise<void> {
    const visible = (file: EditedFile): string => file.open?.text ?? file.disk;

    const open = async (file: EditedFile, text: string): Promise<void> => {
      // Publications still on their way belong to before the opening.
      await client.request('framework/counts', {});
      file.open = {
        text,
        version: 1,
        texts: new Map([[1, text]]),
        openedAt: client.published.length,
        openChangedText: text !== visible(file),
      };
      file.history.length = 0;
      await client.open(file.uri, text);
    };

    // Most files are open; at least one stays on disk, read only from there.
    for (const file of files.slice(0, Math.max(1, files.length - 1))) {
      if (random.chance(0.8)) await open(file, file.disk);
    }

    for (let notification = 1; notification <= scenario.notifications; notification++) {
      const action = random.int(100);
      const closed = files.filter((file) => !file.open);
      const opened = files.filter((file) => file.open);
      if ((action < 3 && closed.length > 0) || opened.length === 0) {
        // Opening a file, sometimes with text its editor kept from before.
        const file = random.pick(closed.length > 0 ? closed : files);
        const text =
          random.chance(0.3) && file.history.length > 0 ? random.pick(file.history) : file.disk;
        await open(file, text);
      } else if (action < 6) {
        // Closing an editor: the disk's text comes back, unsaved edits are dropped.
        const file = random.pick(opened);
        file.open = undefined;
        await client.close(file.uri);
      } else if (action < 8) {
        await client.save(random.pick(opened).uri);
      } else {
        await sendEdit(random.pick(opened));
      }
      // Now and then a request, which makes the server catch up with the edits so far.
      if (random.chance(0.15)) {
        await interleavedRequest(random.pick(opened.length > 0 ? opened : files));
      }
      if (
        notification % scenario.checkpointEvery === 0 ||
        notification === scenario.notifications
      ) {
        await compareWithFresh(`after notification ${notification}`);
      }
    }

    async function sendEdit(file: EditedFile): Promise<void> {
      const document = file.open;
      if (!document) return;
      // Several changes in one notification sometimes, as multi-cursor edits and
      // undo of several steps send; now and then the whole text, as some clients do.
      const count = random.chance(0.25) ? random.between(2, 4) : 1;
      const changes: TextDocumentContentChangeEvent[] = [];
      let text = document.text;
      for (let tries = 0; tries < count * 3 && changes.length < count; tries++) {
        const replacement = randomReplacement(random, text, scenario.lineEnd, file.history);
        if (!replacement) continue;
        const next = applyReplacement(text, replacement);
        if (random.chance(0.04)) {
          changes.push({ text: next });
        } else {
          const start = positionAt(text, replacement.start);
          const end = positionAt(text, replacement.end);
          changes.push({ range: { start, end }, text: replacement.newText });
        }
        text = next;
      }
      if (changes.length === 0) return;
      file.history.push(document.text);
      if (file.history.length > 20) file.history.shift();
      document.version = await client.sendChanges(file.uri, changes);
      document.text = text;
      document.texts.set(document.version, text);
      figures.notifications++;
      figures.contentChanges += changes.length;
    }

    async function interleavedRequest(file: EditedFile): Promise<void> {
      const text = visible(file);
      const position = positionAt(text, editorOffset(text, random.int(text.length + 1)));
      const textDocument = { uri: file.uri };
      const [method, params] = random.pick([
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/codeLens', { textDocument }],
        ['framework/tree', {}],
      ] as const);
      await client.request(method, params);
    }

    /**
     * Whether the latest diagnostics published for an open document are for its
     * current text: normally they carry its latest version. They carry an earlier one
     * when the edits after it brought back its text before the server looked (the
     * debounce merged them), as the server then has nothing new to publish; and none
     * when they were published before the document was opened with the same text.
     */
    function publishedForCurrentText(file: EditedFile): boolean {
      const document = file.open;
      if (!document) return true;
      const latest = latestPublication(client, file.uri);
      if (!latest) return false;
      const inSession = latest.version !== undefined && latest.index >= document.openedAt;
      const version = inSession ? latest.version : document.openChangedText ? undefined : 1;
      return version !== undefined && document.texts.get(version) === document.text;
    }

    async function compareWithFresh(where: string): Promise<void> {
      const texts = Object.fromEntries(files.map((file) => [file.relative, visible(file)]));
      const queries = symbolQueries(random, Object.values(texts));
      const expected = await freshAnswers(texts, settings, queries);
      // Once this is answered, the server has every notification sent so far; the
      // diagnostics of the latest texts may still be on their way (debounced).
      await client.request('framework/counts', {});
      const shown = (): Record<string, Diagnostic[] | undefined> =>
        publishedDiagnostics(client, folder, Object.keys(texts));
      await client
        .waitFor(
          () =>
            files.every(publishedForCurrentText) &&
            JSON.stringify(shown()) === JSON.stringify(expected.diagnostics)
              ? true
              : undefined,
          20_000,
          () => where,
        )
        .catch(() => undefined);
      for (const file of files) {
        assert.ok(
          publishedForCurrentText(file),
          `${scenario.name}, ${where}: the latest diagnostics of ${file.relative} are for its latest text ` +
            JSON.stringify({
              open: file.open && { version: file.open.version, openedAt: file.open.openedAt },
              latest: latestPublication(client, file.uri),
            }),
        );
      }
      const actual = await answersOf(client, folder, Object.keys(texts), queries);
      assertSameAnswers(actual, expected, `${scenario.name}, ${where}`);
      figures.checkpoints++;
    }
  }
});

/** The latest publication of a URI, with its place among all publications. */
function latestPublication(
  client: LspTestClient,
  uri: string,
): { index: number; version: number | undefined } | undefined {
  for (let index = client.published.length - 1; index >= 0; index--) {
    const publication = client.published[index];
    if (publication.uri === uri) return { index, version: publication.version };
  }
  return undefined;
}

/** The mismatches the random sequences found, each kept as a case of its own. */
describe('incremental updates through the real server: regression cases', function () {
  this.timeout(30_000);
  let folder: string;
  let client: LspTestClient;
  const framework = (supports: string): string =>
    `framework: x\ntitle: X\ngoals:\n  - id: "1"\n    title: One\n    supports: ["${supports}"]\n`;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-regression-'));
    client = new LspTestClient();
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('keeps a file deleted when the deletion is handled while the file is still being read', async function () {
    // The server is paused (SIGSTOP) so that both events reach it at once; Windows
    // cannot pause a process.
    if (process.platform === 'win32') this.skip();
    writeFiles(folder, { 'x.framework.yaml': framework('1') });
    const uri = uriIn(folder, 'x.framework.yaml');
    await client.initialize(folder);
    await client.diagnosticsFor(uri);
    writeFiles(folder, { 'x.framework.yaml': framework('9') });
    // The change is read while the deletion that follows it is handled: the read
    // finds the file, which is deleted only a moment later, as when a tool changes
    // and then deletes it while the server is busy.
    assert.ok(client.process.kill('SIGSTOP'));
    try {
      await client.filesChanged([{ uri, type: 2 }]);
      await client.filesChanged([{ uri, type: 3 }]);
    } finally {
      client.process.kill('SIGCONT');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.rmSync(path.join(folder, 'x.framework.yaml'));
    const counts = await client.request<WorkspaceCounts>('framework/counts', {});
    assert.equal(counts.files, 0, 'the deleted file is not in the workspace');
    assert.deepEqual(client.diagnostics.get(uri)?.diagnostics, []);
  });

  it('applies the events of notifications that arrive together in the order they were sent', async function () {
    // The server is paused (SIGSTOP) so that both notifications reach it at once.
    if (process.platform === 'win32') this.skip();
    writeFiles(folder, {
      'x.framework.yaml': framework('1'),
      'f/old.framework.yaml': framework('1').replace('x', 'old'),
    });
    const [x, old, added] = ['x.framework.yaml', 'f/old.framework.yaml', 'f/y.framework.yaml'].map(
      (file) => uriIn(folder, file),
    );
    await client.initialize(folder);
    await client.diagnosticsFor(old);
    // The folder is deleted and made again with another file in it; the first
    // notification also reports a change, whose read takes a while.
    fs.rmSync(path.join(folder, 'f'), { recursive: true });
    writeFiles(folder, {
      'x.framework.yaml': framework('9'),
      'f/y.framework.yaml': framework('9').replace('x', 'y'),
    });
    assert.ok(client.process.kill('SIGSTOP'));
    try {
      await client.filesChanged([
        { uri: x, type: 2 },
        { uri: uriIn(folder, 'f'), type: 3 },
      ]);
      await client.filesChanged([{ uri: added, type: 1 }]);
    } finally {
      client.process.kill('SIGCONT');
    }
    // The new file is read last: it is checked, and stays.
    await client.diagnosticsFor(added, (diagnostics) => diagnostics.length === 1, 5_000);
    assert.equal(client.diagnostics.get(x)?.diagnostics.length, 1);
    assert.deepEqual(client.diagnostics.get(old)?.diagnostics, []);
    const counts = await client.request<WorkspaceCounts>('framework/counts', {});
    assert.equal(counts.files, 2, 'x and the new file in the folder made again');
  });

  // The random CRLF sequence (seed 2993036669, after notification 60) found this in
  // the lineage check while it was being written: what a file says about the items of
  // the framework its framework supersedes left out whether the item holding the
  // reference has a usable ID, which decides whether the reference counts.
  it('checks the superseded framework again when the item continuing it loses its ID', async () => {
    const older = 'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n';
    const newer =
      'framework: b\ntitle: B\nsupersedes: a\ngoals:\n  - id: "2"\n    title: Two\n    supersedes: ["a:1"]\n';
    writeFiles(folder, { 'a.framework.yaml': older, 'b.framework.yaml': newer });
    const [a, b] = ['a.framework.yaml', 'b.framework.yaml'].map((file) => uriIn(folder, file));
    await client.initialize(folder);
    assert.deepEqual(await client.diagnosticsFor(a), []);
    await client.open(b, newer);
    await client.change(b, newer.replace('id: "2"', 'id: ""'));
    const codes = await client.diagnosticsFor(a, (diagnostics) => diagnostics.length > 0, 3_000);
    assert.deepEqual(
      codes.map((diagnostic) => diagnostic.code),
      ['unaccounted-predecessor'],
    );
  });

  it('leaves out files created in node_modules, .git and excluded folders, as a scan does', async () => {
    writeFiles(folder, { 'a.framework.yaml': framework('1') });
    const settings = { files: { exclude: ['archive'] } };
    await client.initialize(folder, undefined, configure(client, settings));
    await client.diagnosticsFor(uriIn(folder, 'a.framework.yaml'));
    const skipped = [
      'node_modules/b.framework.yaml',
      'deep/node_modules/pkg/c.framework.yaml',
      '.git/d.framework.yaml',
      'archive/e.framework.yaml',
      'archive/older/f.framework.yaml',
    ];
    writeFiles(folder, Object.fromEntries(skipped.map((file) => [file, framework('9')])));
    writeFiles(folder, { 'g.framework.yaml': framework('9').replace('x', 'g') });
    await client.filesChanged(
      [...skipped, 'g.framework.yaml'].map((file) => ({ uri: uriIn(folder, file), type: 1 })),
    );
    // The one file a scan reads is published; the others never are.
    await client.diagnosticsFor(uriIn(folder, 'g.framework.yaml'));
    const counts = await client.request<WorkspaceCounts>('framework/counts', {});
    assert.equal(counts.files, 2);
    for (const file of skipped)
      assert.equal(client.diagnostics.get(uriIn(folder, file)), undefined, file);
  });
});
