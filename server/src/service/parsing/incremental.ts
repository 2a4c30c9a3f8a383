/**
 * Parsing while someone types: an edit costs in proportion to the entry it touches,
 * not to the file.
 *
 * Framework files are mostly long top-level lists (`goals:`, `values:`,
 * `programmes:`) of entries. When an edit falls inside one entry of such a list, the
 * fast scanner reads that entry again (`scanSequenceEntry`), the syntax tree keeps
 * every other node (those after the edit are moved, not read again), and the walk
 * reuses each untouched entry's share of the model (`EntryFragment`). Anything else
 * (an edit between entries, in a file's header, in the last entry of a list, in a
 * file the fast scanner does not read) is parsed whole. Either way the result is
 * exactly `parseFrameworkFile`'s on the new text; a differential test holds the two
 * to it over thousands of random edits.
 */
import { limits } from '../limits';
import type { Framework, LocalDiagnostic, ParsedFile } from '../model';
import type { ShapeToken } from '../shape';
import type { TextChange } from '../util/textChange';
import { fastParseFrameworkFile, scanDocuments, scanSequenceEntry } from './fastParse';
import { parseWithHazards, parseWithYamlPackage } from './parseFile';
import { editMayAddHazards, findTextHazards } from './textHazards';
import type { SyntaxDocument, SyntaxNode, SyntaxPair, SyntaxSeq } from './syntax';
import { completeParsedFile, walkDocument } from './walk';
import type { EntryFragment, EntryMemo } from './walk';

/**
 * What a parse keeps for the next edit of the same file: its syntax tree and each
 * top-level entry's fragment. Entries of top-level lists after earlier edits may be
 * nodes of older trees, whose offsets are stale; their fragments hold where they are.
 */
export interface ParseMemo {
  readonly documents: readonly SyntaxDocument[];
  readonly fragments: ReadonlyMap<SyntaxNode, EntryFragment>;
  /** The shape token of each document's framework (see `shape.ts`). */
  readonly shapes: ReadonlyMap<SyntaxDocument, ShapeToken>;
}

export interface EditableParse {
  readonly parsed: ParsedFile;
  /**
   * How the text was read: only the entry an edit fell in, whole by the fast
   * scanner, or whole by the `yaml` package. (Tests and logs tell them apart.)
   */
  readonly reading: 'entry' | 'whole' | 'yaml-package';
  /**
   * Undefined when the `yaml` package read the file, or when it was read for the first
   * time: the next edit parses it whole.
   */
  readonly memo: ParseMemo | undefined;
}

/** The previous version of a file, for `parseForEditing`. */
export interface PreviousParse {
  readonly text: string;
  readonly memo: ParseMemo | undefined;
  /** How the previous text became the new one. */
  readonly change: TextChange;
}

/**
 * Parses a file, from its previous version when one is given and the edit allows,
 * and keeps what the next edit needs. The answer is `parseFrameworkFile`'s.
 */
export function parseForEditing(
  uri: string,
  version: number,
  text: string,
  previous?: PreviousParse,
): EditableParse {
  // A text that had no hazard keeps a memo; an edit can add one only in its lines.
  const hazardsPossible =
    !previous?.memo || editMayAddHazards(text, previous.change.start, previous.change.newEnd);
  const hazards =
    hazardsPossible && text.length <= limits.maxFileBytes ? findTextHazards(text) : undefined;
  if (hazards) {
    // Rare, and read whole every time: no memo, so the next edit looks again.
    return { parsed: parseWithHazards(uri, version, hazards), reading: 'whole', memo: undefined };
  }
  if (!previous) {
    // A file read for the first time (a workspace scan): most files are never edited,
    // and keeping every file's syntax tree would double the memory of a large
    // workspace. The first edit reads the file whole and starts keeping what the next
    // edit needs.
    const parsed = fastParseFrameworkFile(uri, version, text);
    return parsed
      ? { parsed, reading: 'whole', memo: undefined }
      : {
          parsed: parseWithYamlPackage(uri, version, text),
          reading: 'yaml-package',
          memo: undefined,
        };
  }
  if (previous.memo) {
    const reparsed = reparseEntry(uri, version, text, previous, previous.memo);
    if (reparsed) return reparsed;
  }
  const documents = text.length <= limits.maxFileBytes ? scanDocuments(text) : undefined;
  if (documents) {
    return walkDocuments(
      uri,
      version,
      text,
      documents,
      {
        previous: new Map(),
        movedFrom: 0,
        moved: 0,
        next: new Map(),
        replaced: new Map(),
        previousShapes: new Map(),
        nextShapes: new Map(),
      },
      'whole',
    );
  }
  return {
    parsed: parseWithYamlPackage(uri, version, text),
    reading: 'yaml-package',
    memo: undefined,
  };
}

