/**
 * What every answer of the service and the server must satisfy, whatever the input:
 * positions inside their documents, ranges that run forwards, edits that do not
 * overlap, and what VS Code itself refuses (a symbol's selection outside its range, a
 * completion edit that does not cover the cursor). The checks use their own reading of
 * line ends (`\n`, `\r\n`, a lone `\r`, as LSP defines them), not the service's, so a
 * mistake in the service's line index cannot hide itself.
 */
import * as assert from 'node:assert/strict';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  TextEdit,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import type {
  FrameworkNode,
  ItemNode,
  LinkedItem,
  NewItemResult,
  TraceabilityResult,
} from '../../server/src/protocol';
import { limits } from '../../server/src/service/limits';

/** A document's lines as LSP counts them, with offset conversion. */
export class DocumentLines {
  readonly lengths: readonly number[];
  private readonly starts: readonly number[];

  constructor(readonly text: string) {
    const lengths: number[] = [];
    const starts: number[] = [0];
    const lineEnd = /\r\n|\r|\n/g;
    let lineStart = 0;
    for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) {
      lengths.push(match.index - lineStart);
      lineStart = match.index + match[0].length;
      starts.push(lineStart);
    }
    lengths.push(text.length - lineStart);
    this.lengths = lengths;
    this.starts = starts;
  }

  get lineCount(): number {
    return this.lengths.length;
  }

  contains(position: Position): boolean {
    return (
      Number.isInteger(position.line) &&
      Number.isInteger(position.character) &&
      position.line >= 0 &&
      position.line < this.lineCount &&
      position.character >= 0 &&
      position.character <= this.lengths[position.line]
    );
  }

  /** The offset of a position that `contains` accepts. */
  offsetAt(position: Position): number {
    return this.starts[position.line] + position.character;
  }

  positionAt(offset: number): Position {
    let line = 0;
    while (line + 1 < this.starts.length && this.starts[line + 1] <= offset) line++;
    return { line, character: Math.min(offset - this.starts[line], this.lengths[line]) };
  }

  /** The last position of the document. */
  get end(): Position {
    return { line: this.lineCount - 1, character: this.lengths[this.lineCount - 1] };
  }
}

/** The documents answers may point into, by URI. */
export type Documents = ReadonlyMap<string, DocumentLines>;

const show = (value: unknown): string => JSON.stringify(value);

export function assertPosition(lines: DocumentLines, position: Position, what: string): void {
  if (lines.contains(position)) return;
  assert.fail(
    `${what}: position ${show(position)} lies outside the document (${lines.lineCount} lines, ` +
      `line length ${lines.lengths[position.line] ?? 'none'})`,
  );
}

export function assertRange(lines: DocumentLines, range: Range, what: string): void {
  assertPosition(lines, range.start, `${what} (start)`);
  assertPosition(lines, range.end, `${what} (end)`);
  assert.ok(
    lines.offsetAt(range.start) <= lines.offsetAt(range.end),
    `${what}: range ${show(range)} runs backwards`,
  );
}

/** Whether `inner` lies within `outer`, both inside the same document. */
function rangeWithin(lines: DocumentLines, inner: Range, outer: Range): boolean {
  return (
    lines.offsetAt(outer.start) <= lines.offsetAt(inner.start) &&
    lines.offsetAt(inner.end) <= lines.offsetAt(outer.end)
  );
}

function documentOf(documents: Documents, uri: string, what: string): DocumentLines {
  const lines = documents.get(uri);
  assert.ok(lines, `${what}: ${uri} is not a document of the workspace`);
  return lines;
}

export function assertLocation(documents: Documents, location: Location, what: string): void {
  assertRange(documentOf(documents, location.uri, what), location.range, what);
}

/**
 * One document's edits: each inside the document and running forwards, and no two
 * overlapping (inserts at one place are allowed; their order is the array's).
 */
