/**
 * Quick fixes for the service's own diagnostics: did-you-mean replacements for
 * references, framework names and keys, quoting a numeric ID, and renumbering a
 * misnumbered or duplicated item together with every reference to it.
 *
 * Every fix works from the diagnostic's range: it finds the reference, item or key at
 * exactly that range in the current index, and offers a fix only when the text has
 * the problem there now (same code, same range), with only the candidates that are
 * still right for it. So a diagnostic that no longer matches the text (the client
 * sent it before the last edit) gets no fix rather than a wrong one. Edits are
 * versioned with the indexed version, so the editor also refuses to apply a fix to
 * text that changed since.
 *
 * No fix rewrites what the parser read in a YAML document that has errors: where the
 * YAML is broken, the parser's reading is a guess (an unclosed quote's scalar loses
 * its last character; a misindented key joins another mapping), so an edit computed
 * from it could corrupt the text further. (The lineage fixes, which check the lines
 * they insert against the text itself, are the exception.)
 */
import { sameLspRange } from '../util/ranges';
import { CodeActionKind, TextDocumentEdit } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { diagnosticSource } from '../codes';
import { isNumberedId, isValidId } from '../format';
import { limits } from '../limits';
import type { Framework, FrameworkItem, OffsetRange, Reference } from '../model';
import type { SyntaxDocument } from '../parsing/syntax';
import type { DiagnosticCode, FrameworkSettings } from '../types';
import { compareText } from '../util/compare';
import { keyInMappingAt, keyName, syntaxCache, yamlErrorAround } from '../util/syntaxTree';
import { needsQuotes } from '../util/yamlText';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { computeDiagnostics, referenceProblems, supersedesProblems } from './diagnostics';
import { accountFor, candidateSuccessors, unaccountedItems } from './lineage';
import { addSupersedesEdit, retireEdit } from './lineageFixes';
import { ancestorsOf, qualifiedId } from './navigation';
import { nextNumber } from './numbering';
import { computeRename } from './rename';

/** What one fixer needs to know about the diagnostic it fixes. */
interface FixRequest {
  readonly index: WorkspaceIndex;
  readonly file: IndexedFile;
  readonly diagnostic: Diagnostic;
  /** The diagnostic's range as offsets into the indexed text. */
  readonly range: OffsetRange;
  /**
   * Did-you-mean candidates: the client's, or recomputed when it sent none. They may
   * be older than the text; each fixer keeps only those still right for it.
   */
  readonly candidates: () => readonly string[];
  /** The syntax trees of a file, read at most once per request. */
  readonly syntaxOf: (file: IndexedFile) => readonly SyntaxDocument[];
}

/** A fix before it becomes a `CodeAction`: its title and its edits, per file. */
interface Fix {
  readonly title: string;
  readonly edits: readonly FileEdit[];
  /** Whether the editor may apply it on its own; the first fix of a list when not said. */
  readonly preferred?: boolean;
  /**
   * True for a fix whose edits were checked against the text itself, not only its
   * parse: the lineage fixes insert a key or an entry only where the next line fits,
   * which holds whatever errors the YAML has. Every other fix rewrites scalars where
   * the parser read them, and is offered only in YAML documents without errors.
   */
  readonly checkedAgainstText?: boolean;
}

interface FileEdit {
  readonly file: IndexedFile;
  readonly edit: TextEdit;
}

type Fixer = (request: FixRequest) => Fix[];

const fixers: Partial<Record<DiagnosticCode, Fixer>> = {
  'unresolved-reference': fixUnresolvedReference,
  'unknown-framework': fixUnknownFramework,
  'numeric-id': fixNumericId,
  'unknown-key': fixUnknownKey,
  'id-numbering': (request) => fixByRenumbering(request, 'id-numbering'),
  'duplicate-id': (request) => fixByRenumbering(request, 'duplicate-id'),
  'unaccounted-predecessor': fixUnaccountedPredecessor,
};