function walkDocuments(
  uri: string,
  version: number,
  text: string,
  documents: readonly SyntaxDocument[],
  memo: EntryMemo,
  reading: 'entry' | 'whole',
): EditableParse {
  const frameworks: Framework[] = [];
  const diagnostics: LocalDiagnostic[] = [];
  for (const document of documents) walkDocument(document, text, frameworks, diagnostics, memo);
  return {
    parsed: completeParsedFile(uri, version, frameworks, diagnostics),
    reading,
    memo: { documents, fragments: memo.next, shapes: memo.nextShapes },
  };
}

/**
 * Reads again only the entry of a top-level list that the edit falls inside, or
 * returns undefined when the edit is not inside one such entry followed by another.
 */
function reparseEntry(
  uri: string,
  version: number,
  text: string,
  previous: PreviousParse,
  memo: ParseMemo,
): EditableParse | undefined {
  if (text.length > limits.maxFileBytes) return undefined;
  const { change } = previous;
  const moved = change.newEnd - change.oldEnd;
  const documents = memo.documents;
  for (let documentIndex = 0; documentIndex < documents.length; documentIndex++) {
    const document = documents[documentIndex];
    const root = document.contents;
    if (root?.kind !== 'map' || change.start < root.start || change.oldEnd > document.end) {
      continue;
    }
    for (let pairIndex = 0; pairIndex < root.pairs.length; pairIndex++) {
      const list = root.pairs[pairIndex].value;
      if (list?.kind !== 'seq' || list.start > change.start || list.end < change.oldEnd) continue;
      const fragments = fragmentsOf(list, memo);
      if (!fragments) return undefined;
      const entry = entryHolding(previous.text, fragments, change);
      if (!entry) return undefined;
      const scanned = scanSequenceEntry(text, entry.dash, entry.indent, 2);
      if (!scanned || scanned.nextDash !== entry.nextDash + moved) return undefined;

      const items = list.items.slice();
      items[entry.index] = scanned.entry;
      const newList: SyntaxSeq = { kind: 'seq', items, start: list.start, end: list.end + moved };
      const pairs = root.pairs.map((pair, index): SyntaxPair => {
        if (index < pairIndex) return pair;
        if (index === pairIndex) return { kind: 'pair', key: pair.key, value: newList };
        return movePair(pair, moved, memo);
      });
      const newDocuments = documents.map((other, index): SyntaxDocument => {
        if (index < documentIndex) return other;
        if (index > documentIndex) return moveDocument(other, moved, memo);
        return {
          ...document,
          contents: { kind: 'map', pairs, start: root.start, end: root.end + moved },
          end: document.end + moved,
        };
      });
      const previousShapes = new Map<SyntaxDocument, ShapeToken>();
      newDocuments.forEach((newDocument, index) => {
        const shape = memo.shapes.get(documents[index]);
        if (shape) previousShapes.set(newDocument, shape);
      });
      return walkDocuments(
        uri,
        version,
        text,
        newDocuments,
        {
          previous: memo.fragments,
          movedFrom: change.oldEnd,
          moved,
          next: new Map(),
          replaced: new Map([[scanned.entry, fragments[entry.index]]]),
          previousShapes,
          nextShapes: new Map(),
        },
        'entry',
      );
    }
    return undefined;
  }
  return undefined;
}

