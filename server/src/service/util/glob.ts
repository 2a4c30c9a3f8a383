/**
 * Glob patterns, as `strategicFrameworks.files.include` and `files.exclude` hold them,
 * matched in time bounded by a small polynomial of the pattern and the path, whatever
 * either holds.
 *
 * Settings come from a workspace's `.vscode/settings.json`, which a stranger's
 * repository can supply, so a pattern is hostile input. Matchers that compile globs
 * to regular expressions (minimatch, which this replaces) backtrack: `*a*a*a*b`
 * against a file name of a thousand `a`s took 19 seconds, and a few more stars never
 * finished, which would hold the language server at full CPU for good. Here nothing
 * backtracks: a path segment is matched by the greedy wildcard algorithm (the text
 * between two `*` taken at its earliest place, O(n·m) at worst), and the list of
 * segments by the same algorithm with `**` in the part of `*` (each pattern segment
 * compared with each path segment at most once).
 *
 * The syntax is VS Code's: `**` as a whole segment for any number of folders, `*`
 * and `?` within a segment (a leading dot included), classes `[a-z]`, `[!a]`, `[^a]`,
 * and braces `{a,b}`, nested or not. Everything else is matched as minimatch 10 did
 * with `{ dot: true, noext: true }`, so that no ordinary pattern changes meaning:
 * braces follow Bash (`{1..3}`, `{a},b}`), a leading `!` negates, a leading `#` is a
 * comment, `\` escapes, `[[:alpha:]]` classes, and extglobs such as `+(a|b)` are plain
 * characters (`?` and `*` in them keep their meaning). The deliberate differences from
 * minimatch, all of them minimatch bugs or quirks, are listed in
 * test/server/glob.test.ts, which holds the two to the same answers on thousands of
 * random patterns.
 *
 * Braces are expanded into alternatives before matching, so a pattern is refused
 * (never matched) when it is too long or its braces multiply into too many
 * alternatives; see `limits.ts`. The module is pure, so that the settings reader in
 * the language service can refuse such a pattern with a message while the hosts match
 * the rest.
 */
import { limits } from '../limits';

/** How a path is compared beyond the pattern itself. */
export interface GlobOptions {
  /**
   * Compare a leading drive letter (`C:`) whatever its case, as Windows does and
   * minimatch did there, so that `c:/plans/*.yaml` finds `C:/plans/a.yaml`.
   */
  readonly windowsDriveLetters?: boolean;
}

/** A compiled pattern: compile once, match any number of paths. */
export interface Glob {
  readonly pattern: string;
  /**
   * Whether the pattern is more than one fixed path: it has a wildcard, a class or
   * `**`, or its braces give more than one alternative (minimatch's `hasMagic` with
   * `magicalBraces`).
   */
  readonly hasMagic: boolean;
  /** Whether `path`, relative or absolute with forward slashes, matches the pattern. */
  matches(path: string): boolean;
}

/**
 * Whether a glob is simple enough to hand to a matcher that backtracks, such as the
 * editor's own file watcher: at most 200 characters, each segment `**` or at most one
 * `*` among literal characters, `?` and classes, and braces of literal alternatives
 * only. The default globs (any folder, then `*.framework.yaml`) are simple; `*a*a*a*b`
 * is not, and is better watched through a glob the server chooses and filtered here.
 */
export function isSimpleGlob(pattern: string): boolean {
  if (pattern.length > 200 || /[()|!\\]/.test(pattern)) return false;
  // Braces of literal alternatives (no wildcard, no nesting) add no backtracking.
  const withoutBraces = pattern.replace(/\{[^{}*?[\]]*\}/g, 'x');
  if (/[{}]/.test(withoutBraces)) return false;
  return withoutBraces
    .split('/')
    .every((segment) => segment === '**' || (segment.match(/\*/g) ?? []).length <= 1);
}

/** Why a pattern cannot be used, with what to do about it, for the user. */
export class GlobRefusedError extends Error {
  constructor(
    readonly pattern: string,
    /** A clause for a message, such as "its braces expand to more than 1,000 alternatives; ...". */
    readonly reason: string,
  ) {
    super(`The glob ${quoteGlob(pattern)} cannot be used: ${reason}.`);
    this.name = 'GlobRefusedError';
  }
}

/** Compiles `pattern`; throws a `GlobRefusedError` when a limit refuses it. */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  return new CompiledGlob(pattern, options);
}

/** Why `pattern` would be refused, as `GlobRefusedError.reason`; undefined when it is fine. */
export function globRefusal(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof GlobRefusedError) return error.reason;
    throw error;
  }
}

