/**
 * A fast path for the files people actually write: a hand-written line scanner that
 * reads block YAML (mappings, sequences, plain, quoted and block scalars, one-line
 * flow collections, comments, several documents) straight into the syntax tree the
 * schema walk reads, without building the `yaml` package's tree. It gives up, and
 * the caller parses with the `yaml` package, on anything it does not handle with
 * certainty: anchors, aliases, tags, directives, explicit keys, multi-line flow
 * collections or quoted scalars, tabs, anything that would be a YAML error or
 * warning, files beyond the limits.
 *
 * Its answer must be exactly the `yaml` package's: the same values (core schema
 * resolution, folding of multi-line plain scalars and block scalars) and the same
 * ranges. Ranges are the subtle part. The package ends a block collection where its
 * last value's `range[2]` ends, and that includes what its parser attaches to the
 * value: trailing spaces, a trailing comment and the line break, then any following
 * comment lines indented deeper than the collection, and, when the collection is
 * popped, a run of comment lines that it keeps because one of them is indented at
 * least as deep as the collection. `scanAfterValue` and `finishCollection` follow
 * those rules (`parser.js`: `atIndentedComment` and the check in `pop`). The
 * differential test in `test/service/fastParse.test.ts` holds the two parsers to
 * the same result on thousands of inputs.
 */
import { limits } from '../limits';
import type { Framework, LocalDiagnostic, ParsedFile } from '../model';
import { findExcessiveNesting } from './nesting';
import { resolvePlainScalar } from './scalars';
import type {
  SyntaxDocument,
  SyntaxMap,
  SyntaxNode,
  SyntaxPair,
  SyntaxScalar,
  SyntaxSeq,
} from './syntax';
import { completeParsedFile, walkDocument } from './walk';

/**
 * Parses the file like `parseWithYamlPackage` does, or returns undefined when the
 * file holds anything the scanner is not certain about.
 */
export function fastParseFrameworkFile(
  uri: string,
  version: number,
  text: string,
): ParsedFile | undefined {
  if (text.length > limits.maxFileBytes) return undefined;
  const documents = scanDocuments(text);
  if (documents === undefined) return undefined;
  const frameworks: Framework[] = [];
  const diagnostics: LocalDiagnostic[] = [];
  for (const document of documents) walkDocument(document, text, frameworks, diagnostics);
  return completeParsedFile(uri, version, frameworks, diagnostics);
}

/**
 * The documents of a text, or undefined when the scanner gives up. Exported for the
 * tests, which check the trees against the `yaml` package's.
 */
export function scanDocuments(text: string): SyntaxDocument[] | undefined {
  // Tabs (as indentation they are errors, elsewhere they change how lines fold) and
  // carriage returns that do not end a line are rare; the `yaml` package reads them.
  if (text.indexOf('\t') >= 0 || hasLoneCarriageReturn(text)) return undefined;
  const scanner = new Scanner(text);
  let documents: SyntaxDocument[];
  try {
    documents = scanner.scanDocuments();
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
  // The nesting pre-scan of the slow path refuses files nested more than the limit.
  // In what the scanner accepts, that scan counts at most one level per column of
  // indentation, one `- ` and two flow brackets, so only a deeply indented file
  // needs the scan itself.
  if (scanner.maxIndent + 4 > limits.maxNestingDepth) {
    if (findExcessiveNesting(text, limits.maxNestingDepth)) return undefined;
  }
  return documents;
}

/** Whether `text` has a carriage return that does not end a line in `[from, to)`. */
function hasLoneCarriageReturn(text: string, from = 0, to = text.length): boolean {
  for (let at = text.indexOf('\r', from); at >= 0 && at < to; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== NEWLINE) return true;
  }
  return false;
}

/** An entry of a block sequence read on its own (see `scanSequenceEntry`). */
export interface ScannedEntry {
  readonly entry: SyntaxNode;
  /** Where the `- ` of the entry after it is. */
  readonly nextDash: number;
}

/**
 * Reads again one entry of a block sequence at column `indent`, whose `- ` is at
 * `dash`, in a text the scanner read whole before an edit inside that entry; `depth`
 * is the number of collections open around the entry's value. Returns undefined
 * when the scanner gives up, when no entry of the same sequence follows (the
 * entry's end would then depend on what comes after it), or when the entry's lines
 * hold what `scanDocuments` refuses in a whole text. Everything outside the entry
 * is as it was, so the caller can keep its reading of it.
 */
