/**
 * Turns the text of one framework file into the model (frameworks, items,
 * references, all with source ranges) and the problems that file has on its own.
 *
 * One walk does both: the walker follows `schemas/framework.schema.json` to check
 * each node, and where the schema says a node is an item or a reference it records
 * it in the model. It never converts the YAML to JavaScript values and never follows
 * an alias, so a document full of aliases costs no more than its text.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit } from 'yaml';
import type { Document, Node, Pair, ParseOptions, DocumentOptions, SchemaOptions } from 'yaml';
import { closestMatches } from '../util/editDistance';
import { isNumberedId, isValidId, itemDefinitions, resolveSchema, rootSchema } from '../format';
import type { ResolvedSchema } from '../format';
import { limits } from '../limits';
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
} from '../model';
import { findExcessiveNesting } from './nesting';

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
 * options, and the editing features quote what the parser would misread.
 */
export const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: false,
  uniqueKeys: false,
  resolveKnownTags: false,
  keepSourceTokens: false,
  prettyErrors: false,
  strict: true,
};

type MutableItem = { -readonly [K in keyof FrameworkItem]: FrameworkItem[K] };

interface WalkState {
  readonly text: string;
  readonly diagnostics: LocalDiagnostic[];
  readonly items: MutableItem[];
  readonly references: Reference[];
  /** Set while walking a framework's top-level keys. */
  frameworkSupersedes: FrameworkReference | undefined;
  frameworkId: { value: string; range: OffsetRange } | undefined;
}

interface WalkPlace {
  /** The item whose keys are being walked, or -1 at the framework level. */
  readonly parent: number;
  /** The key whose value is being walked. */
  readonly key: string;
  /** How to name the place in messages, such as "goal 3" or "the framework". */
  readonly owner: string;
}

