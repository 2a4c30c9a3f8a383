import type { Position, Range } from 'vscode-languageserver-types';
import type { OffsetRange } from '../model';

/**
 * Converts between offsets and LSP positions (zero-based line, UTF-16 character),
 * treating `\n`, `\r\n` and a lone `\r` as line ends, as editors do.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let offset = 0; offset < text.length; offset++) {
      const code = text.charCodeAt(offset);
      if (code === 0x0d) {
        if (text.charCodeAt(offset + 1) === 0x0a) offset++;
        starts.push(offset + 1);
      } else if (code === 0x0a) {
        starts.push(offset + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
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
