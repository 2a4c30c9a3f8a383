/**
 * A linear pre-scan that finds how deeply a YAML text nests, without parsing it.
 * Framework files nest about eight levels; a text nested hundreds of levels deep is
 * refused before the `yaml` parser sees it, because that parser has aborted the whole
 * Node process on such input (see `limits.maxNestingDepth`).
 *
 * The scan knows just enough YAML to tell structure from text: block indentation
 * levels, `- - -` chains and flow brackets count; brackets inside quoted scalars,
 * plain scalars (`title: a [draft]`), block scalars (`|`, `>`) and comments do not.
 * Where it is unsure it over-counts, so it can only refuse early, never let a deep
 * document through.
 */
export interface NestingViolation {
  /** Offset where the depth first exceeded the limit. */
  readonly offset: number;
  readonly depth: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const QUESTION = 0x3f;
const COLON = 0x3a;
const COMMA = 0x2c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const AMPERSAND = 0x26;
const EXCLAMATION = 0x21;
const PIPE = 0x7c;
const GREATER = 0x3e;

const isBlank = (code: number): boolean =>
  code === SPACE ||
  code === TAB ||
  code === NEWLINE ||
  code === CARRIAGE_RETURN ||
  Number.isNaN(code);

export function findExcessiveNesting(text: string, maxDepth: number): NestingViolation | undefined {
  const length = text.length;
  const indentStack: number[] = [];
  let flowDepth = 0;
  /** Indentation of the line that opened a block scalar; its deeper lines are text. */
  let blockScalarIndent = -1;
  /**
   * The indentation of the block scalar's text, set by its first line that is not
   * blank: as in YAML, the scalar ends at the first line indented less than that.
   */
  let blockScalarTextIndent = -1;
  let offset = 0;
  while (offset < length) {
    let column = 0;
    while (offset < length && text.charCodeAt(offset) === SPACE) {
      offset++;
      column++;
    }
    const first = text.charCodeAt(offset);
    const blank = offset >= length || first === NEWLINE || first === CARRIAGE_RETURN;
    if (blockScalarIndent >= 0) {
      if (!blank && blockScalarTextIndent < 0 && column > blockScalarIndent) {
        blockScalarTextIndent = column;
      }
      if (blank || (column > blockScalarIndent && column >= blockScalarTextIndent)) {
        offset = endOfLine(text, offset) + 1;
        continue;
      }
      blockScalarIndent = -1;
      blockScalarTextIndent = -1;
    }
    // Lines inside a flow collection count too: the `yaml` package ends a flow
    // collection at a line indented too little and reads on in block style, so what
    // follows an unclosed `{` may be block structure.
    if (!blank && first !== HASH) {
      while (indentStack.length > 0 && indentStack[indentStack.length - 1] >= column) {
        indentStack.pop();
      }
      indentStack.push(column);
      // Mappings nested by indentation alone (`k:` lines, each indented further).
      if (indentStack.length > maxDepth) return { offset, depth: indentStack.length };
    }
    const lineIndent = column;
    // Within the line: `atValueStart` is true where a new node may begin.
    let atValueStart = true;
    let inPlainScalar = false;
    let previousWasSpace = true;
    let dashes = 0;
    while (offset < length) {
      const code = text.charCodeAt(offset);
      if (code === NEWLINE) {
        offset++;
        break;
      }
      if (code === HASH && previousWasSpace) {
        offset = endOfLine(text, offset);
        continue;
      }
      const next = text.charCodeAt(offset + 1);
      if (inPlainScalar) {
        // A plain scalar ends at ": " (a key), or in flow context at a flow indicator.
        if (code === COLON && isBlank(next)) {
          inPlainScalar = false;
          atValueStart = true;
        } else if (
          flowDepth > 0 &&
          (code === COMMA ||
            code === CLOSE_BRACKET ||
            code === CLOSE_BRACE ||
            code === OPEN_BRACKET ||
            code === OPEN_BRACE)
        ) {
          // In flow context every flow indicator ends a plain scalar, an opening one
          // too (`targ[[[[` opens collections for the `yaml` package): it is read next.
          inPlainScalar = false;
          atValueStart = true;
          continue;
        }
        previousWasSpace = code === SPACE || code === TAB;
        offset++;
        continue;
      }
      if (code === SPACE || code === TAB) {
        previousWasSpace = true;
        offset++;
        continue;
      }
      previousWasSpace = false;
      if (code === OPEN_BRACKET || code === OPEN_BRACE) {
        if (flowDepth > 0 || atValueStart) {
          flowDepth++;
          if (indentStack.length + dashes + flowDepth > maxDepth) {
            return { offset, depth: indentStack.length + dashes + flowDepth };
          }
          atValueStart = true;
        } else {
          inPlainScalar = true;
        }
        offset++;
        continue;
      }
      if (flowDepth > 0 && (code === CLOSE_BRACKET || code === CLOSE_BRACE)) {
        flowDepth--;
        atValueStart = false;
        offset++;
        continue;
      }
      if (flowDepth > 0 && code === COMMA) {
        atValueStart = true;
        offset++;
        continue;
      }
      if ((code === DASH || code === QUESTION || code === COLON) && isBlank(next)) {
        // In flow context too, for the same reason: over-counting only refuses early.
        if (code === DASH) {
          dashes++;
          if (indentStack.length + dashes > maxDepth) {
            return { offset, depth: indentStack.length + dashes };
          }
        }
        atValueStart = true;
        offset++;
        continue;
      }
      if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        if (atValueStart || flowDepth > 0) {
          offset = skipQuoted(text, offset, code);
          atValueStart = false;
        } else {
          inPlainScalar = true;
          offset++;
        }
        continue;
      }
      if ((code === AMPERSAND || code === EXCLAMATION) && atValueStart) {
        // An anchor or a tag: the node it belongs to starts after it.
        while (offset < length && !isBlank(text.charCodeAt(offset))) offset++;
        continue;
      }
      if (
        (code === PIPE || code === GREATER) &&
        atValueStart &&
        flowDepth === 0 &&
        isBlockScalarHeader(text, offset)
      ) {
        blockScalarIndent = lineIndent;
        blockScalarTextIndent = -1;
        offset = endOfLine(text, offset);
        continue;
      }
      inPlainScalar = true;
      atValueStart = false;
      offset++;
    }
  }
  return undefined;
}