export function codeActions(
  index: WorkspaceIndex,
  file: IndexedFile,
  settings: FrameworkSettings,
  range: Range,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  // The service's own diagnostics, computed at most once and only when a client sent
  // a diagnostic without its `data`. Default severities are used, so that finding the
  // diagnostic does not depend on which codes the user turned off since.
  let current: Diagnostic[] | undefined;
  const recomputed = (): Diagnostic[] =>
    (current ??= computeDiagnostics(index, file, { ...settings, severity: {} }));
  const syntaxOf = syntaxCache();

  const actions: CodeAction[] = [];
  const offered = new Map<string, CodeAction>();
  for (const diagnostic of diagnostics) {
    // Other tools' diagnostics (a YAML extension's, say) may share a code name.
    if (diagnostic.source !== undefined && diagnostic.source !== diagnosticSource) continue;
    const fixer =
      typeof diagnostic.code === 'string' ? fixers[diagnostic.code as DiagnosticCode] : undefined;
    if (!fixer || !intersects(diagnostic.range, range)) continue;
    const request: FixRequest = {
      index,
      file,
      diagnostic,
      range: file.lines.offsetRangeOf(diagnostic.range),
      candidates: () =>
        candidatesOf(diagnostic.data) ??
        candidatesOf(recomputed().find((own) => sameProblem(own, diagnostic))?.data) ??
        [],
      syntaxOf,
    };
    fixer(request).forEach((fix, position) => {
      if (!fix.checkedAgainstText && !editsWellFormedYaml(fix, syntaxOf)) return;
      const action = toCodeAction(fix, file.uri, diagnostic, fix.preferred ?? position === 0);
      if (!action) return;
      // The same fix can answer two diagnostics (an item both misnumbered and
      // duplicated): offer it once, for both.
      const key = JSON.stringify([action.title, action.edit]);
      const existing = offered.get(key);
      if (existing) {
        existing.diagnostics?.push(diagnostic);
        return;
      }
      offered.set(key, action);
      actions.push(action);
    });
  }
  return actions;
}

/** Whether every edit of a fix falls in a YAML document that parses without errors. */
function editsWellFormedYaml(
  fix: Fix,
  syntaxOf: (file: IndexedFile) => readonly SyntaxDocument[],
): boolean {
  return fix.edits.every(
    ({ file, edit }) =>
      yamlErrorAround(file, file.lines.offsetAt(edit.range.start), syntaxOf) === undefined,
  );
}

function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function sameProblem(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && sameLspRange(a.range, b.range);
}

/** The candidates of a diagnostic's `data`, or undefined when it carries none usable. */
function candidatesOf(data: unknown): readonly string[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const candidates = (data as { candidates?: unknown }).candidates;
  if (!Array.isArray(candidates)) return undefined;
  return candidates.filter((candidate): candidate is string => typeof candidate === 'string');
}

/**
 * Turns a fix into a workspace edit, one versioned document edit per file, the
 * diagnostic's own file first. A fix whose edits overlap is dropped: the editor would
 * refuse it, and it would mean the fix misread the text.
 */
function toCodeAction(
  fix: Fix,
  ownUri: string,
  diagnostic: Diagnostic,
  isPreferred: boolean,
): CodeAction | undefined {
  const byFile = new Map<string, { file: IndexedFile; edits: TextEdit[] }>();
  for (const { file, edit } of fix.edits) {
    let entry = byFile.get(file.uri);
    if (!entry) byFile.set(file.uri, (entry = { file, edits: [] }));
    entry.edits.push(edit);
  }
  const files = [...byFile.values()].sort(
    (a, b) =>
      Number(a.file.uri !== ownUri) - Number(b.file.uri !== ownUri) ||
      compareText(a.file.uri, b.file.uri),
  );
  const documentChanges: TextDocumentEdit[] = [];
  for (const { file, edits } of files) {
    const sorted = dedupe(edits.sort((a, b) => compareEdits(file, a, b)));
    for (let i = 1; i < sorted.length; i++) {
      const previousEnd = file.lines.offsetAt(sorted[i - 1].range.end);
      if (file.lines.offsetAt(sorted[i].range.start) < previousEnd) return undefined;
    }
    documentChanges.push(TextDocumentEdit.create({ uri: file.uri, version: file.version }, sorted));
  }
  if (documentChanges.length === 0) return undefined;
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { documentChanges },
  };
}

