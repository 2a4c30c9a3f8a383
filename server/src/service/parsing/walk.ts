/**
 * The schema-driven walk that turns a file's syntax tree (`syntax.ts`) into the
 * model (frameworks, items, references, all with source ranges) and the problems
 * the file has on its own.
 *
 * One walk does both: it follows `schemas/framework.schema.json` to check each node,
 * and where the schema says a node is an item or a reference it records it in the
 * model. It never converts the YAML to JavaScript values and never follows an alias,
 * so a document full of aliases costs no more than its text. Both parsers (the fast
 * scanner and the `yaml` package) feed this one walk, so every message exists once.
 */
import { closestMatches } from '../util/editDistance';
import { isNumberedId, isValidId, itemDefinitions, resolveSchema, rootSchema } from '../format';
import type { JsonSchema, ResolvedSchema } from '../format';
import { limits } from '../limits';
import { giveShape, newShapeToken, perShape } from '../shape';
import type { ShapeToken } from '../shape';
import type {
  Framework,
  FrameworkItem,
  FrameworkReference,
  ItemKind,
  LocalDiagnostic,
  OffsetRange,
  ParsedFile,
  Reference,
  ReferenceField,
  RetiredEntry,
  RetiredMark,
} from '../model';
import type { DiagnosticCode } from '../types';
import { mapValue } from './syntax';
import type { SyntaxDocument, SyntaxMap, SyntaxNode, SyntaxScalar, SyntaxSeq } from './syntax';

/**
 * What walking one entry of a top-level list (a goal, a value, a programme) added to
 * the model, as of the text it was walked in. Such an entry's walk depends only on
 * its own node and on how many items came before it, so after an edit elsewhere the
 * incremental parser (`incremental.ts`) hands the entry back unchanged and the walk
 * reuses this instead of walking it again.
 */
export interface EntryFragment {
  /** Where the entry's node starts and ends. */
  readonly start: number;
  readonly end: number;
  /** The index, in the framework's items, of the fragment's first item. */
  readonly itemBase: number;
  readonly items: readonly FrameworkItem[];
  readonly references: readonly Reference[];
  readonly diagnostics: readonly LocalDiagnostic[];
}

/** The fragments a walk may reuse and the ones it records for the next walk. */
export interface EntryMemo {
  /** The previous walk's fragments, by the entry's node. */
  readonly previous: ReadonlyMap<SyntaxNode, EntryFragment>;
  /**
   * The edit since the previous walk: fragments starting at or after `movedFrom`
   * (an offset of the previous text) now lie `moved` characters further on.
   */
  readonly movedFrom: number;
  readonly moved: number;
  /** Filled by the walk: the fragment of every entry of every top-level list. */
  readonly next: Map<SyntaxNode, EntryFragment>;
  /**
   * The fragments of the entries that new nodes replace (the entry an edit fell in):
   * when such an entry's items keep their IDs, kinds and nesting, and every other
   * entry is reused in place, the framework keeps its shape token (`shape.ts`).
   */
  readonly replaced: ReadonlyMap<SyntaxNode, EntryFragment>;
  /** The shape token of the framework each document held before the edit. */
  readonly previousShapes: ReadonlyMap<SyntaxDocument, ShapeToken>;
  /** Filled by the walk: the shape token of each document's framework. */
  readonly nextShapes: Map<SyntaxDocument, ShapeToken>;
}

interface WalkState {
  readonly text: string;
  readonly diagnostics: LocalDiagnostic[];
  readonly items: FrameworkItem[];
  readonly references: Reference[];
  /**
   * The keys seen so far in the mappings being walked, one segment per mapping, with
   * their nodes: each mapping cuts its segment off when it is done, so small mappings
   * (nearly all) make no collection of their own.
   */
  readonly seenKeys: string[];
  readonly seenNodes: SyntaxScalar[];
  /** Set while walking a framework's top-level keys. */
  frameworkSupersedes: FrameworkReference | undefined;
  frameworkId: { value: string; range: OffsetRange } | undefined;
  /** Where entries' fragments come from and go, when the caller keeps them. */
  readonly memo: EntryMemo | undefined;
  /** The values of the document's top-level keys: the lists whose entries have fragments. */
  readonly topLevelValues: ReadonlySet<SyntaxNode>;
  /** Whether the items so far have the shape the framework had before the edit. */
  sameShape: boolean;
}

interface WalkPlace {
  /** The item whose keys are being walked, or -1 at the framework level. */
  readonly parent: number;
  /** The key whose value is being walked. */
  readonly key: string;
  /** How to name the place in messages, such as "goal 3" or "the framework". */
  readonly owner: string;
}

/**
 * Walks one document: adds its framework (if it names one) to `frameworks` and its
 * problems to `diagnostics`. A document without contents, or with only a null
 * scalar (`---` and nothing, or only comments), is not a framework and is skipped.
 */
