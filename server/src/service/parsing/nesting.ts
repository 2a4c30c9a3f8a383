/**
 * A linear pre-scan that finds how deeply a YAML text nests, without parsing it.
 * Framework files nest about eight levels; a text nested hundreds of levels deep is
 * refused before the `yaml` parser sees it, because that parser has aborted the whole
 * Node process on such input (see `limits.maxNestingDepth`).
 *
 * The scan over-approximates on purpose: it counts flow brackets outside quoted
 * scalars and comments, plus block indentation levels and `- - -` chains. A false
 * alarm needs a hundred levels of indentation, which no framework file has.
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
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;

export function findExcessiveNesting(text: string, maxDepth: number): NestingViolation | undefined {
  const indentStack: number[] = [];
  let flowDepth = 0;
  let offset = 0;
  const length = text.length;
  while (offset < length) {
    // At the start of a line: measure indentation, then `- ` chains.
    let column = 0;
    while (offset < length && text.charCodeAt(offset) === SPACE) {
      offset++;
      column++;
    }
    const first = text.charCodeAt(offset);
    const blankOrComment =
      offset >= length || first === NEWLINE || first === CARRIAGE_RETURN || first === HASH;
    if (!blankOrComment && flowDepth === 0) {
      while (indentStack.length > 0 && indentStack[indentStack.length - 1] >= column) {
        indentStack.pop();
      }
      indentStack.push(column);
      let dashes = 0;
      while (
        text.charCodeAt(offset) === DASH &&
        (text.charCodeAt(offset + 1) === SPACE || text.charCodeAt(offset + 1) === TAB)
      ) {
        dashes++;
        offset += 2;
        while (text.charCodeAt(offset) === SPACE) offset++;
      }
      if (indentStack.length + dashes > maxDepth) {
        return { offset, depth: indentStack.length + dashes };
      }
    }
    // The rest of the line: flow brackets outside quotes and comments. A quote opens a
    // quoted scalar only where a value can start; elsewhere it is an apostrophe.
    let lastNonSpace = -1;
    let previousWasSpace = true;
    while (offset < length) {
      const code = text.charCodeAt(offset);
      if (code === NEWLINE) {
        offset++;
        break;
      }
      if (code === HASH && previousWasSpace) {
        while (offset < length && text.charCodeAt(offset) !== NEWLINE) offset++;
        continue;
      }
      const opensQuote =
        (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) &&
        (lastNonSpace === -1 ||
          lastNonSpace === OPEN_BRACKET ||
          lastNonSpace === OPEN_BRACE ||
          lastNonSpace === COMMA ||
          lastNonSpace === COLON ||
          lastNonSpace === DASH);
      if (opensQuote) {
        offset = skipQuoted(text, offset, code);
        lastNonSpace = code;
        previousWasSpace = false;
        continue;
      }
      if (code === OPEN_BRACKET || code === OPEN_BRACE) {
        flowDepth++;
        if (indentStack.length + flowDepth > maxDepth) {
          return { offset, depth: indentStack.length + flowDepth };
        }
      } else if ((code === CLOSE_BRACKET || code === CLOSE_BRACE) && flowDepth > 0) {
        flowDepth--;
      }
      previousWasSpace = code === SPACE || code === TAB;
      if (!previousWasSpace) lastNonSpace = code;
      offset++;
    }
  }
  return undefined;
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