export function parseFrameworkFile(uri: string, version: number, text: string): ParsedFile {
  const diagnostics: LocalDiagnostic[] = [];
  const frameworks: Framework[] = [];
  if (text.length > limits.maxFileBytes) {
    diagnostics.push({
      code: 'yaml-syntax',
      range: { start: 0, end: 0 },
      message: `This file is ${megabytes(text.length)} MB; framework files larger than ${megabytes(limits.maxFileBytes)} MB are not checked. Split it into several files (one framework each, or several documents).`,
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
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const framework = walkFramework(document, contents, text, diagnostics);
    if (framework) frameworks.push(framework);
  }
  if (frameworks.length === 0 && !diagnostics.some((d) => d.code === 'yaml-syntax')) {
    diagnostics.push({
      code: 'missing-key',
      range: { start: 0, end: 0 },
      message:
        'This file holds no framework. Start it with `framework: my-framework-id`, `title:` and `goals:`.',
    });
  }
  return { uri, version, frameworks, diagnostics };
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

function walkFramework(
  document: Document.Parsed,
  contents: Node,
  text: string,
  diagnostics: LocalDiagnostic[],
): Framework | undefined {
  const state: WalkState = {
    text,
    diagnostics,
    items: [],
    references: [],
    frameworkSupersedes: undefined,
    frameworkId: undefined,
  };
  const hasSyntaxErrors = document.errors.length > 0;
  if (!isMap(contents)) {
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
  checkNumbering(state);
  checkDuplicateIds(state);
  if (!state.frameworkId) return undefined;
  const documentRange = document.range;
  return {
    id: state.frameworkId.value,
    idRange: state.frameworkId.range,
    range: { start: documentRange[0], end: documentRange[2] },
    title: textValue(contents.get('title', true)),
    description: textValue(contents.get('description', true)),
    period: readPeriod(contents),
    supersedes: state.frameworkSupersedes,
    items: state.items,
    references: state.references,
  };
}

interface MapOptions {
  readonly reportMissingKeys: boolean;
}

function walkMap(
  map: Node,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
  options: MapOptions,
): void {
  if (!isMap(map)) return;
  const properties = schema.properties ?? {};
  const seen = new Map<string, Node>();
  for (const pair of map.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode)) {
      state.diagnostics.push({
        code: 'invalid-value',
        range: keyNode ? nodeRange(keyNode as Node) : nodeRange(map),
        message: 'Keys must be plain words such as `title`; this key is a list or mapping.',
      });
      continue;
    }
    const key = scalarSource(keyNode, state.text);
    const earlier = seen.get(key);
    if (earlier) {
      state.diagnostics.push({
        code: 'yaml-syntax',
        range: valueRange(keyNode, state.text),
        message: `The key '${key}' appears twice in ${place.owner}; a key may appear once in a mapping. Remove or rename one of them.`,
        related: [{ range: valueRange(earlier, state.text), message: `The first '${key}'.` }],
      });
      continue;
    }
    seen.set(key, keyNode);
    const propertySchema = properties[key];
    if (!propertySchema) {
      if (schema.additionalProperties === false) {
        reportUnknownKey(key, keyNode, Object.keys(properties), state, place);
      }
      continue;
    }
    walkValue(pair, resolveSchema(propertySchema), state, { ...place, key });
  }
  if (options.reportMissingKeys) {
    for (const required of schema.required ?? []) {
      if (seen.has(required)) continue;
      const firstKey = map.items[0]?.key;
      state.diagnostics.push({
        code: 'missing-key',
        range: firstKey ? valueRange(firstKey as Node, state.text) : nodeRange(map),
        message: missingKeyMessage(required, place.owner, schema),
      });
    }
  }
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
  keyNode: Node,
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

function walkValue(pair: Pair, schema: ResolvedSchema, state: WalkState, place: WalkPlace): void {
  const value = pair.value as Node | null;
  const keyNode = pair.key as Node;
  const at = value && nodeHasRange(value) ? nodeRange(value) : valueRange(keyNode, state.text);
  if (value && isAlias(value)) {
    state.diagnostics.push({
      code: 'invalid-value',
      range: at,
      message: `Aliases (*${value.source}) are not supported in framework files: write the value of '${place.key}' out in full.`,
    });
    return;
  }
  walkNode(value, at, schema, state, place);
}

function walkNode(
  node: Node | null,
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
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
  if (types.includes('object')) {
    if (!isMap(node)) {
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
        { ...place, owner: `'${place.key}'` },
        { reportMissingKeys: true },
      );
    }
    return;
  }
  if (types.includes('array')) {
    if (!isSeq(node)) {
      reportWrongType(node, at, 'a list (`- item` lines or `[a, b]`)', state, place);
      return;
    }
    if (schema.minItems !== undefined && node.items.length < schema.minItems) {
      state.diagnostics.push({
        code: 'invalid-value',
        range: at,
        message: `'${place.key}' needs at least ${schema.minItems} entry; add one.`,
      });
    }
    const itemSchema = schema.items ? resolveSchema(schema.items) : undefined;
    if (!itemSchema) return;
    for (const element of node.items) {
      const elementNode = element as Node | null;
      if (elementNode && isAlias(elementNode)) {
        state.diagnostics.push({
          code: 'invalid-value',
          range: nodeRange(elementNode),
          message: `Aliases (*${elementNode.source}) are not supported in framework files: write the entry out in full.`,
        });
        continue;
      }
      if (isPair(elementNode)) {
        // `[a: b]` in a flow list is a one-pair mapping, not a scalar.
        reportWrongType(null, at, 'a list of single values', state, place);
        continue;
      }
      walkNode(elementNode, elementNode ? nodeRange(elementNode) : at, itemSchema, state, place);
    }
    return;
  }
  walkScalar(node, at, schema, types, state, place);
}

function walkScalar(
  node: Node | null,
  at: OffsetRange,
  schema: ResolvedSchema,
  types: string[],
  state: WalkState,
  place: WalkPlace,
): void {
  if (!isScalar(node) || node.value === null) {
    const empty = !node || (isScalar(node) && node.value === null);
    if (empty) {
      state.diagnostics.push({
        code: 'invalid-value',
        range: at,
        message: `'${place.key}' in ${place.owner} is empty. Write its value after \`${place.key}:\`, or remove the key.`,
      });
    } else {
      reportWrongType(node, at, describeTypes(types), state, place);
    }
    return;
  }
  const value: unknown = node.value;
  if (types.includes('integer') || types.includes('number')) {
    if (typeof value === 'number' && (types.includes('number') || Number.isInteger(value))) {
      if (schema.minimum !== undefined && value < schema.minimum) {
        reportOutOfRange(value, at, schema, state, place);
      } else if (schema.maximum !== undefined && value > schema.maximum) {
        reportOutOfRange(value, at, schema, state, place);
      }
      return;
    }
    if (typeof value === 'string' && types.includes('string')) return;
    reportWrongType(node, at, describeTypes(types), state, place);
    return;
  }
  if (types.includes('string') && typeof value !== 'string') {
    const source = scalarSource(node, state.text);
    state.diagnostics.push({
      code: 'invalid-value',
      range: at,
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
    range: at,
    message: `'${place.key}' must be between ${schema.minimum ?? '-∞'} and ${schema.maximum ?? '∞'}; ${value} is not. Write a four-digit year.`,
  });
}

function describeTypes(types: string[]): string {
  if (types.includes('string') && types.includes('number')) return 'a number or text';
  if (types.includes('integer')) return 'a whole number';
  if (types.includes('number')) return 'a number';
  return 'text';
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'another type';
}

function reportWrongType(
  node: Node | null,
  at: OffsetRange,
  expected: string,
  state: WalkState,
  place: WalkPlace,
): void {
  const actual = !node
    ? 'empty'
    : isMap(node)
      ? 'a mapping'
      : isSeq(node)
        ? 'a list'
        : isScalar(node) && node.value === null
          ? 'empty'
          : 'a single value';
  state.diagnostics.push({
    code: 'invalid-value',
    range: at,
    message: `'${place.key}' in ${place.owner} must be ${expected}, but it is ${actual}.`,
  });
}

/**
 * Reads an ID, framework ID or reference from the source text, so that `1.10` stays
 * `1.10`, and records it in the model.
 */
function walkIdentifier(
  node: Node | null,
  at: OffsetRange,
  definition: 'id' | 'frameworkId' | 'reference',
  state: WalkState,
  place: WalkPlace,
): void {
  if (!isScalar(node) || node.value === null || node.value === '') {
    const what = definition === 'reference' ? 'a reference' : 'an ID';
    const actual = isMap(node) ? 'a mapping' : isSeq(node) ? 'a list' : 'empty';
    state.diagnostics.push({
      code: 'invalid-value',
      range: at,
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
  const exact = state.text.slice(range.start, range.end) === source;
  const frameworkRange =
    frameworkId === undefined
      ? undefined
      : exact
        ? { start: range.start, end: range.start + colon }
        : range;
  const itemRange =
    exact && colon >= 0 ? { start: range.start + colon + 1, end: range.end } : range;
  state.references.push({
    field: place.key as ReferenceField,
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
  map: Node,
  kind: ItemKind,
  schema: ResolvedSchema,
  state: WalkState,
  place: WalkPlace,
): void {
  if (!isMap(map)) return;
  const idNode = map.get('id', true) as Node | undefined;
  const id =
    isScalar(idNode) && idNode.value !== null ? scalarSource(idNode, state.text) : undefined;
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
      title: textValue(map.get('title', true)),
      description: textValue(map.get('description', true)),
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

function checkPeriod(map: Node, state: WalkState): void {
  if (!isMap(map)) return;
  const period = map.get('period', true);
  if (!isMap(period)) return;
  const start = period.get('start', true);
  const end = period.get('end', true);
  if (
    isScalar(start) &&
    isScalar(end) &&
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

function readPeriod(map: Node): Framework['period'] {
  if (!isMap(map)) return undefined;
  const period = map.get('period', true);
  if (!isMap(period)) return undefined;
  const start = period.get('start', true);
  const end = period.get('end', true);
  if (isScalar(start) && isScalar(end)) {
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
function checkNumbering(state: WalkState): void {
  for (const item of state.items) {
    if (item.parent < 0) continue;
    const parent = state.items[item.parent];
    const prefix = `${parent.id}.`;
    const numbered = isNumberedId(parent.id);
    const hasPrefix = item.id.startsWith(prefix) && item.id.length > prefix.length;
    const wellNumbered = numbered
      ? hasPrefix && /^\d+$/.test(item.id.slice(prefix.length))
      : !item.id.includes('.') || hasPrefix;
    if (wellNumbered) continue;
    const expected = numbered ? `${prefix}N` : `${prefix}…`;
    state.diagnostics.push({
      code: 'id-numbering',
      range: item.idRange,
      message: `${capitalise(item.kind)} ${item.id} is filed under ${parent.kind} ${parent.id}, so its ID should be ${expected}. Renumber it, or move it under the ${parent.kind} it belongs to.`,
      related: [{ range: parent.idRange, message: `The ${parent.kind} it is filed under.` }],
    });
  }
}

function checkDuplicateIds(state: WalkState): void {
  const byId = new Map<string, MutableItem[]>();
  for (const item of state.items) {
    const same = byId.get(item.id);
    if (same) same.push(item);
    else byId.set(item.id, [item]);
  }
  for (const [id, items] of byId) {
    if (items.length < 2) continue;
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

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function nodeHasRange(node: Node): boolean {
  return Array.isArray(node.range);
}

function nodeRange(node: Node): OffsetRange {
  const range = node.range;
  if (!range) return { start: 0, end: 0 };
  return { start: range[0], end: range[1] };
}

/** The range of a scalar's value without its quotes, where that is exact. */
function valueRange(node: Node, text: string): OffsetRange {
  const range = nodeRange(node);
  if (isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE)) {
    const inner = { start: range.start + 1, end: Math.max(range.start + 1, range.end - 1) };
    if (text.slice(inner.start, inner.end) === resolvedText(node.value)) return inner;
  }
  return range;
}

/**
 * The text of a scalar as the user meant it: the string value, or for a plain
 * scalar that YAML would read as a number or boolean, its source text.
 */
function scalarSource(node: Scalar, text: string): string {
  if (typeof node.value === 'string') return node.value;
  if (node.range && node.type === Scalar.PLAIN) {
    return text.slice(node.range[0], node.range[1]);
  }
  return resolvedText(node.value);
}

/** How a resolved scalar value reads as text: what YAML-to-JSON tools would see. */
function resolvedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function textValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