/** A pattern as a message shows it: cut short when it is long, which a refused one may be. */
export function shortGlob(pattern: string): string {
  return pattern.length > 80 ? `${pattern.slice(0, 60)}…` : pattern;
}

/** A pattern as a settings message shows it: short, and quoted as settings.json writes it. */
export function quoteGlob(pattern: string): string {
  return JSON.stringify(shortGlob(pattern));
}

/** `12,345`, as the messages write numbers, without starting up `Intl` for it. */
function formatCount(count: number): string {
  const digits = String(count);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------
// The compiled pattern

/** The path segments `**` never stands for, nor any wildcard segment matches. */
function isDots(segment: string): boolean {
  return segment === '.' || segment === '..';
}

/** A path split as minimatch split it: on every run of slashes. */
function splitPath(path: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 0x2f) continue;
    segments.push(path.slice(start, i));
    while (i + 1 < path.length && path.charCodeAt(i + 1) === 0x2f) i++;
    start = i + 1;
  }
  return segments;
}

/** One segment of a path, with its characters worked out only when a wildcard needs them. */
class PathSegment {
  private unitsCache: Int32Array | undefined;
  private pointsCache: Int32Array | undefined;

  constructor(readonly text: string) {}

  /** UTF-16 code units, which `?` and classes match one at a time, as minimatch's regexps did. */
  get units(): Int32Array {
    if (!this.unitsCache) {
      const units = new Int32Array(this.text.length);
      for (let i = 0; i < this.text.length; i++) units[i] = this.text.charCodeAt(i);
      this.unitsCache = units;
    }
    return this.unitsCache;
  }

  /** Code points, for segments whose POSIX classes (`[[:alpha:]]`) made minimatch use `/u`. */
  get points(): Int32Array {
    if (!this.pointsCache) {
      const points: number[] = [];
      for (const character of this.text) points.push(character.codePointAt(0) as number);
      this.pointsCache = Int32Array.from(points);
    }
    return this.pointsCache;
  }
}

class CompiledGlob implements Glob {
  readonly hasMagic: boolean;
  private readonly alternatives: readonly (readonly SegmentPattern[])[];
  private readonly negated: boolean;
  /** A pattern that matches nothing: a comment (`#...`). */
  private readonly comment: boolean;
  /** The empty pattern, which matches only the empty path. */
  private readonly empty: boolean;

  constructor(
    readonly pattern: string,
    private readonly options: GlobOptions,
  ) {
    if (pattern.length > limits.maxGlobLength) {
      throw new GlobRefusedError(
        pattern,
        `it has ${formatCount(pattern.length)} characters, more than the ${formatCount(limits.maxGlobLength)} a glob may have; shorten it, or split it into several globs`,
      );
    }
    this.comment = pattern.startsWith('#');
    this.empty = pattern === '';
    let negated = false;
    let start = 0;
    if (!this.comment) {
      while (start < pattern.length && pattern[start] === '!') {
        negated = !negated;
        start++;
      }
    }
    this.negated = negated;
    if (this.comment || this.empty) {
      this.alternatives = [];
      this.hasMagic = false;
      return;
    }
    const expanded = expandBraces(pattern, pattern.slice(start));
    const compiler = new SegmentCompiler(pattern);
    this.alternatives = expanded.map((alternative) =>
      compiler.compileAlternative(collapseSegments(splitPath(alternative))),
    );
    this.hasMagic =
      this.alternatives.length > 1 ||
      this.alternatives.some((segments) => segments.some((segment) => segment.kind !== 'literal'));
  }

  matches(path: string): boolean {
    if (this.comment) return false;
    if (this.empty) return path === '';
    const segments = splitPath(path).map((text) => new PathSegment(text));
    let hit = this.matchesSegments(segments);
    // A path with a trailing slash (`a/b/`) also matches what the path without it
    // matches, as minimatch allowed ("a/* should match a/b/").
    if (!hit && segments.length > 1 && segments[segments.length - 1].text === '') {
      hit = this.matchesSegments(segments.slice(0, -1));
    }
    return hit !== this.negated;
  }

  private matchesSegments(segments: readonly PathSegment[]): boolean {
    const drive = this.options.windowsDriveLetters === true;
    return this.alternatives.some((patterns) => matchSegments(patterns, segments, drive));
  }
}

// ---------------------------------------------------------------------------------
// Matching

/**
 * What one segment of an alternative matches. `globstar` is `**`; `some` is one
 * segment of any name but `.` and `..`, put before a final `**`, which (as in
 * minimatch) stands for at least one segment: `a/**` matches `a/b`, not `a`.
 */
