/**
 * The syntax tree of a text the index parsed, for the features that need more of the
 * YAML than the model keeps: the texts the report shows, the keys of a mapping a
 * quick fix renames a key in, whether the document an edit falls in has YAML errors.
 */
import { limits } from '../limits';
import { scanDocuments } from '../parsing/fastParse';
import { findExcessiveNesting } from '../parsing/nesting';
import { syntaxDocumentsWithYamlPackage } from '../parsing/parseFile';
import type { SyntaxDocument, SyntaxMap, SyntaxNode, SyntaxScalar } from '../parsing/syntax';
import type { OffsetRange } from '../model';
import type { IndexedFile } from '../workspaceIndex';

/**
 * The syntax trees of a text, from the scanner when it reads the text and from the
 * `yaml` package otherwise, with the same guard against deep nesting the parser has
 * (a file it refused holds no framework, so the features never get here, but the
 * guard costs one linear scan).
 */
export function syntaxDocumentsOf(text: string): SyntaxDocument[] {
  if (text.length > limits.maxFileBytes) return [];
  const scanned = scanDocuments(text);
  if (scanned) return scanned;
  if (findExcessiveNesting(text, limits.maxNestingDepth)) return [];
  return syntaxDocumentsWithYamlPackage(text);
}

/** A key of a mapping, with the mapping and the document that hold it. */
export interface KeyInMapping {
  readonly document: SyntaxDocument;
  readonly map: SyntaxMap;
  readonly key: SyntaxScalar;
}

/**
 * The scalar key of a mapping whose text starts at `offset`: the key node starts
 * there, or one character before for a quoted key. Undefined when no mapping has
 * such a key (the text there is a value, or a key of a pair in a flow sequence).
 * Only the one node on the way down that holds the offset is visited, so the cost
 * follows the nesting, not the size of the file.
 */
export function keyInMappingAt(
  documents: readonly SyntaxDocument[],
  offset: number,
): KeyInMapping | undefined {
  const holds = (node: SyntaxNode | null): node is SyntaxNode =>
    node !== null && node.start <= offset && offset < node.end;
  for (const document of documents) {
    let node: SyntaxNode | null = holds(document.contents) ? document.contents : null;
    while (node) {
      let next: SyntaxNode | null = null;
      if (node.kind === 'map') {
        for (const { key, value } of node.pairs) {
          if (key?.kind === 'scalar' && startsKey(key, offset)) {
            return { document, map: node, key };
          }
          if (holds(key)) next = key;
          else if (holds(value)) next = value;
          if (next) break;
        }
      } else if (node.kind === 'seq') {
        for (const item of node.items) {
          if (item === null) continue;
          const children = item.kind === 'pair' ? [item.key, item.value] : [item];
          next = children.find(holds) ?? null;
          if (next) break;
        }
      }
      node = next;
    }
  }
  return undefined;
}

function startsKey(key: SyntaxScalar, offset: number): boolean {
  if (key.start === offset) return true;
  const quoted = key.style === 'single-quoted' || key.style === 'double-quoted';
  return quoted && key.start + 1 === offset;
}

/**
 * A key's name as the parser compares keys for duplicates: the text a string reads
 * as, a plain scalar as written, another scalar as YAML-to-JSON tools would write it.
 */
export function keyName(key: SyntaxScalar, text: string): string {
  if (typeof key.value === 'string') return key.value;
  if (key.style === 'plain') return text.slice(key.start, key.end);
  if (typeof key.value === 'number' || typeof key.value === 'boolean') return String(key.value);
  return '';
}

/** The syntax trees of files, each read at most once while one request is answered. */
export function syntaxCache(): (file: IndexedFile) => readonly SyntaxDocument[] {
  const trees = new Map<string, SyntaxDocument[]>();
  return (file) => {
    let documents = trees.get(file.uri);
    if (!documents) trees.set(file.uri, (documents = syntaxDocumentsOf(file.text)));
    return documents;
  };
}

/**
 * Where the YAML document holding `offset` has its first syntax error, or undefined
 * when it has none. The parser's reading of a document with errors is a guess (an
 * unclosed quote can make `'1.12` read as another ID), so an edit computed from it
 * may damage what the user wrote: rename and the quick fixes make none there. A file
 * whose parse reported no YAML problem is not read again.
 */
export function yamlErrorAround(
  file: IndexedFile,
  offset: number,
  syntaxOf: (file: IndexedFile) => readonly SyntaxDocument[],
): OffsetRange | undefined {
  const parsed = file.parsed;
  const problems = parsed.diagnostics.filter((problem) => problem.code === 'yaml-syntax');
  if (problems.length === 0 && (parsed.hiddenDiagnostics?.['yaml-syntax'] ?? 0) === 0) {
    return undefined;
  }
  const holder = syntaxOf(file).find(
    (document) => document.start <= offset && offset <= document.end,
  );
  if (holder && !holder.hasErrors) return undefined;
  const inHolder = holder
    ? problems.find((p) => p.range.start >= holder.start && p.range.start <= holder.end)
    : undefined;
  return (inHolder ?? problems[0] ?? { range: { start: offset, end: offset } }).range;
}
