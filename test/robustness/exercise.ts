/**
 * Runs one workspace through every feature of the language service, at random
 * positions, and checks every answer with `invariants.ts`. The fuzzer, the corpus
 * test and the long fuzz script all call this; the protocol tests have their own
 * version over the real server (`serverExercise.ts`).
 */
import type { Position, Range } from 'vscode-languageserver-types';
import type { FrameworkNode, ItemNode } from '../../server/src/protocol';
import type { FrameworkLanguageService } from '../../server/src/service';
import type { Random } from '../random';
import { createTestWorkspace, uriOf } from '../service/helpers';
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
  assertNewItem,
  assertPrepareRename,
  assertTraceability,
  assertWorkspaceEdit,
  assertWorkspaceSymbols,
  DocumentLines,
} from './invariants';

/** Names tried for renames: valid IDs, and names the service must refuse. */
export const renameNames = [
  'renamed-1',
  '7.7',
  'x',
  '',
  'two words',
  'fw:1',
  '1e3',
  'true',
  '\ud800',
];

/** Requests made, by feature, for the figures in docs/reliability.md. */
export type RequestCounts = Record<string, number>;

/** A service that has been through an editing session, and the versions it indexed. */
export interface EditedService {
  readonly service: FrameworkLanguageService;
  readonly versionOf: (uri: string) => number;
}

export interface ExerciseOptions {
  /** The positions to ask at, or how many random ones; 3 by default. */
  readonly positions?: number | readonly Position[];
  /** Requests made, added to by feature. */
  readonly counts?: RequestCounts;
  /** A service that already holds `files`; a fresh one (every file at version 1) otherwise. */
  readonly session?: EditedService;
}

/**
 * Every feature of the service on a workspace of `files` (name to text), at the
 * given positions of the file named `fuzzed`, or at that many random ones. Throws the
 * first answer that breaks an invariant; an exception from the service escapes as it
 * is.
 */
