import type { Position, Range } from 'vscode-languageserver-types';
import type { OffsetRange } from '../model';
import type { TextChange } from './textChange';

/**
 * Converts between offsets and LSP positions (zero-based line, UTF-16 character),
 * treating `\n`, `\r\n` and a lone `\r` as line ends, as editors do.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  /** Indexes `text`; `lineStarts`, when given, must be exactly what indexing would find. */
  constructor(
    private readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
    } else {
      this.lineStarts = [0];
      collectLineStarts(text, 0, text.length, this.lineStarts);
    }
  }

  /**
   * The index of `text`, made from the index of the text before `change`: the lines
   * before the change are kept, those after it shifted, and only the changed lines
   * are read again, so that a keystroke in a large file costs little.
   */
  static afterChange(previous: LineIndex, text: string, change: TextChange): LineIndex {
    const old = previous.lineStarts;
    const delta = change.newEnd - change.oldEnd;
    // Whether an offset starts a line depends on the character before it and, after a
    // `\r`, on the one at it; so the lines are read again from the start of the line
    // holding the character before the change, up to one past the change's end.
    const first = previous.lineOf(Math.max(0, change.start - 1));
    const starts = old.slice(0, first + 1);
    collectLineStarts(text, old[first], Math.min(text.length, change.newEnd + 1), starts);
    let after = first + 1;
    while (after < old.length && old[after] <= change.oldEnd + 1) after++;
    for (; after < old.length; after++) starts.push(old[after] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    let character = clamped - this.lineStarts[line];
    // An offset between the `\r` and the `\n` of a line end (the `yaml` package ends
    // some errors there) is inside the line break: it is the end of the line, not one
    // character past it.
    if (
      this.text.charCodeAt(clamped) === 0x0a &&
      clamped > 0 &&
      this.text.charCodeAt(clamped - 1) === 0x0d
    ) {
      character--;
    }
    return { line, character };
  }

  /** The line that holds an offset (already within the text). */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const nextLineStart =
      position.line + 1 < this.lineStarts.length
        ? this.lineStarts[position.line + 1]
        : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
  }

  rangeOf(range: OffsetRange): Range {
    return { start: this.positionAt(range.start), end: this.positionAt(range.end) };
  }

  /** The offsets of an LSP range, the inverse of `rangeOf`, each clamped as `offsetAt` does. */
  offsetRangeOf(range: Range): OffsetRange {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }
}

/**
 * Appends to `starts` every line start whose line break begins in `[from, to)`:
 * after `\n`, after `\r\n` (once) and after a lone `\r`.
 */
function collectLineStarts(text: string, from: number, to: number, starts: number[]): void {
  for (let offset = from; offset < to; offset++) {
    const code = text.charCodeAt(offset);
    if (code === 0x0a) {
      starts.push(offset + 1);
    } else if (code === 0x0d && text.charCodeAt(offset + 1) !== 0x0a) {
      starts.push(offset + 1);
    }
  }
}
