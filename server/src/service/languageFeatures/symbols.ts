/**
 * Symbols: the outline of one file (each framework with its items nested as the
 * YAML nests them) and the workspace-wide search for an item by ID or title.
 */
import { SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, Range, WorkspaceSymbol } from 'vscode-languageserver-types';
import type { Framework, FrameworkItem, ItemKind, OffsetRange } from '../model';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { filesInUriOrder } from './navigation';

/** The most workspace symbols one query answers; the best matches are kept. */
export const maxWorkspaceSymbols = 500;

/** Each kind of item gets the symbol kind whose icon best suggests its role. */
const symbolKinds: Readonly<Record<ItemKind, SymbolKind>> = {
  category: SymbolKind.Enum,
  value: SymbolKind.Constant,
  goal: SymbolKind.Class,
  objective: SymbolKind.Method,
  indicator: SymbolKind.Field,
  programme: SymbolKind.Module,
};

/** `ID title`, or the ID alone for an item without a title. */
function itemName(item: FrameworkItem): string {
  return item.title ? `${item.id} ${oneLine(item.title)}` : item.id;
}

/** Titles written as folded or literal YAML blocks may hold line breaks; labels may not. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The range of an item or document without the blank lines and line break YAML
 * counts as part of its last value, so that the outline ends on the last line that
 * has text. It never shrinks before `keep`, the symbol's name, which must stay inside.
 */
function trimmedRange(text: string, range: OffsetRange, keep: OffsetRange): OffsetRange {
  let end = range.end;
  while (end > range.start && /\s/.test(text.charAt(end - 1))) end--;
  return {
    start: Math.min(range.start, keep.start),
    end: Math.max(end, keep.end),
  };
}

function rangeOf(file: IndexedFile, range: OffsetRange): Range {
  return file.lines.rangeOf(range);
}

export function documentSymbols(file: IndexedFile): DocumentSymbol[] {
  return file.parsed.frameworks.map((framework) => frameworkSymbol(file, framework));
}

function frameworkSymbol(file: IndexedFile, framework: Framework): DocumentSymbol {
  // Items are listed parents before children, so one pass can attach each item's
  // symbol to its parent's, which already exists.
  const symbols: DocumentSymbol[] = [];
  const roots: DocumentSymbol[] = [];
  for (const item of framework.items) {
    const symbol: DocumentSymbol = {
      name: itemName(item),
      detail: item.kind,
      kind: symbolKinds[item.kind],
      range: rangeOf(file, trimmedRange(file.text, item.range, item.idRange)),
      selectionRange: rangeOf(file, item.idRange),
      children: [],
    };
    symbols[item.index] = symbol;
    // A child of an item without a usable ID has no parent symbol (`parent` is -2),
    // so it is shown at the top level rather than lost.
    const parent = item.parent >= 0 ? symbols[item.parent] : undefined;
    if (parent) parent.children?.push(symbol);
    else roots.push(symbol);
  }
  const period = framework.period ? ` (${framework.period.start}–${framework.period.end})` : '';
  return {
    name: framework.title ? oneLine(framework.title) : framework.id,
    detail: `${framework.id}${period}`,
    kind: SymbolKind.Namespace,
    range: rangeOf(file, trimmedRange(file.text, framework.range, framework.idRange)),
    selectionRange: rangeOf(file, framework.idRange),
    children: roots,
  };
}

/** A workspace symbol found by a query, with what decides its place in the answer. */
interface Match {
  readonly symbol: WorkspaceSymbol;
  /** 0: the ID is the query; 1: the ID starts with it; 2: the ID contains it; 3: the title matches. */
  readonly rank: number;
  /** Position in URI and document order, so that equal ranks keep a stable order. */
  readonly order: number;
}

/**
 * Finds frameworks and items by ID or title. A symbol matches when its ID or
 * qualified ID (`FRAMEWORK:ID`) contains the query, or when every word of the query
 * starts a word of its title, so `dig for` finds "Provide … digital forensic
 * assistance". Case is ignored. Exact ID matches come first, because someone who
 * types `3.4` wants objective 3.4, not everything whose title has a "3".
 */
export function workspaceSymbols(index: WorkspaceIndex, query: string): WorkspaceSymbol[] {
  const needle = query.trim().toLowerCase();
  const words = needle.split(/\s+/).filter((word) => word !== '');
  const matches: Match[] = [];
  let order = 0;
  const consider = (
    id: string,
    qualified: string,
    title: string | undefined,
    make: () => WorkspaceSymbol,
  ): void => {
    order++;
    const rank = matchRank(needle, words, id, qualified, title);
    if (rank !== undefined) matches.push({ symbol: make(), rank, order });
  };
  for (const file of filesInUriOrder(index)) {
    for (const framework of file.parsed.frameworks) {
      consider(framework.id, framework.id, framework.title, () => ({
        name: framework.title ? `${framework.id} ${oneLine(framework.title)}` : framework.id,
        kind: SymbolKind.Namespace,
        location: { uri: file.uri, range: rangeOf(file, framework.idRange) },
      }));
      for (const item of framework.items) {
        consider(item.id, `${framework.id}:${item.id}`, item.title, () => ({
          name: itemName(item),
          kind: symbolKinds[item.kind],
          containerName: framework.id,
          // The ID rather than the whole item: that is where the editor puts the cursor.
          location: { uri: file.uri, range: rangeOf(file, item.idRange) },
        }));
      }
    }
  }
  matches.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return matches.slice(0, maxWorkspaceSymbols).map((match) => match.symbol);
}

/** How well a symbol matches the query (lower is better), or undefined if it does not. */
function matchRank(
  needle: string,
  words: readonly string[],
  id: string,
  qualified: string,
  title: string | undefined,
): number | undefined {
  // An empty query (the editor's symbol picker as it opens) lists everything.
  if (needle === '') return 3;
  const lowerId = id.toLowerCase();
  const lowerQualified = qualified.toLowerCase();
  if (lowerId === needle || lowerQualified === needle) return 0;
  if (lowerId.startsWith(needle) || lowerQualified.startsWith(needle)) return 1;
  if (lowerQualified.includes(needle)) return 2;
  if (title === undefined) return undefined;
  const titleWords = title.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const matchesTitle = words.every((word) => {
    // A query word with punctuation (`24/7`, `counter-terrorism`) is matched against
    // the title's words the same way the title was split.
    const parts = word.split(/[^\p{L}\p{N}]+/u).filter((part) => part !== '');
    if (parts.length === 0) return title.toLowerCase().includes(word);
    return parts.every((part) => titleWords.some((titleWord) => titleWord.startsWith(part)));
  });
  return matchesTitle ? 3 : undefined;
}