function compareEdits(file: IndexedFile, a: TextEdit, b: TextEdit): number {
  return file.lines.offsetAt(a.range.start) - file.lines.offsetAt(b.range.start);
}

/** Drops repeated identical edits, which two routes to one reference can produce. */
function dedupe(edits: TextEdit[]): TextEdit[] {
  return edits.filter((edit, position) => {
    const previous = edits[position - 1];
    return !(
      previous &&
      previous.newText === edit.newText &&
      sameLspRange(previous.range, edit.range)
    );
  });
}

function replace(file: IndexedFile, range: OffsetRange, newText: string): FileEdit {
  return { file, edit: { range: file.lines.rangeOf(range), newText } };
}

const sameRange = (a: OffsetRange, b: OffsetRange): boolean =>
  a.start === b.start && a.end === b.end;

/**
 * The edit that makes the scalar at `range` read `value`. The range is the text
 * between a scalar's quotes, a plain scalar, or, for a scalar not spelled out
 * character for character (escapes, a block scalar), the whole node, which is then
 * written afresh. Values are IDs, references and keys, which never need escaping.
 */
function scalarEdit(file: IndexedFile, range: OffsetRange, value: string): FileEdit {
  const source = file.text.slice(range.start, range.end).trimEnd();
  // A block scalar's node ends after its line break, which must stay.
  const node = { start: range.start, end: range.start + source.length };
  const first = source.charAt(0);
  if ((first === '"' || first === "'") && source.length >= 2 && source.endsWith(first)) {
    return replace(file, node, `${first}${value}${first}`);
  }
  if (first === '|' || first === '>') return replace(file, node, `"${value}"`);
  const previous = file.text.charAt(range.start - 1);
  if (previous === '"' || previous === "'") return replace(file, range, value);
  // A plain scalar YAML would misread (`1.10` is the number 1.1, `3` the number 3) is
  // quoted, as rename does, so that a fix never introduces a `numeric-id` warning.
  return replace(file, node, needsQuotes(value) ? `"${value}"` : value);
}

/**
 * The edit that makes a reference name `itemId` in `frameworkId` (undefined for a
 * local reference). Where the source spells the reference out exactly, only the part
 * that changes is replaced, so the edit stays as small as the change.
 */
function referenceEdit(
  file: IndexedFile,
  reference: Reference,
  frameworkId: string | undefined,
  itemId: string,
): FileEdit {
  const exact = file.text.slice(reference.range.start, reference.range.end) === reference.text;
  if (exact && reference.frameworkRange && frameworkId !== undefined) {
    if (frameworkId === reference.frameworkId) return replace(file, reference.itemRange, itemId);
    if (itemId === reference.itemId) return replace(file, reference.frameworkRange, frameworkId);
  }
  const text = frameworkId === undefined ? itemId : `${frameworkId}:${itemId}`;
  return scalarEdit(file, reference.range, text);
}

/** Splits `FRAMEWORK:ID` or `ID`; undefined when either part is not a valid ID. */
function splitReference(text: string): { frameworkId?: string; itemId: string } | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return isValidId(text) ? { itemId: text } : undefined;
  const frameworkId = text.slice(0, colon);
  const itemId = text.slice(colon + 1);
  return isValidId(frameworkId) && isValidId(itemId) ? { frameworkId, itemId } : undefined;
}

