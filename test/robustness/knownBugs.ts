/**
 * Bugs these tests found in files that another developer is rewriting, which this
 * suite therefore does not fix. Each is tolerated exactly where it shows, counted,
 * and reported in docs/reliability.md; its inputs stay in the corpus. `corpus.test.ts`
 * checks that each still shows, so that the fix of one fails a test that says to
 * remove its entry here (and the `knownBug` of its corpus files).
 */
export interface KnownBug {
  /** Where the bug is and what it does. */
  readonly description: string;
  /** The corpus files that show it. */
  readonly corpusFiles: readonly string[];
  /** Whether its corpus files break the corpus tests while it is open (they are skipped). */
  readonly breaksCorpusTests: boolean;
  /** Whether a text still shows the bug, with tolerance off. */
  shows(text: string): boolean;
}

/**
 * The bugs open now: none. (The CRLF range and the nesting pre-scan bugs this suite
 * found were fixed; their corpus files stay as regression cases.) An entry names its
 * corpus files, says whether they break the corpus tests, and tells whether a text
 * still shows it.
 */
export const knownBugs: Readonly<Record<string, KnownBug>> = {};

export type KnownBugName = keyof typeof knownBugs;

/** How often each known bug was tolerated, for the run's figures. */
export const toleratedCounts: Record<KnownBugName, number> = {};

/**
 * Whether tolerance is on: the fuzzer tolerates known bugs so that it finds new ones;
 * the corpus tests turn it off to check that each known bug still shows.
 */
let tolerating = true;

export function setTolerance(on: boolean): void {
  tolerating = on;
}

/** Whether known bugs are tolerated now, for the checks that a future entry adds. */
export function isTolerating(): boolean {
  return tolerating;
}