type SegmentPattern =
  | { readonly kind: 'literal'; readonly text: string }
  | WildSegment
  | { readonly kind: 'never' }
  | { readonly kind: 'globstar' }
  | { readonly kind: 'some' };

/**
 * A segment with wildcards, as tokens: a character (its code, >= 0), `star` (any
 * run), `any` (one character) or a class (`classBase - index`). Runs of stars are one
 * star, so the tokens between two stars are never empty.
 */
interface WildSegment {
  readonly kind: 'wild';
  readonly tokens: Int32Array;
  readonly classes: readonly CharacterClass[];
  /** Whether characters are code points (true) or UTF-16 code units. */
  readonly unicode: boolean;
  /** How many tokens come before the first star: all of them when there is none. */
  readonly head: number;
  /** Where the tokens after the last star start; -1 when there is no star. */
  readonly tail: number;
  /** The runs of tokens between two stars, as [start, end) pairs. */
  readonly middles: readonly (readonly [number, number])[];
}

const star = -1;
const anyCharacter = -2;
const classBase = -3;

/**
 * The greedy wildcard algorithm over segments, `**` playing the part of `*`: each
 * pattern segment is compared with each path segment at most once, so an alternative
 * of P segments costs at most P·S comparisons against a path of S segments. Leaving
 * the earliest match for every run between two `**` is never wrong, even with `.` and
 * `..` (which `**` does not stand for): those only match a literal `.` or `..`.
 */
function matchSegments(
  patterns: readonly SegmentPattern[],
  path: readonly PathSegment[],
  windowsDriveLetters: boolean,
): boolean {
  let p = 0;
  let f = 0;
  let globstarAt = -1;
  let globstarEnd = 0;
  while (f < path.length) {
    const pattern = p < patterns.length ? patterns[p] : undefined;
    if (pattern?.kind === 'globstar') {
      globstarAt = p++;
      globstarEnd = f;
      continue;
    }
    if (pattern && segmentMatches(pattern, path[f], windowsDriveLetters && f === 0)) {
      p++;
      f++;
      continue;
    }
    // Let the last `**` take one more segment, and try the rest after it again.
    if (globstarAt >= 0 && !isDots(path[globstarEnd].text)) {
      globstarEnd++;
      p = globstarAt + 1;
      f = globstarEnd;
      continue;
    }
    return false;
  }
  while (p < patterns.length && patterns[p].kind === 'globstar') p++;
  return p === patterns.length;
}

function segmentMatches(pattern: SegmentPattern, segment: PathSegment, drive: boolean): boolean {
  switch (pattern.kind) {
    case 'literal':
      if (pattern.text === segment.text) return true;
      return (
        drive &&
        isDriveLetter(pattern.text) &&
        isDriveLetter(segment.text) &&
        pattern.text.toLowerCase() === segment.text.toLowerCase()
      );
    case 'some':
      return !isDots(segment.text);
    case 'wild':
      // A wildcard never matches an empty segment, `.` or `..`, as minimatch's
      // regexps did not (`*` alone needs one character; its lookahead refused dots).
      return segment.text !== '' && !isDots(segment.text) && matchWild(pattern, segment);
    case 'never':
    case 'globstar':
      return false;
  }
}

function isDriveLetter(text: string): boolean {
  return /^[a-z]:$/i.test(text);
}

/**
 * Wildcard matching without backtracking: the tokens before the first star must match
 * at the start, those after the last star at the end, and each run between two stars
 * is taken at its earliest place after the previous one, which is never wrong (a later
 * place leaves less room for the rest). Each run is looked for once, so a segment costs
 * O(n·m) at worst, and suffixes such as `*.framework.yaml` one comparison each.
 */
function matchWild(pattern: WildSegment, segment: PathSegment): boolean {
  const text = pattern.unicode ? segment.points : segment.units;
  const count = pattern.tokens.length;
  if (pattern.tail < 0) return count === text.length && matchRun(pattern, 0, count, text, 0);
  const tailLength = count - pattern.tail;
  const limit = text.length - tailLength;
  if (pattern.head > limit) return false;
  if (!matchRun(pattern, 0, pattern.head, text, 0)) return false;
  if (!matchRun(pattern, pattern.tail, count, text, limit)) return false;
  let at = pattern.head;
  for (const [start, end] of pattern.middles) {
    const last = limit - (end - start);
    while (at <= last && !matchRun(pattern, start, end, text, at)) at++;
    if (at > last) return false;
    at += end - start;
  }
  return true;
}

