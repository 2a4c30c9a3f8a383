/**
 * Where the cursor is in the format: in which mapping (a goal, an objective, the
 * framework itself), and whether a key or the value of some key is being typed.
 *
 * It reads the text around the cursor rather than the parsed YAML, because while a
 * person types, the document is usually not valid YAML and the parse has lost
 * exactly the part being typed. Indentation tells the nesting of block YAML, and the
 * current line is scanned for flow collections (`{ id: x, supports: [| ] }`).
 */
import { resolveSchema, rootSchema } from '../format';
import type { ResolvedSchema } from '../format';
import { limits } from '../limits';
import type { OffsetRange } from '../model';

export type CursorSlot =
  /** Typing a key of `mapSchema` (or on one, for hover). */
  | { readonly kind: 'key'; readonly key: string }
  /** Typing the value of `key`, whose schema is `valueSchema` (an element's, in a list). */
  | {
      readonly kind: 'value';
      readonly key: string;
      readonly valueSchema: ResolvedSchema;
      /** True when the value is an element of a list (`- x` or `[x]`). */
      readonly inList: boolean;
    };

export interface CursorContext {
  /** The schema of the mapping the cursor is in; undefined where the format has none. */
  readonly mapSchema: ResolvedSchema | undefined;
  /** Keys already written in that mapping. */
  readonly existingKeys: ReadonlySet<string>;
  readonly slot: CursorSlot;
  /** The word under or before the cursor (ID characters and `:`), to be replaced. */
  readonly wordRange: OffsetRange;
  /** Whether the word is inside quotes. */
  readonly quoted: boolean;
}

/** A segment of the path from the document's root to the cursor's mapping. */
type PathSegment = { readonly key: string } | 'item';

interface LineInfo {
  readonly start: number;
  readonly text: string;
  /** Column of the first character that is neither a space nor `- `. */
  readonly contentColumn: number;
  /** Columns of the `- ` indicators at the start of the line. */
  readonly dashColumns: readonly number[];
  /** The block key the line starts with (`key:`), if any. */
  readonly key: string | undefined;
  /** True when nothing but a comment follows `key:`. */
  readonly keyOpensBlock: boolean;
}

const KEY_PATTERN = /^([A-Za-z_<][\w<-]*|"[^"]*"|'[^']*')\s*:(?=\s|$)/;
const WORD_CHARACTER = /[A-Za-z0-9._:-]/;

