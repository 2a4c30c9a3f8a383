/**
 * The edits behind the `unaccounted-predecessor` quick fixes: adding an old item to a
 * successor item's `supersedes` list, and marking the old item `retired`. Both write
 * into the YAML as it is written: a block or flow mapping, a block or flow list, the
 * quotes the file already uses, its line ends and its indentation. Where the text is
 * in a shape these edits do not know for certain, they offer nothing rather than risk
 * an edit that breaks the file.
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

/** How an item's mapping is written: as indented `key: value` lines, or as `{ ... }`. */
type Mapping = { readonly style: 'block'; readonly keyColumn: number } | { readonly style: 'flow' };

/**
 * The item's mapping style, read from the text before its ID: `- id: "3"` or `id: "3"`
 * alone on its line is a block mapping whose keys start at the column of `id`, and a
 * `{` before it makes a flow mapping. Anything else is undefined.
 */
function mappingOf(text: string, item: FrameworkItem): Mapping | undefined {
  const lineStart = lineStartAt(text, item.idRange.start);
  const prefix = text.slice(lineStart, item.idRange.start);
  const key = /(^|[\s{,])id\s*:\s*["']?$/.exec(prefix);
  if (!key) return undefined;
  const keyColumn = key.index + key[1].length;
  const before = prefix.slice(0, keyColumn);
  if (before.includes('{')) {
    return text.charAt(item.range.end - 1) === '}' ? { style: 'flow' } : undefined;
  }
  if (!/^[ -]*$/.test(before)) return undefined;
  // The ID must end on its own line, for a key to be added on the next.
  if (lineEndAt(text, item.idRange.start) < item.idRange.end) return undefined;
  return { style: 'block', keyColumn };
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
    const match = new RegExp(`[{,]\\s*${key}\\s*:`).exec(itemText);
    if (!match) return undefined;
    const start = item.range.start + match.index + match[0].indexOf(key);
    return { start, end: lineEndAt(text, start) };
  }
  let lineStart = lineStartAt(text, item.range.start);
  while (lineStart < item.range.end) {
    const lineEnd = lineEndAt(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const indent = line.slice(0, mapping.keyColumn);
    if (/^[ -]*$/.test(indent) && new RegExp(`^${key}\\s*:`).test(line.slice(mapping.keyColumn))) {
      const start = lineStart + mapping.keyColumn;
      return { start, end: lineEnd };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Adds `key: value` to the item: a new line after its ID, or an entry before its `}`. */
function addKey(
  file: IndexedFile,
  item: FrameworkItem,
  mapping: Mapping,
  keyAndValue: string,
): FileTextEdit {
  const text = file.text;
  if (mapping.style === 'flow') {
    let at = item.range.end - 1;
    while (at > item.range.start && /\s/.test(text.charAt(at - 1))) at--;
    const separator = text.charAt(at - 1) === ',' ? ' ' : ', ';
    return insert(file, at, `${separator}${keyAndValue}`);
  }
  const { at, lineEnd } = endOfLine(text, item.idRange.end);
  return insert(file, at, `${lineEnd}${' '.repeat(mapping.keyColumn)}${keyAndValue}`);
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
    return insert(file, at, `${lineEnd}${prefix}${value}`);
  }
  if (/^\s*[,\]]/.test(text.slice(entryEnd))) return insert(file, entryEnd, `, ${value}`);
  return undefined;
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