export function walkDocument(
  document: SyntaxDocument,
  text: string,
  frameworks: Framework[],
  diagnostics: LocalDiagnostic[],
  memo?: EntryMemo,
): void {
  const contents = document.contents;
  if (contents === null || (contents.kind === 'scalar' && contents.value === null)) return;
  const framework = walkFramework(document, contents, text, diagnostics, memo);
  if (framework) frameworks.push(framework);
}

/**
 * The parsed file once every document is walked. A file without any framework gets
 * one problem saying so, unless a syntax error already explains why.
 */
export function completeParsedFile(
  uri: string,
  version: number,
  frameworks: Framework[],
  diagnostics: LocalDiagnostic[],
): ParsedFile {
  if (frameworks.length === 0 && !diagnostics.some((d) => d.code === 'yaml-syntax')) {
    diagnostics.push({
      code: 'missing-key',
      range: { start: 0, end: 0 },
      message:
        'This file holds no framework. Start it with `framework: my-framework-id`, `title:` and `goals:`.',
    });
  }
  return { uri, version, frameworks, ...capLocalDiagnostics(diagnostics) };
}

/**
 * Keeps at most `limits.maxDiagnosticsPerFile` problems of each code, the first in the
 * file, and counts the rest. No more can be shown, yet the cap is per code: a user who
 * turns one code off must still see every other code's first problems.
 */
export function capLocalDiagnostics(
  diagnostics: LocalDiagnostic[],
  alreadyHidden?: ParsedFile['hiddenDiagnostics'],
): Pick<ParsedFile, 'diagnostics' | 'hiddenDiagnostics'> {
  const cap = limits.maxDiagnosticsPerFile;
  if (diagnostics.length <= cap && !alreadyHidden) return { diagnostics };
  const perCode = new Map<DiagnosticCode, number>();
  for (const diagnostic of diagnostics) {
    perCode.set(diagnostic.code, (perCode.get(diagnostic.code) ?? 0) + 1);
  }
  const hidden: Partial<Record<DiagnosticCode, number>> = { ...alreadyHidden };
  const overCap = new Set<DiagnosticCode>();
  for (const [code, count] of perCode) {
    if (count <= cap) continue;
    overCap.add(code);
    hidden[code] = (hidden[code] ?? 0) + count - cap;
  }
  if (overCap.size === 0) return { diagnostics, hiddenDiagnostics: alreadyHidden };
  // The first of a code in the file are kept; a stable sort keeps the order found.
  const firstOfCode = diagnostics
    .filter((diagnostic) => overCap.has(diagnostic.code))
    .sort((a, b) => a.range.start - b.range.start);
  const kept = new Set<LocalDiagnostic>();
  const keptPerCode = new Map<DiagnosticCode, number>();
  for (const diagnostic of firstOfCode) {
    const count = keptPerCode.get(diagnostic.code) ?? 0;
    if (count >= cap) continue;
    keptPerCode.set(diagnostic.code, count + 1);
    kept.add(diagnostic);
  }
  return {
    diagnostics: diagnostics.filter((d) => !overCap.has(d.code) || kept.has(d)),
    hiddenDiagnostics: hidden,
  };
}

function walkFramework(
  document: SyntaxDocument,
  contents: SyntaxNode,
  text: string,
  diagnostics: LocalDiagnostic[],
  memo: EntryMemo | undefined,
): Framework | undefined {
  const topLevelValues = new Set<SyntaxNode>();
  if (memo && contents.kind === 'map') {
    for (const pair of contents.pairs) if (pair.value) topLevelValues.add(pair.value);
  }
  const state: WalkState = {
    text,
    diagnostics,
    items: [],
    references: [],
    seenKeys: [],
    seenNodes: [],
    frameworkSupersedes: undefined,
    frameworkId: undefined,
    memo,
    topLevelValues,
    sameShape: true,
  };
  const hasSyntaxErrors = document.hasErrors;
  if (contents.kind !== 'map') {
    diagnostics.push({
      code: 'invalid-value',
      range: nodeRange(contents),
      message:
        'A framework document must be a mapping with `framework:`, `title:` and `goals:` keys.',
    });
    return undefined;
  }
  walkMap(
    contents,
    rootSchema,
    state,
    { parent: -1, key: '', owner: 'the framework' },
    {
      reportMissingKeys: !hasSyntaxErrors,
    },
  );
  checkPeriod(contents, state);
  const previousShape = memo?.previousShapes.get(document);
  const shape = previousShape && state.sameShape ? previousShape : newShapeToken();
  checkNumbering(state, shape);
  checkDuplicateIds(state, shape);
  if (!state.frameworkId) return undefined;
  const framework: Framework = {
    id: state.frameworkId.value,
    idRange: state.frameworkId.range,
    range: { start: document.start, end: document.end },
    title: textValue(mapValue(contents, 'title')),
    description: textValue(mapValue(contents, 'description')),
    period: readPeriod(contents),
    supersedes: state.frameworkSupersedes,
    retired: retiredEntries(contents, state.references),
    items: state.items,
    references: state.references,
  };
  giveShape(framework, shape);
  memo?.nextShapes.set(document, shape);
  return framework;
}

