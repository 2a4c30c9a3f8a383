/**
 * Safe edits, as properties over random workspaces: every rename and every quick fix
 * the service offers is computed on the current text, versioned, well formed (sorted,
 * not overlapping, inside its documents), and applying it does what it says and
 * nothing else: a rename leaves no reference broken and every former reference naming
 * the new ID; a quick fix removes its problem and brings no new one (except the trades
 * a fix is documented to make); the frameworks keep their shape, so no text was
 * corrupted.
 *
 * The seeds are fixed, so a failure replays. `SAFE_EDITS_SCALE=N` runs N times as many
 * workspaces (the long run); `SAFE_EDITS_SEED=S` draws other workspaces.
 */
import * as assert from 'node:assert/strict';
import { CodeActionKind } from 'vscode-languageserver-types';
import type {
  CodeAction,
  Diagnostic,
  DocumentSymbol,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { FrameworkNode, ItemNode } from '../../server/src/protocol';
import type { FrameworkLanguageService } from '../../server/src/service';
import { applyWorkspaceEdit, offsetAt } from '../edits';
import { generateWorkspace } from '../generatedWorkspace';
import { caseSeed, Random } from '../random';
import { applyReplacement, idEdit, randomReplacement } from '../randomEdits';
import { coveredText, createTestWorkspace, messageOf, uriOf } from './helpers';
import type { TestWorkspace } from './helpers';

const scale = Math.max(1, Number(process.env.SAFE_EDITS_SCALE ?? '1') || 1);
const runSeed = Number(process.env.SAFE_EDITS_SEED ?? '20261127') >>> 0;
const printFigures = process.env.SAFE_EDITS_SCALE !== undefined;

/** A random workspace, with some files at a later version than others. */
interface RandomWorkspace extends TestWorkspace {
  /** Each file's text, by name. */
  readonly files: Record<string, string>;
  readonly versionOf: (uri: string) => number | null;
}

function randomWorkspace(random: Random): RandomWorkspace {
  let files = generateWorkspace(random, {
    files: random.between(2, 4),
    problemRate: random.pick([0.03, 0.08, 0.15]),
  });
  if (random.chance(0.2)) {
    files = Object.fromEntries(
      Object.entries(files).map(([name, text]) => [name, text.replace(/\n/g, '\r\n')]),
    );
  }
  const opened = createTestWorkspace(files);
  // Files edited since they were read: their edits must carry the later version.
  for (const [name, text] of Object.entries(files)) {
    for (let again = random.int(3); again > 0; again--) opened.workspace.set(uriOf(name), text);
  }
  const versionOf = (uri: string): number | null =>
    opened.workspace.getDocument(uri)?.version ?? null;
  return { ...opened, files, versionOf };
}

const nameOf = (uri: string): string => /\/w\/(.*)\.framework\.yaml$/.exec(uri)?.[1] ?? uri;

/** An edit of one file, in offsets of its text before the edit. */
interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A workspace edit's text edits, by file name, in offsets. */
function offsetEdits(
  files: Readonly<Record<string, string>>,
  edit: WorkspaceEdit | undefined,
): Record<string, OffsetEdit[]> {
  const byName: Record<string, OffsetEdit[]> = {};
  for (const change of edit?.documentChanges ?? []) {
    if (!('textDocument' in change)) continue;
    const name = nameOf(change.textDocument.uri);
    // `applyWorkspaceEdit` has checked that every edit is a plain text edit.
    byName[name] = change.edits.map((one) => ({
      start: offsetAt(files[name], one.range.start),
      end: offsetAt(files[name], one.range.end),
      newText: 'newText' in one ? one.newText : '',
    }));
  }
  return byName;
}

/**
 * A problem as it reads after an edit: the file, the code, and the text the
 * diagnostic covers, with the edits that fall inside it applied (positions move when
 * an edit before them changes length, so they are left out). A problem on an ID a
 * rename or renumbering changed thereby reads as the same problem on the new ID.
 */
function problemKey(
  files: Readonly<Record<string, string>>,
  name: string,
  diagnostic: Diagnostic,
  edits: readonly OffsetEdit[] = [],
): string {
  const text = files[name];
  const start = offsetAt(text, diagnostic.range.start);
  const end = offsetAt(text, diagnostic.range.end);
  const covered = text.slice(start, end);
  const touching = edits.filter((edit) => edit.start < end && edit.end > start);
  let after = covered;
  if (touching.every((edit) => edit.start >= start && edit.end <= end)) {
    for (const edit of [...touching].reverse()) {
      after = after.slice(0, edit.start - start) + edit.newText + after.slice(edit.end - start);
    }
    // An ID the edit quoted: the diagnostic covers the ID between the quotes.
    if (after !== covered && /^(["']).*\1$/.test(after)) after = after.slice(1, -1);
  }
  return `${name} ${String(diagnostic.code)} ${JSON.stringify(after)}`;
}

/**
 * Every problem of a workspace, as keys (see `problemKey`, with `edits` applied), with
 * how many times each occurs.
 */
function problems(
  service: FrameworkLanguageService,
  files: Readonly<Record<string, string>>,
  edits: Readonly<Record<string, OffsetEdit[]>> = {},
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of Object.keys(files)) {
    for (const diagnostic of service.getDiagnostics(uriOf(name))) {
      const key = problemKey(files, name, diagnostic, edits[name]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The problems a key renamed at `keyAt` brings with its value: those inside the
 * key's entry (its line and the lines indented under it, or its list's dashes at its
 * column), and duplicated IDs whose other occurrence is inside it.
 */
function tradedForKey(
  service: FrameworkLanguageService,
  files: Readonly<Record<string, string>>,
  name: string,
  keyAt: Position,
): Map<string, number> {
  const lines = files[name].split(/\r?\n/);
  const column = keyAt.character;
  let endLine = keyAt.line + 1;
  while (endLine < lines.length) {
    const line = lines[endLine];
    const indentation = /^ */.exec(line)?.[0].length ?? 0;
    const inside =
      line.trim() === '' ||
      line.trim().startsWith('#') ||
      indentation > column ||
      (indentation === column && line.startsWith('-', column));
    if (!inside) break;
    endLine++;
  }
  const inEntry = (position: Position): boolean =>
    (position.line > keyAt.line ||
      (position.line === keyAt.line && position.character >= column)) &&
    position.line < endLine;
  // Items the value now holds, which references anywhere may name by a wrong kind.
  const entryIds = new Set(
    allSymbols(service.getDocumentSymbols(uriOf(name)))
      .filter((symbol) => inEntry(symbol.selectionRange.start))
      .map((symbol) => coveredText(files[name], { range: symbol.selectionRange, message: '' })),
  );
  const traded = new Map<string, number>();
  for (const file of Object.keys(files)) {
    for (const diagnostic of service.getDiagnostics(uriOf(file))) {
      const related = diagnostic.relatedInformation ?? [];
      const fromEntry =
        file === name &&
        (inEntry(diagnostic.range.start) ||
          (diagnostic.code === 'duplicate-id' &&
            related.some(
              (one) => one.location.uri === uriOf(name) && inEntry(one.location.range.start),
            )));
      const namesEntry =
        diagnostic.code === 'wrong-reference-kind' &&
        entryIds.has(coveredText(files[file], diagnostic).split(':').pop() ?? '');
      // Items that appear in a framework change which items of the framework it
      // supersedes are continued.
      const lineage = diagnostic.code === 'unaccounted-predecessor';
      if (!fromEntry && !namesEntry && !lineage) continue;
      const key = problemKey(files, file, diagnostic);
      traded.set(key, (traded.get(key) ?? 0) + 1);
    }
  }
  return traded;
}

function allSymbols(symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...allSymbols(symbol.children ?? [])]);
}

/** The problems of the reference to `itemId` on a line: that it does not resolve, or names the wrong kind. */
function problemsOfReference(
  service: FrameworkLanguageService,
  files: Readonly<Record<string, string>>,
  name: string,
  line: number,
  itemId: string,
): Map<string, number> {
  const found = new Map<string, number>();
  for (const diagnostic of service.getDiagnostics(uriOf(name))) {
    const about =
      diagnostic.code === 'unresolved-reference' || diagnostic.code === 'wrong-reference-kind';
    if (!about || diagnostic.range.start.line !== line) continue;
    if (!coveredText(files[name], diagnostic).endsWith(itemId)) continue;
    const key = problemKey(files, name, diagnostic);
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return found;
}

/** Every problem of one code. */
function problemsOfCode(
  service: FrameworkLanguageService,
  files: Readonly<Record<string, string>>,
  code: string,
): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of Object.keys(files)) {
    for (const diagnostic of service.getDiagnostics(uriOf(name))) {
      if (diagnostic.code !== code) continue;
      const key = problemKey(files, name, diagnostic);
      found.set(key, (found.get(key) ?? 0) + 1);
    }
  }
  return found;
}

/** The `id-numbering` problems of items whose parent's ID is `parentId`. */
function childrenNumbering(
  service: FrameworkLanguageService,
  files: Readonly<Record<string, string>>,
  parentId: string,
): Map<string, number> {
  const traded = new Map<string, number>();
  for (const name of Object.keys(files)) {
    for (const diagnostic of service.getDiagnostics(uriOf(name))) {
      const parent = diagnostic.relatedInformation?.[0]?.location;
      if (diagnostic.code !== 'id-numbering' || !parent) continue;
      if (coveredText(files[nameOf(parent.uri)], { range: parent.range, message: '' }) !== parentId)
        continue;
      const key = problemKey(files, name, diagnostic);
      traded.set(key, (traded.get(key) ?? 0) + 1);
    }
  }
  return traded;
}

/** The problems in `after` that `before` does not have (as many times as they are extra). */
function newProblems(before: Map<string, number>, after: Map<string, number>): string[] {
  const added: string[] = [];
  for (const [key, count] of after) {
    for (let extra = count - (before.get(key) ?? 0); extra > 0; extra--) added.push(key);
  }
  return added;
}

/**
 * The frameworks of a workspace as the Goals view shows them, without positions and
 * problems: what must survive an edit that only renames. `rename` gives the item at a
 * file and ID position its new ID.
 */
function shapeOf(
  tree: readonly FrameworkNode[],
  rename?: { uri: string; range: Range; newId: string },
): unknown {
  const item = (node: ItemNode, framework: string): unknown => {
    const renamed =
      rename && node.uri === rename.uri && samePlace(node.selectionRange, rename.range);
    const id = renamed ? rename.newId : node.id;
    return {
      kind: node.kind,
      id,
      qualifiedId: `${framework}:${id}`,
      title: node.title,
      description: node.description,
      children: node.children.map((child) => item(child, framework)),
    };
  };
  return tree.map((framework) => ({
    id: framework.id,
    title: framework.title,
    period: framework.period,
    supersedes: framework.supersedes,
    file: nameOf(framework.uri),
    children: framework.children.map((child) => item(child, framework.id)),
  }));
}

function samePlace(a: Range, b: Range): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A position inside a range, anywhere from its start to its end. */
function positionIn(random: Random, range: Range): Position {
  return {
    line: range.start.line,
    character: random.between(range.start.character, range.end.character),
  };
}

/** Every goal and objective of a file, by its ID's range. */
function goalsAndObjectives(symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((symbol) => [
    ...(symbol.detail === 'goal' || symbol.detail === 'objective' ? [symbol] : []),
    ...goalsAndObjectives(symbol.children ?? []),
  ]);
}

/** Every item ID of a framework, from the tree. */
function idsOf(tree: readonly FrameworkNode[], frameworkId: string): Set<string> {
  const ids = new Set<string>();
  const walk = (nodes: readonly ItemNode[]): void => {
    for (const node of nodes) {
      ids.add(node.id);
      walk(node.children);
    }
  };
  for (const framework of tree) if (framework.id === frameworkId) walk(framework.children);
  return ids;
}

function findNode(
  tree: readonly FrameworkNode[],
  accept: (node: ItemNode) => boolean,
): { node: ItemNode; framework: string } | undefined {
  const walk = (
    nodes: readonly ItemNode[],
    framework: string,
  ): { node: ItemNode; framework: string } | undefined => {
    for (const node of nodes) {
      if (accept(node)) return { node, framework };
      const found = walk(node.children, framework);
      if (found) return found;
    }
    return undefined;
  };
  for (const framework of tree) {
    const found = walk(framework.children, framework.id);
    if (found) return found;
  }
  return undefined;
}

/** Figures of the run, for docs/reliability.md. */
const figures = {
  workspaces: 0,
  renamesApplied: 0,
  renamesRefused: 0,
  referencesRenamed: 0,
  diagnostics: 0,
  fixesApplied: 0,
  fixesByCode: {} as Record<string, number>,
  tradesAllowed: 0,
  staleDiagnostics: 0,
  staleFixesOffered: 0,
};

describe('safe edits over random workspaces', function () {
  this.timeout(60_000 * scale);
  const workspaces = 40 * scale;

  after(() => {
    if (printFigures) console.log(`safe edit figures: ${JSON.stringify(figures)}`);
  });

  it(`renames goals and objectives, at definitions and references, leaving no reference broken (${workspaces} workspaces)`, () => {
    for (let number = 0; number < workspaces; number++) {
      const seed = caseSeed(runSeed, number);
      const random = new Random(seed);
      const opened = randomWorkspace(random);
      for (let rename = 0; rename < 6; rename++)
        checkRandomRename(random, opened, `seed ${seed}, rename ${rename}`);
    }
  });

  it(`offers quick fixes that remove their problem and add none (${workspaces} workspaces)`, () => {
    for (let number = 0; number < workspaces; number++) {
      const seed = caseSeed(runSeed, 10_000 + number);
      const opened = randomWorkspace(new Random(seed));
      figures.workspaces++;
      checkEveryQuickFix(opened, `seed ${seed}`);
    }
  });

  it(`offers fixes for diagnostics an edit made stale only where the problem still is (${workspaces} workspaces)`, () => {
    for (let number = 0; number < workspaces; number++) {
      const seed = caseSeed(runSeed, 20_000 + number);
      const random = new Random(seed);
      const opened = randomWorkspace(random);
      const names = Object.keys(opened.files);
      const name = random.pick(names);
      const stale = opened.service.getDiagnostics(uriOf(name));
      // An edit the client has sent, but not yet its diagnostics for the new text.
      let text = opened.files[name];
      for (let edit = random.between(1, 3); edit > 0; edit--) {
        const replacement = random.chance(0.5)
          ? idEdit(random, text)
          : randomReplacement(random, text, '\n', []);
        if (replacement) text = applyReplacement(text, replacement);
      }
      opened.workspace.set(uriOf(name), text);
      const current: RandomWorkspace = { ...opened, files: { ...opened.files, [name]: text } };
      const now = current.service.getDiagnostics(uriOf(name));
      for (const diagnostic of stale) {
        figures.staleDiagnostics++;
        const actions = current.service.getCodeActions(uriOf(name), diagnostic.range, [diagnostic]);
        if (actions.length === 0) continue;
        const still = now.find(
          (one) => one.code === diagnostic.code && samePlace(one.range, diagnostic.range),
        );
        assert.ok(
          still,
          `seed ${seed}: a fix for ${String(diagnostic.code)} at ${JSON.stringify(diagnostic.range)} is offered only while the problem is there\n${text}`,
        );
        for (const action of actions) {
          checkQuickFix(current, name, still, action, `seed ${seed}, stale`, diagnostic);
          figures.staleFixesOffered++;
        }
      }
    }
  });
});

describe('safe edits: regression cases', () => {
  // The stale diagnostics found these: a fix built from the candidates a diagnostic
  // carried when it was published, after an edit removed what they name.
  it('offers no candidate that an edit since the diagnostic has removed', () => {
    const named = 'framework: gen-0\ntitle: Zero\ngoals:\n  - id: "1"\n    title: One\n';
    const referring = `framework: b\ntitle: B\ngoals:\n  - id: "1"\n    title: One\n    supports: ["gem-0:1", "1.9"]\n    objectives:\n      - id: "1.1"\n        title: Objective\n`;
    const { workspace, service } = createTestWorkspace({ named, referring });
    const stale = service.getDiagnostics(uriOf('referring'));
    assert.deepEqual(
      stale.map((diagnostic) => diagnostic.code),
      ['unknown-framework', 'unresolved-reference'],
    );
    const fixesFor = (diagnostic: Diagnostic): string[] =>
      service
        .getCodeActions(uriOf('referring'), diagnostic.range, [diagnostic])
        .map((action) => action.title);
    assert.deepEqual(stale.map(fixesFor), [["Change to 'gen-0:1'"], ["Change to '1.1'"]]);
    // Framework gen-0 is renamed, and objective 1.1 (after the references) renumbered.
    workspace.set(uriOf('named'), named.replace('gen-0', 'gen-zero'));
    workspace.set(uriOf('referring'), referring.replace('id: "1.1"', 'id: "1.2"'));
    assert.deepEqual(stale.map(fixesFor), [[], []]);
  });

  // SAFE_EDITS_SEED=10: an edit moved a reference that resolves to the range of a stale
  // diagnostic, and the fix rewrote that reference.
  it('offers no fix where an edit since the diagnostic has mended the problem or moved a good name to its range', () => {
    const framework = (id: string): string =>
      `framework: ${id}\ntitle: ${id}\ngoals:\n  - id: "1"\n    title: One\n  - id: "3"\n    title: Three\n`;
    const referring = `framework: b\ntitle: B\nsupersedes: gen-0x\ngoals:\n  - id: "1"\n    title: One\n    supports:\n      - "gen-2:3"\n      - "gem-0:1"\n      - "2"\n      - "4"\n  - id: "2"\n    title: Two\n`;
    const { workspace, service } = createTestWorkspace({
      zero: framework('gen-0'),
      two: framework('gen-2'),
      referring,
    });
    const stale = service.getDiagnostics(uriOf('referring'));
    const fixesFor = (diagnostic: Diagnostic): string[] =>
      service
        .getCodeActions(uriOf('referring'), diagnostic.range, [diagnostic])
        .map((action) => action.title);
    assert.deepEqual(
      stale.map((diagnostic) => [
        diagnostic.code,
        diagnostic.range.start.line,
        fixesFor(diagnostic),
      ]),
      [
        ['unknown-framework', 2, ["Change to 'gen-0'", "Change to 'gen-2'"]],
        ['unknown-framework', 8, ["Change to 'gen-0:1'", "Change to 'gen-2:1'"]],
        ['unresolved-reference', 10, ["Change to '1'", "Change to '2'"]],
      ],
    );
    // Framework gen-0x now exists; a line inserted moves "gen-2:3" and "2", which
    // resolve, to where "gem-0:1" and "4" were.
    workspace.set(uriOf('zerox'), framework('gen-0x'));
    workspace.set(
      uriOf('referring'),
      referring.replace('supersedes: gen-0x\n', 'supersedes: gen-0x\ndescription: D\n'),
    );
    assert.deepEqual(stale.map(fixesFor), [[], [], []]);
  });

  // SAFE_EDITS_SEED=3: a key an edit moved into another mapping was renamed to what
  // its old mapping knows, which the new one does not.
  it('offers only the candidates the problem still suggests', () => {
    const misspelt =
      'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    support: ["2"]\n  - id: "2"\n    title: Two\n';
    const { workspace, service } = createTestWorkspace({ misspelt });
    const [unknownKey] = service.getDiagnostics(uriOf('misspelt'));
    const keyFixes = (): string[] =>
      service
        .getCodeActions(uriOf('misspelt'), unknownKey.range, [unknownKey])
        .map((action) => action.title);
    assert.deepEqual(keyFixes(), ["Rename 'support' to 'supports'"]);
    // The goals become values, which have no `supports`: the key is still unknown.
    workspace.set(uriOf('misspelt'), misspelt.replace('goals:', 'values:'));
    assert.deepEqual(keyFixes(), []);

    // A framework that has come to supersede this one would close a loop.
    const older = 'framework: gen-0\ntitle: Zero\ngoals:\n  - id: "1"\n    title: One\n';
    const newer =
      'framework: b\ntitle: B\nsupersedes: gen-0x\ngoals:\n  - id: "1"\n    title: One\n';
    const lineage = createTestWorkspace({ older, newer });
    const [unknown] = lineage.service.getDiagnostics(uriOf('newer'));
    const frameworkFixes = (): string[] =>
      lineage.service
        .getCodeActions(uriOf('newer'), unknown.range, [unknown])
        .map((action) => action.title);
    assert.deepEqual(frameworkFixes(), ["Change to 'gen-0'"]);
    lineage.workspace.set(uriOf('older'), older.replace('goals:', 'supersedes: b\ngoals:'));
    assert.deepEqual(frameworkFixes(), []);
  });

  // SAFE_EDITS_SEED=1: the keys a renamed key would join were read from the
  // indentation, but in broken YAML the parser recovers another mapping, which may
  // already have the key (a misindented `title:` further down).
  it('renames no key while its YAML document has errors', () => {
    const misspelt = 'framework: a\ntilte: A\ngoals:\n  - id: "1"\n    title: One\n';
    const { workspace, service } = createTestWorkspace({ misspelt });
    const unknown = service
      .getDiagnostics(uriOf('misspelt'))
      .find((diagnostic) => diagnostic.code === 'unknown-key');
    assert.ok(unknown);
    const fixesFor = (diagnostic: Diagnostic): string[] =>
      service
        .getCodeActions(uriOf('misspelt'), diagnostic.range, [diagnostic])
        .map((action) => action.title);
    assert.deepEqual(fixesFor(unknown), ["Rename 'tilte' to 'title'"]);
    workspace.set(uriOf('misspelt'), misspelt.replace('    title: One', '  title: One'));
    const now = service.getDiagnostics(uriOf('misspelt'));
    const still = now.find((diagnostic) => diagnostic.code === 'unknown-key');
    assert.ok(still && samePlace(still.range, unknown.range), 'the key is still unknown');
    assert.ok(now.some((diagnostic) => diagnostic.code === 'yaml-syntax'));
    assert.deepEqual(fixesFor(unknown), []);
    assert.deepEqual(fixesFor(still), []);
  });

  // SAFE_EDITS_SEED=23 SAFE_EDITS_SCALE=10: an edit wrote a misspelt key twice; renaming
  // the first turned the second's duplicate-key error into an unknown key.
  it('renames no key its mapping has twice', () => {
    const misspelt =
      'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    suports: ["2"]\n  - id: "2"\n    title: Two\n';
    const { workspace, service } = createTestWorkspace({ misspelt });
    const [unknown] = service.getDiagnostics(uriOf('misspelt'));
    assert.equal(unknown.code, 'unknown-key');
    const fixesFor = (diagnostic: Diagnostic): string[] =>
      service
        .getCodeActions(uriOf('misspelt'), diagnostic.range, [diagnostic])
        .map((action) => action.title);
    assert.deepEqual(fixesFor(unknown), ["Rename 'suports' to 'supports'"]);
    workspace.set(uriOf('misspelt'), misspelt.replace('    suports: ["2"]\n', '$&$&'));
    const now = service.getDiagnostics(uriOf('misspelt'));
    assert.deepEqual(
      now.map((diagnostic) => diagnostic.code),
      ['unknown-key', 'yaml-syntax'],
    );
    assert.deepEqual(fixesFor(unknown), []);
    assert.deepEqual(fixesFor(now[0]), []);
  });

  // SAFE_EDITS_SEED=81 SAFE_EDITS_SCALE=20: an edit left a reference's quote unclosed;
  // the parser read the scalar without its last character, and the renumbering
  // rewrote that guess, quotes and all, inside the broken quote.
  it('rewrites nothing the parser read in a YAML document with errors', () => {
    const duplicated =
      'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    objectives:\n      - id: "1.1"\n        title: First\n      - id: "1.1"\n        title: Second\n  - id: "2"\n    title: Two\n    supports: [\'1.1\']\n';
    const { workspace, service } = createTestWorkspace({ duplicated });
    const stale = service.getDiagnostics(uriOf('duplicated'));
    const fixesFor = (diagnostic: Diagnostic): string[] =>
      service
        .getCodeActions(uriOf('duplicated'), diagnostic.range, [diagnostic])
        .map((action) => action.title);
    assert.deepEqual(stale.map(fixesFor), [
      ['Renumber objective 1.1 as 1.2, updating 1 reference'],
      ['Renumber objective 1.1 as 1.2'],
    ]);
    workspace.set(uriOf('duplicated'), duplicated.replace("['1.1']\n", "['1.12"));
    const now = service.getDiagnostics(uriOf('duplicated'));
    assert.deepEqual(
      now.map((diagnostic) => diagnostic.code),
      ['duplicate-id', 'duplicate-id', 'yaml-syntax', 'yaml-syntax'],
    );
    assert.deepEqual(stale.map(fixesFor), [[], []]);
    assert.deepEqual(now.map(fixesFor), [[], [], [], []]);
  });

  // SAFE_EDITS_SEED=2: a renumbering for an item its parent's new ID numbers well.
  it('offers no renumbering for an item an edit since the diagnostic has made well numbered', () => {
    const misnumbered =
      'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    objectives:\n      - id: "2.1"\n        title: Objective\n';
    const { workspace, service } = createTestWorkspace({ misnumbered });
    const [numbering] = service.getDiagnostics(uriOf('misnumbered'));
    assert.equal(numbering.code, 'id-numbering');
    const fixes = (): string[] =>
      service
        .getCodeActions(uriOf('misnumbered'), numbering.range, [numbering])
        .map((action) => action.title);
    assert.deepEqual(fixes(), ['Renumber objective 2.1 as 1.1']);
    workspace.set(uriOf('misnumbered'), misnumbered.replace('id: "1"', 'id: "2"'));
    assert.deepEqual(service.getDiagnostics(uriOf('misnumbered')), []);
    assert.deepEqual(fixes(), []);
  });

  // SAFE_EDITS_SEED=11: a renumbering gave an indicator the ID a goal's `supports`
  // named without finding it, which then named an indicator.
  it('renumbers an item to no ID that a reference names without finding it', () => {
    const files = {
      a: 'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n    supports: ["1.1.1"]\n    objectives:\n      - id: "1.1"\n        title: Objective\n        indicators:\n          - { id: "9.1", title: Indicator }\n',
      b: 'framework: b\ntitle: B\ngoals:\n  - id: "1"\n    title: One\n    supports: ["a:1.1.2"]\n',
    };
    const { service } = createTestWorkspace(files);
    const numbering = service
      .getDiagnostics(uriOf('a'))
      .find((diagnostic) => diagnostic.code === 'id-numbering');
    assert.ok(numbering);
    assert.deepEqual(
      service
        .getCodeActions(uriOf('a'), numbering.range, [numbering])
        .map((action) => action.title),
      ['Renumber indicator 9.1 as 1.1.3'],
    );
  });

  it("suggests, for a framework's supersedes, neither itself nor a framework that supersedes it", () => {
    const framework = (id: string, supersedes: string): string =>
      `framework: ${id}\ntitle: ${id}\nsupersedes: ${supersedes}\ngoals:\n  - id: "1"\n    title: One\n`;
    const files = {
      zero: 'framework: gen-0\ntitle: Zero\ngoals:\n  - id: "1"\n    title: One\n',
      one: framework('gen-1', 'gen-1x'),
      two: framework('gen-2', 'gen-1'),
    };
    const { service } = createTestWorkspace(files);
    const [unknown] = service.getDiagnostics(uriOf('one'));
    assert.equal(unknown.code, 'unknown-framework');
    assert.match(messageOf(unknown), /Did you mean 'gen-0'\?$/);
    const actions = service.getCodeActions(uriOf('one'), unknown.range, [unknown]);
    assert.deepEqual(
      actions.map((action) => action.title),
      ["Change to 'gen-0'"],
    );
  });

  it('offers only retiring an item whose duplicated ID a reference cannot name', () => {
    const older =
      'framework: a\ntitle: A\ngoals:\n  - id: "1"\n    title: One\n  - id: "1"\n    title: Also one\n';
    const newer =
      'framework: b\ntitle: B\nsupersedes: a\ngoals:\n  - id: "1"\n    title: One\n    supersedes: ["a:1"]\n  - id: "2"\n    title: Also one\n';
    const { service } = createTestWorkspace({ older, newer });
    const unaccounted = service
      .getDiagnostics(uriOf('older'))
      .filter((diagnostic) => diagnostic.code === 'unaccounted-predecessor');
    // The first goal 1 is continued; the second cannot be named as a:1.
    assert.deepEqual(
      unaccounted.map((diagnostic) => diagnostic.range.start.line),
      [5],
    );
    const actions = service.getCodeActions(uriOf('older'), unaccounted[0].range, unaccounted);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Mark a:1 as retired'],
    );
  });
});

function checkRandomRename(random: Random, opened: RandomWorkspace, where: string): void {
  const { service, files, versionOf } = opened;
  const targets = Object.keys(files).flatMap((name) =>
    goalsAndObjectives(service.getDocumentSymbols(uriOf(name))).map((symbol) => ({ name, symbol })),
  );
  if (targets.length === 0) return;
  const { name, symbol } = random.pick(targets);
  const definitionAt = positionIn(random, symbol.selectionRange);
  const references = service.getReferences(uriOf(name), definitionAt, false);
  // At the definition, or at one of the references to it.
  const at =
    references.length > 0 && random.chance(0.5)
      ? (() => {
          const reference = random.pick(references);
          return { uri: reference.uri, position: positionIn(random, reference.range) };
        })()
      : { uri: uriOf(name), position: definitionAt };
  const prepared = service.prepareRename(at.uri, at.position);
  assert.ok(prepared, `${where}: a goal or objective can be renamed`);
  if ('error' in prepared) {
    figures.renamesRefused++;
    return;
  }
  const oldId = prepared.placeholder;
  const tree = service.getFrameworkTree();
  const target = findNode(
    tree,
    (node) => node.uri === uriOf(name) && samePlace(node.selectionRange, symbol.selectionRange),
  );
  assert.ok(target, `${where}: the renamed item is in the tree`);
  const taken = idsOf(tree, target.framework);
  const newId = random.pick([
    `${oldId}0`,
    `${oldId}.9`,
    '9',
    '1.10',
    `${oldId}-renamed`,
    'renamed',
    random.pick([...taken]),
    'not an id',
    `${target.framework}:1`,
  ]);
  const result = service.getRenameEdits(at.uri, at.position, newId);
  const valid = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(newId);
  if (!valid || taken.has(newId)) {
    assert.ok('error' in result, `${where}: renaming ${oldId} to '${newId}' is refused`);
    figures.renamesRefused++;
    return;
  }
  assert.ok(
    !('error' in result),
    `${where}: ${oldId} renames to ${newId}: ${JSON.stringify(result)}`,
  );
  const renamed = applyWorkspaceEdit(files, result.edit, { uriOf, versionOf });
  const after = createTestWorkspace(renamed).service;
  const context = `${where}: ${target.framework}:${oldId} renamed to ${newId}`;

  // Every former reference names the new ID, on the line it was on; no other text changed.
  const afterTree = after.getFrameworkTree();
  assert.deepStrictEqual(
    shapeOf(afterTree),
    shapeOf(tree, { uri: uriOf(name), range: symbol.selectionRange, newId }),
    `${context}: the frameworks keep their shape`,
  );
  const moved = findNode(
    afterTree,
    (node) =>
      node.uri === uriOf(name) &&
      node.id === newId &&
      node.selectionRange.start.line === symbol.selectionRange.start.line,
  );
  assert.ok(moved, `${context}: the renamed item is found`);
  const afterReferences = after.getReferences(uriOf(name), moved.node.selectionRange.start, false);
  const lines = (locations: typeof references): string[] =>
    locations.map((location) => `${nameOf(location.uri)}:${location.range.start.line}`).sort();
  // References that named the new ID and did not resolve now name the renamed item.
  // (The new ID is free, so none of them resolved.) Most say so as
  // `unresolved-reference`; a local `supersedes` is `wrong-reference-kind` whatever
  // it names, before it is looked up (SAFE_EDITS_SEED=61 SAFE_EDITS_SCALE=20). They
  // are told apart from the references that follow by where they are, not by their
  // line: a line can hold both (SAFE_EDITS_SEED=74 SAFE_EDITS_SCALE=20), and
  // references to the new ID in other frameworks, which stay as they are.
  const edits = offsetEdits(files, result.edit);
  const adopted = new Set(
    Object.keys(files).flatMap((file) =>
      service
        .getDiagnostics(uriOf(file))
        .filter(
          (diagnostic) =>
            (diagnostic.code === 'unresolved-reference' ||
              diagnostic.code === 'wrong-reference-kind') &&
            coveredText(files[file], diagnostic).split(':').pop() === newId,
        )
        .map((diagnostic) => {
          // Its text is unchanged; the edits before it in its file move it.
          const offset = offsetAt(files[file], diagnostic.range.start);
          const shift = (edits[file] ?? [])
            .filter((edit) => edit.end <= offset)
            .reduce((sum, edit) => sum + edit.newText.length - (edit.end - edit.start), 0);
          return `${file}@${offset + shift}`;
        }),
    ),
  );
  const followed = afterReferences.filter((location) => {
    const file = nameOf(location.uri);
    return !adopted.has(`${file}@${offsetAt(renamed[file], location.range.start)}`);
  });
  assert.deepEqual(lines(followed), lines(references), `${context}: the references follow`);
  for (const location of afterReferences) {
    const text = renamed[nameOf(location.uri)];
    assert.equal(
      coveredText(text, { range: location.range, message: '' }),
      newId,
      `${context}: a reference names ${newId}`,
    );
  }
  figures.referencesRenamed += afterReferences.length;

  // No reference broke; the only new problems are the numbering of the item and its children.
  const added = newProblems(problems(service, files, edits), problems(after, renamed));
  const allowed = added.filter((key) => / id-numbering /.test(key));
  assert.deepEqual(
    added.filter((key) => !allowed.includes(key)),
    [],
    `${context}: no new problems but numbering`,
  );
  figures.renamesApplied++;
}

function checkEveryQuickFix(opened: RandomWorkspace, where: string): void {
  const { service, files } = opened;
  for (const name of Object.keys(files)) {
    for (const diagnostic of service.getDiagnostics(uriOf(name))) {
      figures.diagnostics++;
      const actions = service.getCodeActions(uriOf(name), diagnostic.range, [diagnostic]);
      for (const action of actions) checkQuickFix(opened, name, diagnostic, action, where);
    }
  }
}

function checkQuickFix(
  opened: RandomWorkspace,
  name: string,
  diagnostic: Diagnostic,
  action: CodeAction,
  where: string,
  /** The diagnostic as the client sent it, when it is from an earlier text. */
  sent: Diagnostic = diagnostic,
): void {
  const { service, files, versionOf } = opened;
  const context = `${where}: '${action.title}' for ${String(diagnostic.code)} in ${name} at ${JSON.stringify(diagnostic.range.start)}`;
  assert.equal(action.kind, CodeActionKind.QuickFix, context);
  assert.deepEqual(action.diagnostics, [sent], context);
  const fixed = applyWorkspaceEdit(files, action.edit, { uriOf, versionOf });
  const after = createTestWorkspace(fixed).service;
  const afterProblems = problems(after, fixed);
  const edits = offsetEdits(files, action.edit);
  const before = problems(service, files, edits);
  const key = problemKey(files, name, diagnostic, edits[name]);
  assert.ok(
    (afterProblems.get(key) ?? 0) < (before.get(key) ?? 0),
    `${context}: the problem is gone\n${fixed[name]}`,
  );
  // Renaming an unknown key to a known one has its value checked from then on: the
  // problems of that value are the documented trade (docs/diagnostics.md, unknown-key).
  // A renumbering renames the items numbered under the item's old ID with it, when
  // their new IDs are free; it leaves the others as they are, for their own fixes
  // (a warning, never an error): their numbering under the renumbered item is the
  // trade.
  const renumbered = /^Renumber \w+ \S+ as ([^\s,]+)/.exec(action.title)?.[1];
  // A framework-level `supersedes` that names a framework at last makes its items
  // predecessors, whose lineage is then checked (docs/diagnostics.md,
  // unaccounted-predecessor).
  const supersedes = diagnostic.code === 'unknown-framework' && !action.title.includes(':');
  // A reference whose framework part is corrected names the framework at last, and
  // its ID is then looked up there: it may not be there, or be of the wrong kind.
  const qualified =
    diagnostic.code === 'unknown-framework'
      ? /^Change to '[^':]+:([^']+)'$/.exec(action.title)?.[1]
      : undefined;
  const traded =
    diagnostic.code === 'unknown-key'
      ? tradedForKey(after, fixed, name, diagnostic.range.start)
      : renumbered !== undefined
        ? childrenNumbering(after, fixed, renumbered)
        : supersedes
          ? problemsOfCode(after, fixed, 'unaccounted-predecessor')
          : qualified !== undefined
            ? problemsOfReference(after, fixed, name, diagnostic.range.start.line, qualified)
            : new Map<string, number>();
  const unexcused = newProblems(before, afterProblems).length;
  for (const [tradedKey, count] of traded) {
    afterProblems.set(tradedKey, (afterProblems.get(tradedKey) ?? 0) - count);
  }
  const added = newProblems(before, afterProblems);
  figures.tradesAllowed += unexcused - added.length;
  assert.deepEqual(added, [], `${context}: no new problems\n${fixed[name]}`);
  figures.fixesApplied++;
  figures.fixesByCode[String(diagnostic.code)] =
    (figures.fixesByCode[String(diagnostic.code)] ?? 0) + 1;
}