/** The fragments of a list's entries in order, or undefined unless every entry has one. */
function fragmentsOf(list: SyntaxSeq, memo: ParseMemo): EntryFragment[] | undefined {
  const fragments: EntryFragment[] = [];
  for (const entry of list.items) {
    const fragment = entry && entry.kind !== 'pair' ? memo.fragments.get(entry) : undefined;
    if (!fragment) return undefined;
    fragments.push(fragment);
  }
  return fragments;
}

interface EntryPlace {
  readonly index: number;
  /** Where the entry's `- ` and the next entry's are, in the previous text. */
  readonly dash: number;
  readonly nextDash: number;
  /** The column of the list's dashes. */
  readonly indent: number;
}

/**
 * The entry whose lines hold the whole change, after its `- ` and before the next
 * entry's, or undefined. The last entry never qualifies: where a list ends depends
 * on what follows it.
 */
function entryHolding(
  text: string,
  fragments: readonly EntryFragment[],
  change: TextChange,
): EntryPlace | undefined {
  let low = 0;
  let high = fragments.length - 1;
  // The last entry starting before the change.
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (fragments[middle].start <= change.start) low = middle;
    else high = middle - 1;
  }
  if (low + 1 >= fragments.length) return undefined;
  const dash = dashBefore(text, fragments[low].start);
  const nextDash = dashBefore(text, fragments[low + 1].start);
  if (dash < 0 || nextDash < 0 || change.start < dash + 2 || change.oldEnd > nextDash) {
    return undefined;
  }
  const indent = dash - (text.lastIndexOf('\n', dash - 1) + 1);
  return { index: low, dash, nextDash, indent };
}

/** The `-` of the block entry whose value starts at `start`, or -1. */
function dashBefore(text: string, start: number): number {
  let at = start - 1;
  while (at >= 0 && text.charCodeAt(at) === 0x20) at--;
  return at >= 0 && text.charCodeAt(at) === 0x2d && at < start - 1 ? at : -1;
}

function moveDocument(document: SyntaxDocument, moved: number, memo: ParseMemo): SyntaxDocument {
  const contents = document.contents;
  return {
    ...document,
    contents:
      contents?.kind === 'map'
        ? {
            kind: 'map',
            pairs: contents.pairs.map((pair) => movePair(pair, moved, memo)),
            start: contents.start + moved,
            end: contents.end + moved,
          }
        : contents && moveNode(contents, moved),
    start: document.start + moved,
    end: document.end + moved,
  };
}

/**
 * A top-level pair, moved. A list whose entries all have fragments keeps its entry
 * nodes as they are (the walk takes their fragments and moves those); anything else
 * is copied with new offsets.
 */
function movePair(pair: SyntaxPair, moved: number, memo: ParseMemo): SyntaxPair {
  const value = pair.value;
  let movedValue: SyntaxNode | null;
  if (value?.kind === 'seq' && fragmentsOf(value, memo)) {
    movedValue = {
      kind: 'seq',
      items: value.items,
      start: value.start + moved,
      end: value.end + moved,
    };
  } else {
    movedValue = value && moveNode(value, moved);
  }
  return { kind: 'pair', key: pair.key && moveNode(pair.key, moved), value: movedValue };
}

function moveNode(node: SyntaxNode, moved: number): SyntaxNode {
  switch (node.kind) {
    case 'scalar':
    case 'alias':
      return { ...node, start: node.start + moved, end: node.end + moved };
    case 'map':
      return {
        kind: 'map',
        pairs: node.pairs.map((pair): SyntaxPair => ({
          kind: 'pair',
          key: pair.key && moveNode(pair.key, moved),
          value: pair.value && moveNode(pair.value, moved),
        })),
        start: node.start + moved,
        end: node.end + moved,
      };
    case 'seq':
      return {
        kind: 'seq',
        items: node.items.map((item) => {
          if (item === null) return null;
          if (item.kind === 'pair') {
            return {
              kind: 'pair',
              key: item.key && moveNode(item.key, moved),
              value: item.value && moveNode(item.value, moved),
            };
          }
          return moveNode(item, moved);
        }),
        start: node.start + moved,
        end: node.end + moved,
      };
  }
}