/** Which JSON types a schema allows, worked out once per schema. */
interface SchemaTypes {
  readonly object: boolean;
  readonly array: boolean;
  readonly string: boolean;
  readonly number: boolean;
  readonly integer: boolean;
}

const typesCache = new WeakMap<ResolvedSchema, SchemaTypes>();

function typesOf(schema: ResolvedSchema): SchemaTypes {
  let types = typesCache.get(schema);
  if (!types) {
    const list = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
    types = {
      object: list.includes('object'),
      array: list.includes('array'),
      string: list.includes('string'),
      number: list.includes('number'),
      integer: list.includes('integer'),
    };
    typesCache.set(schema, types);
  }
  return types;
}

interface MapOptions {
  readonly reportMissingKeys: boolean;
}

function walkMap(
  map: SyntaxMap,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
  options: MapOptions,
): void {
  const properties = schema.properties ?? {};
  const table = propertyTable(schema);
  // A large mapping gets an index, so that even 100,000 keys are checked in linear time.
  const seenKeys = state.seenKeys;
  const seenNodes = state.seenNodes;
  const mark = seenKeys.length;
  const index = map.pairs.length > 16 ? new Map<string, SyntaxScalar>() : undefined;

  // One place for all the values of this mapping: the walk below reads it and keeps
  // nothing of it, so it is updated key by key rather than made anew.
  const valuePlace = { parent: place.parent, key: '', owner: place.owner };
  for (const pair of map.pairs) {
    const keyNode = pair.key;
    if (keyNode === null || keyNode.kind !== 'scalar') {
      state.diagnostics.push({
        code: 'invalid-value',
        range: keyNode ? nodeRange(keyNode) : nodeRange(map),
        message: 'Keys must be plain words such as `title`; this key is a list or mapping.',
      });
      continue;
    }
    const key = scalarSource(keyNode, state.text);
    const earlier = index ? index.get(key) : seenAfter(state, mark, key);
    if (earlier !== undefined) {
      state.diagnostics.push({
        code: 'yaml-syntax',
        range: valueRange(keyNode, state.text),
        message: `The key '${key}' appears twice in ${place.owner}; a key may appear once in a mapping. Remove or rename one of them.`,
        related: [{ range: valueRange(earlier, state.text), message: `The first '${key}'.` }],
      });
      continue;
    }
    if (index) {
      index.set(key, keyNode);
    } else {
      seenKeys.push(key);
      seenNodes.push(keyNode);
    }
    // Only the schema's own properties count: `constructor` or `__proto__` are keys
    // like any other, unknown to the format.
    const propertySchema = table.get(key);
    if (!propertySchema) {
      if (schema.additionalProperties === false) {
        reportUnknownKey(key, keyNode, Object.keys(properties), state, place);
      }
      continue;
    }
    valuePlace.key = key;
    walkValue(keyNode, pair.value, resolveSchema(propertySchema), state, valuePlace);
  }
  if (options.reportMissingKeys) {
    for (const required of schema.required ?? []) {
      if ((index ? index.get(required) : seenAfter(state, mark, required)) !== undefined) {
        continue;
      }
      const firstKey = map.pairs[0]?.key;
      state.diagnostics.push({
        code: 'missing-key',
        range: firstKey ? valueRange(firstKey, state.text) : nodeRange(map),
        message: missingKeyMessage(required, place.owner, schema),
      });
    }
  }
  seenKeys.length = mark;
  seenNodes.length = mark;
}

/** The node of `key` among the keys seen since `mark`, if it was seen. */
function seenAfter(state: WalkState, mark: number, key: string): SyntaxScalar | undefined {
  const at = state.seenKeys.indexOf(key, mark);
  return at < 0 ? undefined : state.seenNodes[at];
}

const propertyTables = new WeakMap<ResolvedSchema, Map<string, JsonSchema>>();

/** A schema's own properties as a map, built once per schema. */
function propertyTable(schema: ResolvedSchema): Map<string, JsonSchema> {
  let table = propertyTables.get(schema);
  if (!table) {
    table = new Map(Object.entries(schema.properties ?? {}));
    propertyTables.set(schema, table);
  }
  return table;
}

