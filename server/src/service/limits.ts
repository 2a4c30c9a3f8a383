/**
 * The limits that keep one hostile or absurd file from hurting the editor. Each is
 * far above what a real framework needs; `docs/limits.md` states them for users.
 */
export const limits = {
  /** Larger files are not parsed; they get one diagnostic saying so. */
  maxFileBytes: 16 * 1024 * 1024,
  /**
   * Deeper nesting is refused before the YAML parser sees it: a framework needs about
   * eight levels, and the `yaml` package has aborted the whole process on documents
   * nested a thousand levels deep.
   */
  maxNestingDepth: 100,
  /** Diagnostics published per file; the rest are summarised in one more. */
  maxDiagnosticsPerFile: 1000,
  /**
   * Reference completions listed at once; past this, the list keeps those matching
   * what is typed and is marked incomplete, so that typing narrows it.
   */
  maxCompletionItems: 500,
  /** Did-you-mean candidates offered for one unresolved name. */
  maxCandidates: 3,
  /** Characters in a glob of the file settings; real ones are tens of characters long. */
  maxGlobLength: 1000,
  /** Alternatives a glob's braces expand to: `{a,b}{c,d}` is four. */
  maxGlobAlternatives: 1000,
  /**
   * Characters of all of a glob's alternatives together. Matching costs at most the
   * path's length times this, so it bounds the time one glob can take on a hostile
   * path: under 100 ms for a file name of 4,096 characters built against the glob,
   * where real globs take a microsecond.
   */
  maxGlobExpansion: 10_000,
} as const;
