/**
 * What can be wrong with a file's text before it is YAML at all: it is binary, it is
 * UTF-16 read as UTF-8, it holds control characters YAML does not allow, or `git`
 * left merge-conflict markers in it. A YAML parser reports each of these as something
 * else ("must be a mapping", "implicit keys need to be on a single line", an unknown
 * key named `<<<<<<< HEAD - id`), or not at all; this module names them.
 *
 * A file with conflict markers is still checked: as the side above `=======` (the
 * user's own, `HEAD` in a merge), with the markers and the other sides blanked out.
 * Blanking keeps every offset, so every range still points into the real text, and
 * the frameworks of a file being merged stay in the index instead of vanishing from
 * every other file's references.
 */
import { limits } from '../limits';
import type { LocalDiagnostic } from '../model';

/** The characters YAML 1.2 does not allow in a stream (outside its printable set). */
// eslint-disable-next-line no-control-regex -- Finding control characters is the point.
const disallowedCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;
const disallowedCharacters = new RegExp(disallowedCharacter.source, 'g');

/**
 * A line `git` writes around a conflict: seven `<`, `|` or `>` then a space or the
 * end of the line, or seven `=` alone. (A plain scalar or key never starts a line
 * with seven of these in a framework file.)
 */
const conflictMarkerLine = /^(?:<{7}|\|{7}|>{7})(?:[ \t][^\r\n]*)?$|^={7}[ \t]*$/m;
const conflictMarkerLines = new RegExp(conflictMarkerLine.source, 'gm');

/** How much of the start of a file decides whether it is text, as `git` decides it. */
const sampleLength = 8192;

export interface TextHazards {
  /**
   * Set when the text is not YAML text at all (binary, or UTF-16 read as UTF-8): the
   * one problem the file gets, for it is not parsed.
   */
  readonly notText?: LocalDiagnostic;
  /** Problems to add to what the parse finds: control characters and conflict markers. */
  readonly diagnostics: readonly LocalDiagnostic[];
  /** Control characters past the cap, counted but not kept (a file can hold millions). */
  readonly hiddenControlCharacters: number;
  /** The text to parse: the text itself, or with conflict markers and other sides blanked. */
  readonly parseText: string;
}

/** The hazards in a text, or undefined when it has none (almost every file). */
export function findTextHazards(text: string): TextHazards | undefined {
  const hasControl = disallowedCharacter.test(text);
  const hasConflict = conflictMarkerLine.test(text);
  if (!hasControl && !hasConflict) return undefined;
  if (hasControl) {
    const notText = notTextProblem(text);
    if (notText) return { notText, diagnostics: [], hiddenControlCharacters: 0, parseText: text };
  }
  const diagnostics: LocalDiagnostic[] = [];
  const hiddenControlCharacters = hasControl ? controlCharacterProblems(text, diagnostics) : 0;
  const parseText = hasConflict ? blankConflicts(text, diagnostics) : text;
  return { diagnostics, hiddenControlCharacters, parseText };
}

/**
 * Whether an edit may have added a hazard to a text that had none: only the lines it
 * touched can hold a new one, so only they are searched (a keystroke in a 2 MB file
 * costs no more than its line).
 */
export function editMayAddHazards(
  text: string,
  changeStart: number,
  changeNewEnd: number,
): boolean {
  const from = text.lastIndexOf('\n', changeStart - 1) + 1;
  let to = text.indexOf('\n', changeNewEnd);
  if (to < 0) to = text.length;
  const touched = text.slice(from, to);
  return disallowedCharacter.test(touched) || conflictMarkerLine.test(touched);
}

function describeCharacter(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return code === 0 ? 'A NUL character (U+0000)' : `A control character (U+${hex})`;
}

/**
 * The problem of a text that is not text: many NUL characters at every other place
 * (UTF-16 without a byte order mark, read as UTF-8), or many control characters and
 * undecodable bytes (a binary file). A few stray ones are reported one by one instead.
 */
