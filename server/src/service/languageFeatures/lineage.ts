/**
 * Lineage between framework periods: which items of a framework the frameworks that
 * supersede it continue (item-level `supersedes`) or retire (`retired`, on the item or
 * in the successor), which are left unaccounted for, and how each pair of periods
 * relates (continued, merged, split, retired, new).
 *
 * A framework B is a successor of A when B's framework-level `supersedes` names A.
 * Only direct successors count: an item of 2011-2013 is accounted for by 2014-2016,
 * whatever 2017-2020 says about it. Longer chains are followed by the Traceability
 * view and hover, one link at a time.
 */
import type { LineageItemRef, LineageSummary } from '../../protocol';
import type { Framework, FrameworkItem, ItemKind, OffsetRange, Reference } from '../model';
import { compareText } from '../util/compare';
import type { FrameworkLocation, IndexedFile, WorkspaceIndex } from '../workspaceIndex';

/** The kinds of item a successor must account for. */
export function mustBeAccountedFor(kind: ItemKind): boolean {
  return kind === 'goal' || kind === 'objective';
}

/** A successor's item that continues an item of the predecessor. */
export interface Continuation {
  readonly successor: FrameworkLocation;
  readonly item: FrameworkItem;
  /** The `supersedes` entry that names the predecessor's item. */
  readonly reference: Reference;
}

/** Why an item is not continued, and where that is written. */
export interface Retirement {
  /** Empty when a successor's `retired` entry has no reason (reported as `missing-key`). */
  readonly reason: string;
  readonly file: IndexedFile;
  /** The reason on the item, or the successor's `retired` entry. */
  readonly range: OffsetRange;
  /** The successor whose `retired` list names the item; undefined for `retired:` on the item. */
  readonly successor: FrameworkLocation | undefined;
}

/** What the successors of one framework say about each of its items. */
export interface PredecessorAccount {
  readonly predecessor: FrameworkLocation;
  /** In URI order, then document order. */
  readonly successors: readonly FrameworkLocation[];
  readonly continuedBy: ReadonlyMap<FrameworkItem, readonly Continuation[]>;
  readonly retiredBy: ReadonlyMap<FrameworkItem, readonly Retirement[]>;
}

/**
 * Every framework document whose framework-level `supersedes` names this one, other
 * than itself (a framework superseding itself is a `supersedes-cycle`). Only the
 * definition references resolve against has successors. A duplicated successor counts
 * once per document, so that what a document says never depends on which copy of a
 * duplicated ID wins (`duplicate-framework` reports the duplicates).
 */
export function successorsOf(
  index: WorkspaceIndex,
  predecessor: FrameworkLocation,
): FrameworkLocation[] {
  const { framework } = predecessor;
  if (index.getFramework(framework.id)?.framework !== framework) return [];
  const successors: FrameworkLocation[] = [];
  for (const uri of [...index.filesReferringTo(framework.id)].sort(compareText)) {
    const file = index.getFile(uri);
    for (const other of file?.parsed.frameworks ?? []) {
      if (file && other !== framework && other.supersedes?.frameworkId === framework.id) {
        successors.push({ file, framework: other });
      }
    }
  }
  return successors;
}