function missingKeyMessage(key: string, owner: string, schema: ResolvedSchema): string {
  const subject = owner.charAt(0).toUpperCase() + owner.slice(1);
  if (schema === rootSchema) {
    if (key === 'framework') {
      return 'This framework has no ID. Add `framework: my-framework-id` (letters, digits, ., _ and -).';
    }
    if (key === 'goals') {
      return 'This framework has no goals. Add `goals:` with at least one goal (`- id: "1"` and `title:`).';
    }
  }
  return `${subject} has no \`${key}\`. Add \`${key}:\` with its value.`;
}

function reportUnknownKey(
  key: string,
  keyNode: SyntaxScalar,
  known: string[],
  state: WalkState,
  place: WalkPlace,
): void {
  const candidates = closestMatches(key, known, limits.maxCandidates);
  const suggestion =
    candidates.length > 0
      ? ` Did you mean '${candidates[0]}'?`
      : ` The keys allowed here are: ${known.join(', ')}.`;
  state.diagnostics.push({
    code: 'unknown-key',
    range: valueRange(keyNode, state.text),
    message: `Unknown key '${key}' in ${place.owner}.${suggestion}`,
    data: { candidates },
  });
}

function walkValue(
  keyNode: SyntaxScalar,
  value: SyntaxNode | null,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
): void {
  const at: OffsetRange = value ?? valueRange(keyNode, state.text);
  if (value && value.kind === 'alias') {
    state.diagnostics.push({
      code: 'invalid-value',
      range: rangeOf(at),
      message: `Aliases (*${value.source}) are not supported in framework files: write the value of '${place.key}' out in full.`,
    });
    return;
  }
  walkNode(value, at, schema, state, place);
}

function walkNode(
  node: SyntaxNode | null,
  at: OffsetRange,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
): void {
  const definition = schema.definition;
  if (definition === 'id' || definition === 'frameworkId' || definition === 'reference') {
    walkIdentifier(node, at, definition, state, place);
    return;
  }
  const types = typesOf(schema);
  if (types.object) {
    if (node?.kind !== 'map') {
      reportWrongType(node, at, 'a mapping (indented `key: value` lines)', state, place);
      return;
    }
    const kind = definition ? itemDefinitions[definition] : undefined;
    if (kind) {
      walkItem(node, kind, schema, state, place);
    } else {
      walkMap(
        node,
        schema,
        state,
        { parent: place.parent, key: place.key, owner: `'${place.key}'` },
        { reportMissingKeys: true },
      );
    }
    return;
  }
  if (types.array) {
    if (node?.kind !== 'seq') {
      reportWrongType(node, at, 'a list (`- item` lines or `[a, b]`)', state, place);
      return;
    }
    if (schema.minItems !== undefined && node.items.length < schema.minItems) {
      state.diagnostics.push({
        code: 'invalid-value',
        range: rangeOf(at),
        message: `'${place.key}' needs at least ${schema.minItems} entry; add one.`,
      });
    }
    const itemSchema = schema.items ? resolveSchema(schema.items) : undefined;
    if (!itemSchema) return;
    if (
      state.memo &&
      state.topLevelValues.has(node) &&
      itemSchema.definition &&
      itemDefinitions[itemSchema.definition]
    ) {
      walkEntriesWithMemo(node, itemSchema, state, place, state.memo);
      return;
    }
    for (const elementNode of node.items) {
      if (elementNode && elementNode.kind === 'alias') {
        state.diagnostics.push({
          code: 'invalid-value',
          range: nodeRange(elementNode),
          message: `Aliases (*${elementNode.source}) are not supported in framework files: write the entry out in full.`,
        });
        continue;
      }
      if (elementNode?.kind === 'pair') {
        // `[a: b]` in a flow list is a one-pair mapping, not a scalar.
        reportWrongType(null, at, 'a list of single values', state, place);
        continue;
      }
      walkNode(elementNode, elementNode ?? at, itemSchema, state, place);
    }
    return;
  }
  walkScalar(node, at, schema, types, state, place);
}

/**
 * Walks the entries of a top-level list of items, reusing the fragment of every
 * entry the previous walk saw (moved and renumbered as the edit requires) and
 * recording each entry's fragment for the next walk. Gives what walking every entry
 * would give: an entry's walk reads only its own node, the text under it and the
 * number of items before it.
 */
function walkEntriesWithMemo(
  list: SyntaxSeq,
  itemSchema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
  memo: EntryMemo,
): void {
  for (const entry of list.items) {
    // The fast scanner, the only parser that keeps fragments, makes no null, pair or
    // alias entries.
    if (entry === null || entry.kind === 'pair' || entry.kind === 'alias') {
      throw new Error('A list entry the fast scanner does not make reached the memo walk.');
    }
    const previous = memo.previous.get(entry);
    if (previous) {
      if (previous.itemBase !== state.items.length) state.sameShape = false;
      memo.next.set(entry, reuseFragment(previous, state, memo));
      continue;
    }
    const itemBase = state.items.length;
    const referenceBase = state.references.length;
    const diagnosticBase = state.diagnostics.length;
    walkNode(entry, entry, itemSchema, state, place);
    const fragment: EntryFragment = {
      start: entry.start,
      end: entry.end,
      itemBase,
      items: state.items.slice(itemBase),
      references: state.references.slice(referenceBase),
      diagnostics: state.diagnostics.slice(diagnosticBase),
    };
    memo.next.set(entry, fragment);
    const replaced = memo.replaced.get(entry);
    if (!replaced || !sameShapeOfItems(replaced, fragment)) state.sameShape = false;
  }
}