/**
 * The reference whose problem of `code` is at exactly `range` now, with the framework
 * that holds it: the problems are worked out afresh, as the diagnostics do, so that a
 * fix answers the problem the text has, not one the client remembers (an edit since
 * may have moved another reference, one that resolves, to the same range).
 */
function referenceWithProblem(
  index: WorkspaceIndex,
  file: IndexedFile,
  code: DiagnosticCode,
  range: OffsetRange,
): { reference: Reference; holder: Framework } | undefined {
  for (const holder of file.parsed.frameworks) {
    for (const reference of holder.references) {
      const at =
        sameRange(reference.itemRange, range) ||
        sameRange(reference.frameworkRange ?? reference.range, range);
      if (!at) continue;
      const problems = referenceProblems(index, holder, reference);
      if (problemAt(problems, code, range)) return { reference, holder };
    }
  }
  return undefined;
}

/** The problem of `code` at exactly `range`, if there is one among `problems`. */
function problemAt<Problem extends { readonly code: DiagnosticCode; readonly range: OffsetRange }>(
  problems: readonly Problem[],
  code: DiagnosticCode,
  range: OffsetRange,
): Problem | undefined {
  return problems.find((problem) => problem.code === code && sameRange(problem.range, range));
}

/** One fix per did-you-mean candidate: the reference's ID part becomes the candidate. */
function fixUnresolvedReference(request: FixRequest): Fix[] {
  const { index, file, range } = request;
  const found = referenceWithProblem(index, file, 'unresolved-reference', range);
  if (!found) return [];
  const { reference, holder } = found;
  const fixes: Fix[] = [];
  for (const candidate of request.candidates()) {
    const parts = splitReference(candidate);
    if (!parts || candidate === reference.text) continue;
    // A qualified candidate is the whole reference; a local one replaces the ID part,
    // keeping the framework the reference names.
    const frameworkId = parts.frameworkId ?? reference.frameworkId;
    // The client's candidates may be older than the text: only what resolves now.
    const target =
      frameworkId === undefined || frameworkId === holder.id
        ? holder
        : index.getFramework(frameworkId)?.framework;
    if (!target || !index.itemsById(target).get(parts.itemId)) continue;
    fixes.push({
      title: `Change to '${candidate}'`,
      edits: [referenceEdit(file, reference, frameworkId, parts.itemId)],
    });
  }
  return fixes;
}

/** One fix per candidate framework: the framework part (or `supersedes` value) changes. */
function fixUnknownFramework(request: FixRequest): Fix[] {
  const { index, file, range } = request;
  const fixes: Fix[] = [];
  for (const framework of file.parsed.frameworks) {
    const supersedes = framework.supersedes;
    if (!supersedes || !sameRange(supersedes.range, range)) continue;
    const problem = problemAt(supersedesProblems(index, framework), 'unknown-framework', range);
    if (!problem) return [];
    // The client's candidates may be older than the text: only those the problem
    // suggests now, which are frameworks there now that this one can supersede
    // without closing a loop.
    const current = new Set(candidatesOf(problem.data) ?? []);
    for (const candidate of request.candidates()) {
      if (!isValidId(candidate) || candidate === supersedes.frameworkId) continue;
      if (!current.has(candidate) || !index.getFramework(candidate)) continue;
      fixes.push({
        title: `Change to '${candidate}'`,
        edits: [scalarEdit(file, supersedes.range, candidate)],
      });
    }
    return fixes;
  }
  const reference = referenceWithProblem(index, file, 'unknown-framework', range)?.reference;
  if (!reference) return [];
  for (const candidate of request.candidates()) {
    const parts = splitReference(candidate);
    if (!parts) continue;
    // The service's candidates are whole references (`FRAMEWORK:ID`); a bare name is
    // taken as the framework part, keeping the ID the reference already has.
    const frameworkId = parts.frameworkId ?? parts.itemId;
    const itemId = parts.frameworkId !== undefined ? parts.itemId : reference.itemId;
    if (frameworkId === reference.frameworkId && itemId === reference.itemId) continue;
    if (!index.getFramework(frameworkId)) continue;
    fixes.push({
      title: `Change to '${frameworkId}:${itemId}'`,
      edits: [referenceEdit(file, reference, frameworkId, itemId)],
    });
  }
  return fixes;
}