/** What the successors of a framework say about its items; undefined when it has none. */
export function accountFor(
  index: WorkspaceIndex,
  predecessor: FrameworkLocation,
): PredecessorAccount | undefined {
  const successors = successorsOf(index, predecessor);
  if (successors.length === 0) return undefined;
  const items = index.itemsById(predecessor.framework);
  const continuedBy = new Map<FrameworkItem, Continuation[]>();
  const retiredBy = new Map<FrameworkItem, Retirement[]>();
  const add = <T>(map: Map<FrameworkItem, T[]>, item: FrameworkItem, value: T): void => {
    const list = map.get(item);
    if (list) list.push(value);
    else map.set(item, [value]);
  };
  for (const item of predecessor.framework.items) {
    if (item.retired) {
      add(retiredBy, item, {
        reason: item.retired.reason,
        file: predecessor.file,
        range: item.retired.range,
        successor: undefined,
      });
    }
  }
  const predecessorId = predecessor.framework.id;
  for (const successor of successors) {
    for (const reference of successor.framework.references) {
      if (reference.field !== 'supersedes' || reference.frameworkId !== predecessorId) continue;
      const item = items.get(reference.itemId);
      if (!item || reference.source < 0) continue;
      add(continuedBy, item, {
        successor,
        item: successor.framework.items[reference.source],
        reference,
      });
    }
    for (const entry of successor.framework.retired) {
      if (entry.reference.frameworkId !== predecessorId) continue;
      const item = items.get(entry.reference.itemId);
      if (!item) continue;
      add(retiredBy, item, {
        reason: entry.reason ?? '',
        file: successor.file,
        range: entry.range,
        successor,
      });
    }
  }
  return { predecessor, successors, continuedBy, retiredBy };
}

/** The goals and objectives of the predecessor that no successor continues and none retires. */
export function unaccountedItems(account: PredecessorAccount): FrameworkItem[] {
  return account.predecessor.framework.items.filter(
    (item) =>
      mustBeAccountedFor(item.kind) &&
      !account.continuedBy.has(item) &&
      !account.retiredBy.has(item),
  );
}

/** An item of a successor that may continue an unaccounted item. */
export interface CandidateSuccessor {
  readonly successor: FrameworkLocation;
  readonly item: FrameworkItem;
  /** How many words of their titles the two items share (stop words aside). */
  readonly sharedWords: number;
}

/**
 * The successors' items most likely to continue `item`, best first, at most `limit`:
 * items of the same kind, or goals for an objective when the successors have no
 * objectives (as the INTERPOL 2017-2020 goals continue 2014-2016 objectives), ranked
 * by how many title words they share with it, then by ID.
 */
export function candidateSuccessors(
  account: PredecessorAccount,
  item: FrameworkItem,
  limit: number,
): CandidateSuccessor[] {
  let pool = candidatePool(account, item.kind);
  if (pool.items.length === 0 && item.kind === 'objective') pool = candidatePool(account, 'goal');
  if (pool.items.length === 0 || limit <= 0) return [];
  // Scores gathered through the words' postings into the pool's scratch counters, and
  // the best few picked in one pass: a framework with hundreds of unaccounted items is
  // ranked in proportion to the words they share, not to the product of the two
  // frameworks' sizes.
  const { scores } = pool;
  const touched: number[] = [];
  for (const word of titleWords(item.title)) {
    for (const position of pool.postings.get(word) ?? []) {
      if (scores[position]++ === 0) touched.push(position);
    }
  }
  // The best `limit` positions, most shared words first, then the lower position
  // (pools are in ID order).
  const best: number[] = [];
  for (const position of touched) {
    let at = best.length;
    while (at > 0 && better(scores, position, best[at - 1])) at--;
    if (at < limit) {
      best.splice(at, 0, position);
      if (best.length > limit) best.pop();
    }
  }
  const ranked = best.map((position) => ({
    ...pool.items[position],
    sharedWords: scores[position],
  }));
  for (const position of touched) scores[position] = 0;
  // Too few items share a word: the first ones by ID complete the list.
  const chosen = new Set(best);
  for (let position = 0; ranked.length < limit && position < pool.items.length; position++) {
    if (!chosen.has(position)) ranked.push({ ...pool.items[position], sharedWords: 0 });
  }
  return ranked;
}

/** Whether the item at `a` ranks before the one at `b`. */
function better(scores: Uint32Array, a: number, b: number): boolean {
  return scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
}

/** The successors' items of one kind, in ID order, with the positions of each title word. */
interface CandidatePool {
  readonly items: readonly { successor: FrameworkLocation; item: FrameworkItem }[];
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /** Shared-word counters, one per item, all zero between rankings. */
  readonly scores: Uint32Array;
}

const poolsByAccount = new WeakMap<PredecessorAccount, Map<ItemKind, CandidatePool>>();

