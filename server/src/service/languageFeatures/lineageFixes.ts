/**
 * The edits behind the `unaccounted-predecessor` quick fixes: adding an old item to a
 * successor item's `supersedes` list, and marking the old item `retired`. Both write
 * into the YAML as it is written: a block or flow mapping, a block or flow list, the
 * quotes the file already uses, its line ends and its indentation. Where the text is
 * in a shape these edits do not know for certain, they offer nothing rather than risk
 * an edit that breaks the file.
 *
 * A new line goes in only where the line after it starts a new entry: were that line
 * indented deeper (a continuation of the line before, or a line a broken file indents
 * too far), it would hang off the inserted line instead and change its meaning, so
 * no edit is offered there.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { Framework, FrameworkItem, OffsetRange, Reference } from '../model';
import { isBetweenQuotes, needsQuotes } from '../util/yamlText';
import type { IndexedFile } from '../workspaceIndex';
import { lineEndAt, lineStartAt } from './context';

/** One edit of one file. */
export interface FileTextEdit {
  readonly file: IndexedFile;
  readonly edit: TextEdit;
}

/**
 * The edit that adds `name` (`FRAMEWORK:ID`) to the `supersedes` of `item`: appended
 * to a flow list (`[..., "name"]`) or a block list (a new `- "name"` line), written
 * into an empty `[]`, or a new `supersedes: ["name"]` key.
 */
export function addSupersedesEdit(
  file: IndexedFile,
  framework: Framework,
  item: FrameworkItem,
  name: string,
): FileTextEdit | undefined {
  const text = file.text;
  const entries = framework.references.filter(
    (reference) => reference.source === item.index && reference.field === 'supersedes',
  );
  const last = entries[entries.length - 1];
  if (last) return appendToList(file, last, name);
  const mapping = mappingOf(text, item);
  if (!mapping) return undefined;
  const value = quoted(name, quoteOfFile(file, framework, item));
  const existing = ownKey(text, item, mapping, 'supersedes');
  if (existing) {
    // Only an empty flow list is a `supersedes` without entries that can be filled in.
    const empty = /^supersedes\s*:\s*\[(\s*)\]/.exec(text.slice(existing.start, existing.end));
    if (!empty) return undefined;
    const open = existing.start + empty[0].indexOf('[') + 1;
    return insert(file, open, value, open + empty[1].length);
  }
  return addKey(file, item, mapping, `supersedes: [${value}]`);
}

/**
 * The edit that gives `item` a `retired:` key with `reason`, which the user is meant to
 * replace with the real one. The reason is written plain when YAML reads it back as
 * the same text, in double quotes otherwise.
 */
