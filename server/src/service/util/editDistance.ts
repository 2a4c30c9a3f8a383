/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two
 * neighbouring characters (`titel` is one edit from `title`), with an upper bound so
 * that comparing a misspelling against thousands of IDs stays cheap: it stops as
 * soon as a whole row exceeds the bound.
 */
export function editDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let distance = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      const swapped =
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1);
      if (swapped) distance = Math.min(distance, beforePrevious[j - 2] + 1);
      current[j] = distance;
      if (distance < rowMinimum) rowMinimum = distance;
    }
    if (rowMinimum > bound) return bound + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

/**
 * The candidates close enough to `word` to be a plausible typo of it, nearest first.
 * "Close enough" grows with the word: one edit for short words, a third of the
 * length for longer ones.
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const bound = Math.max(1, Math.ceil(word.length / 3));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), bound);
    if (distance <= bound) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}