function candidatePool(account: PredecessorAccount, kind: ItemKind): CandidatePool {
  let pools = poolsByAccount.get(account);
  if (!pools) poolsByAccount.set(account, (pools = new Map<ItemKind, CandidatePool>()));
  let pool = pools.get(kind);
  if (!pool) {
    const items: { successor: FrameworkLocation; item: FrameworkItem }[] = [];
    for (const successor of account.successors) {
      for (const item of successor.framework.items) {
        if (item.kind === kind) items.push({ successor, item });
      }
    }
    items.sort(
      (a, b) =>
        compareIds(a.item.id, b.item.id) ||
        compareText(a.successor.framework.id, b.successor.framework.id) ||
        a.item.index - b.item.index,
    );
    const postings = new Map<string, number[]>();
    items.forEach(({ item }, position) => {
      for (const word of titleWords(item.title)) {
        const list = postings.get(word);
        if (list) list.push(position);
        else postings.set(word, [position]);
      }
    });
    pool = { items, postings, scores: new Uint32Array(items.length) };
    pools.set(kind, pool);
  }
  return pool;
}

/**
 * Words too common in strategy titles to say that two items are about the same thing.
 * English only: titles in other languages are compared word for word, stop words and all.
 */
const stopWords = new Set(
  'a an and are as at be by for from in incl into is it its of on or our the their this to with within'.split(
    ' ',
  ),
);

/** Title words are worked out once per title text: many items share a title's object. */
const wordsByTitle = new Map<string, ReadonlySet<string>>();
const maxCachedTitles = 10_000;

/** The distinct words of a title, in lower case, without stop words. */
export function titleWords(title: string | undefined): ReadonlySet<string> {
  if (title === undefined) return emptyWords;
  let words = wordsByTitle.get(title);
  if (!words) {
    words = new Set(
      (title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word)),
    );
    // A bounded cache: workspaces with more titles than this work them out again.
    if (wordsByTitle.size >= maxCachedTitles) wordsByTitle.clear();
    wordsByTitle.set(title, words);
  }
  return words;
}

const emptyWords: ReadonlySet<string> = new Set();

/**
 * Orders IDs as people number them: segment by segment, numbers by value (`2` before
 * `10`, `3.2` before `3.10`), other segments as text.
 */
export function compareIds(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let at = 0; at < Math.min(left.length, right.length); at++) {
    const x = left[at];
    const y = right[at];
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) || compareText(x, y) : compareText(x, y);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

/**
 * One summary per pair of frameworks where the successor's framework-level
 * `supersedes` names the predecessor, ordered by predecessor and then successor ID.
 * Only the definitions references resolve against take part, so a duplicated
 * framework ID gives one pair, not two.
 *
 * A link is a successor item's `supersedes` entry naming a predecessor item. Each link
 * is classified from both ends: a new item that continues several old items is a
 * merge, an old item continued by several new items is a split, and a link that is
 * neither is a continuation. In a many-to-many tangle (old a1 and a2 both continued by
 * new b1, and a2 also by b2) a link can be both: b1 is listed as merging a1 and a2,
 * and a2 as split into b1 and b2, so every link appears in at least one list and
 * nothing is hidden.
 */
export function getLineage(index: WorkspaceIndex): LineageSummary[] {
  const summaries: LineageSummary[] = [];
  const accounts = new Map<Framework, PredecessorAccount | undefined>();
  for (const successorId of [...index.frameworkIds()].sort(compareText)) {
    const successor = index.getFramework(successorId);
    const predecessorId = successor?.framework.supersedes?.frameworkId;
    if (!successor || predecessorId === undefined || predecessorId === successorId) continue;
    const predecessor = index.getFramework(predecessorId);
    if (!predecessor) continue;
    if (!accounts.has(predecessor.framework)) {
      accounts.set(predecessor.framework, accountFor(index, predecessor));
    }
    const account = accounts.get(predecessor.framework);
    if (account) summaries.push(summarisePair(account, successor));
  }
  return summaries.sort(
    (a, b) => compareText(a.predecessor, b.predecessor) || compareText(a.successor, b.successor),
  );
}