export function assertTextEdits(
  lines: DocumentLines,
  edits: readonly TextEdit[],
  what: string,
): void {
  for (const edit of edits) {
    assertRange(lines, edit.range, what);
    assert.equal(typeof edit.newText, 'string', `${what}: an edit has no new text`);
  }
  const spans = edits
    .map((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let at = 1; at < spans.length; at++) {
    assert.ok(
      spans[at - 1][1] <= spans[at][0],
      `${what}: edits at offsets ${show(spans[at - 1])} and ${show(spans[at])} overlap`,
    );
  }
}

/**
 * A workspace edit: text document edits only, one per document, each of a document of
 * the workspace at the version it was indexed at, with valid text edits.
 */
export function assertWorkspaceEdit(
  documents: Documents,
  edit: WorkspaceEdit,
  what: string,
  versionOf?: (uri: string) => number | null,
): void {
  assert.equal(edit.changes, undefined, `${what}: the edit uses documentChanges only`);
  const seen = new Set<string>();
  for (const change of edit.documentChanges ?? []) {
    assert.ok('textDocument' in change, `${what}: a resource operation in an edit`);
    const { uri, version } = change.textDocument;
    assert.ok(!seen.has(uri), `${what}: two text document edits for ${uri}`);
    seen.add(uri);
    if (versionOf) assert.equal(version, versionOf(uri), `${what}: the version of ${uri}`);
    const textEdits = change.edits.map((one): TextEdit => {
      assert.ok('newText' in one && !('annotationId' in one), `${what}: not a plain text edit`);
      return one;
    });
    assertTextEdits(documentOf(documents, uri, what), textEdits, `${what} in ${uri}`);
  }
}

/** A document's text after edits that `assertTextEdits` accepted. */
export function applyTextEdits(lines: DocumentLines, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((edit, order) => ({
      start: lines.offsetAt(edit.range.start),
      end: lines.offsetAt(edit.range.end),
      newText: edit.newText,
      order,
    }))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  let text = '';
  let done = 0;
  for (const span of spans) {
    text += lines.text.slice(done, span.start) + span.newText;
    done = span.end;
  }
  return text + lines.text.slice(done);
}

/**
 * A file's diagnostics: inside it (related information inside its documents), each
 * with a message, and no more than the cap plus the one summary the cap adds.
 */
export function assertDiagnostics(
  documents: Documents,
  uri: string,
  diagnostics: readonly Diagnostic[],
  what: string,
): void {
  const lines = documentOf(documents, uri, what);
  assert.ok(
    diagnostics.length <= limits.maxDiagnosticsPerFile + 1,
    `${what}: ${diagnostics.length} diagnostics, more than the cap of ${limits.maxDiagnosticsPerFile} + 1`,
  );
  for (const diagnostic of diagnostics) {
    const label = `${what}: diagnostic ${show(diagnostic.code)} ${show(diagnostic.message).slice(0, 80)}`;
    assertRange(lines, diagnostic.range, label);
    const message =
      typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
    assert.ok(message.length > 0, `${label} has no message`);
    for (const related of diagnostic.relatedInformation ?? []) {
      assertLocation(documents, related.location, `${label}, related information`);
    }
  }
}

/** The outline: ranges inside, each selection within its range, names not empty. */
export function assertDocumentSymbols(
  lines: DocumentLines,
  symbols: readonly DocumentSymbol[],
  what: string,
): void {
  for (const symbol of symbols) {
    const label = `${what}: symbol ${show(symbol.name)}`;
    // VS Code rejects the whole outline when one of these does not hold.
    assert.ok(typeof symbol.name === 'string' && symbol.name.trim() !== '', `${label} has no name`);
    assertRange(lines, symbol.range, label);
    assertRange(lines, symbol.selectionRange, `${label} selection`);
    assert.ok(
      rangeWithin(lines, symbol.selectionRange, symbol.range),
      `${label}: selection ${show(symbol.selectionRange)} is outside its range ${show(symbol.range)}`,
    );
    assertDocumentSymbols(lines, symbol.children ?? [], what);
  }
}

export function assertWorkspaceSymbols(
  documents: Documents,
  symbols: readonly WorkspaceSymbol[],
  what: string,
): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.trim() !== '', `${what}: a symbol has no name`);
    if ('range' in symbol.location)
      assertLocation(documents, symbol.location, `${what}: ${symbol.name}`);
  }
}