export function scanSequenceEntry(
  text: string,
  dash: number,
  indent: number,
  depth: number,
): ScannedEntry | undefined {
  const scanner = new Scanner(text);
  let scanned: ScannedEntry;
  try {
    scanned = scanner.scanEntry(dash, indent, depth);
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
  const from = dash - indent;
  const tab = text.indexOf('\t', from);
  if (tab >= 0 && tab < scanned.nextDash) return undefined;
  if (hasLoneCarriageReturn(text, from, scanned.nextDash)) return undefined;
  // Deep indentation needs the whole text's nesting scan: leave it to a full parse.
  if (scanner.maxIndent + 4 > limits.maxNestingDepth) return undefined;
  return scanned;
}

/**
 * Thrown to abandon the fast path; caught in `scanDocuments`. One instance made once,
 * because giving up is frequent while someone types and a stack trace is of no use.
 */
class GiveUp extends Error {}
const giveUp = new GiveUp('The fast path gives up; the yaml package parses this file.');

function fail(): never {
  throw giveUp;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const EXCLAMATION = 0x21;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const SINGLE_QUOTE = 0x27;
const ASTERISK = 0x2a;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GREATER = 0x3e;
const QUESTION = 0x3f;
const AT = 0x40;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const BACKTICK = 0x60;
const OPEN_BRACE = 0x7b;
const PIPE = 0x7c;
const CLOSE_BRACE = 0x7d;
const BYTE_ORDER_MARK = 0xfeff;

/** Characters that cannot start a plain scalar here (or that start something else). */
function isIndicator(code: number): boolean {
  switch (code) {
    case DASH:
    case QUESTION:
    case COLON:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case AMPERSAND:
    case ASTERISK:
    case EXCLAMATION:
    case PIPE:
    case GREATER:
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case PERCENT:
    case AT:
    case BACKTICK:
    case SPACE:
      return true;
    default:
      return false;
  }
}

function isFlowIndicator(code: number): boolean {
  return (
    code === COMMA ||
    code === OPEN_BRACKET ||
    code === CLOSE_BRACKET ||
    code === OPEN_BRACE ||
    code === CLOSE_BRACE
  );
}

/** What follows a value: the next line with content, the end of the text, or `---`. */
const enum Next {
  Content,
  End,
  DocumentStart,
}

/** The escapes a double-quoted scalar may use, as the `yaml` package reads them. */
const escapes: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

class Scanner {
  readonly text: string;
  readonly length: number;
  /** The deepest indentation of any line read; bounds the nesting scan's count. */
  maxIndent = 0;
  /** Open collections, to refuse absurd nesting before the stack suffers. */
  private depth = 0;

  // The current line, as `readLine` left it.
  private lineStart = 0;
  /** Where the line's text ends, before `\n` or `\r\n`. */
  private lineEnd = 0;
  /** Where the next line starts (the text's length after the last line). */
  private nextLine = 0;
  private indent = 0;

  // What the last scanned value left behind (see `scanAfterValue`).
  /** What follows; for `Content`, the current line is that line. */
  private next: Next = Next.End;
  /** Where the next content (or `---`, or the end) starts. */
  private resume = 0;
  /**
   * The deepest indentation of the comment lines between the last value and the next
   * content that no collection has kept yet, or -1 when there are none.
   */
  private pendingComment = -1;
  /**
   * The pairs and entries of the open collections, one stack each: a collection's
   * array is cut from it when the collection ends, so it is made at its final size.
   */
  private readonly pairs: SyntaxPair[] = [];
  private readonly items: SyntaxNode[] = [];
  /** Recent plain keys and their values (see `keyValue`). */
  private readonly keyTexts: (string | undefined)[] = new Array<string | undefined>(256);
  private readonly keyValues: (string | number | boolean | null)[] = new Array<
    string | number | boolean | null
  >(256);
  /** The `range[2]` of the node parsed last. */
  private end2 = 0;
  /** Whether the last value of the document was empty (`key:` and nothing). */
  private lastValueEmpty = false;
  /** Set by `scanPlainLine`: whether the scalar stopped at a ` #` comment. */
  private sawComment = false;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  scanDocuments(): SyntaxDocument[] {
    const documents: SyntaxDocument[] = [];
    const text = this.text;
    // A byte order mark at the start is not part of the text; the first document
    // starts after it.
    let at = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    // Blank and comment lines before the first document belong to no document.
    for (;;) {
      if (at >= this.length) return documents;
      if (text.charCodeAt(at) === BYTE_ORDER_MARK) fail();
      this.readLine(at);
      if (this.isBlankOrComment()) {
        at = this.nextLine;
        continue;
      }
      if (text.charCodeAt(this.lineStart) === PERCENT) fail();
      break;
    }
    for (;;) {
      // The current line starts a document: `---`, or its first content.
      const start = this.lineStart;
      if (this.isMarker(DOT)) fail();
      if (this.isMarker(DASH)) {
        this.checkRestOfLine(this.lineStart + 3);
        this.skipToContent(this.nextLine);
        if (this.next === Next.End) return documents;
        // An empty document (`---` and nothing) is no framework; skip it.
        if (this.next === Next.DocumentStart) continue;
      }
      if (this.indent !== 0 || this.isSequenceEntry(this.lineStart)) fail();
      this.lastValueEmpty = false;
      const contents = this.parseMap(0, this.lineStart);
      const end = this.lastValueEmpty ? this.end2 : this.resume;
      documents.push({ contents, start, end, hasErrors: false });
      if (this.next !== Next.DocumentStart) return documents;
    }
  }

  /** Reads the line starting at `start` into the current-line fields. */
  private readLine(start: number): void {
    const text = this.text;
    const newline = text.indexOf('\n', start);
    let end: number;
    if (newline < 0) {
      end = this.length;
      this.nextLine = this.length;
    } else {
      end =
        newline > start && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.nextLine = newline + 1;
    }
    let at = start;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    this.lineStart = start;
    this.lineEnd = end;
    this.indent = at - start;
    if (this.indent > this.maxIndent) this.maxIndent = this.indent;
  }

  private isBlankOrComment(): boolean {
    const content = this.lineStart + this.indent;
    return content === this.lineEnd || this.text.charCodeAt(content) === HASH;
  }

  /** Whether the current line starts with `---` or `...` followed by a blank. */
  private isMarker(code: number): boolean {
    const text = this.text;
    const start = this.lineStart;
    return (
      this.indent === 0 &&
      text.charCodeAt(start) === code &&
      text.charCodeAt(start + 1) === code &&
      text.charCodeAt(start + 2) === code &&
      (start + 3 === this.lineEnd || text.charCodeAt(start + 3) === SPACE)
    );
  }

  /** Whether a `- ` sequence entry starts at `at` on the current line. */
  private isSequenceEntry(at: number): boolean {
    return (
      this.text.charCodeAt(at) === DASH &&
      (at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE)
    );
  }

  /** After a value, only spaces and a comment (after a space) may end the line. */
  private checkRestOfLine(at: number): void {
    const text = this.text;
    const end = this.lineEnd;
    let position = at;
    while (position < end && text.charCodeAt(position) === SPACE) position++;
    if (position === end) return;
    if (text.charCodeAt(position) !== HASH || position === at) fail();
  }

  /**
   * Skips blank and comment lines from `start` to the next content, the next `---`
   * or the end; returns whether a comment line was skipped.
   */
  private skipToContent(start: number): boolean {
    let at = start;
    let sawComment = false;
    for (;;) {
      if (at >= this.length) {
        this.next = Next.End;
        this.resume = this.length;
        return sawComment;
      }
      this.readLine(at);
      const content = at + this.indent;
      if (content === this.lineEnd) {
        at = this.nextLine;
        continue;
      }
      if (this.text.charCodeAt(content) === HASH) {
        sawComment = true;
        at = this.nextLine;
        continue;
      }
      this.setNextContent();
      return sawComment;
    }
  }

  /** Records the current (non-blank, non-comment) line as what comes next. */
  private setNextContent(): void {
    if (this.isMarker(DOT)) fail();
    if (this.isMarker(DASH)) {
      this.next = Next.DocumentStart;
      this.resume = this.lineStart;
      return;
    }
    this.next = Next.Content;
    this.resume = this.lineStart + this.indent;
  }

  /**
   * Reads the lines after a value that ended with the line before `start`, up to
   * the next content. Returns the value's `range[2]`: the end of its own line,
   * extended over the comment lines the `yaml` parser attaches to it (those indented
   * deeper than the collection holding the value, `indent`, up to the first comment
   * line that is not; only values that keep trailing tokens, `attaches`, get them).
   * The other comment lines are left pending for the collections that end here.
   */
  private scanAfterValue(start: number, indent: number, attaches: boolean): number {
    let end2 = start;
    let attaching = attaches;
    let pending = -1;
    let at = start;
    for (;;) {
      if (at >= this.length) {
        this.next = Next.End;
        this.resume = this.length;
        break;
      }
      this.readLine(at);
      const content = at + this.indent;
      if (content === this.lineEnd) {
        at = this.nextLine;
        continue;
      }
      if (this.text.charCodeAt(content) === HASH) {
        if (attaching && this.indent > indent) {
          end2 = this.nextLine;
        } else {
          attaching = false;
          if (this.indent > pending) pending = this.indent;
        }
        at = this.nextLine;
        continue;
      }
      this.setNextContent();
      break;
    }
    this.pendingComment = pending;
    return end2;
  }

  /**
   * The `range[2]` of a collection at `indent` that ends here, its value ending at
   * `end`: the pending comment lines stay in it (and it ends where the next content
   * starts) when one of them is indented at least as deep as it, unless it is at
   * column 0; otherwise they move on to its parent.
   */
  private finishCollection(indent: number, end: number): number {
    if (indent > 0 && this.pendingComment >= indent) {
      this.pendingComment = -1;
      return this.resume;
    }
    return end;
  }

  /**
   * The value of the plain key from `at` to `end`. Files repeat a few keys thousands
   * of times; a small cache of recent keys lets them share one string.
   */
  private keyValue(at: number, end: number): string | number | boolean | null {
    const text = this.text;
    const length = end - at;
    const slot = (length * 31 + text.charCodeAt(at) * 17 + text.charCodeAt(end - 1)) & 255;
    const cached = this.keyTexts[slot];
    if (cached !== undefined && cached.length === length && text.startsWith(cached, at)) {
      return this.keyValues[slot];
    }
    const source = text.slice(at, end);
    const value = resolvePlainScalar(source);
    this.keyTexts[slot] = source;
    this.keyValues[slot] = value;
    return value;
  }

  /** The pairs pushed since `mark`, as an array of their own; the stack drops them. */
  private takePairs(mark: number): SyntaxPair[] {
    const pairs = this.pairs.slice(mark);
    this.pairs.length = mark;
    return pairs;
  }

  /** The entries pushed since `mark`, as an array of their own. */
  private takeItems(mark: number): SyntaxNode[] {
    const items = this.items.slice(mark);
    this.items.length = mark;
    return items;
  }

  private enter(): void {
    if (++this.depth > limits.maxNestingDepth) fail();
  }

  /**
   * A block mapping at column `indent` whose first key starts at `keyStart` on the
   * current line. Returns when a line is not one of its keys; `next` says what.
   */
  private parseMap(indent: number, keyStart: number): SyntaxMap {
    this.enter();
    const mark = this.pairs.length;
    let at = keyStart;
    let end: number;
    for (;;) {
      const key = this.parseKey(at);
      const value = this.parseMapValue(indent);
      this.pairs.push({ kind: 'pair', key, value });
      end = this.end2;
      if (this.next !== Next.Content) break;
      if (this.indent > indent) fail();
      if (this.indent < indent) break;
      // A `- ` at the column of keys after a value is an error, or a structure the
      // scanner does not read.
      if (this.isSequenceEntry(this.resume)) fail();
      at = this.resume;
    }
    this.depth--;
    this.end2 = this.finishCollection(indent, end);
    return { kind: 'map', pairs: this.takePairs(mark), start: keyStart, end };
  }

  /** A block sequence whose entries start with `- ` at column `indent`. */
  private parseSeq(indent: number): SyntaxSeq {
    this.enter();
    const mark = this.items.length;
    const start = this.lineStart + this.indent;
    let end: number;
    for (;;) {
      const item = this.parseEntry(indent);
      this.items.push(item);
      end = this.end2;
      if (this.next !== Next.Content) break;
      if (this.indent > indent) fail();
      if (this.indent < indent || !this.isSequenceEntry(this.resume)) break;
    }
    this.depth--;
    this.end2 = this.finishCollection(indent, end);
    return { kind: 'seq', items: this.takeItems(mark), start, end };
  }

  /** The entry of a sequence at column `indent` whose `- ` starts the current line. */
  private parseEntry(indent: number): SyntaxNode {
    const dash = this.lineStart + this.indent;
    let at = dash + 1;
    while (at < this.lineEnd && this.text.charCodeAt(at) === SPACE) at++;
    // An empty entry, or one whose value starts on the next line, is rare.
    if (at === this.lineEnd) fail();
    return this.parseEntryValue(indent, at);
  }

  /**
   * Reads one entry of a block sequence at column `indent` whose `- ` is at `dash`,
   * exactly as `parseSeq` reads it with `depth` collections open, and returns it with
   * where the next entry of the same sequence starts. Fails unless such an entry
   * follows: only then is the entry's reading independent of what comes after it.
   */
  scanEntry(dash: number, indent: number, depth: number): ScannedEntry {
    const lineStart = dash - indent;
    if (lineStart < 0 || (lineStart > 0 && this.text.charCodeAt(lineStart - 1) !== NEWLINE)) {
      fail();
    }
    this.readLine(lineStart);
    if (this.indent !== indent || !this.isSequenceEntry(dash)) fail();
    this.next = Next.Content;
    this.resume = dash;
    this.depth = depth;
    const entry = this.parseEntry(indent);
    if (
      this.next !== Next.Content ||
      this.indent !== indent ||
      !this.isSequenceEntry(this.resume)
    ) {
      fail();
    }
    return { entry, nextDash: this.resume };
  }

  /** The value of a sequence entry at column `indent` that starts at `at`. */
  private parseEntryValue(indent: number, at: number): SyntaxNode {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const close = this.findClosingQuote(at, code);
      if (text.charCodeAt(close + 1) === COLON) {
        return this.parseMap(at - this.lineStart, at);
      }
      return this.parseInlineValue(indent, at);
    }
    if (code === DASH && at + 1 < this.lineEnd && text.charCodeAt(at + 1) === SPACE) fail();
    if (isIndicator(code) && code !== DASH) return this.parseInlineValue(indent, at);
    // A plain scalar, or the first key of a mapping in the entry (`- id: "1"`).
    if (this.findKeyColon(at) >= 0) return this.parseMap(at - this.lineStart, at);
    return this.parseInlineValue(indent, at);
  }

  /**
   * Where the `:` of an implicit key starting at `at` is (a `:` followed by a space
   * or the line end, before any comment), or -1.
   */
  private findKeyColon(at: number): number {
    const text = this.text;
    const end = this.lineEnd;
    for (let position = at; position < end; position++) {
      const code = text.charCodeAt(position);
      if (code === COLON) {
        if (position + 1 === end || text.charCodeAt(position + 1) === SPACE) return position;
      } else if (code === SPACE && text.charCodeAt(position + 1) === HASH) {
        return -1;
      }
    }
    return -1;
  }

  /** A key on the current line at `at`; leaves `resume` just after its `:`. */
  private parseKey(at: number): SyntaxScalar {
    const text = this.text;
    const code = text.charCodeAt(at);
    let key: SyntaxScalar;
    let colon: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      key = this.parseQuoted(at, code);
      colon = key.end;
      if (text.charCodeAt(colon) !== COLON) fail();
      if (colon + 1 < this.lineEnd && text.charCodeAt(colon + 1) !== SPACE) fail();
    } else {
      if (isIndicator(code) && !this.isPlainDash(at, false)) fail();
      colon = this.findKeyColon(at);
      if (colon < 0) fail();
      let end = colon;
      while (text.charCodeAt(end - 1) === SPACE) end--;
      key = { kind: 'scalar', style: 'plain', value: this.keyValue(at, end), start: at, end };
    }
    // The `yaml` package refuses implicit keys longer than 1024 characters.
    if (colon - at > 1000) fail();
    this.resume = colon + 1;
    return key;
  }

  /** Whether a `-` at `at` starts a plain scalar (`-1`, `-x`) rather than an entry. */
  private isPlainDash(at: number, inFlow: boolean): boolean {
    const text = this.text;
    if (text.charCodeAt(at) !== DASH || at + 1 >= this.lineEnd) return false;
    const next = text.charCodeAt(at + 1);
    return next !== SPACE && !(inFlow && isFlowIndicator(next));
  }

  /**
   * The value after a key's `:` (at `resume`) in a mapping at column `indent`: on
   * the same line, or a collection on the lines below, or empty.
   */
  private parseMapValue(indent: number): SyntaxNode {
    const text = this.text;
    let at = this.resume;
    while (at < this.lineEnd && text.charCodeAt(at) === SPACE) at++;
    if (at < this.lineEnd && text.charCodeAt(at) !== HASH) {
      return this.parseInlineValue(indent, at);
    }
    // Nothing (or only a comment) after the `:`: the value is on the lines below, or
    // empty.
    const commentAfterColon = at < this.lineEnd;
    const afterKeyLine = this.nextLine;
    const sawComment = this.skipToContent(afterKeyLine) || commentAfterColon;
    if (this.next === Next.Content) {
      const start = this.resume;
      if (this.indent === indent && this.isSequenceEntry(start)) return this.parseSeq(indent);
      if (this.indent > indent) {
        if (this.isSequenceEntry(start)) return this.parseSeq(this.indent);
        const code = text.charCodeAt(start);
        const quoted = code === DOUBLE_QUOTE || code === SINGLE_QUOTE;
        const key = quoted
          ? text.charCodeAt(this.findClosingQuote(start, code) + 1) === COLON
          : this.findKeyColon(start) >= 0;
        if (key) return this.parseMap(this.indent, start);
        // A scalar on the next line. Comment lines before it can change how far the
        // `yaml` lexer lets it run on (`parseLineStart` lowers `indentNext`), so only
        // blank lines may come between.
        if (sawComment || (!quoted && isIndicator(code))) fail();
        return this.parseInlineValue(indent, start);
      }
    }
    this.pendingComment = -1;
    this.lastValueEmpty = true;
    this.end2 = sawComment ? this.emptyValueEnd(at, indent, afterKeyLine, commentAfterColon) : at;
    return { kind: 'scalar', style: 'plain', value: null, start: at, end: at };
  }

  /**
   * The `range[2]` of an empty value at `at` (after a key at column `indent` whose
   * line ends before `afterKeyLine`) when comments follow it. The `yaml` parser
   * keeps the comments and line breaks after the `:` with the value; when the next
   * key of the same mapping follows, it hands the lines after the second line break
   * (counted from the last comment indented deeper than the mapping) to that key
   * (`blockMap` in `parser.js`). The value ends after the last token it keeps, when
   * that includes a comment.
   */
  private emptyValueEnd(
    at: number,
    indent: number,
    afterKeyLine: number,
    commentAfterColon: boolean,
  ): number {
    // The split happens where the parser is at the mapping's column: at its next key,
    // and at a `---` after the top-level mapping. Where the mapping ends (a line
    // less indented, the end of the text), everything stays with the value.
    const atColumn =
      this.next === Next.Content
        ? this.indent === indent
        : this.next === Next.DocumentStart && indent === 0;
    if (!atColumn) return this.resume;
    const text = this.text;
    const xStart = this.lineStart;
    // The parser counts line breaks from the key's line, starting again at each
    // comment line indented deeper than the mapping; `second` is the line whose line
    // break is the second one counted, or -1.
    let second = -1;
    for (let line = afterKeyLine; line < xStart;) {
      let content = line;
      while (text.charCodeAt(content) === SPACE) content++;
      if (text.charCodeAt(content) === HASH && content - line > indent) second = -1;
      else if (second === -1) second = line;
      const newline = text.indexOf('\n', line);
      line = newline < 0 ? this.length : newline + 1;
    }
    let end = this.resume;
    let scanEnd = xStart;
    if (second !== -1) {
      // The value keeps the tokens up to the second line break: up to the end of the
      // text of the line `second`.
      const newline = text.indexOf('\n', second);
      end =
        newline > second && text.charCodeAt(newline - 1) === CARRIAGE_RETURN
          ? newline - 1
          : newline;
      scanEnd = newline + 1;
    }
    // Whether a comment is among the kept tokens.
    let comment = commentAfterColon;
    for (let line = afterKeyLine; !comment && line < scanEnd;) {
      let content = line;
      while (text.charCodeAt(content) === SPACE) content++;
      if (text.charCodeAt(content) === HASH) comment = true;
      const newline = text.indexOf('\n', line);
      line = newline < 0 ? this.length : newline + 1;
    }
    return comment ? end : at;
  }

  /**
   * A value that starts at `at` on the current line, in a collection at column
   * `indent`: a scalar, a one-line flow collection or a block scalar. Scans on to
   * the next content and sets `end2`.
   */
  private parseInlineValue(indent: number, at: number): SyntaxNode {
    const text = this.text;
    const code = text.charCodeAt(at);
    this.lastValueEmpty = false;
    let node: SyntaxNode;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      node = this.parseQuoted(at, code);
      this.checkRestOfLine(node.end);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      node = code === OPEN_BRACKET ? this.parseFlowSeq(at) : this.parseFlowMap(at);
      this.checkRestOfLine(node.end);
    } else if (code === PIPE || code === GREATER) {
      node = this.parseBlockScalar(at, indent);
      this.end2 = this.scanAfterValue(node.end, indent, false);
      return node;
    } else {
      if (isIndicator(code) && !this.isPlainDash(at, false)) fail();
      return this.parsePlain(at, indent);
    }
    this.end2 = this.scanAfterValue(this.nextLine, indent, true);
    return node;
  }

  /**
   * A plain scalar in a block collection at column `indent`, starting at `at`: the
   * rest of the line, and any lines below it indented deeper than the collection.
   */
  private parsePlain(at: number, indent: number): SyntaxScalar {
    const text = this.text;
    let end = this.scanPlainLine(at);
    const commented = this.sawComment;
    let lineAfter = this.nextLine;
    this.end2 = this.scanAfterValue(lineAfter, indent, true);
    // The scalar goes on only on a deeper line that directly follows (blank lines
    // aside); after a comment such a line is an error, which the caller reports by
    // giving up.
    if (
      commented ||
      this.next !== Next.Content ||
      this.indent <= indent ||
      this.pendingComment >= 0 ||
      this.end2 !== lineAfter
    ) {
      return {
        kind: 'scalar',
        style: 'plain',
        value: resolvePlainScalar(text.slice(at, end)),
        start: at,
        end,
      };
    }
    // The lines below, indented deeper than the collection, continue the scalar;
    // they fold into one value, as `unfoldLines` in the `yaml` package does: a line
    // break becomes a space, and n blank lines become n line breaks.
    let value = text.slice(at, end);
    let separator = ' ';
    for (;;) {
      // Blank lines between this line and the continuation.
      let blanks = 0;
      for (let line = lineAfter; line < this.lineStart;) {
        blanks++;
        const newline = text.indexOf('\n', line);
        line = newline < 0 ? this.length : newline + 1;
      }
      if (blanks > 0) separator = '\n'.repeat(blanks);
      const content = this.lineStart + this.indent;
      const code = text.charCodeAt(content);
      if (isIndicator(code)) fail();
      end = this.scanPlainLine(content);
      if (this.sawComment) fail();
      value += separator + text.slice(content, end);
      separator = ' ';
      lineAfter = this.nextLine;
      this.end2 = this.scanAfterValue(this.nextLine, indent, true);
      if (this.next !== Next.Content || this.indent <= indent || this.pendingComment >= 0) break;
      if (this.end2 !== lineAfter) break;
    }
    return { kind: 'scalar', style: 'plain', value: resolvePlainScalar(value), start: at, end };
  }

  /**
   * Scans a plain scalar from `at` to the end of the current line or a ` #`
   * comment; returns where its text ends (trailing spaces excluded). Gives up on
   * `: `, which would make the text a key.
   */
  private scanPlainLine(at: number): number {
    const text = this.text;
    const lineEnd = this.lineEnd;
    let end = at;
    this.sawComment = false;
    for (let position = at; position < lineEnd; position++) {
      const code = text.charCodeAt(position);
      if (code === SPACE) {
        if (text.charCodeAt(position + 1) === HASH) {
          this.sawComment = true;
          return end;
        }
        continue;
      }
      if (code === COLON && (position + 1 === lineEnd || text.charCodeAt(position + 1) === SPACE)) {
        fail();
      }
      end = position + 1;
    }
    return end;
  }

  /** Where the quote closing the quoted scalar at `at` is; on this line, or give up. */
  private findClosingQuote(at: number, quote: number): number {
    const text = this.text;
    if (quote === SINGLE_QUOTE) {
      let from = at + 1;
      for (;;) {
        const close = text.indexOf("'", from);
        if (close < 0 || close >= this.lineEnd) fail();
        if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) return close;
        from = close + 2;
      }
    }
    let from = at + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close < 0 || close >= this.lineEnd) fail();
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return close;
      from = close + 1;
    }
  }

  /** A one-line quoted scalar at `at`. */
  private parseQuoted(at: number, quote: number): SyntaxScalar {
    const text = this.text;
    const close = this.findClosingQuote(at, quote);
    const inner = text.slice(at + 1, close);
    if (quote === SINGLE_QUOTE) {
      const value = inner.indexOf("''") >= 0 ? inner.split("''").join("'") : inner;
      return { kind: 'scalar', style: 'single-quoted', value, start: at, end: close + 1 };
    }
    const value = inner.indexOf('\\') >= 0 ? this.unescape(at, close) : inner;
    return { kind: 'scalar', style: 'double-quoted', value, start: at, end: close + 1 };
  }

  /** The value of a one-line double-quoted scalar with escapes, from `at` to `close`. */
  private unescape(at: number, close: number): string {
    const text = this.text;
    let value = '';
    let chunk = at + 1;
    for (let position = at + 1; position < close; position++) {
      if (text.charCodeAt(position) !== BACKSLASH) continue;
      value += text.slice(chunk, position);
      const escape = text.charAt(position + 1);
      const simple = escapes[escape];
      if (simple !== undefined) {
        value += simple;
        position++;
      } else if (escape === 'x' || escape === 'u' || escape === 'U') {
        const digits = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
        const hex = text.slice(position + 2, position + 2 + digits);
        if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) fail();
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) fail();
        value += String.fromCodePoint(codePoint);
        position += 1 + digits;
      } else {
        fail();
      }
      chunk = position + 1;
    }
    return value + text.slice(chunk, close);
  }

  /** A flow sequence `[a, "b"]` of scalars on the current line at `at`. */
  private parseFlowSeq(at: number): SyntaxSeq {
    const text = this.text;
    const mark = this.items.length;
    let position = this.skipSpaces(at + 1);
    if (text.charCodeAt(position) === CLOSE_BRACKET) {
      return { kind: 'seq', items: [], start: at, end: position + 1 };
    }
    for (;;) {
      const item = this.parseFlowScalar(position);
      this.items.push(item);
      position = this.skipSpaces(item.end);
      const code = text.charCodeAt(position);
      if (code === CLOSE_BRACKET) break;
      if (code !== COMMA) fail();
      position = this.skipSpaces(position + 1);
      // A trailing comma, or an empty entry.
      if (text.charCodeAt(position) === CLOSE_BRACKET || text.charCodeAt(position) === COMMA)
        fail();
    }
    return { kind: 'seq', items: this.takeItems(mark), start: at, end: position + 1 };
  }

  /** A flow mapping `{ id: "1", supports: ["2"] }` on the current line at `at`. */
  private parseFlowMap(at: number): SyntaxMap {
    const text = this.text;
    const mark = this.pairs.length;
    let position = this.skipSpaces(at + 1);
    if (text.charCodeAt(position) === CLOSE_BRACE) {
      return { kind: 'map', pairs: [], start: at, end: position + 1 };
    }
    for (;;) {
      const key = this.parseFlowScalar(position, true);
      position = this.skipSpaces(key.end);
      // Only `key: value`, with a space after the `:`.
      if (text.charCodeAt(position) !== COLON || text.charCodeAt(position + 1) !== SPACE) fail();
      position = this.skipSpaces(position + 1);
      const code = text.charCodeAt(position);
      const value: SyntaxNode =
        code === OPEN_BRACKET ? this.parseFlowSeq(position) : this.parseFlowScalar(position);
      this.pairs.push({ kind: 'pair', key, value });
      position = this.skipSpaces(value.end);
      const after = text.charCodeAt(position);
      if (after === CLOSE_BRACE) break;
      if (after !== COMMA) fail();
      position = this.skipSpaces(position + 1);
      if (text.charCodeAt(position) === CLOSE_BRACE || text.charCodeAt(position) === COMMA) fail();
    }
    return { kind: 'map', pairs: this.takePairs(mark), start: at, end: position + 1 };
  }

  /** Skips spaces on the current line; gives up at its end (a multi-line flow). */
  private skipSpaces(at: number): number {
    const text = this.text;
    let position = at;
    while (position < this.lineEnd && text.charCodeAt(position) === SPACE) position++;
    if (position >= this.lineEnd) fail();
    return position;
  }

  /**
   * A scalar inside a flow collection: quoted, or plain up to a flow indicator, a
   * `: ` or the line end (where the collection would go on to the next line).
   */
  private parseFlowScalar(at: number, isKey = false): SyntaxScalar {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return this.parseQuoted(at, code);
    if (isIndicator(code) && !this.isPlainDash(at, true)) fail();
    const lineEnd = this.lineEnd;
    let end = at;
    let position = at;
    for (; position < lineEnd; position++) {
      const current = text.charCodeAt(position);
      if (current === SPACE) {
        const next = text.charCodeAt(position + 1);
        if (next === HASH) fail();
        continue;
      }
      if (isFlowIndicator(current)) break;
      if (current === COLON) {
        const next = position + 1 < lineEnd ? text.charCodeAt(position + 1) : SPACE;
        if (next === SPACE || isFlowIndicator(next)) break;
      }
      end = position + 1;
    }
    if (position >= lineEnd) fail();
    const value = isKey ? this.keyValue(at, end) : resolvePlainScalar(text.slice(at, end));
    return { kind: 'scalar', style: 'plain', value, start: at, end };
  }

  /**
   * A block scalar (`|`, `>`, with `-` or `+`) whose header is at `at`, in a
   * collection at column `indent`. The extent follows the `yaml` lexer
   * (`parseBlockScalar`) and the value its `resolveBlockScalar`, line for line.
   */
  private parseBlockScalar(at: number, indent: number): SyntaxScalar {
    const text = this.text;
    const literal = text.charCodeAt(at) === PIPE;
    let position = at + 1;
    let chomp = 0;
    const chompCode = text.charCodeAt(position);
    if (chompCode === DASH || chompCode === 0x2b) {
      chomp = chompCode === DASH ? -1 : 1;
      position++;
    }
    // An indentation indicator, or any other character in the header, is left to
    // the `yaml` package.
    if (position < this.lineEnd && text.charCodeAt(position) !== SPACE) fail();
    this.checkRestOfLine(position);
    const bodyStart = this.nextLine;
    const indentNext = indent + 1;

    // The extent: from the first line with content, lines indented at least as deep
    // (and blank lines) belong to the scalar; trailing blank lines do not, unless
    // kept with `+`.
    let newline = bodyStart - 1;
    let firstIndent = 0;
    let scan = bodyStart;
    for (; scan < this.length; scan++) {
      const code = text.charCodeAt(scan);
      if (code === SPACE) {
        firstIndent++;
      } else if (code === NEWLINE) {
        newline = scan;
        firstIndent = 0;
      } else if (code === CARRIAGE_RETURN && text.charCodeAt(scan + 1) === NEWLINE) {
        continue;
      } else {
        break;
      }
    }
    if (firstIndent >= indentNext) {
      const contentIndent = firstIndent;
      for (;;) {
        const next = this.continueBlockScalar(newline + 1, contentIndent);
        if (next < 0) break;
        newline = text.indexOf('\n', next);
        if (newline < 0) break;
      }
      if (newline < 0) newline = this.length;
    }
    if (chomp !== 1) {
      for (;;) {
        let position2 = newline - 1;
        let code = text.charCodeAt(position2);
        if (code === CARRIAGE_RETURN) code = text.charCodeAt(--position2);
        const lastChar = position2;
        while (code === SPACE) code = text.charCodeAt(--position2);
        if (code === NEWLINE && position2 >= bodyStart && position2 + 1 + firstIndent > lastChar) {
          newline = position2;
        } else {
          break;
        }
      }
    }
    const sourceEnd = Math.min(newline + 1, this.length);
    const value = this.blockScalarValue(bodyStart, sourceEnd, indent, literal, chomp);
    return { kind: 'scalar', style: 'block', value, start: at, end: sourceEnd };
  }

  /** The `yaml` lexer's `continueScalar` for a block scalar indented `indentNext`. */
  private continueBlockScalar(offset: number, indentNext: number): number {
    const text = this.text;
    let spaces = 0;
    while (text.charCodeAt(offset + spaces) === SPACE) spaces++;
    const at = offset + spaces;
    const code = text.charCodeAt(at);
    if (code === CARRIAGE_RETURN && text.charCodeAt(at + 1) === NEWLINE) return at + 1;
    if (at < this.length && code === NEWLINE) return at;
    return spaces >= indentNext ? at : -1;
  }

  /**
   * The value of a block scalar whose lines run from `start` to `end`, in a
   * collection at column `indent`: `resolveBlockScalar` of the `yaml` package.
   */
  private blockScalarValue(
    start: number,
    end: number,
    indent: number,
    literal: boolean,
    chomp: number,
  ): string {
    const text = this.text;
    // The lines as [indentation, content start, content end]; a text ending with a
    // line break has one more, empty, line after it.
    const indents: number[] = [];
    const contentStarts: number[] = [];
    const contentEnds: number[] = [];
    if (end > start) {
      let line = start;
      for (;;) {
        let content = line;
        while (content < end && text.charCodeAt(content) === SPACE) content++;
        const newline = text.indexOf('\n', content);
        const lineEnd = newline < 0 || newline >= end ? end : newline;
        indents.push(content - line);
        contentStarts.push(content);
        contentEnds.push(lineEnd);
        if (lineEnd >= end) break;
        line = lineEnd + 1;
      }
    }
    const count = indents.length;
    // The scalar's lines are read here, not by `readLine`; they count for the
    // nesting bound too.
    for (let i = 0; i < count; i++) if (indents[i] > this.maxIndent) this.maxIndent = indents[i];
    const isEmpty = (i: number): boolean =>
      contentStarts[i] === contentEnds[i] ||
      (contentEnds[i] - contentStarts[i] === 1 &&
        text.charCodeAt(contentStarts[i]) === CARRIAGE_RETURN);
    let chompStart = count;
    for (let i = count - 1; i >= 0; --i) {
      if (isEmpty(i)) chompStart = i;
      else break;
    }
    if (chompStart === 0) {
      return chomp === 1 && count > 0 ? '\n'.repeat(Math.max(1, count - 1)) : '';
    }
    let trimIndent = indent;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
      if (isEmpty(i)) {
        if (indents[i] > trimIndent) trimIndent = indents[i];
      } else {
        // More-indented leading blank lines need an indentation indicator.
        if (indents[i] < trimIndent) fail();
        trimIndent = indents[i];
        contentStart = i;
        break;
      }
    }
    for (let i = count - 1; i >= chompStart; --i) {
      if (indents[i] > trimIndent) {
        chompStart = i + 1;
        break;
      }
    }
    const extra = (i: number): string =>
      indents[i] > trimIndent ? ' '.repeat(indents[i] - trimIndent) : '';
    let value = '';
    for (let i = 0; i < contentStart; ++i) value += extra(i) + '\n';
    let separator = '';
    let previousMoreIndented = false;
    for (let i = contentStart; i < chompStart; ++i) {
      let contentEnd = contentEnds[i];
      if (contentEnd > contentStarts[i] && text.charCodeAt(contentEnd - 1) === CARRIAGE_RETURN) {
        contentEnd--;
      }
      const content = text.slice(contentStarts[i], contentEnd);
      if (content !== '' && indents[i] < trimIndent) fail();
      if (literal) {
        value += separator + extra(i) + content;
        separator = '\n';
      } else if (indents[i] > trimIndent) {
        if (separator === ' ') separator = '\n';
        else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
        value += separator + extra(i) + content;
        separator = '\n';
        previousMoreIndented = true;
      } else if (content === '') {
        if (separator === '\n') value += '\n';
        else separator = '\n';
      } else {
        value += separator + content;
        separator = ' ';
        previousMoreIndented = false;
      }
    }
    if (chomp === 1) {
      for (let i = chompStart; i < count; ++i) value += '\n' + extra(i);
      if (value.charCodeAt(value.length - 1) !== NEWLINE) value += '\n';
    } else if (chomp === 0) {
      value += '\n';
    }
    return value;
  }
}