/** Whether two fragments' items have the same IDs, kinds and nesting, in order. */
function sameShapeOfItems(before: EntryFragment, after: EntryFragment): boolean {
  if (before.items.length !== after.items.length) return false;
  for (let index = 0; index < before.items.length; index++) {
    const old = before.items[index];
    const item = after.items[index];
    if (old.id !== item.id || old.kind !== item.kind) return false;
    const oldParent = old.parent >= 0 ? old.parent - before.itemBase : old.parent;
    const parent = item.parent >= 0 ? item.parent - after.itemBase : item.parent;
    if (oldParent !== parent) return false;
  }
  return true;
}

/** Adds a previous walk's fragment to the model, moved and renumbered as needed. */
function reuseFragment(fragment: EntryFragment, state: WalkState, memo: EntryMemo): EntryFragment {
  const offset = fragment.start >= memo.movedFrom ? memo.moved : 0;
  const itemBase = state.items.length;
  const renumber = itemBase - fragment.itemBase;
  if (offset === 0 && renumber === 0) {
    for (const item of fragment.items) state.items.push(item);
    for (const reference of fragment.references) state.references.push(reference);
    for (const diagnostic of fragment.diagnostics) state.diagnostics.push(diagnostic);
    return fragment;
  }
  // Object literals with every field, in the order `walkItem` and `recordReference`
  // write them: V8 copies those several times faster than a spread with overrides.
  const items = fragment.items.map((item): FrameworkItem => ({
    kind: item.kind,
    id: item.id,
    idRange: moveRange(item.idRange, offset),
    range: moveRange(item.range, offset),
    title: item.title,
    description: item.description,
    retired:
      item.retired === undefined || offset === 0
        ? item.retired
        : { reason: item.retired.reason, range: moveRange(item.retired.range, offset) },
    target: item.target,
    parent: item.parent >= 0 ? item.parent + renumber : item.parent,
    index: item.index + renumber,
  }));
  const references = fragment.references.map((reference): Reference => {
    const range = moveRange(reference.range, offset);
    const frameworkRange = reference.frameworkRange;
    return {
      field: reference.field,
      text: reference.text,
      frameworkId: reference.frameworkId,
      itemId: reference.itemId,
      range,
      // A reference whose parts cannot be told apart uses its whole range for them.
      frameworkRange:
        frameworkRange === reference.range
          ? range
          : frameworkRange && moveRange(frameworkRange, offset),
      itemRange:
        reference.itemRange === reference.range ? range : moveRange(reference.itemRange, offset),
      source: reference.source >= 0 ? reference.source + renumber : reference.source,
    };
  });
  const diagnostics =
    offset === 0
      ? fragment.diagnostics
      : fragment.diagnostics.map((diagnostic): LocalDiagnostic =>
          diagnostic.related
            ? {
                ...diagnostic,
                range: moveRange(diagnostic.range, offset),
                related: diagnostic.related.map((related) => ({
                  ...related,
                  range: moveRange(related.range, offset),
                })),
              }
            : { ...diagnostic, range: moveRange(diagnostic.range, offset) },
        );
  for (const item of items) state.items.push(item);
  for (const reference of references) state.references.push(reference);
  for (const diagnostic of diagnostics) state.diagnostics.push(diagnostic);
  return {
    start: fragment.start + offset,
    end: fragment.end + offset,
    itemBase,
    items,
    references,
    diagnostics,
  };
}

function moveRange(range: OffsetRange, offset: number): OffsetRange {
  return offset === 0 ? range : { start: range.start + offset, end: range.end + offset };
}