/**
 * Whether a block scalar header (`|`, `>`, with an optional indentation digit and
 * chomping sign) starts at `offset`, followed only by spaces or a comment. A line such
 * as the merge-conflict marker `>>>>>>> branch` is no header: its lines below are
 * scanned as structure, not skipped as text.
 */
function isBlockScalarHeader(text: string, offset: number): boolean {
  const end = endOfLine(text, offset);
  const rest = text.slice(offset, end).replace(/\r$/, '');
  return /^[|>](?:[1-9][+-]?|[+-][1-9]?)?(?:[ \t]+(?:#.*)?)?$/.test(rest);
}

/** The offset of the line end at or after `offset` (not consuming it). */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** Returns the offset just after the quoted scalar that starts at `start`. */
function skipQuoted(text: string, start: number, quote: number): number {
  let offset = start + 1;
  while (offset < text.length) {
    const code = text.charCodeAt(offset);
    if (quote === DOUBLE_QUOTE && code === BACKSLASH) {
      offset += 2;
      continue;
    }
    if (code === quote) {
      // Inside single quotes, '' is an escaped quote.
      if (quote === SINGLE_QUOTE && text.charCodeAt(offset + 1) === SINGLE_QUOTE) {
        offset += 2;
        continue;
      }
      return offset + 1;
    }
    offset++;
  }
  return offset;
}