/**
 * The summary of one pair, or undefined unless `successor`'s framework-level
 * `supersedes` names `predecessor` and both are the definitions references resolve to.
 */
export function lineageBetween(
  index: WorkspaceIndex,
  predecessor: FrameworkLocation,
  successor: FrameworkLocation,
): LineageSummary | undefined {
  const resolving = (location: FrameworkLocation): boolean =>
    index.getFramework(location.framework.id)?.framework === location.framework;
  if (!resolving(predecessor) || !resolving(successor)) return undefined;
  if (predecessor.framework === successor.framework) return undefined;
  if (successor.framework.supersedes?.frameworkId !== predecessor.framework.id) return undefined;
  const account = accountFor(index, predecessor);
  return account && summarisePair(account, successor);
}

function summarisePair(account: PredecessorAccount, successor: FrameworkLocation): LineageSummary {
  const predecessor = account.predecessor.framework;
  const ref = (framework: Framework, item: FrameworkItem): LineageItemRef =>
    item.title === undefined
      ? { framework: framework.id, id: item.id, kind: item.kind }
      : { framework: framework.id, id: item.id, kind: item.kind, title: item.title };
  const oldRef = (item: FrameworkItem): LineageItemRef => ref(predecessor, item);
  const newRef = (item: FrameworkItem): LineageItemRef => ref(successor.framework, item);

  // The links of this pair, from both ends, each list in document order.
  const oldsOf = new Map<FrameworkItem, FrameworkItem[]>();
  const newsOf = new Map<FrameworkItem, FrameworkItem[]>();
  const byIndex = (a: FrameworkItem, b: FrameworkItem): number => a.index - b.index;
  for (const [old, continuations] of account.continuedBy) {
    for (const continuation of continuations) {
      if (continuation.successor.framework !== successor.framework) continue;
      const olds = oldsOf.get(continuation.item) ?? [];
      if (!olds.includes(old)) olds.push(old);
      oldsOf.set(continuation.item, olds);
      const news = newsOf.get(old) ?? [];
      if (!news.includes(continuation.item)) news.push(continuation.item);
      newsOf.set(old, news);
    }
  }
  const oldItems = [...newsOf.keys()].sort(byIndex);
  const newItems = [...oldsOf.keys()].sort(byIndex);

  const continued: { from: LineageItemRef; to: LineageItemRef }[] = [];
  const split: { from: LineageItemRef; to: LineageItemRef[] }[] = [];
  for (const old of oldItems) {
    const news = (newsOf.get(old) ?? []).sort(byIndex);
    if (news.length > 1) {
      split.push({ from: oldRef(old), to: news.map(newRef) });
    } else if (news.length === 1 && (oldsOf.get(news[0]) ?? []).length === 1) {
      continued.push({ from: oldRef(old), to: newRef(news[0]) });
    }
  }
  const merged: { from: LineageItemRef[]; to: LineageItemRef }[] = [];
  for (const item of newItems) {
    const olds = (oldsOf.get(item) ?? []).sort(byIndex);
    if (olds.length > 1) merged.push({ from: olds.map(oldRef), to: newRef(item) });
  }

  // Retirements on the old items count for every successor; a successor's `retired`
  // entries only for its own pair.
  const retired: { item: LineageItemRef; reason: string }[] = [];
  for (const item of predecessor.items) {
    const retirement = account.retiredBy
      .get(item)
      ?.find(
        (candidate) =>
          candidate.successor === undefined ||
          candidate.successor.framework === successor.framework,
      );
    if (retirement) retired.push({ item: oldRef(item), reason: retirement.reason });
  }

  const fresh = successor.framework.items.filter(
    (item) => mustBeAccountedFor(item.kind) && !oldsOf.has(item),
  );
  return {
    predecessor: predecessor.id,
    successor: successor.framework.id,
    continued,
    merged,
    split,
    retired,
    unaccounted: unaccountedItems(account).map(oldRef),
    new: fresh.map(newRef),
  };
}
