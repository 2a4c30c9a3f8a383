/**
 * Rename an item ID or a framework ID, with every reference to it, in every file of
 * the workspace, as one edit.
 *
 * The occurrences come from `findOccurrences`, so rename changes exactly what find
 * references shows. Each occurrence is rewritten so that YAML still reads it as the
 * text the user typed: a plain scalar whose new text YAML would read as a number or
 * a boolean (`3.10`, `01`, `true`) is quoted.
 */
import type {
  Position,
  Range,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { isValidId } from '../format';
import type { OffsetRange } from '../model';
import { compareText } from '../util/compare';
import { syntaxCache, yamlErrorAround } from '../util/syntaxTree';
import { isBetweenQuotes, needsQuotes } from '../util/yamlText';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { fileName } from './hover';
import { findOccurrences, symbolAt } from './navigation';
import type { Occurrence, SymbolAtPosition, Target } from './navigation';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };
export type RenameResult = { edit: WorkspaceEdit } | { error: string };

interface Renamable {
  readonly symbol: SymbolAtPosition;
  readonly target: Target;
  /** The current name: the item ID or the framework ID. */
  readonly name: string;
}

/** The thing to rename at an offset, or why there is none. */
function renamableAt(
  index: WorkspaceIndex,
  file: IndexedFile,
  offset: number,
): Renamable | { error: string } {
  const symbol = symbolAt(index, file, offset);
  if (!symbol) {
    return { error: 'Nothing to rename here: place the cursor on an ID or a reference.' };
  }
  const target = symbol.target;
  if (!target) {
    const { reference, range } = symbol.occurrence;
    const onFrameworkPart = !reference || range === reference.frameworkRange;
    const written = file.text.slice(range.start, range.end);
    return {
      error: onFrameworkPart
        ? `'${reference?.frameworkId ?? written}' does not resolve to a framework, so it cannot be renamed.`
        : `'${reference.text}' does not resolve to an item, so it cannot be renamed.`,
    };
  }
  const name = target.kind === 'item' ? target.item.id : target.framework.id;
  return { symbol, target, name };
}

export function prepareRenameAt(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): PrepareRenameResult {
  const found = renamableAt(index, file, file.lines.offsetAt(position));
  if ('error' in found) return found;
  return { range: file.lines.rangeOf(found.symbol.occurrence.range), placeholder: found.name };
}

export function computeRename(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
  newName: string,
): RenameResult {
  const found = renamableAt(index, file, file.lines.offsetAt(position));
  if ('error' in found) return found;
  const problem = checkNewName(index, found, newName);
  if (problem !== undefined) return { error: problem };

  // Group the edits by file, keeping the files in the order occurrences come in.
  const editsByFile = new Map<IndexedFile, { range: OffsetRange; newText: string }[]>();
  for (const occurrence of findOccurrences(index, found.target)) {
    let edits = editsByFile.get(occurrence.file);
    if (!edits) editsByFile.set(occurrence.file, (edits = []));
    edits.push(editFor(occurrence, found, newName));
  }
  const documentChanges: TextDocumentEdit[] = [];
  const files = [...editsByFile.keys()].sort((a, b) => compareText(a.uri, b.uri));
  const syntaxOf = syntaxCache();
  for (const target of files) {
    const edits = (editsByFile.get(target) ?? []).sort((a, b) => a.range.start - b.range.start);
    for (const edit of edits) {
      const error = yamlErrorAround(target, edit.range.start, syntaxOf);
      if (error === undefined) continue;
      const line = (offset: number): number => target.lines.positionAt(offset).line + 1;
      return {
        error: `Cannot rename '${found.name}': ${fileName(target.uri)} has a YAML error on line ${line(error.start)}, in the part that names it on line ${line(edit.range.start)}. Fix the error first, so that the rename changes only what the file says.`,
      };
    }
    // Occurrences are distinct names, so they never overlap; if the model ever said
    // otherwise, refusing is better than handing the editor a corrupting edit.
    for (let at = 1; at < edits.length; at++) {
      if (edits[at].range.start < edits[at - 1].range.end) {
        return {
          error: `Cannot rename '${found.name}': two of its occurrences in ${fileName(target.uri)} overlap.`,
        };
      }
    }
    documentChanges.push({
      textDocument: { uri: target.uri, version: target.version },
      edits: edits.map((edit): TextEdit => ({
        range: target.lines.rangeOf(edit.range),
        newText: edit.newText,
      })),
    });
  }
  return { edit: { documentChanges } };
}

/** Why the new name cannot be used, or undefined when it can. */
function checkNewName(
  index: WorkspaceIndex,
  found: Renamable,
  newName: string,
): string | undefined {
  const { target, name } = found;
  if (newName === name) return `The new name is the same as the current one, '${name}'.`;
  const what = target.kind === 'item' ? 'ID' : 'framework ID';
  if (!isValidId(newName)) {
    const hint =
      target.kind === 'item' && newName.includes(':')
        ? ' Write the ID alone, without a FRAMEWORK: prefix.'
        : '';
    return `'${newName}' is not a valid ${what}: use letters, digits, '.', '_' and '-', starting with a letter or digit.${hint}`;
  }
  if (target.kind === 'item') {
    const holder = index.itemsById(target.framework).get(newName);
    if (holder) {
      const title = holder.title === undefined ? '' : ` (${holder.title})`;
      return `'${newName}' is already the ID of ${holder.kind} ${holder.id}${title} in framework '${target.framework.id}'; IDs must be unique in a framework.`;
    }
    return undefined;
  }
  const existing = index.getDefinitions(newName)[0];
  if (existing) {
    return `'${newName}' is already the ID of a framework, defined in ${fileName(existing.file.uri)}; framework IDs must be unique in the workspace.`;
  }
  return undefined;
}

/**
 * The edit of one occurrence. The whole scalar it belongs to is a reference
 * (`FRAMEWORK:ID` or `ID`) or the name alone (`id:`, `framework:`, `supersedes:`).
 */
function editFor(
  occurrence: Occurrence,
  found: Renamable,
  newName: string,
): { range: OffsetRange; newText: string } {
  const { file, reference } = occurrence;
  const scalar = reference?.range ?? occurrence.range;
  const oldValue = reference?.text ?? found.name;
  let newValue = newName;
  if (reference) {
    const frameworkPart = found.target.kind === 'framework' ? newName : reference.frameworkId;
    const itemPart = found.target.kind === 'item' ? newName : reference.itemId;
    newValue = frameworkPart === undefined ? itemPart : `${frameworkPart}:${itemPart}`;
  }
  const source = file.text.slice(scalar.start, scalar.end);
  if (source !== oldValue) {
    // The value is not spelled out character for character (escapes, a block
    // scalar), so its parts have no exact ranges: write the whole value afresh, as a
    // double-quoted scalar. The trailing line break of a block scalar stays.
    const end = scalar.start + source.trimEnd().length;
    return { range: { start: scalar.start, end }, newText: JSON.stringify(newValue) };
  }
  if (isBetweenQuotes(file.text, scalar) || !needsQuotes(newValue)) {
    return { range: occurrence.range, newText: newName };
  }
  // A plain scalar that YAML would read as a number or boolean: quote all of it.
  return { range: scalar, newText: JSON.stringify(newValue) };
}
