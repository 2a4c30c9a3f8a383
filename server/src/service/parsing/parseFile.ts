/**
 * Turns the text of one framework file into the model (frameworks, items,
 * references, all with source ranges) and the problems that file has on its own.
 *
 * Two parsers build the syntax tree the schema walk (`walk.ts`) reads. The fast
 * scanner (`fastParse.ts`) reads the plain block YAML framework files are made of
 * at tens of megabytes a second, and gives up on anything it is not certain about;
 * the `yaml` package then reads the file, with the options below, and its tree is
 * adapted here. The walk, and so every message and range, exists once.
 */
import { isAlias, isMap, isPair, isSeq, parseAllDocuments, Scalar, visit } from 'yaml';
import type { Document, Node, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';
import { limits } from '../limits';
import yamlOptionsFile from './yamlOptions.json';
import type { Framework, LocalDiagnostic, ParsedFile } from '../model';
import { fastParseFrameworkFile } from './fastParse';
import { findExcessiveNesting } from './nesting';
import { findTextHazards } from './textHazards';
import type { TextHazards } from './textHazards';
import type { ScalarStyle, SyntaxDocument, SyntaxNode, SyntaxPair } from './syntax';
import { capLocalDiagnostics, completeParsedFile, walkDocument } from './walk';

/**
 * The `yaml` options, each chosen deliberately:
 * - YAML 1.2 with the core schema and no merge keys, even when a `%YAML 1.1`
 *   directive asks for them: `no` stays the text "no" and `<<` is an ordinary key
 *   (reported as unknown), never a merge of another mapping.
 * - `uniqueKeys: false`: the package's own check is quadratic (13 s on a 40,000-key
 *   map); the walker finds duplicate keys with one Set per mapping instead.
 * - `resolveKnownTags: false`: `!!binary` or `!!timestamp` stay text; unknown tags
 *   such as `!!js/function` only raise a warning and are never executed.
 * - Aliases are never expanded: the walker reports them and nothing calls `toJS()`,
 *   so an alias bomb costs no more than its text.
 * - Nesting is bounded by a pre-scan (see `nesting.ts`) before the parser runs.
 * Exported so that `util/yamlText.ts` asks how a scalar reads with exactly these
 * options, and the editing features quote what the parser would misread. They live in
 * `yamlOptions.json` so that the benchmark's parse floor (`bench/yamlFloor.mjs`), which
 * cannot import TypeScript, measures the package with the very same options.
 */
export const yamlOptions = yamlOptionsFile as ParseOptions &
  DocumentOptions &
  SchemaOptions & {
    // A JSON import widens `'1.2'` to `string`; the file holds exactly the literal.
    version: '1.2';
  };

/**
 * Parses one file: with the fast scanner when it is certain of the whole file, with
 * the `yaml` package otherwise. Both give the same result wherever the scanner
 * answers (a differential test holds them to it).
 */
export function parseFrameworkFile(uri: string, version: number, text: string): ParsedFile {
  const hazards = text.length <= limits.maxFileBytes ? findTextHazards(text) : undefined;
  return hazards ? parseWithHazards(uri, version, hazards) : parseText(uri, version, text);
}

function parseText(uri: string, version: number, text: string): ParsedFile {
  return fastParseFrameworkFile(uri, version, text) ?? parseWithYamlPackage(uri, version, text);
}

/**
 * Parses a text with hazards (see `textHazards.ts`): not at all when it is not text,
 * otherwise with conflict markers blanked and the hazards' problems added.
 */
export function parseWithHazards(uri: string, version: number, hazards: TextHazards): ParsedFile {
  if (hazards.notText) return { uri, version, frameworks: [], diagnostics: [hazards.notText] };
  const parsed = parseText(uri, version, hazards.parseText);
  let hidden = parsed.hiddenDiagnostics;
  if (hazards.hiddenControlCharacters > 0) {
    const yamlSyntax = (hidden?.['yaml-syntax'] ?? 0) + hazards.hiddenControlCharacters;
    hidden = { ...hidden, 'yaml-syntax': yamlSyntax };
  }
  const diagnostics = [...hazards.diagnostics, ...parsed.diagnostics];
  return { ...parsed, ...capLocalDiagnostics(diagnostics, hidden) };
}

/**
 * Parses one file with the `yaml` package, whatever it holds: the reference the fast
 * scanner is measured against, and the only parser that reports YAML errors.
 */
export function parseWithYamlPackage(uri: string, version: number, text: string): ParsedFile {
  const diagnostics: LocalDiagnostic[] = [];
  const frameworks: Framework[] = [];
  if (text.length > limits.maxFileBytes) {
    diagnostics.push({
      code: 'yaml-syntax',
      range: { start: 0, end: 0 },
      // No exact size: of a file on disk the hosts read only enough to know it is too
      // large (see `readFrameworkFileText`), so that gigabytes are never held.
      message: `This file holds more than ${megabytes(limits.maxFileBytes)} MB of text; framework files that large are not checked. Split it into several files (one framework each, or several documents).`,
    });
    return { uri, version, frameworks, diagnostics };
  }
  const nesting = findExcessiveNesting(text, limits.maxNestingDepth);
  if (nesting) {
    diagnostics.push({
      code: 'yaml-syntax',
      range: { start: nesting.offset, end: Math.min(text.length, nesting.offset + 1) },
      message: `The YAML here nests more than ${limits.maxNestingDepth} levels deep; a framework needs fewer than ten, so the file was not checked. Remove the excess nesting.`,
    });
    return { uri, version, frameworks, diagnostics };
  }

  const documents = parseAllDocuments(text, yamlOptions);
  // An empty stream (no documents at all) comes back as a non-array value.
  const documentList: Document.Parsed[] = Array.isArray(documents) ? documents : [];
  for (const document of documentList) {
    reportYamlProblems(document, diagnostics);
    walkDocument(adaptDocument(document), text, frameworks, diagnostics);
  }
  return completeParsedFile(uri, version, frameworks, diagnostics);
}

function megabytes(length: number): string {
  return (length / (1024 * 1024)).toFixed(1);
}

const yamlErrorHints: Record<string, string> = {
  TAB_AS_INDENT: 'Indent with spaces, not tabs.',
  BAD_INDENT: 'Check the indentation of this line against the lines above it.',
  MISSING_CHAR: 'A closing quote or bracket is missing.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; quote values that contain ": ".',
  BLOCK_AS_IMPLICIT_KEY: 'A key must fit on one line; quote values that contain ": ".',
  TAG_RESOLVE_FAILED: 'Framework files do not use YAML tags; remove the tag.',
  DUPLICATE_KEY: 'Remove or rename one of the keys.',
};

function reportYamlProblems(document: Document.Parsed, diagnostics: LocalDiagnostic[]): void {
  for (const problem of [...document.errors, ...document.warnings]) {
    let [start, end] = problem.pos;
    if (problem.code === 'MISSING_CHAR' && problem.message.includes('quote')) {
      // The parser notices a missing closing quote where the text ends; the place to
      // fix is the opening quote.
      const opening = findQuotedScalarEndingAt(document, start);
      if (opening !== undefined) [start, end] = [opening, opening + 1];
    }
    const firstLine = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const hint = yamlErrorHints[problem.code];
    diagnostics.push({
      code: 'yaml-syntax',
      range: { start, end: Math.max(start, end) },
      message: hint ? `${firstLine}. ${hint}` : firstLine,
    });
  }
}

function findQuotedScalarEndingAt(document: Document.Parsed, offset: number): number | undefined {
  let found: number | undefined;
  visit(document, {
    Scalar(_key, node) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[0] < offset && offset <= node.range[2]) {
        found = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The syntax trees of a text's documents as the `yaml` package reads them, whether
 * or not they hold errors (see `hasErrors`). The tests compare the fast scanner's
 * trees with these.
 */
export function syntaxDocumentsWithYamlPackage(text: string): SyntaxDocument[] {
  const documents = parseAllDocuments(text, yamlOptions);
  const documentList: Document.Parsed[] = Array.isArray(documents) ? documents : [];
  return documentList.map((document) => adaptDocument(document));
}

/**
 * The syntax tree of one `yaml` document. Every node the composer returns has a
 * range; aliases are kept as aliases, never resolved.
 */
function adaptDocument(document: Document.Parsed): SyntaxDocument {
  const contents = document.contents as Node | null;
  return {
    contents: contents === null ? null : adaptNode(contents),
    start: document.range[0],
    end: document.range[2],
    hasErrors: document.errors.length > 0,
  };
}

function adaptNode(node: Node): SyntaxNode {
  const [start, end] = node.range ?? [0, 0];
  if (isMap(node)) {
    const pairs = node.items.map((pair): SyntaxPair => adaptPair(pair.key, pair.value));
    return { kind: 'map', pairs, start, end };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => {
      if (item === null || item === undefined) return null;
      if (isPair(item)) return adaptPair(item.key, item.value);
      return adaptNode(item as Node);
    });
    return { kind: 'seq', items, start, end };
  }
  if (isAlias(node)) return { kind: 'alias', source: node.source, start, end };
  return { kind: 'scalar', style: scalarStyle(node), value: node.value, start, end };
}

function adaptPair(key: unknown, value: unknown): SyntaxPair {
  return {
    kind: 'pair',
    key: key === null || key === undefined ? null : adaptNode(key as Node),
    value: value === null || value === undefined ? null : adaptNode(value as Node),
  };
}

function scalarStyle(scalar: Scalar): ScalarStyle {
  switch (scalar.type) {
    case Scalar.PLAIN:
      return 'plain';
    case Scalar.QUOTE_SINGLE:
      return 'single-quoted';
    case Scalar.QUOTE_DOUBLE:
      return 'double-quoted';
    default:
      return 'block';
  }
}