/**
 * Whether the file's own parse reported a problem of `code` at exactly `range`, so
 * that a fix answers the problem the text has now, not one the client remembers.
 */
function hasOwnProblem(file: IndexedFile, code: DiagnosticCode, range: OffsetRange): boolean {
  return problemAt(file.parsed.diagnostics, code, range) !== undefined;
}

/** Quotes an ID that YAML reads as a number, so that every tool sees the text written. */
function fixNumericId(request: FixRequest): Fix[] {
  const { file, range } = request;
  if (!hasOwnProblem(file, 'numeric-id', range)) return [];
  const source = file.text.slice(range.start, range.end);
  return [
    {
      title: `Quote ${JSON.stringify(source)}`,
      edits: [replace(file, range, JSON.stringify(source))],
    },
  ];
}

/**
 * Renames an unknown key to the keys the diagnostic suggests, best first, when the
 * text has that problem now. Only candidates the problem suggests now are offered:
 * an edit since the diagnostic may have moved the key to another mapping, where
 * other keys are known. A key the mapping already has is not offered: renaming to it
 * would only trade this problem for a duplicate key. Nothing is offered for a key
 * the mapping has twice: renaming one copy would turn the other's duplicate-key
 * error into this very problem, and which copy the user means to keep cannot be
 * told. (Nor, as for every fix, while the key's YAML document has errors: the mapping
 * the parser recovered may not be the one the text shows, and a misindented `title:`
 * further down can belong to it.)
 */
function fixUnknownKey(request: FixRequest): Fix[] {
  const { file, range } = request;
  const problem = problemAt(file.parsed.diagnostics, 'unknown-key', range);
  if (!problem) return [];
  const suggested = new Set(candidatesOf(problem.data) ?? []);
  const candidates = request
    .candidates()
    .filter((candidate) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(candidate) && suggested.has(candidate));
  if (candidates.length === 0) return [];
  const place = keyInMappingAt(request.syntaxOf(file), range.start);
  if (!place) return [];
  const name = keyName(place.key, file.text);
  const existing = new Set<string>();
  for (const { key: other } of place.map.pairs) {
    if (other?.kind !== 'scalar' || other === place.key) continue;
    const otherName = keyName(other, file.text);
    if (otherName === name) return [];
    existing.add(otherName);
  }
  const key = file.text.slice(range.start, range.end);
  return candidates
    .filter((candidate) => !existing.has(candidate))
    .map((candidate) => ({
      title: `Rename '${key}' to '${candidate}'`,
      edits: [scalarEdit(file, range, candidate)],
    }));
}

/** An item to be given a new ID. */
interface Renumbering {
  readonly item: FrameworkItem;
  readonly newId: string;
}

/**
 * Gives a misnumbered or duplicated item the next free ID under its parent, renames
 * the items numbered under it to match (`2.3.1` follows `2.3` to `3.3.1`), and
 * updates every reference to them in every file, so that the fix leaves no
 * reference dangling and no child misnumbered.
 */