/**
 * Completion at a valid position: every edit inside the document, and the main edit
 * (each item's, or the list's shared `itemDefaults.editRange`) on the cursor's line
 * and covering the cursor, which VS Code requires (it drops items whose edit does not).
 */
export function assertCompletions(
  lines: DocumentLines,
  position: Position,
  list: CompletionList | CompletionItem[] | null,
  what: string,
): void {
  const items = list === null ? [] : Array.isArray(list) ? list : list.items;
  const assertEditRange = (range: Range, label: string): void => {
    assertRange(lines, range, label);
    assert.ok(
      range.start.line === position.line && range.end.line === position.line,
      `${label}: edit ${show(range)} is not on the cursor's line ${position.line}`,
    );
    assert.ok(
      range.start.character <= position.character && position.character <= range.end.character,
      `${label}: edit ${show(range)} does not cover the cursor ${show(position)}`,
    );
  };
  const shared = list && !Array.isArray(list) ? list.itemDefaults?.editRange : undefined;
  if (shared) {
    const ranges = 'insert' in shared ? [shared.insert, shared.replace] : [shared];
    for (const range of ranges) assertEditRange(range, `${what}: the list's edit range`);
  }
  for (const item of items) {
    const label = `${what}: completion ${show(item.label)}`;
    assert.ok(typeof item.label === 'string' && item.label !== '', `${label} has no label`);
    const edit = item.textEdit;
    const ranges = !edit ? [] : 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
    for (const range of ranges) assertEditRange(range, label);
    const additional = item.additionalTextEdits ?? [];
    assertTextEdits(lines, additional, `${label}, additional edits`);
    if (edit && 'range' in edit)
      assertTextEdits(lines, [edit, ...additional], `${label}, all edits`);
  }
}

export function assertHover(
  lines: DocumentLines,
  hover: Hover | null | undefined,
  what: string,
): void {
  if (!hover) return;
  if (hover.range) assertRange(lines, hover.range, `${what}: hover`);
  const contents = hover.contents;
  const text = typeof contents === 'string' ? contents : 'value' in contents ? contents.value : '';
  assert.ok(text.length > 0, `${what}: an empty hover`);
}

export function assertLocations(
  documents: Documents,
  locations: readonly Location[] | null,
  what: string,
): void {
  for (const location of locations ?? []) assertLocation(documents, location, what);
}

export function assertHighlights(
  lines: DocumentLines,
  highlights: readonly DocumentHighlight[] | null,
  what: string,
): void {
  for (const highlight of highlights ?? [])
    assertRange(lines, highlight.range, `${what}: highlight`);
}

/** Where a rename applies: inside the document and covering the cursor. */
export function assertPrepareRename(
  lines: DocumentLines,
  position: Position,
  answer: { range: Range; placeholder: string } | { error: string } | null | undefined,
  what: string,
): void {
  if (!answer || 'error' in answer) return;
  assertRange(lines, answer.range, `${what}: prepareRename`);
  const start = lines.offsetAt(answer.range.start);
  const end = lines.offsetAt(answer.range.end);
  const cursor = lines.offsetAt(position);
  assert.ok(
    start <= cursor && cursor <= end,
    `${what}: prepareRename ${show(answer.range)} misses the cursor`,
  );
}