export function retireEdit(
  file: IndexedFile,
  item: FrameworkItem,
  reason: string,
): FileTextEdit | undefined {
  const mapping = mappingOf(file.text, item);
  if (!mapping || ownKey(file.text, item, mapping, 'retired')) return undefined;
  const plain = !needsQuotes(reason) && !/[,[\]{}#]|:\s/.test(reason);
  return addKey(file, item, mapping, `retired: ${plain ? reason : JSON.stringify(reason)}`);
}

/**
 * How an item's mapping is written: as indented `key: value` lines, or as `{ ... }`.
 * A block mapping's keys start at `keyColumn`; a line starting at or before
 * `endColumn` (the column of the item's dash, or -1 when it has none on its first
 * line) is outside the item.
 */
type Mapping =
  | { readonly style: 'block'; readonly keyColumn: number; readonly endColumn: number }
  | { readonly style: 'flow' };

/**
 * The item's mapping style, read from the text before its ID: `- id: "3"` or `id: "3"`
 * alone on its line is a block mapping whose keys start at the column of `id`, and a
 * `{` before it makes a flow mapping. Anything else is undefined, and so is a block
 * mapping whose ID line holds more than the ID and a comment, or whose first key is
 * not at the column of `id`: a file that broken gives no certain place for a new key.
 */
function mappingOf(text: string, item: FrameworkItem): Mapping | undefined {
  const lineStart = lineStartAt(text, item.idRange.start);
  const prefix = text.slice(lineStart, item.idRange.start);
  const key = /(^|[\s{,])id\s*:\s*["']?$/.exec(prefix);
  if (!key) return undefined;
  const keyColumn = key.index + key[1].length;
  const before = prefix.slice(0, keyColumn);
  if (before.includes('{')) {
    const enclosed =
      text.charAt(item.range.start) === '{' && text.charAt(item.range.end - 1) === '}';
    return enclosed ? { style: 'flow' } : undefined;
  }
  if (!/^[ -]*$/.test(before)) return undefined;
  // The ID must end on its own line, with nothing after it but a comment, for a key
  // to be added on the next. A lone `\r` is a line break YAML sees and this does not.
  const idEnd = isBetweenQuotes(text, item.idRange) ? item.idRange.end + 1 : item.idRange.end;
  const idLineEnd = lineEndAt(text, item.idRange.start);
  const idLine = text.slice(lineStart, idLineEnd).replace(/\r$/, '');
  if (idLineEnd < idEnd || idLine.includes('\r')) return undefined;
  const rest = idLine.slice(idEnd - lineStart);
  if (!/^([ \t]+#.*)?[ \t]*$/.test(rest)) return undefined;
  // The first key says where the item's lines start: at the column of `id`, after
  // nothing but indentation and the item's dash.
  const firstStart = lineStartAt(text, item.range.start);
  const first = text.slice(firstStart, item.range.start);
  if (first.length !== keyColumn || !/^[ -]*$/.test(first)) return undefined;
  return { style: 'block', keyColumn, endColumn: first.lastIndexOf('-') };
}

/**
 * Where the item writes `key` itself (not a child's key of the same name): from the
 * key to the end of its line, or undefined when it has no such key.
 */
function ownKey(
  text: string,
  item: FrameworkItem,
  mapping: Mapping,
  key: string,
): OffsetRange | undefined {
  const itemText = text.slice(item.range.start, item.range.end);
  if (mapping.style === 'flow') {
    // A flow mapping's keys follow `{` or `,`; a child written in it is out of scope.
    // A quoted key is the same key: missing it would add a duplicate.
    const match = new RegExp(`[{,]\\s*(["']?)${key}\\1\\s*:`).exec(itemText);
    if (!match) return undefined;
    const start = item.range.start + match.index + match[0].indexOf(key);
    return { start, end: lineEndAt(text, start) };
  }
  let lineStart = lineStartAt(text, item.range.start);
  while (lineStart < item.range.end) {
    const lineEnd = lineEndAt(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const indent = line.slice(0, mapping.keyColumn);
    const named = new RegExp(`^(["']?)${key}\\1\\s*:`).test(line.slice(mapping.keyColumn));
    if (/^[ -]*$/.test(indent) && named) {
      const start = lineStart + mapping.keyColumn;
      return { start, end: lineEnd };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * Adds `key: value` to the item: a new line after its ID, or an entry before its `}`.
 * Undefined where the text gives no certain place for it (see `followingLineFits`).
 */
function addKey(
  file: IndexedFile,
  item: FrameworkItem,
  mapping: Mapping,
  keyAndValue: string,
): FileTextEdit | undefined {
  const text = file.text;
  if (mapping.style === 'flow') {
    let at = item.range.end - 1;
    while (at > item.range.start && /[ \t]/.test(text.charAt(at - 1))) at--;
    // When the `}` starts its own line, the last entry's line may end in a comment,
    // which would swallow the new entry: the entry goes in only when the `}` is on
    // the same line as the last entry.
    if (text.charAt(at - 1) === '\n' || text.charAt(at - 1) === '\r') return undefined;
    const separator = text.charAt(at - 1) === ',' ? ' ' : ', ';
    return insert(file, at, `${separator}${keyAndValue}`);
  }
  const { keyColumn, endColumn } = mapping;
  const { at, lineEnd } = endOfLine(text, item.idRange.end);
  // The next line must be another key of the item (not a `- ` entry, which the item's
  // mapping cannot hold) or a line outside the item.
  const fits = (column: number, content: string): boolean =>
    (column === keyColumn && !/^-(\s|$)/.test(content)) || column <= endColumn;
  if (!followingLineFits(text, at, fits)) return undefined;
  return insert(file, at, `${lineEnd}${' '.repeat(keyColumn)}${keyAndValue}`);
}

/** Appends `name` after the last entry of a flow or block list, quoted as that entry is. */
function appendToList(file: IndexedFile, last: Reference, name: string): FileTextEdit | undefined {
  const text = file.text;
  const range = last.range;
  const inQuotes = isBetweenQuotes(text, range);
  const first = text.charAt(range.start);
  const quote = inQuotes
    ? text.charAt(range.start - 1)
    : first === '"' || first === "'"
      ? first
      : '';
  const value = quote ? `${quote}${name}${quote}` : quoted(name, '');
  const entryStart = inQuotes ? range.start - 1 : range.start;
  const entryEnd = inQuotes ? range.end + 1 : range.end;
  const lineStart = lineStartAt(text, entryStart);
  const prefix = text.slice(lineStart, entryStart);
  if (/^ *- +$/.test(prefix)) {
    const { at, lineEnd } = endOfLine(text, entryEnd);
    // Nothing but a comment may follow the entry on its line, and the next line must
    // be another entry or outside the list: the new entry goes between.
    if (!/^([ \t]+#.*)?[ \t]*$/.test(text.slice(entryEnd, at))) return undefined;
    const dash = prefix.indexOf('-');
    if (!followingLineFits(text, at, (column) => column <= dash)) return undefined;
    return insert(file, at, `${lineEnd}${prefix}${value}`);
  }
  if (/^\s*[,\]]/.test(text.slice(entryEnd))) return insert(file, entryEnd, `, ${value}`);
  return undefined;
}

/**
 * Whether a line inserted at `at`, the end of a line, leaves every line after it
 * meaning what it meant: the first line after it that is neither blank nor a comment
 * (or the end of the text) must start at a column `fits` accepts for a new entry.
 * A line indented deeper continues the line before it (or, in a broken file, is read
 * as if it did): after the insertion it would continue the inserted line, and its
 * text would change meaning or be lost, so no column that deep may be accepted. A
 * line indented with a tab, or holding a lone `\r` (a line break YAML sees and this
 * scan does not), is not read at all: nothing fits.
 */
function followingLineFits(
  text: string,
  at: number,
  fits: (column: number, content: string) => boolean,
): boolean {
  for (let start = lineEndAt(text, at) + 1; start < text.length;) {
    const end = lineEndAt(text, start);
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.includes('\r')) return false;
    // Spaces and tabs only: YAML reads any other character, even a no-break space, as text.
    const column = line.search(/[^ \t]/);
    if (column < 0) continue;
    if (line.slice(0, column).includes('\t')) return false;
    const content = line.slice(column);
    if (content.startsWith('#')) continue;
    return fits(column, content);
  }
  return true;
}

/** The end of the line holding `offset` (before a `\r\n`), and the line end the file uses. */
function endOfLine(text: string, offset: number): { at: number; lineEnd: string } {
  const end = lineEndAt(text, offset);
  const crlf = end > 0 && text.charAt(end - 1) === '\r' && text.charAt(end) === '\n';
  return { at: crlf ? end - 1 : end, lineEnd: crlf ? '\r\n' : '\n' };
}

/** A reference written with `quote` (`"`, `'` or none; none only when YAML reads it back unchanged). */
function quoted(value: string, quote: string): string {
  if (quote === '' && !needsQuotes(value)) return value;
  const mark = quote === "'" ? "'" : '"';
  return `${mark}${value}${mark}`;
}

/**
 * The quote the file writes references with: that of its first quoted reference, else
 * of the item's ID, else double quotes. An unquoted file gets none.
 */
function quoteOfFile(file: IndexedFile, framework: Framework, item: FrameworkItem): string {
  const text = file.text;
  const reference = framework.references.find((candidate) =>
    isBetweenQuotes(text, candidate.range),
  );
  if (reference) return text.charAt(reference.range.start - 1);
  if (isBetweenQuotes(text, item.idRange)) return text.charAt(item.idRange.start - 1);
  return framework.references.length > 0 ? '' : '"';
}

function insert(file: IndexedFile, at: number, newText: string, end = at): FileTextEdit {
  return { file, edit: { range: file.lines.rangeOf({ start: at, end }), newText } };
}