function walkScalar(
  node: SyntaxNode | null,
  at: OffsetRange,
  schema: ResolvedSchema,
  types: SchemaTypes,
  state: WalkState,
  place: WalkPlace,
): void {
  if (node?.kind !== 'scalar' || node.value === null) {
    const empty = !node || (node.kind === 'scalar' && node.value === null);
    if (empty) {
      state.diagnostics.push({
        code: 'invalid-value',
        range: rangeOf(at),
        message: `'${place.key}' in ${place.owner} is empty. Write its value after \`${place.key}:\`, or remove the key.`,
      });
    } else {
      reportWrongType(node, at, describeTypes(types), state, place);
    }
    return;
  }
  const value: unknown = node.value;
  if (types.integer || types.number) {
    if (typeof value === 'number' && (types.number || Number.isInteger(value))) {
      if (schema.minimum !== undefined && value < schema.minimum) {
        reportOutOfRange(value, at, schema, state, place);
      } else if (schema.maximum !== undefined && value > schema.maximum) {
        reportOutOfRange(value, at, schema, state, place);
      }
      return;
    }
    if (typeof value === 'string' && types.string) return;
    reportWrongType(node, at, describeTypes(types), state, place);
    return;
  }
  if (types.string && typeof value !== 'string') {
    const source = scalarSource(node, state.text);
    state.diagnostics.push({
      code: 'invalid-value',
      range: rangeOf(at),
      message: `'${place.key}' must be text, but YAML reads ${source} as ${describeValue(value)}. Quote it: "${source}".`,
    });
  }
}

function reportOutOfRange(
  value: number,
  at: OffsetRange,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
): void {
  state.diagnostics.push({
    code: 'invalid-value',
    range: rangeOf(at),
    message: `'${place.key}' must be between ${schema.minimum ?? '-∞'} and ${schema.maximum ?? '∞'}; ${value} is not. Write a four-digit year.`,
  });
}

function describeTypes(types: SchemaTypes): string {
  if (types.string && types.number) return 'a number or text';
  if (types.integer) return 'a whole number';
  if (types.number) return 'a number';
  return 'text';
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'another type';
}

function reportWrongType(
  node: SyntaxNode | null,
  at: OffsetRange,
  expected: string,
  state: WalkState,
  place: WalkPlace,
): void {
  const actual = !node
    ? 'empty'
    : node.kind === 'map'
      ? 'a mapping'
      : node.kind === 'seq'
        ? 'a list'
        : node.kind === 'scalar' && node.value === null
          ? 'empty'
          : 'a single value';
  state.diagnostics.push({
    code: 'invalid-value',
    range: rangeOf(at),
    message: `'${place.key}' in ${place.owner} must be ${expected}, but it is ${actual}.`,
  });
}

/**
 * Reads an ID, framework ID or reference from the source text, so that `1.10` stays
 * `1.10`, and records it in the model.
 */
function walkIdentifier(
  node: SyntaxNode | null,
  at: OffsetRange,
  definition: 'id' | 'frameworkId' | 'reference',
  state: WalkState,
  place: WalkPlace,
): void {
  if (node?.kind !== 'scalar' || node.value === null || node.value === '') {
    const what = definition === 'reference' ? 'a reference' : 'an ID';
    const actual = node?.kind === 'map' ? 'a mapping' : node?.kind === 'seq' ? 'a list' : 'empty';
    state.diagnostics.push({
      code: 'invalid-value',
      range: rangeOf(at),
      message: `'${place.key}' in ${place.owner} must be ${what}, but it is ${actual}.`,
    });
    return;
  }
  const source = scalarSource(node, state.text);
  const range = valueRange(node, state.text);
  const read = resolvedText(node.value);
  if (typeof node.value !== 'string' && read !== source) {
    const kind = typeof node.value === 'boolean' ? 'the boolean' : 'the number';
    state.diagnostics.push({
      code: 'numeric-id',
      range,
      message: `YAML reads ${source} as ${kind} ${read}, so other tools would see '${read}', not '${source}'. Quote it: "${source}".`,
    });
  }
  if (definition === 'reference') {
    recordReference(source, range, state, place);
    return;
  }
  if (!isValidId(source)) {
    state.diagnostics.push({
      code: 'invalid-value',
      range,
      message: `'${source}' is not a valid ID: use letters, digits, '.', '_' and '-', starting with a letter or digit.`,
    });
    return;
  }
  if (definition === 'frameworkId' && place.parent === -1) {
    if (place.key === 'framework') state.frameworkId = { value: source, range };
    if (place.key === 'supersedes') state.frameworkSupersedes = { frameworkId: source, range };
  }
}

function recordReference(
  source: string,
  range: OffsetRange,
  state: WalkState,
  place: WalkPlace,
): void {
  const colon = source.indexOf(':');
  const frameworkId = colon >= 0 ? source.slice(0, colon) : undefined;
  const itemId = colon >= 0 ? source.slice(colon + 1) : source;
  if ((frameworkId !== undefined && !isValidId(frameworkId)) || !isValidId(itemId)) {
    state.diagnostics.push({
      code: 'invalid-value',
      range,
      message: `'${source}' is not a valid reference: write ID for an item of this framework, or FRAMEWORK:ID for an item of another (letters, digits, '.', '_' and '-').`,
    });
    return;
  }
  // Sub-ranges are exact only when the source spells the value out character for
  // character (no escapes, no folded lines); otherwise both parts get the whole value.
  const exact = spells(state.text, range, source);
  const frameworkRange =
    frameworkId === undefined
      ? undefined
      : exact
        ? { start: range.start, end: range.start + colon }
        : range;
  const itemRange =
    exact && colon >= 0 ? { start: range.start + colon + 1, end: range.end } : range;
  state.references.push({
    // The one reference outside an item is the `item` of a framework-level `retired` entry.
    field: place.parent === -1 && place.key === 'item' ? 'retired' : (place.key as ReferenceField),
    text: source,
    frameworkId,
    itemId,
    range,
    frameworkRange,
    itemRange,
    source: place.parent,
  });
}