/** Whether tokens [start, end), none of them a star, match `text` from `at`. */
function matchRun(
  pattern: WildSegment,
  start: number,
  end: number,
  text: Int32Array,
  at: number,
): boolean {
  const tokens = pattern.tokens;
  for (let t = start, c = at; t < end; t++, c++) {
    const token = tokens[t];
    if (token === text[c] || token === anyCharacter) continue;
    if (token >= 0 || !pattern.classes[classBase - token].test(text[c])) return false;
  }
  return true;
}

/**
 * A bracket expression, tested one character at a time with a regexp of one class and
 * no quantifier, which cannot backtrack. Answers for ASCII are remembered.
 */
class CharacterClass {
  private readonly ascii = new Int8Array(128);

  constructor(
    private readonly regexp: RegExp,
    private readonly unicode: boolean,
  ) {}

  test(code: number): boolean {
    if (code < 128) {
      if (this.ascii[code] === 0) {
        this.ascii[code] = this.regexp.test(String.fromCharCode(code)) ? 1 : 2;
      }
      return this.ascii[code] === 1;
    }
    return this.regexp.test(this.unicode ? String.fromCodePoint(code) : String.fromCharCode(code));
  }
}

// ---------------------------------------------------------------------------------
// Segments

/**
 * minimatch's first optimisation, kept because it changes what matches: `**` twice in
 * a row counts once, and `..` takes away the segment before it unless that is `..`,
 * `.`, `**` or empty (`a/../b` is `b`).
 */
function collapseSegments(segments: readonly string[]): string[] {
  const collapsed: string[] = [];
  for (const segment of segments) {
    const previous = collapsed[collapsed.length - 1];
    if (segment === '**' && previous === '**') continue;
    if (
      segment === '..' &&
      previous &&
      previous !== '..' &&
      previous !== '.' &&
      previous !== '**'
    ) {
      collapsed.pop();
      continue;
    }
    collapsed.push(segment);
  }
  return collapsed.length === 0 ? [''] : collapsed;
}

/** Compiles segments, each distinct one once, as alternatives repeat most of them. */
class SegmentCompiler {
  private readonly segments = new Map<string, SegmentPattern>();
  private readonly classes = new Map<string, CharacterClass>();

  constructor(private readonly pattern: string) {}

  compileAlternative(segments: readonly string[]): SegmentPattern[] {
    const compiled = segments.map((segment) => this.compileSegment(segment));
    if (compiled[compiled.length - 1]?.kind === 'globstar') {
      compiled.splice(compiled.length - 1, 0, { kind: 'some' });
    }
    return compiled;
  }

  private compileSegment(segment: string): SegmentPattern {
    let compiled = this.segments.get(segment);
    if (!compiled) {
      compiled = segment === '**' ? { kind: 'globstar' } : this.parseSegment(segment);
      this.segments.set(segment, compiled);
    }
    return compiled;
  }

  /** A segment's characters, wildcards and classes, as minimatch's `AST.#parseGlob` reads them. */
  private parseSegment(segment: string): SegmentPattern {
    const tokens: (number | string)[] = [];
    const classSources: string[] = [];
    let magic = false;
    let unicode = false;
    let escaping = false;
    let inStar = false;
    for (let i = 0; i < segment.length; i++) {
      const character = segment[i];
      if (escaping) {
        escaping = false;
        tokens.push(character);
        continue;
      }
      if (character === '*') {
        // A run of stars is one star.
        if (!inStar) tokens.push(star);
        inStar = true;
        magic = true;
        continue;
      }
      inStar = false;
      if (character === '\\') {
        // A backslash at the end escapes nothing, and is itself.
        if (i === segment.length - 1) tokens.push('\\');
        else escaping = true;
        continue;
      }
      if (character === '[') {
        const parsed = parseClass(segment, i);
        if (parsed.kind === 'never') return { kind: 'never' };
        if (parsed.kind === 'literal') {
          tokens.push(parsed.character);
          i += parsed.consumed - 1;
          continue;
        }
        if (parsed.kind === 'class') {
          tokens.push(classBase - classSources.length);
          classSources.push(parsed.source);
          unicode ||= parsed.unicode;
          magic = true;
          i += parsed.consumed - 1;
          continue;
        }
        // An unclosed `[` is itself.
      }
      if (character === '?') {
        tokens.push(anyCharacter);
        magic = true;
        continue;
      }
      tokens.push(character);
    }
    if (!magic) {
      return { kind: 'literal', text: tokens.map((token) => token as string).join('') };
    }
    const numbers = wildTokens(tokens, unicode);
    const stars = numbers.flatMap((token, index) => (token === star ? [index] : []));
    return {
      kind: 'wild',
      tokens: Int32Array.from(numbers),
      classes: classSources.map((source) => this.compileClass(source, unicode)),
      unicode,
      head: stars.length > 0 ? stars[0] : numbers.length,
      tail: stars.length > 0 ? stars[stars.length - 1] + 1 : -1,
      middles: stars.slice(1).map((end, i) => [stars[i] + 1, end] as const),
    };
  }