function fixByRenumbering(request: FixRequest, code: 'id-numbering' | 'duplicate-id'): Fix[] {
  const { index, file, range } = request;
  // A stale diagnostic may name an item that is numbered well, or alone with its ID,
  // by now.
  if (!hasOwnProblem(file, code, range)) return [];
  for (const framework of file.parsed.frameworks) {
    const item = framework.items.find((candidate) => sameRange(candidate.idRange, range));
    if (!item) continue;
    const parent = item.parent >= 0 ? framework.items[item.parent] : undefined;
    if (code === 'id-numbering' && !parent) return [];
    if (code === 'duplicate-id' && !framework.items.some((o) => o !== item && o.id === item.id)) {
      return [];
    }
    const reserved = idsNamedButMissing(index, file, framework);
    const newId = nextFreeId(framework, item, parent, code, reserved);
    if (newId === undefined) return [];
    const renumberings = [
      { item, newId },
      ...descendantRenumberings(framework, item, newId, reserved),
    ];
    // Rename is the one place that knows how to rewrite an ID and every reference to
    // it; a renumbering is a rename to a name chosen for the user.
    const edits: FileEdit[] = [];
    for (const { item: renamed, newId: id } of renumberings) {
      const position = file.lines.positionAt(renamed.idRange.start);
      const result = computeRename(index, file, position, id);
      if ('error' in result) return [];
      for (const change of result.edit.documentChanges ?? []) {
        if (!('edits' in change)) continue;
        const target = index.getFile(change.textDocument.uri);
        if (!target) return [];
        for (const edit of change.edits) {
          // Rename writes plain text edits; anything else is not a rename this fix knows.
          if (!('newText' in edit)) return [];
          edits.push({ file: target, edit: { range: edit.range, newText: edit.newText } });
        }
      }
    }
    // Each rename rewrites one declaration; every other edit is a reference.
    const references = edits.length - renumberings.length;
    const children = renumberings.length - 1;
    const under = children > 0 ? ` and the ${plural(children, 'item')} under it` : '';
    const updating = references > 0 ? `, updating ${plural(references, 'reference')}` : '';
    return [{ title: `Renumber ${item.kind} ${item.id} as ${newId}${under}${updating}`, edits }];
  }
  return [];
}

/**
 * The IDs that references name in `framework` but no item of it has: local
 * references, and qualified ones from any file when references resolve to this
 * definition. A renumbering never gives an item such an ID: the reference would
 * quietly start naming an item it was never written for, maybe one of a kind it
 * cannot name (a goal's `supports` naming an indicator).
 */
