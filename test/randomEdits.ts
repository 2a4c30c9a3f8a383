/**
 * Random edits of framework texts, of the kinds people make (typing, deleting,
 * pasting, indenting, undoing), as the protocol and service tests apply them. Edits
 * are spans of offsets; `positionAt` gives the LSP positions an editor would send.
 */
import type { Position } from 'vscode-languageserver-types';
import type { Random } from './random';

// Texts as the client holds them. LSP positions count lines ended by `\r\n`, `\n`
// or `\r`, and characters in UTF-16 code units; an editor never puts a position
// between the two characters of a `\r\n` or of a surrogate pair.

/** Whether an offset falls inside a `\r\n` or a surrogate pair. */
export function splitsCharacter(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  const crlf = before === 13 && after === 10;
  const pair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return crlf || pair;
}

/** The nearest offset at or before `offset` where an editor can put a position. */
export function editorOffset(text: string, offset: number): number {
  let at = Math.max(0, Math.min(offset, text.length));
  while (splitsCharacter(text, at)) at--;
  return at;
}

/** The LSP position of an offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let at = 0; at < offset; at++) {
    const code = text.charCodeAt(at);
    if (code === 13 && text.charCodeAt(at + 1) === 10 && at + 1 < offset) at++;
    if (code === 13 || code === 10) {
      line++;
      lineStart = at + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** One edit of a text: the span `start`..`end` of the text before it becomes `newText`. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export function applyReplacement(text: string, replacement: Replacement): string {
  return text.slice(0, replacement.start) + replacement.newText + text.slice(replacement.end);
}

/** The one span two texts differ in, widened so that it splits no character. */
export function differingSpan(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  while (prefix > 0 && (splitsCharacter(before, prefix) || splitsCharacter(after, prefix)))
    prefix--;
  while (
    suffix > 0 &&
    (splitsCharacter(before, before.length - suffix) ||
      splitsCharacter(after, after.length - suffix))
  ) {
    suffix--;
  }
  return {
    start: prefix,
    end: before.length - suffix,
    newText: after.slice(prefix, after.length - suffix),
  };
}

// Random edits, of the kinds people make.

const typedCharacters = ['x', 'e', '1', '2', ' ', '.', '-', ':', '"', "'", '[', ']', ',', '#', 'é'];
const pastedTexts = [
  '\n  - id: "9"\n    title: Pasted goal\n',
  '      - id: "1.9"\n        title: Pasted objective\n        supports: ["1"]\n',
  'supports: ["gen-0:1", "interpol-2014-2016:3.4", "bridge:1.1"]',
  ' Ünïcødé title with an emoji 🚀 ',
  '# A comment pasted here\n',
  '\n---\nframework: pasted\ntitle: Pasted\ngoals:\n  - id: "1"\n    title: One\n',
  '  - { id: p9, title: Pasted programme, supports: ["1"] }\n',
  'interpol-2017-2020:2',
  '\t',
  '&anchor ',
];
/** What an ID or reference may be changed to, keeping it an ID most of the time. */
const idCharacters = ['0', '1', '2', '3', '9', '.', '-', 'a'];

/** The IDs and references of a text, where typing changes what other files see. */
export function idTokens(text: string): Replacement[] {
  const tokens: Replacement[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9._-]+)?/g)) {
    if (/\d/.test(match[0])) {
      tokens.push({ start: match.index, end: match.index + match[0].length, newText: match[0] });
    }
  }
  return tokens;
}

/** Typing in an ID or a reference: changing, adding or deleting a character. */
export function idEdit(random: Random, text: string): Replacement | undefined {
  const tokens = idTokens(text);
  if (tokens.length === 0) return undefined;
  const token = random.pick(tokens);
  const inside = random.between(token.start, token.end);
  if (random.chance(0.4)) return { start: inside, end: inside, newText: random.pick(idCharacters) };
  const end = Math.min(token.end, inside + 1);
  return {
    start: Math.min(inside, end),
    end,
    newText: random.chance(0.5) ? random.pick(idCharacters) : '',
  };
}

/**
 * The IDs of a text's items that other texts refer to as `FRAMEWORK:ID`: renaming one
 * changes what those files report.
 */
export function idsReferredToElsewhere(text: string, others: readonly string[]): Replacement[] {
  const found: Replacement[] = [];
  for (const match of text.matchAll(/\bid: (["']?)([A-Za-z0-9._-]+)\1/g)) {
    const before = text.slice(0, match.index);
    const framework = [...before.matchAll(/^framework: (\S+)/gm)].pop()?.[1];
    const qualified = `${framework}:${match[2]}`;
    const referred = others.some((other) =>
      new RegExp(`${qualified.replace(/[.]/g, '\\.')}(?![A-Za-z0-9._-])`).test(other),
    );
    const start = match.index + 4 + match[1].length;
    if (referred) found.push({ start, end: start + match[2].length, newText: match[2] });
  }
  return found;
}

/** One random edit of `text`, in an editor whose line ends are `lineEnd`. */
export function randomReplacement(
  random: Random,
  text: string,
  lineEnd: string,
  history: readonly string[],
): Replacement | undefined {
  const at = editorOffset(text, random.int(text.length + 1));
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const nextBreak = text.slice(at).search(/\r\n|\r|\n/);
  const lineEndAt = nextBreak < 0 ? text.length : at + nextBreak;
  const lineBreakLength = text.startsWith('\r\n', lineEndAt) ? 2 : lineEndAt < text.length ? 1 : 0;
  const choice = random.int(100);
  if (choice < 25) {
    // Typing a character.
    return { start: at, end: at, newText: random.pick(typedCharacters) };
  }
  if (choice < 45) return idEdit(random, text);
  if (choice < 57) {
    // Deleting backwards, as Backspace held down does.
    const start = editorOffset(text, at - random.between(1, 12));
    return { start, end: at, newText: '' };
  }
  if (choice < 63) {
    // Enter: a line break, indented as the line it breaks.
    const indentation =
      /^[ -]*/.exec(text.slice(lineStart, lineEndAt))?.[0].replace(/-/g, ' ') ?? '';
    return { start: at, end: at, newText: lineEnd + indentation };
  }
  if (choice < 73) {
    const pasted = random.pick(pastedTexts).replace(/\n/g, lineEnd);
    return { start: at, end: at, newText: pasted };
  }
  if (choice < 78) {
    // Deleting the line, or duplicating it.
    const end = lineEndAt + lineBreakLength;
    return random.chance(0.5)
      ? { start: lineStart, end, newText: '' }
      : { start: end, end, newText: text.slice(lineStart, end) };
  }
  if (choice < 84) {
    // Selecting a span and typing over it.
    const end = editorOffset(text, at + random.between(1, 40));
    return { start: at, end: Math.max(at, end), newText: random.pick(typedCharacters) };
  }
  if (choice < 88) {
    // Indenting or outdenting a line.
    return random.chance(0.5)
      ? { start: lineStart, end: lineStart, newText: '  ' }
      : text.startsWith('  ', lineStart)
        ? { start: lineStart, end: lineStart + 2, newText: '' }
        : undefined;
  }
  // Undo, to one of the texts the document had.
  if (history.length === 0) return undefined;
  return differingSpan(text, random.pick(history.slice(-6)));
}