/** The offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  // `lastIndexOf` reads a negative start as 0, so at offset 0 it would find a line
  // break at 0 and answer 1, after the offset, and every walk back up the file that
  // reached the first line of a file starting with a blank line never ended.
  if (offset <= 0) return 0;
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the line break that ends the line holding `offset`, or the text's end. */
export function lineEndAt(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

function lineAt(text: string, start: number): LineInfo {
  const end = lineEndAt(text, start);
  const lineText = text.slice(start, end).replace(/\r$/, '');
  let column = 0;
  const dashColumns: number[] = [];
  for (;;) {
    while (lineText.charCodeAt(column) === 0x20) column++;
    if (
      lineText[column] === '-' &&
      (column + 1 === lineText.length || lineText[column + 1] === ' ')
    ) {
      dashColumns.push(column);
      column++;
      continue;
    }
    break;
  }
  const rest = lineText.slice(column);
  const keyMatch = KEY_PATTERN.exec(rest);
  const key = keyMatch ? unquote(keyMatch[1]) : undefined;
  const afterKey = keyMatch ? rest.slice(keyMatch[0].length).trim() : '';
  return {
    start,
    text: lineText,
    contentColumn: column,
    dashColumns,
    key,
    keyOpensBlock: key !== undefined && (afterKey === '' || afterKey.startsWith('#')),
  };
}

function unquote(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

function isBlankOrComment(line: LineInfo): boolean {
  const trimmed = line.text.trim();
  return trimmed === '' || trimmed.startsWith('#') || trimmed === '---' || trimmed === '...';
}

/** The lines before `lineStart` up to the start of the YAML document, nearest first. */
function* previousLines(text: string, lineStart: number): Generator<LineInfo> {
  let end = lineStart - 1;
  while (end >= 0) {
    const start = lineStartAt(text, end);
    const line = lineAt(text, start);
    if (/^(---|\.\.\.)(\s|$)/.test(line.text)) return;
    yield line;
    end = start - 1;
  }
}

/**
 * The path of block keys and list items that contains a mapping whose keys start at
 * `column` on the line at `lineStart`.
 */
function blockPath(
  text: string,
  lineStart: number,
  column: number,
  itemDash: number | undefined,
): PathSegment[] {
  const path: PathSegment[] = itemDash === undefined ? [] : ['item'];
  let mapColumn = column;
  /** Set when the mapping is a list item: the column of its `- `. */
  let pendingDash = itemDash;
  for (let end = lineStart - 1; end >= 0;) {
    const start = lineStartAt(text, end);
    end = start - 1;
    // Lines indented as deep as the column looked for, or deeper, never decide the
    // path (the checks below pass over them), and in a long list they are nearly all
    // of the lines above: they are passed over without being read, so that the cost
    // follows the nesting, not the length of the file.
    const deepest = pendingDash !== undefined ? pendingDash : mapColumn - 1;
    if (deepest < 0) break;
    if (isIndentedBeyond(text, start, deepest)) continue;
    const line = lineAt(text, start);
    if (/^(---|\.\.\.)(\s|$)/.test(line.text)) break;
    if (isBlankOrComment(line)) continue;
    if (pendingDash !== undefined) {
      // Looking for the key that owns a list whose `- ` is at `pendingDash`.
      const dashes = line.dashColumns;
      if (dashes.includes(pendingDash)) continue; // a sibling item of the same list
      if (line.key !== undefined && line.contentColumn <= pendingDash && line.keyOpensBlock) {
        path.unshift({ key: line.key });
        mapColumn = line.contentColumn;
        pendingDash = undefined;
        const ownDash = line.dashColumns[line.dashColumns.length - 1];
        if (ownDash !== undefined && ownDash + 2 === line.contentColumn) {
          path.unshift('item');
          pendingDash = ownDash;
        }
        if (mapColumn === 0 && pendingDash === undefined) return path;
        continue;
      }
      if (line.contentColumn < pendingDash || (dashes.length > 0 && dashes[0] < pendingDash)) {
        return []; // Not a shape the format has: give up rather than guess.
      }
      continue;
    }
    // Looking for what contains a mapping whose keys start at `mapColumn`.
    const lineDash = line.dashColumns[line.dashColumns.length - 1];
    if (lineDash !== undefined && line.contentColumn === mapColumn && lineDash < mapColumn) {
      // The first key of this mapping, behind its `- `: the mapping is a list item.
      path.unshift('item');
      pendingDash = lineDash;
      continue;
    }
    if (line.contentColumn < mapColumn && line.key !== undefined && line.keyOpensBlock) {
      path.unshift({ key: line.key });
      mapColumn = line.contentColumn;
      if (lineDash !== undefined && lineDash + 2 === line.contentColumn) {
        path.unshift('item');
        pendingDash = lineDash;
      }
      if (mapColumn === 0 && pendingDash === undefined) return path;
      continue;
    }
    if (line.contentColumn < mapColumn && line.dashColumns.length === 0) return [];
  }
  return mapColumn === 0 ? path : [];
}

/** Whether the line starting at `start` begins with more than `column` spaces. */
function isIndentedBeyond(text: string, start: number, column: number): boolean {
  for (let at = start; at <= start + column; at++) {
    if (text.charCodeAt(at) !== 0x20) return false;
  }
  return true;
}

/** Follows a path from the root schema. */
function schemaAtPath(path: readonly PathSegment[]): ResolvedSchema | undefined {
  let schema: ResolvedSchema | undefined = rootSchema;
  for (const segment of path) {
    if (!schema) return undefined;
    if (segment === 'item') {
      schema = schema.items ? resolveSchema(schema.items) : undefined;
    } else {
      const property: ResolvedSchema['properties'] = schema.properties;
      schema = property?.[segment.key] ? resolveSchema(property[segment.key]) : undefined;
    }
  }
  return schema;
}

/** Keys already present in the block mapping whose keys start at `column`. */
function blockKeys(text: string, line: LineInfo, column: number): Set<string> {
  const keys = new Set<string>();
  const consider = (other: LineInfo): boolean => {
    if (isBlankOrComment(other)) return true;
    if (other.contentColumn < column) return false;
    if (other.contentColumn === column && other.key !== undefined) {
      keys.add(other.key);
      // The mapping's first line (behind its `- `) is where it starts.
      return !(
        other.dashColumns.length > 0 && other.dashColumns[other.dashColumns.length - 1] < column
      );
    }
    return other.contentColumn > column || other.dashColumns.length === 0;
  };
  // A line that starts a list item (`- |` or `- id: |`) starts the mapping: the keys
  // on the lines above belong to the previous item, not to this one.
  const lineDash = line.dashColumns[line.dashColumns.length - 1];
  const startsMapping = lineDash !== undefined && lineDash < column;
  if (!startsMapping) {
    for (const other of previousLines(text, line.start)) if (!consider(other)) break;
  }
  let start = text.indexOf('\n', line.start);
  while (start >= 0) {
    const other = lineAt(text, start + 1);
    if (/^(---|\.\.\.)(\s|$)/.test(other.text)) break;
    if (!isBlankOrComment(other)) {
      if (other.contentColumn < column) break;
      if (other.dashColumns.length > 0 && other.dashColumns[0] < column) break;
      if (other.contentColumn === column && other.key !== undefined) keys.add(other.key);
    }
    start = text.indexOf('\n', start + 1);
  }
  return keys;
}

interface FlowFrame {
  readonly kind: 'map' | 'seq';
  /** For a map: the keys written so far. */
  readonly keys: Set<string>;
  /** The key whose value this collection is, if any. */
  readonly ownerKey: string | undefined;
  /** For a map: the key whose value is being written now. */
  currentKey: string | undefined;
}

/**
 * Scans the current line up to the cursor for open flow collections. Returns the
 * stack of those still open, and the block key the line starts with.
 */
function flowFrames(lineText: string, column: number, startColumn: number): FlowFrame[] {
  const frames: FlowFrame[] = [];
  let pendingKey: string | undefined;
  let token = '';
  let quote: string | undefined;
  for (let index = startColumn; index < column; index++) {
    const character = lineText[index];
    if (quote) {
      if (character === quote) quote = undefined;
      else token += character;
      continue;
    }
    const top = frames[frames.length - 1];
    if (character === '"' || character === "'") {
      quote = character;
      continue;
    }
    if (character === '{' || character === '[') {
      const owner = top?.kind === 'map' ? top.currentKey : pendingKey;
      frames.push({
        kind: character === '{' ? 'map' : 'seq',
        keys: new Set(),
        ownerKey: owner,
        currentKey: undefined,
      });
      token = '';
      continue;
    }
    if (character === '}' || character === ']') {
      frames.pop();
      token = '';
      continue;
    }
    if (character === ':' && (lineText[index + 1] === ' ' || index + 1 === lineText.length)) {
      const key = token.trim();
      if (top?.kind === 'map') {
        top.currentKey = key;
        top.keys.add(key);
      } else if (!top) {
        pendingKey = key;
      }
      token = '';
      continue;
    }
    if (character === ',') {
      if (top?.kind === 'map') top.currentKey = undefined;
      token = '';
      continue;
    }
    token += character;
  }
  return frames;
}

export function cursorContext(text: string, offset: number): CursorContext {
  // A file too large to be checked is not read here either: the features know nothing
  // of it, and reading the mapping around the cursor would scan the whole file (a
  // third of a second per hover or keystroke in a 50 MB file).
  if (text.length > limits.maxFileBytes) {
    return {
      mapSchema: undefined,
      existingKeys: new Set(),
      slot: { kind: 'key', key: '' },
      wordRange: { start: offset, end: offset },
      quoted: false,
    };
  }
  const lineStart = lineStartAt(text, offset);
  const line = lineAt(text, lineStart);
  const column = offset - lineStart;
  const { wordRange, quoted } = wordAround(lineStart, line.text, column);
  const wordText = text.slice(wordRange.start, wordRange.end);

  // The block mapping the line belongs to: its keys start at the content column, or
  // for a blank line, at the cursor.
  const blank = line.text.trim() === '' || column <= line.contentColumn;
  const mapColumn = blank && line.text.slice(0, column).trim() === '' ? column : line.contentColumn;
  // A line that starts with `- ` begins a list item: look for the list's owner.
  const ownDash = line.dashColumns[line.dashColumns.length - 1];
  const startsItem =
    ownDash !== undefined && mapColumn === line.contentColumn && ownDash + 2 >= line.contentColumn;
  const path = blockPath(text, lineStart, mapColumn, startsItem ? ownDash : undefined);
  const mapSchema = path.length > 0 || mapColumn === 0 ? schemaAtPath(path) : undefined;
  // A `- ` line whose item is a scalar (`- "1.1"` under `supports:`): the list's value.
  if (mapSchema && !mapSchema.properties && path[path.length - 1] === 'item') {
    const listPath = path.slice(0, -1);
    const owner = listPath[listPath.length - 1];
    const ownerSchema = schemaAtPath(listPath.slice(0, -1));
    if (owner !== 'item' && owner && ownerSchema) {
      return {
        mapSchema: ownerSchema,
        existingKeys: new Set(),
        slot: { kind: 'value', key: owner.key, valueSchema: mapSchema, inList: true },
        wordRange,
        quoted,
      };
    }
  }

  const frames = flowFrames(line.text, column, line.contentColumn);
  if (frames.length > 0 && mapSchema) {
    // Follow the flow collections from the block key that opened them.
    let schema: ResolvedSchema | undefined = line.key ? property(mapSchema, line.key) : mapSchema;
    let existing = new Set<string>();
    let ownerMap: ResolvedSchema | undefined = mapSchema;
    for (const [position, frame] of frames.entries()) {
      if (position > 0) {
        const parent = frames[position - 1];
        schema =
          parent.kind === 'map'
            ? schema && frame.ownerKey
              ? property(schema, frame.ownerKey)
              : undefined
            : schema?.items
              ? resolveSchema(schema.items)
              : undefined;
      }
      if (frame.kind === 'map') {
        ownerMap = schema;
        existing = frame.keys;
      }
    }
    const top = frames[frames.length - 1];
    if (top.kind === 'map') {
      if (top.currentKey !== undefined && schema) {
        const valueSchema = property(schema, top.currentKey);
        if (valueSchema) {
          return {
            mapSchema: schema,
            existingKeys: existing,
            slot: { kind: 'value', key: top.currentKey, valueSchema, inList: false },
            wordRange,
            quoted,
          };
        }
      }
      return {
        mapSchema: schema,
        existingKeys: existing,
        slot: { kind: 'key', key: wordText },
        wordRange,
        quoted,
      };
    }
    const listOwner = frames.length > 1 ? frames[frames.length - 2] : undefined;
    const ownerKey = top.ownerKey ?? listOwner?.currentKey ?? line.key;
    const elementSchema = schema?.items ? resolveSchema(schema.items) : undefined;
    if (elementSchema && ownerKey) {
      return {
        mapSchema: ownerMap,
        existingKeys: existing,
        slot: { kind: 'value', key: ownerKey, valueSchema: elementSchema, inList: true },
        wordRange,
        quoted,
      };
    }
  }

  const existingKeys = mapSchema ? blockKeys(text, line, mapColumn) : new Set<string>();
  const keyEnd = line.key !== undefined ? line.text.indexOf(':', line.contentColumn) : -1;
  if (mapSchema && line.key !== undefined && column > keyEnd && keyEnd >= 0) {
    const valueSchema = property(mapSchema, line.key);
    if (valueSchema) {
      return {
        mapSchema,
        existingKeys,
        slot: { kind: 'value', key: line.key, valueSchema, inList: false },
        wordRange,
        quoted,
      };
    }
  }
  return { mapSchema, existingKeys, slot: { kind: 'key', key: wordText }, wordRange, quoted };
}

function property(schema: ResolvedSchema, key: string): ResolvedSchema | undefined {
  const found = schema.properties?.[key];
  return found ? resolveSchema(found) : undefined;
}

function wordAround(
  lineStart: number,
  lineText: string,
  column: number,
): { wordRange: OffsetRange; quoted: boolean } {
  let start = column;
  while (start > 0 && WORD_CHARACTER.test(lineText[start - 1])) start--;
  let end = column;
  while (end < lineText.length && WORD_CHARACTER.test(lineText[end])) end++;
  // A key's colon is not part of the word: `title:` is the word `title`.
  while (
    end > start &&
    lineText[end - 1] === ':' &&
    (end === lineText.length || lineText[end] === ' ')
  ) {
    end--;
  }
  if (end < column) end = column;
  const before = lineText[start - 1];
  const quoted = before === '"' || before === "'";
  return { wordRange: { start: lineStart + start, end: lineStart + end }, quoted };
}