function walkItem(
  map: SyntaxMap,
  kind: ItemKind,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
): void {
  const idNode = mapValue(map, 'id');
  const id =
    idNode?.kind === 'scalar' && idNode.value !== null
      ? scalarSource(idNode, state.text)
      : undefined;
  const usable = id !== undefined && isValidId(id);
  let parent: number;
  const owner = usable ? `${kind} ${id}` : `this ${kind}`;
  if (usable && idNode) {
    const index = state.items.length;
    state.items.push({
      kind,
      id,
      idRange: valueRange(idNode, state.text),
      range: nodeRange(map),
      title: textValue(mapValue(map, 'title')),
      description: textValue(mapValue(map, 'description')),
      retired: retiredMark(mapValue(map, 'retired'), state.text),
      target: kind === 'indicator' ? measureValue(mapValue(map, 'target')) : undefined,
      parent: place.parent,
      index,
    });
    parent = index;
  } else {
    // Children of an item without a usable ID are still checked, but cannot be
    // numbered against it.
    parent = -2;
  }
  walkMap(map, schema, state, { parent, key: '', owner }, { reportMissingKeys: true });
}

/** An item's `retired: reason`, when the reason is text. */
function retiredMark(node: SyntaxNode | null | undefined, text: string): RetiredMark | undefined {
  const reason = textValue(node);
  return reason === undefined || !node ? undefined : { reason, range: valueRange(node, text) };
}

/** A measure (`target`, `baseline`): text or a number, as YAML reads it. */
function measureValue(node: SyntaxNode | null | undefined): string | number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  return typeof node.value === 'string' || typeof node.value === 'number' ? node.value : undefined;
}

/**
 * The framework-level `retired` entries, each with the reference its `item` made
 * (entries whose `item` is missing or malformed made none and are left out: the walk
 * has reported them). The references of the entries are in document order, as are
 * the entries, so one pass pairs them.
 */
function retiredEntries(root: SyntaxMap, references: readonly Reference[]): RetiredEntry[] {
  const list = mapValue(root, 'retired');
  if (list?.kind !== 'seq') return [];
  const retiredReferences = references.filter((reference) => reference.field === 'retired');
  const entries: RetiredEntry[] = [];
  let next = 0;
  for (const entry of list.items) {
    if (entry?.kind !== 'map') continue;
    while (next < retiredReferences.length && retiredReferences[next].range.start < entry.start) {
      next++;
    }
    const reference = retiredReferences[next];
    if (!reference || reference.range.start >= entry.end) continue;
    next++;
    entries.push({
      reference,
      reason: textValue(mapValue(entry, 'reason')),
      range: nodeRange(entry),
    });
  }
  return entries;
}

function checkPeriod(map: SyntaxMap, state: WalkState): void {
  const period = mapValue(map, 'period');
  if (period?.kind !== 'map') return;
  const start = mapValue(period, 'start');
  const end = mapValue(period, 'end');
  if (
    start?.kind === 'scalar' &&
    end?.kind === 'scalar' &&
    typeof start.value === 'number' &&
    typeof end.value === 'number' &&
    start.value > end.value
  ) {
    state.diagnostics.push({
      code: 'invalid-value',
      range: nodeRange(start),
      message: `The period starts in ${start.value}, after it ends in ${end.value}. Swap the years or correct one of them.`,
      related: [{ range: nodeRange(end), message: 'The end of the period.' }],
    });
  }
}

function readPeriod(map: SyntaxMap): Framework['period'] {
  const period = mapValue(map, 'period');
  if (period?.kind !== 'map') return undefined;
  const start = mapValue(period, 'start');
  const end = mapValue(period, 'end');
  if (start?.kind === 'scalar' && end?.kind === 'scalar') {
    if (typeof start.value === 'number' && typeof end.value === 'number') {
      return { start: start.value, end: end.value };
    }
  }
  return undefined;
}

/**
 * An objective is numbered under its goal and an indicator under its objective:
 * objective `2.3` under goal `3`, or indicator `1.2.1` under objective `1.3`, is
 * misfiled or misnumbered.
 */
/** Per shape: the indices of the items numbered against their parent's ID. */
const misnumberedByShape = new WeakMap<ShapeToken, number[]>();