function idsNamedButMissing(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
): Set<string> {
  const items = index.itemsById(framework);
  const missing = new Set<string>();
  const note = (reference: Reference): void => {
    if (!items.get(reference.itemId)) missing.add(reference.itemId);
  };
  for (const reference of framework.references) {
    if (reference.frameworkId === undefined || reference.frameworkId === framework.id) {
      note(reference);
    }
  }
  if (index.getFramework(framework.id)?.framework !== framework) return missing;
  const files = new Set([file.uri, ...index.filesReferringTo(framework.id)]);
  for (const uri of files) {
    for (const holder of index.getFile(uri)?.parsed.frameworks ?? []) {
      // Another framework of the same ID reads `ID:x` as its own item.
      if (holder === framework || holder.id === framework.id) continue;
      for (const reference of holder.references) {
        if (reference.frameworkId === framework.id) note(reference);
      }
    }
  }
  return missing;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The next free ID for an item, numbered among its siblings:
 * - a misnumbered item, and a duplicated numbered item under a numbered parent, get
 *   the parent's ID, a dot and the number after the siblings' highest (`3.3` after
 *   `3.1`, `3.2`);
 * - a duplicated top-level numbered item gets the number after the highest of its
 *   numbered siblings (goal `4` after goals `1` to `3`);
 * - a duplicated item with another kind of ID gets a suffix (`crime-2`).
 * The result is never an ID the framework already uses, nor one of `reserved`.
 */
function nextFreeId(
  framework: Framework,
  item: FrameworkItem,
  parent: FrameworkItem | undefined,
  code: 'id-numbering' | 'duplicate-id',
  reserved: ReadonlySet<string>,
): string | undefined {
  const taken = new Set([...framework.items.map((other) => other.id), ...reserved]);
  const numbered = isNumberedId(item.id);
  if (code === 'duplicate-id' && !numbered) {
    for (let suffix = 2; suffix < 10_000; suffix++) {
      const id = `${item.id}-${suffix}`;
      if (!taken.has(id)) return isValidId(id) ? id : undefined;
    }
    return undefined;
  }
  const underParent =
    parent !== undefined &&
    (code === 'id-numbering' || isNumberedId(parent.id) || item.id.includes('.'));
  const prefix = underParent ? `${parent.id}.` : '';
  const siblings = framework.items.filter((sibling) => sibling.parent === item.parent);
  const { id } = nextNumber(framework, siblings, prefix, reserved);
  return isValidId(id) ? id : undefined;
}

/**
 * The items numbered under `item` (`2.3.1` under `2.3`), renamed to follow it. When
 * any new ID is already taken or reserved, none are renamed: a partial renaming would
 * be harder to understand than leaving them for their own `id-numbering` fixes.
 */
function descendantRenumberings(
  framework: Framework,
  item: FrameworkItem,
  newId: string,
  reserved: ReadonlySet<string>,
): Renumbering[] {
  const prefix = `${item.id}.`;
  const renumberings: Renumbering[] = [];
  for (const other of framework.items.slice(item.index + 1)) {
    if (!other.id.startsWith(prefix) || !ancestorsOf(framework, other).includes(item)) continue;
    renumberings.push({ item: other, newId: `${newId}.${other.id.slice(prefix.length)}` });
  }
  const taken = new Set(framework.items.map((other) => other.id));
  const fresh = new Set<string>();
  for (const { newId: id } of renumberings) {
    if (taken.has(id) || reserved.has(id) || fresh.has(id) || !isValidId(id)) return [];
    fresh.add(id);
  }
  return renumberings;
}

/**
 * For an old item no successor accounts for: one fix per likely successor item, which
 * adds the old item to that item's `supersedes` in the successor's file, and one that
 * marks the old item `retired` with a reason to replace. A successor is preferred only
 * when its title shares words with the old item's; otherwise nothing is, as only the
 * user can tell what became of the item.
 */
function fixUnaccountedPredecessor(request: FixRequest): Fix[] {
  const { index, file, range } = request;
  for (const framework of file.parsed.frameworks) {
    const item = framework.items.find((candidate) => sameRange(candidate.idRange, range));
    if (!item) continue;
    const account = accountFor(index, { file, framework });
    if (!account || !unaccountedItems(account).includes(item)) return [];
    const name = qualifiedId(framework, item);
    const fixes: Fix[] = [];
    // A duplicated ID names its first item: a reference cannot continue any other.
    const nameable = index.itemsById(framework).get(item.id) === item;
    const candidates = nameable ? candidateSuccessors(account, item, limits.maxCandidates) : [];
    for (const candidate of candidates) {
      const { successor, item: target } = candidate;
      const edit = addSupersedesEdit(successor.file, successor.framework, target, name);
      if (!edit) continue;
      const title = target.title === undefined ? '' : ` (${shorten(target.title, 60)})`;
      fixes.push({
        title: `Continue ${name} in ${successor.framework.id} as ${target.kind} ${target.id}${title}`,
        edits: [edit],
        preferred: fixes.length === 0 && candidate.sharedWords > 0,
        checkedAgainstText: true,
      });
    }
    const successors = [...new Set(account.successors.map((s) => s.framework.id))].join(' or ');
    const retire = retireEdit(
      file,
      item,
      `Not continued in ${successors}; replace this with the reason.`,
    );
    if (retire) {
      fixes.push({
        title: `Mark ${name} as retired`,
        edits: [retire],
        preferred: false,
        checkedAgainstText: true,
      });
    }
    return fixes;
  }
  return [];
}

/** A title cut to about `length` characters at a word boundary, with an ellipsis. */
function shorten(title: string, length: number): string {
  if (title.length <= length) return title;
  const cut = title.lastIndexOf(' ', length);
  return `${title.slice(0, cut > 0 ? cut : length)}…`;
}