  private compileClass(source: string, unicode: boolean): CharacterClass {
    const key = `${unicode ? 'u' : '-'}${source}`;
    let compiled = this.classes.get(key);
    if (!compiled) {
      let regexp: RegExp;
      try {
        regexp = new RegExp(`^(?:${source})$`, unicode ? 'u' : '');
      } catch {
        // Only a range out of order once read as code points gets here (`[😀-a[:alpha:]]`);
        // minimatch threw an exception for it.
        throw new GlobRefusedError(
          this.pattern,
          'it has a character class that is not valid; write each range from the lower character to the higher',
        );
      }
      compiled = new CharacterClass(regexp, unicode);
      this.classes.set(key, compiled);
    }
    return compiled;
  }
}

/**
 * Literal characters as numbers: code points in a `/u` segment, where a surrogate
 * pair written in the pattern is one character as it was in minimatch's regexp, and
 * code units otherwise.
 */
function wildTokens(tokens: readonly (number | string)[], unicode: boolean): number[] {
  const out: number[] = [];
  let literal = '';
  const flush = (): void => {
    if (unicode) for (const character of literal) out.push(character.codePointAt(0) as number);
    else for (let i = 0; i < literal.length; i++) out.push(literal.charCodeAt(i));
    literal = '';
  };
  for (const token of tokens) {
    if (typeof token === 'string') {
      literal += token;
    } else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------
// Bracket expressions

/** POSIX classes, as minimatch translates them: [regexp source, needs /u, negated]. */
const posixClasses: readonly (readonly [string, string, boolean, boolean])[] = [
  ['[:alnum:]', '\\p{L}\\p{Nl}\\p{Nd}', true, false],
  ['[:alpha:]', '\\p{L}\\p{Nl}', true, false],
  ['[:ascii:]', '\\x00-\\x7f', false, false],
  ['[:blank:]', '\\p{Zs}\\t', true, false],
  ['[:cntrl:]', '\\p{Cc}', true, false],
  ['[:digit:]', '\\p{Nd}', true, false],
  ['[:graph:]', '\\p{Z}\\p{C}', true, true],
  ['[:lower:]', '\\p{Ll}', true, false],
  ['[:print:]', '\\p{C}', true, false],
  ['[:punct:]', '\\p{P}', true, false],
  ['[:space:]', '\\p{Z}\\t\\r\\n\\v\\f', true, false],
  ['[:upper:]', '\\p{Lu}', true, false],
  ['[:word:]', '\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}', true, false],
  ['[:xdigit:]', 'A-Fa-f0-9', false, false],
];

type ParsedClass =
  /** Not a class: the `[` is a plain character. */
  | { readonly kind: 'unclosed' }
  /** A class that can match nothing (`[z-a]`): the whole segment never matches. */
  | { readonly kind: 'never' }
  /** `[x]`: just the character, which is how a glob escapes one. */
  | { readonly kind: 'literal'; readonly character: string; readonly consumed: number }
  | {
      readonly kind: 'class';
      readonly source: string;
      readonly unicode: boolean;
      readonly consumed: number;
    };

/** Escapes what is special inside a regexp class. */
function classEscape(text: string): string {
  return text.replace(/[[\]\\-]/g, '\\$&');
}

/**
 * The bracket expression at `position`, read as minimatch's `parseClass` reads it: `!`
 * or `^` first negates, `]` first is a character, `\` escapes, `a-z` is a range (one
 * out of order is dropped), `[:alpha:]` and the other POSIX names are classes.
 */
function parseClass(glob: string, position: number): ParsedClass {
  const ranges: string[] = [];
  const negatedRanges: string[] = [];
  let i = position + 1;
  let sawStart = false;
  let unicode = false;
  let escaping = false;
  let negate = false;
  let end = position;
  let rangeStart = '';
  scan: while (i < glob.length) {
    const c = glob[i];
    if ((c === '!' || c === '^') && i === position + 1) {
      negate = true;
      i++;
      continue;
    }
    if (c === ']' && sawStart && !escaping) {
      end = i + 1;
      break;
    }
    sawStart = true;
    if (c === '\\' && !escaping) {
      escaping = true;
      i++;
      continue;
    }
    if (c === '[' && !escaping) {
      for (const [name, source, needsUnicode, negated] of posixClasses) {
        if (!glob.startsWith(name, i)) continue;
        // `[a-[:alpha:]]` is not a range: minimatch refused the whole segment.
        if (rangeStart) return { kind: 'never' };
        i += name.length;
        (negated ? negatedRanges : ranges).push(source);
        unicode ||= needsUnicode;
        continue scan;
      }
    }
    escaping = false;
    if (rangeStart) {
      if (c > rangeStart) ranges.push(`${classEscape(rangeStart)}-${classEscape(c)}`);
      else if (c === rangeStart) ranges.push(classEscape(c));
      rangeStart = '';
      i++;
      continue;
    }
    if (glob.startsWith('-]', i + 1)) {
      ranges.push(classEscape(`${c}-`));
      i += 2;
      continue;
    }
    if (glob.startsWith('-', i + 1)) {
      rangeStart = c;
      i += 2;
      continue;
    }
    ranges.push(classEscape(c));
    i++;
  }
  if (end < i) return { kind: 'unclosed' };
  if (ranges.length === 0 && negatedRanges.length === 0) return { kind: 'never' };
  const consumed = end - position;
  // One character, unnegated, is that character (`[*]` escapes a star). As in
  // minimatch, `.` here is one code unit other than a line break.
  const single = ranges.length === 1 ? /^\\?(.)$/.exec(ranges[0]) : null;
  if (single && negatedRanges.length === 0 && !negate) {
    return { kind: 'literal', character: single[1], consumed };
  }
  const positive = `[${negate ? '^' : ''}${ranges.join('')}]`;
  const negative = `[${negate ? '' : '^'}${negatedRanges.join('')}]`;
  const source =
    ranges.length > 0 && negatedRanges.length > 0
      ? `(?:${positive}|${negative})`
      : ranges.length > 0
        ? positive
        : negative;
  return { kind: 'class', source, unicode, consumed };
}

// ---------------------------------------------------------------------------------
// Braces

/**
 * The alternatives of `body` (the pattern after its leading `!`s), with Bash's rules as
 * the brace-expansion package (minimatch's) has them: `{a,b}`, nested sets, `{1..9}`,
 * `{a..e..2}`, `{01..10}`, `${...}` left alone, a set without a comma left alone (or,
 * followed by a comma and a `}`, `{a},b}` read as `a}` or `b`), `\{`, `\}`, `\,` and
 * `\.` escaped, and empty alternatives dropped when the first set is a list.
 *
 * Counts are checked as the alternatives are built, so a brace bomb is refused after
 * building at most the limit, never expanded: `{a,b}{a,b}...` stops at its eleventh
 * set, and `{1..100000}` before making any value.
 */
function expandBraces(pattern: string, body: string): string[] {
  // minimatch left a pattern alone unless a `{` and a `}` follow each other on one
  // line with no `{` between; its escapes then stay as written.
  if (!hasBracePair(body)) return [body];
  const expander = new BraceExpander(pattern, body);
  // Bash reads a leading `{}` as two characters; brace-expansion does too.
  const text = body.startsWith('{}') ? `\\{\\}${body.slice(2)}` : body;
  const alternatives = [
    ...new Set(
      expander
        .expand(expander.escape(text), true)
        .map((alternative) => expander.restore(alternative)),
    ),
  ];
  let length = 0;
  for (const alternative of alternatives) length += alternative.length;
  if (length > limits.maxGlobExpansion) {
    throw new GlobRefusedError(
      pattern,
      `its braces expand to more than ${formatCount(limits.maxGlobExpansion)} characters in all; split it into several globs, each with fewer or shorter alternatives`,
    );
  }
  return alternatives;
}

/** minimatch's test for braces worth expanding: `/\{(?:(?!\{).)*\}/`, without a regexp. */
function hasBracePair(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) open = true;
    else if (c === 0x7d && open) return true;
    else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) open = false;
  }
  return false;
}

const numericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/;
const alphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/;

/** A set found in a text: where it closes, and the text before, inside and after it. */
interface BraceSet {
  readonly end: number;
  readonly pre: string;
  readonly body: string;
  readonly post: string;
  /** Whether an unmatched `{` comes before the set, to be masked for the next scan. */
  readonly unmatched: boolean;
}

class BraceExpander {
  /**
   * Characters that stand for `\\`, `\{`, `\}`, `\,` and `\.` while braces are
   * expanded, chosen among those the pattern does not use, so that they cannot be
   * confused with anything in it.
   */
  private readonly slash: string;
  private readonly open: string;
  private readonly close: string;
  private readonly comma: string;
  private readonly period: string;
  /** Any of the five, and what each becomes again after expansion. */
  private readonly sentinels: RegExp;
  private readonly restored: ReadonlyMap<string, string>;

  constructor(
    private readonly pattern: string,
    text: string,
  ) {
    const used = new Set<number>();
    for (let i = 0; i < text.length; i++) used.add(text.charCodeAt(i));
    const free: string[] = [];
    for (let code = 0xe000; free.length < 5; code++) {
      if (!used.has(code)) free.push(String.fromCharCode(code));
    }
    [this.slash, this.open, this.close, this.comma, this.period] = free;
    this.sentinels = new RegExp(`[${free.join('')}]`, 'g');
    this.restored = new Map([
      [this.slash, '\\\\'],
      [this.open, '{'],
      [this.close, '}'],
      [this.comma, ','],
      [this.period, '.'],
    ]);
  }