function checkNumbering(state: WalkState, shape: ShapeToken): void {
  const items = state.items;
  const misnumbered = perShape(misnumberedByShape, shape, () => findMisnumbered(items));
  for (const index of misnumbered) {
    const item = items[index];
    const parent = items[item.parent];
    const prefix = `${parent.id}.`;
    const expected = isNumberedId(parent.id) ? `${prefix}N` : `${prefix}…`;
    state.diagnostics.push({
      code: 'id-numbering',
      range: item.idRange,
      message: `${capitalise(item.kind)} ${item.id} is filed under ${parent.kind} ${parent.id}, so its ID should be ${expected}. Renumber it, or move it under the ${parent.kind} it belongs to.`,
      related: [{ range: parent.idRange, message: `The ${parent.kind} it is filed under.` }],
    });
  }
}

function findMisnumbered(items: readonly FrameworkItem[]): number[] {
  const misnumbered: number[] = [];
  for (const item of items) {
    if (item.parent < 0) continue;
    const parent = items[item.parent];
    // Whether the ID is the parent's, a dot and more (`3.4` under `3`), checked
    // without building the prefix, since nearly every item is well numbered.
    const after = parent.id.length + 1;
    const hasPrefix =
      item.id.length > after &&
      item.id.charCodeAt(after - 1) === DOT &&
      item.id.startsWith(parent.id);
    const wellNumbered = isNumberedId(parent.id)
      ? hasPrefix && isDigits(item.id, after)
      : !item.id.includes('.') || hasPrefix;
    if (!wellNumbered) misnumbered.push(item.index);
  }
  return misnumbered;
}

const DOT = 0x2e;

/** Whether `text` from `from` on is one or more ASCII digits (`/^\d+$/`). */
function isDigits(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** Per shape: the indices of the items that share an ID, one group per ID. */
const duplicatesByShape = new WeakMap<ShapeToken, number[][]>();

function checkDuplicateIds(state: WalkState, shape: ShapeToken): void {
  const all = state.items;
  for (const group of perShape(duplicatesByShape, shape, () => findDuplicates(all))) {
    const items = group.map((index) => all[index]);
    const id = items[0].id;
    for (const item of items) {
      const others = items.filter((other) => other !== item);
      state.diagnostics.push({
        code: 'duplicate-id',
        range: item.idRange,
        message: `The ID '${id}' is used by ${items.length} items of this framework (${items.map((i) => i.kind).join(', ')}); IDs must be unique in a framework. Give this ${item.kind} its own ID.`,
        related: others.map((other) => ({
          range: other.idRange,
          message: `Also ${other.kind} ${id}.`,
        })),
      });
    }
  }
}

function findDuplicates(items: readonly FrameworkItem[]): number[][] {
  // Most frameworks have no duplicate: find the IDs used twice first, and group only those.
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) duplicated.add(item.id);
    else seen.add(item.id);
  }
  if (duplicated.size === 0) return [];
  const byId = new Map<string, number[]>();
  for (const item of items) {
    if (!duplicated.has(item.id)) continue;
    const same = byId.get(item.id);
    if (same) same.push(item.index);
    else byId.set(item.id, [item.index]);
  }
  return [...byId.values()];
}

/** Whether `text` holds exactly `value` over `range` (`text.slice(...) === value`). */
function spells(text: string, range: OffsetRange, value: string): boolean {
  return range.end - range.start === value.length && text.startsWith(value, range.start);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A fresh range from a span. The walk passes nodes themselves as the span to report
 * at (they have `start` and `end`), so that no range is made unless it is reported.
 */
function rangeOf(span: OffsetRange): OffsetRange {
  return { start: span.start, end: span.end };
}

function nodeRange(node: SyntaxNode): OffsetRange {
  return { start: node.start, end: node.end };
}

/** The range of a scalar's value without its quotes, where that is exact. */
function valueRange(node: SyntaxNode, text: string): OffsetRange {
  if (
    node.kind === 'scalar' &&
    (node.style === 'double-quoted' || node.style === 'single-quoted')
  ) {
    const start = node.start + 1;
    const inner = { start, end: Math.max(start, node.end - 1) };
    if (spells(text, inner, resolvedText(node.value))) return inner;
  }
  return nodeRange(node);
}

/**
 * The text of a scalar as the user meant it: the string value, or for a plain
 * scalar that YAML would read as a number or boolean, its source text.
 */
function scalarSource(node: SyntaxScalar, text: string): string {
  if (typeof node.value === 'string') return node.value;
  if (node.style === 'plain') return text.slice(node.start, node.end);
  return resolvedText(node.value);
}

/** How a resolved scalar value reads as text: what YAML-to-JSON tools would see. */
function resolvedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function textValue(node: SyntaxNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