export function assertCodeActions(
  documents: Documents,
  actions: readonly CodeAction[] | null,
  what: string,
  versionOf?: (uri: string) => number | null,
): void {
  for (const action of actions ?? []) {
    assert.ok(action.title.trim() !== '', `${what}: a code action has no title`);
    if (action.edit)
      assertWorkspaceEdit(documents, action.edit, `${what}: ${action.title}`, versionOf);
    for (const diagnostic of action.diagnostics ?? []) {
      // The diagnostics an action fixes are the client's, in the action's document.
      assert.ok(diagnostic.range.start.line >= 0, `${what}: ${action.title} fixes a bad range`);
    }
  }
}

export function assertCodeLenses(
  lines: DocumentLines,
  lenses: readonly CodeLens[] | null,
  what: string,
): void {
  for (const lens of lenses ?? []) assertRange(lines, lens.range, `${what}: code lens`);
}

export function assertInlayHints(
  lines: DocumentLines,
  range: Range,
  hints: readonly InlayHint[] | null,
  what: string,
): void {
  for (const hint of hints ?? []) {
    assertPosition(lines, hint.position, `${what}: inlay hint`);
    const offset = lines.offsetAt(hint.position);
    assert.ok(
      lines.offsetAt(range.start) <= offset && offset <= lines.offsetAt(range.end),
      `${what}: inlay hint at ${show(hint.position)} outside the requested ${show(range)}`,
    );
    const label =
      typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
    assert.ok(label.length > 0, `${what}: an inlay hint has no label`);
  }
}

function assertItemNode(documents: Documents, node: ItemNode, what: string): void {
  const lines = documentOf(documents, node.uri, what);
  const label = `${what}: ${node.qualifiedId}`;
  assertRange(lines, node.range, label);
  assertRange(lines, node.selectionRange, `${label} selection`);
  assert.ok(
    rangeWithin(lines, node.selectionRange, node.range),
    `${label}: its ID ${show(node.selectionRange)} lies outside the item ${show(node.range)}`,
  );
  for (const child of node.children) assertItemNode(documents, child, what);
}

/** The Goals view's data: every node inside its document. */
export function assertFrameworkTree(
  documents: Documents,
  tree: readonly FrameworkNode[],
  what: string,
): void {
  for (const framework of tree) {
    const lines = documentOf(documents, framework.uri, what);
    assertRange(lines, framework.range, `${what}: framework ${framework.id}`);
    assertRange(lines, framework.selectionRange, `${what}: framework ${framework.id} selection`);
    for (const child of framework.children) assertItemNode(documents, child, `${what}: tree`);
  }
}

export function assertTraceability(
  documents: Documents,
  result: TraceabilityResult | null | undefined,
  what: string,
): void {
  if (!result) return;
  assertItemNode(documents, result.item, `${what}: traceability item`);
  const linked = (item: LinkedItem): void => {
    if (item.location) assertLocation(documents, item.location, `${what}: ${item.qualifiedId}`);
    assertLocation(documents, item.via, `${what}: link to ${item.qualifiedId}`);
  };
  result.supports.forEach(linked);
  result.supportedBy.forEach(linked);
  for (const step of [...result.supersedes, ...result.supersededBy]) linked(step.item);
}

/**
 * Add Objective or Add Indicator: a valid edit of the parent's document, and the title
 * to select inside the document as the edit leaves it.
 */
export function assertNewItem(
  documents: Documents,
  result: NewItemResult | { error: string } | null | undefined,
  what: string,
  versionOf?: (uri: string) => number | null,
): void {
  if (!result || 'error' in result) return;
  assertWorkspaceEdit(documents, result.edit, `${what}: new item`, versionOf);
  const lines = documentOf(documents, result.uri, what);
  const change = result.edit.documentChanges?.find(
    (one) => 'textDocument' in one && one.textDocument.uri === result.uri,
  );
  assert.ok(change && 'edits' in change, `${what}: the new item's edit changes ${result.uri}`);
  const after = new DocumentLines(applyTextEdits(lines, change.edits as TextEdit[]));
  assertRange(after, result.titleRange, `${what}: new item's title, after the edit`);
}
