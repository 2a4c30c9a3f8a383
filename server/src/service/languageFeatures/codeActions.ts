/**
 * Quick fixes for the service's own diagnostics: did-you-mean replacements for
 * references, framework names and keys, quoting a numeric ID, and renumbering a
 * misnumbered or duplicated item together with every reference to it.
 *
 * Every fix works from the diagnostic's range: it finds the reference, item or key at
 * exactly that range in the current index, so a diagnostic that no longer matches
 * the text (the client sent it before the last edit) gets no fix rather than a wrong
 * one. Edits are versioned with the indexed version, so the editor also refuses to
 * apply a fix to text that changed since.
 */
import { sameLspRange } from '../util/ranges';
import { CodeActionKind, TextDocumentEdit } from 'vscode-languageserver-types';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { diagnosticSource } from '../codes';
import { isNumberedId, isValidId } from '../format';
import { limits } from '../limits';
import type { Framework, FrameworkItem, OffsetRange, Reference } from '../model';
import type { DiagnosticCode, FrameworkSettings } from '../types';
import { compareText } from '../util/compare';
import { needsQuotes } from '../util/yamlText';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { cursorContext } from './context';
import { computeDiagnostics } from './diagnostics';
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
  /** Did-you-mean candidates: the client's, or recomputed when it sent none. */
  readonly candidates: () => readonly string[];
}

/** A fix before it becomes a `CodeAction`: its title and its edits, per file. */
interface Fix {
  readonly title: string;
  readonly edits: readonly FileEdit[];
  /** Whether the editor may apply it on its own; the first fix of a list when not said. */
  readonly preferred?: boolean;
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
    };
    fixer(request).forEach((fix, position) => {
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

function findReference(
  file: IndexedFile,
  matches: (reference: Reference) => boolean,
): Reference | undefined {
  for (const framework of file.parsed.frameworks) {
    const found = framework.references.find(matches);
    if (found) return found;
  }
  return undefined;
}

/** One fix per did-you-mean candidate: the reference's ID part becomes the candidate. */
function fixUnresolvedReference(request: FixRequest): Fix[] {
  const { index, file, range } = request;
  const reference = findReference(file, (candidate) => sameRange(candidate.itemRange, range));
  if (!reference) return [];
  const holder = file.parsed.frameworks.find((one) => one.references.includes(reference));
  const fixes: Fix[] = [];
  for (const candidate of request.candidates()) {
    const parts = splitReference(candidate);
    if (!parts || candidate === reference.text) continue;
    // A qualified candidate is the whole reference; a local one replaces the ID part,
    // keeping the framework the reference names.
    const frameworkId = parts.frameworkId ?? reference.frameworkId;
    // The client's candidates may be older than the text: only what resolves now.
    const target =
      frameworkId === undefined || frameworkId === holder?.id
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
    for (const candidate of request.candidates()) {
      if (!isValidId(candidate) || candidate === supersedes.frameworkId) continue;
      // The client's candidates may be older than the text: only frameworks there now.
      if (!index.getFramework(candidate)) continue;
      fixes.push({
        title: `Change to '${candidate}'`,
        edits: [scalarEdit(file, supersedes.range, candidate)],
      });
    }
    return fixes;
  }
  const reference = findReference(
    file,
    (candidate) =>
      candidate.frameworkId !== undefined &&
      sameRange(candidate.frameworkRange ?? candidate.range, range),
  );
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
  return file.parsed.diagnostics.some(
    (problem) => problem.code === code && sameRange(problem.range, range),
  );
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
 * Renames an unknown key to the keys the diagnostic suggests, best first. A key the
 * mapping already has is not offered: renaming to it would only trade this problem
 * for a duplicate key.
 */
function fixUnknownKey(request: FixRequest): Fix[] {
  const { file, range } = request;
  if (!hasOwnProblem(file, 'unknown-key', range)) return [];
  const key = file.text.slice(range.start, range.end);
  const existing = cursorContext(file.text, range.start).existingKeys;
  return request
    .candidates()
    .filter((candidate) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(candidate) && !existing.has(candidate))
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
  // A stale diagnostic may name an item that is numbered well by now.
  if (code === 'id-numbering' && !hasOwnProblem(file, code, range)) return [];
  for (const framework of file.parsed.frameworks) {
    const item = framework.items.find((candidate) => sameRange(candidate.idRange, range));
    if (!item) continue;
    const parent = item.parent >= 0 ? framework.items[item.parent] : undefined;
    if (code === 'id-numbering' && !parent) return [];
    if (code === 'duplicate-id' && !framework.items.some((o) => o !== item && o.id === item.id)) {
      return [];
    }
    const newId = nextFreeId(framework, item, parent, code);
    if (newId === undefined) return [];
    const renumberings = [{ item, newId }, ...descendantRenumberings(framework, item, newId)];
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
 * The result is never an ID the framework already uses.
 */
function nextFreeId(
  framework: Framework,
  item: FrameworkItem,
  parent: FrameworkItem | undefined,
  code: 'id-numbering' | 'duplicate-id',
): string | undefined {
  const taken = new Set(framework.items.map((other) => other.id));
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
  const { id } = nextNumber(framework, siblings, prefix);
  return isValidId(id) ? id : undefined;
}

/**
 * The items numbered under `item` (`2.3.1` under `2.3`), renamed to follow it. When
 * any new ID is already taken, none are renamed: a partial renaming would be harder
 * to understand than leaving them for their own `id-numbering` fixes.
 */
function descendantRenumberings(
  framework: Framework,
  item: FrameworkItem,
  newId: string,
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
    if (taken.has(id) || fresh.has(id) || !isValidId(id)) return [];
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
      });
    }
    const successors = [...new Set(account.successors.map((s) => s.framework.id))].join(' or ');
    const retire = retireEdit(
      file,
      item,
      `Not continued in ${successors}; replace this with the reason.`,
    );
    if (retire) fixes.push({ title: `Mark ${name} as retired`, edits: [retire], preferred: false });
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