  escape(text: string): string {
    const escapes: Record<string, string> = {
      '\\': this.slash,
      '{': this.open,
      '}': this.close,
      ',': this.comma,
      '.': this.period,
    };
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const escaped = text[i] === '\\' && i + 1 < text.length ? escapes[text[i + 1]] : undefined;
      if (escaped) {
        out += escaped;
        i++;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  /**
   * Puts escaped characters back. An escaped backslash stays escaped: brace-expansion
   * unescaped it, so that minimatch read `\\*` as a literal `*` in a pattern with
   * braces and as a backslash and a star in one without; here it is always a backslash.
   */
  restore(text: string): string {
    return text.replace(this.sentinels, (sentinel) => this.restored.get(sentinel) as string);
  }

  /** brace-expansion's `expand_`, refusing instead of truncating. */
  expand(input: string, top: boolean): string[] {
    let str = input;
    let isTop = top;
    let acc = [''];
    let rewrites = 0;
    let dropEmpties = false;
    let firstGroup = true;
    let masked = str;
    for (;;) {
      const set = findSet(str, masked);
      if (!set) return this.combine(acc, str, [''], dropEmpties);
      if (set.unmatched) masked = maskUnmatchedOpens(masked);
      const { pre, body, post } = set;
      const next = (): void => {
        str = post;
        masked = masked.slice(set.end + 1);
      };
      if (pre.endsWith('$')) {
        // `${a,b}` is a shell variable, not a set.
        acc = this.combine(acc, `${pre}{${body}}`, [''], dropEmpties && post === '');
        firstGroup = false;
        if (post === '') break;
        next();
        continue;
      }
      const isAlpha = alphaSequence.test(body);
      const isSequence = isAlpha || numericSequence.test(body);
      if (!isSequence && !body.includes(',')) {
        // `{a}` is no set. Bash reads `{a},b}` as a set of `a}` and `b`: make this `}`
        // a character and look again, at most as often as brace-expansion did.
        if (rewrites < 1000 && commaSetFollows(post)) {
          rewrites++;
          str = `${pre}{${body}${this.close}${post}`;
          masked = masked.slice(0, set.end) + this.close + masked.slice(set.end + 1);
          isTop = true;
          continue;
        }
        return this.combine(acc, `${pre}{${body}}${post}`, [''], dropEmpties);
      }
      if (firstGroup) {
        dropEmpties = isTop && !isSequence;
        firstGroup = false;
      }
      let values: string[];
      if (isSequence) {
        values = this.sequence(body, isAlpha);
      } else {
        let parts = commaParts(body);
        if (parts.length === 1) {
          // `x{{a,b}}y` is `x{a}y` and `x{b}y`.
          parts = this.expand(parts[0], false).map((part) => `{${part}}`);
          if (parts.length === 1) {
            acc = this.combine(acc, pre + parts[0], [''], dropEmpties && post === '');
            if (post === '') break;
            next();
            continue;
          }
        }
        const dropsEmpties =
          dropEmpties && post === '' && pre === '' && acc.every((prefix) => prefix === '');
        values = [];
        for (const part of parts) {
          for (const value of this.expand(part, false)) {
            if (dropsEmpties && value === '') continue;
            values.push(value);
            this.checkCount(values.length);
          }
        }
      }
      acc = this.combine(acc, pre, values, dropEmpties && post === '');
      if (post === '') break;
      next();
    }
    return acc;
  }

  /** Every prefix followed by `pre` and each value, refused past the limits. */
  private combine(
    acc: readonly string[],
    pre: string,
    values: readonly string[],
    dropEmpties: boolean,
  ): string[] {
    const out: string[] = [];
    let nonEmpty: readonly string[] | undefined;
    for (const prefix of acc) {
      const start = prefix + pre;
      let choices = values;
      if (dropEmpties && start === '')
        choices = nonEmpty ??= values.filter((value) => value !== '');
      this.checkCount(out.length + choices.length);
      for (const value of choices) out.push(start + value);
    }
    return out;
  }

  private checkCount(count: number): void {
    if (count > limits.maxGlobAlternatives) {
      throw new GlobRefusedError(
        this.pattern,
        `its braces expand to more than ${formatCount(limits.maxGlobAlternatives)} alternatives; split it into several globs, each with fewer braces`,
      );
    }
  }

  /** The values of `1..5`, `a..e..2` or `01..10`, counted before any is made. */
  private sequence(body: string, isAlpha: boolean): string[] {
    const parts = body.split('..');
    const numeric = (text: string): number =>
      Number.isNaN(Number(text)) ? text.charCodeAt(0) : parseInt(text, 10);
    const from = numeric(parts[0]);
    const to = numeric(parts[1]);
    const width = Math.max(parts[0].length, parts[1].length);
    const step = parts.length === 3 ? Math.max(Math.abs(numeric(parts[2])), 1) : 1;
    const count = Math.floor(Math.abs(to - from) / step) + 1;
    this.checkCount(count);
    const padded = parts.some((part) => /^-?0\d/.test(part));
    const increment = to < from ? -step : step;
    const values: string[] = [];
    for (let n = 0, value = from; n < count; n++, value += increment) {
      if (isAlpha) {
        const character = String.fromCharCode(value);
        values.push(character === '\\' ? '' : character);
        continue;
      }
      let text = String(value);
      const missing = width - text.length;
      if (padded && missing > 0) {
        const zeros = '0'.repeat(missing);
        text = value < 0 ? `-${zeros}${text.slice(1)}` : zeros + text;
      }
      values.push(text);
    }
    return values;
  }
}

/**
 * The first set of `str`, found in `masked` (the same text with unmatched `{` taken
 * out), as the balanced-match package finds it: the first `{` with a matching `}`.
 */
function findSet(str: string, masked: string): BraceSet | undefined {
  const range = balancedRange(masked);
  if (!range) return undefined;
  const [start, end] = range;
  return {
    end,
    pre: str.slice(0, start),
    body: str.slice(start + 1, end),
    post: str.slice(end + 1),
    unmatched: masked.indexOf('{') < start,
  };
}

/** balanced-match's `range('{', '}', str)`. */
function balancedRange(str: string): [number, number] | undefined {
  let ai = str.indexOf('{');
  let bi = str.indexOf('}', ai + 1);
  if (ai < 0 || bi <= 0) return undefined;
  const begins: number[] = [];
  let left = str.length;
  let right: number | undefined;
  let result: [number, number] | undefined;
  let i = ai;
  while (i >= 0 && !result) {
    if (i === ai) {
      begins.push(i);
      ai = str.indexOf('{', i + 1);
    } else if (begins.length === 1) {
      result = [begins.pop() as number, bi];
    } else {
      const begin = begins.pop() as number;
      if (begin < left) {
        left = begin;
        right = bi;
      }
      bi = str.indexOf('}', i + 1);
    }
    i = ai < bi && ai >= 0 ? ai : bi;
  }
  if (!result && begins.length > 0 && right !== undefined) result = [left, right];
  return result;
}

/** `masked` with each `{` that no `}` closes replaced by a NUL, which keeps offsets. */
function maskUnmatchedOpens(masked: string): string {
  const open: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === '{') open.push(i);
    else if (masked[i] === '}' && open.length > 0) open.pop();
  }
  let out = '';
  let last = 0;
  for (const at of open) {
    out += `${masked.slice(last, at)}\0`;
    last = at + 1;
  }
  return out + masked.slice(last);
}

/** Whether a `,` not followed by another `,` has a `}` after it on the same line. */
function commaSetFollows(str: string): boolean {
  let close = false;
  for (let i = str.length - 1; i >= 0; i--) {
    const c = str.charCodeAt(i);
    if (c === 0x7d) close = true;
    else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) close = false;
    else if (c === 0x2c && close && str.charCodeAt(i + 1) !== 0x2c) return true;
  }
  return false;
}

/** A set's body split at its own commas, not those of the sets inside it. */
function commaParts(body: string): string[] {
  const parts: string[] = [];
  let carry = '';
  let str = body;
  for (;;) {
    const set = findSet(str, str);
    if (!set) {
      const tail = str.split(',');
      tail[0] = carry + tail[0];
      parts.push(...tail);
      return parts;
    }
    const pieces = set.pre.split(',');
    pieces[0] = carry + pieces[0];
    pieces[pieces.length - 1] += `{${set.body}}`;
    if (set.post === '') {
      parts.push(...pieces);
      return parts;
    }
    carry = pieces.pop() as string;
    parts.push(...pieces);
    str = set.post;
  }
}