function notTextProblem(text: string): LocalDiagnostic | undefined {
  const sample = Math.min(text.length, sampleLength);
  let nuls = 0;
  let evenNuls = 0;
  let odd = 0;
  let firstOdd = -1;
  for (let at = 0; at < sample; at++) {
    const code = text.charCodeAt(at);
    if (code === 0) {
      nuls++;
      if (at % 2 === 0) evenNuls++;
    }
    if (code === 0xfffd || disallowedCharacter.test(text[at])) {
      odd++;
      if (firstOdd < 0) firstOdd = at;
    }
  }
  if (odd < 8 || odd * 100 < sample) return undefined;
  const sameParity = Math.max(evenNuls, nuls - evenNuls);
  if (nuls * 4 >= sample && sameParity * 10 >= nuls * 9) {
    const first = text.indexOf('\0');
    return {
      code: 'yaml-syntax',
      range: { start: first, end: first + 1 },
      message:
        'This file has a NUL character between every two letters: it is UTF-16 text without a byte order mark, read as UTF-8, and was not checked. Save it as UTF-8 (in VS Code: click the encoding in the status bar, then Save with Encoding, UTF-8).',
    };
  }
  return {
    code: 'yaml-syntax',
    range: { start: firstOdd, end: firstOdd + 1 },
    message: `This file holds binary content (${odd} NUL, control or undecodable characters in its first ${sample} characters, the first here), not YAML text, and was not checked. Restore it as text, or leave it out of the framework files with strategicFrameworks.files.exclude.`,
  };
}

/**
 * One problem per character YAML does not allow, where it is, up to the cap of
 * diagnostics a file shows; returns how many more there are.
 */
function controlCharacterProblems(text: string, problems: LocalDiagnostic[]): number {
  let hidden = 0;
  disallowedCharacters.lastIndex = 0;
  let match = disallowedCharacters.exec(text);
  while (match) {
    const at = match.index;
    if (problems.length < limits.maxDiagnosticsPerFile) {
      problems.push({
        code: 'yaml-syntax',
        range: { start: at, end: at + 1 },
        message: `${describeCharacter(text.charCodeAt(at))} is here; YAML text cannot hold control characters. Delete it.`,
      });
    } else {
      hidden++;
    }
    match = disallowedCharacters.exec(text);
  }
  return hidden;
}

interface MarkerLine {
  readonly start: number;
  readonly end: number;
  /** `<`, `|`, `=` or `>`. */
  readonly kind: string;
}

/**
 * The text with every conflict blanked but its first side, and a problem at each
 * conflict's first marker (or at each marker that belongs to no whole conflict).
 */
function blankConflicts(text: string, diagnostics: LocalDiagnostic[]): string {
  const markers: MarkerLine[] = [];
  conflictMarkerLines.lastIndex = 0;
  for (let match = conflictMarkerLines.exec(text); match;) {
    markers.push({ start: match.index, end: match.index + match[0].length, kind: match[0][0] });
    match = conflictMarkerLines.exec(text);
  }
  /** Spans to blank, in order: marker lines, and the sides after the first. */
  const blanked: { start: number; end: number }[] = [];
  let at = 0;
  while (at < markers.length) {
    const opening = markers[at];
    const whole = opening.kind === '<' ? wholeConflict(markers, at) : undefined;
    if (whole) {
      const { separator, closing, next } = whole;
      diagnostics.push({
        code: 'yaml-syntax',
        range: { start: opening.start, end: opening.end },
        message:
          'A merge conflict git left unresolved starts here (<<<<<<< to >>>>>>>). Keep the side you want, delete the other side and the marker lines. Until then, this file is checked as the side above =======.',
      });
      blanked.push({ start: opening.start, end: opening.end });
      // The base section of a diff3 conflict, the separator and the other side.
      const firstSideEnd = markers[at + 1] === separator ? separator.start : markers[at + 1].start;
      blanked.push({ start: firstSideEnd, end: closing.end });
      at = next;
      continue;
    }
    diagnostics.push({
      code: 'yaml-syntax',
      range: { start: opening.start, end: opening.end },
      message: `A merge-conflict marker (${text.slice(opening.start, opening.start + 7)}) that belongs to no whole conflict; git leaves them when a merge stops. Resolve the conflict, then delete the marker line.`,
    });
    blanked.push({ start: opening.start, end: opening.end });
    at++;
  }
  return blank(text, blanked);
}

/**
 * The rest of a whole conflict opened by `markers[at]`: an optional `|||||||` base
 * marker, a `=======` separator, then a `>>>>>>>`, with no other opening between.
 */
function wholeConflict(
  markers: readonly MarkerLine[],
  at: number,
): { separator: MarkerLine; closing: MarkerLine; next: number } | undefined {
  let index = at + 1;
  if (markers[index]?.kind === '|') index++;
  const separator = markers[index];
  const closing = markers[index + 1];
  if (separator?.kind !== '=' || closing?.kind !== '>') return undefined;
  return { separator, closing, next: index + 2 };
}

/** The text with every character of the spans turned into a space, line ends kept. */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const span of spans) {
    parts.push(text.slice(from, span.start));
    parts.push(text.slice(span.start, span.end).replace(/[^\r\n]/g, ' '));
    from = span.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