export function exerciseService(
  files: Readonly<Record<string, string>>,
  fuzzed: string,
  random: Random,
  options: ExerciseOptions = {},
): RequestCounts {
  const { positions = 3, counts = {} } = options;
  const count = (feature: string): void => {
    counts[feature] = (counts[feature] ?? 0) + 1;
  };
  const { service, versionOf } = options.session ?? {
    service: createTestWorkspace(files).service,
    versionOf: () => 1,
  };
  const documents = new Map(
    Object.entries(files).map(([name, text]) => [uriOf(name), new DocumentLines(text)]),
  );
  const uri = uriOf(fuzzed);
  const lines = documents.get(uri) as DocumentLines;

  for (const [other] of documents) {
    assertDiagnostics(documents, other, service.getDiagnostics(other), `diagnostics of ${other}`);
    count('diagnostics');
  }
  const diagnostics = service.getDiagnostics(uri);

  assertDocumentSymbols(lines, service.getDocumentSymbols(uri), 'document symbols');
  assertCodeLenses(lines, service.getCodeLenses(uri), 'code lenses');
  const whole: Range = { start: { line: 0, character: 0 }, end: lines.end };
  assertInlayHints(lines, whole, service.getInlayHints(uri, whole), 'inlay hints');
  const part = randomRange(lines, random);
  assertInlayHints(lines, part, service.getInlayHints(uri, part), 'inlay hints in part');
  count('documentSymbol');
  count('codeLens');
  count('inlayHint');
  count('inlayHint');

  // Quick fixes for each diagnostic (the first few), as the editor asks at each.
  for (const diagnostic of diagnostics.slice(0, 12)) {
    const actions = service.getCodeActions(uri, diagnostic.range, [diagnostic]);
    assertCodeActions(documents, actions, 'code actions', versionOf);
    count('codeAction');
  }
  assertCodeActions(
    documents,
    service.getCodeActions(uri, whole, diagnostics),
    'code actions on the whole file',
    versionOf,
  );
  count('codeAction');

  const cursors =
    typeof positions === 'number'
      ? Array.from({ length: positions }, () => randomPosition(lines, random))
      : positions;
  for (const position of cursors) {
    const what = `at ${JSON.stringify(position)}`;
    assertHover(lines, service.getHover(uri, position), what);
    assertCompletions(lines, position, service.getCompletions(uri, position), what);
    assertLocations(documents, service.getDefinition(uri, position), `${what}: definition`);
    assertLocations(documents, service.getReferences(uri, position, true), `${what}: references`);
    assertHighlights(lines, service.getDocumentHighlights(uri, position), what);
    assertPrepareRename(lines, position, service.prepareRename(uri, position), what);
    const rename = service.getRenameEdits(uri, position, random.pick(renameNames));
    if ('edit' in rename) assertWorkspaceEdit(documents, rename.edit, `${what}: rename`, versionOf);
    assertTraceability(documents, service.getTraceability({ uri, position }), what);
    const cursor: Range = { start: position, end: position };
    assertCodeActions(
      documents,
      service.getCodeActions(uri, cursor, diagnostics),
      `${what}: code actions`,
      versionOf,
    );
    for (const feature of ['hover', 'completion', 'definition', 'references', 'highlight']) {
      count(feature);
    }
    for (const feature of ['prepareRename', 'rename', 'traceability', 'codeAction']) {
      count(feature);
    }
  }

  // Positions outside the document, which clients may send and the service clamps:
  // only that nothing throws, and that whatever comes back lies inside.
  const outside = randomOutsidePosition(lines, random);
  const what = `outside at ${JSON.stringify(outside)}`;
  assertHover(lines, service.getHover(uri, outside), what);
  service.getCompletions(uri, outside);
  assertLocations(documents, service.getReferences(uri, outside, true), what);
  service.prepareRename(uri, outside);
  const beyond: Range = { start: randomPosition(lines, random), end: outside };
  service.getInlayHints(uri, beyond);
  // Diagnostics the client still shows from an older version of the text: their
  // ranges may lie anywhere, and a quick fix must not be built on them blindly.
  const stale = diagnostics.map((diagnostic) => ({
    ...diagnostic,
    range: { start: diagnostic.range.start, end: randomOutsidePosition(lines, random) },
  }));
  assertCodeActions(
    documents,
    service.getCodeActions(uri, beyond, stale),
    `${what}: stale`,
    versionOf,
  );
  count('outsidePosition');

  const tree = service.getFrameworkTree();
  assertFrameworkTree(documents, tree, 'framework tree');
  service.getCounts();
  assertWorkspaceSymbols(documents, service.getWorkspaceSymbols(''), 'workspace symbols');
  const query = lines.text.slice(random.int(lines.text.length), random.int(lines.text.length) + 2);
  assertWorkspaceSymbols(documents, service.getWorkspaceSymbols(query), 'workspace symbols');
  for (const feature of ['frameworkTree', 'counts', 'workspaceSymbol', 'workspaceSymbol']) {
    count(feature);
  }
  const items = treeItems(tree).filter((item) => item.uri === uri);
  if (items.length > 0) {
    const item = random.pick(items);
    assertTraceability(
      documents,
      service.getTraceability({ qualifiedId: item.qualifiedId }),
      `traceability of ${item.qualifiedId}`,
    );
    const kind = random.pick(['objective', 'indicator'] as const);
    assertNewItem(
      documents,
      service.getNewItem({ parent: item.qualifiedId, kind }),
      `new ${kind} under ${item.qualifiedId}`,
      versionOf,
    );
    count('traceability');
    count('newItem');
  }
  return counts;
}

/** Every item of the Goals view's tree, depth first. */
export function treeItems(tree: readonly FrameworkNode[]): ItemNode[] {
  const found: ItemNode[] = [];
  const visit = (node: ItemNode): void => {
    found.push(node);
    node.children.forEach(visit);
  };
  for (const framework of tree) framework.children.forEach(visit);
  return found;
}

/** A position inside the document: at a random character, so dense text is hit more. */
export function randomPosition(lines: DocumentLines, random: Random): Position {
  return lines.positionAt(random.int(lines.text.length + 1));
}

/** A random range inside the document. */
export function randomRange(lines: DocumentLines, random: Random): Range {
  const [a, b] = [random.int(lines.text.length + 1), random.int(lines.text.length + 1)];
  return { start: lines.positionAt(Math.min(a, b)), end: lines.positionAt(Math.max(a, b)) };
}

/** A position past the end of a line, or on a line after the last. */
export function randomOutsidePosition(lines: DocumentLines, random: Random): Position {
  if (random.chance(0.5)) {
    const line = random.int(lines.lineCount);
    return { line, character: lines.lengths[line] + 1 + random.int(100) };
  }
  return { line: lines.lineCount + random.int(10), character: random.int(10) };
}
