/**
 * Completion: what may be written at the cursor, as the format and the workspace
 * know it.
 *
 * - The keys of the mapping the cursor is in, with the schema's descriptions.
 * - Reference values (`category`, `supports`, an item's `supersedes`) drawn from the
 *   frameworks of the workspace, limited to the kinds of item the key may name.
 * - Framework IDs for a framework's `supersedes`, and `FRAMEWORK:` prefixes while a
 *   qualified reference is being typed.
 * - The next free ID of a new goal, objective or indicator, and snippets that start
 *   such an item with that ID filled in.
 *
 * Where the cursor is comes from `cursorContext`, which reads the text around the
 * cursor, because a document being typed is rarely valid YAML. What exists (items,
 * references) comes from the last parse, which may have lost exactly the lines being
 * typed; every lookup here copes with a missing framework or item by offering less,
 * never by throwing.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  TextEdit,
} from 'vscode-languageserver-types';
import type {
  Command,
  CompletionItem,
  CompletionList,
  MarkupContent,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { isNumberedId, itemDefinitions, resolveSchema, rootSchema } from '../format';
import type { ResolvedSchema } from '../format';
import type { Framework, FrameworkItem, ItemKind, ReferenceField } from '../model';
import { limits } from '../limits';
import { compareText } from '../util/compare';
import { needsQuotes } from '../util/yamlText';
import type { FrameworkLocation, IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { cursorContext, lineEndAt, lineStartAt } from './context';
import type { CursorContext, CursorSlot } from './context';
import { ancestorsOf, deepestItemAt, frameworkAt } from './navigation';
import { nextIdFor } from './numbering';
import { itemByQualifiedId } from './views';
import type { NextId, NumberedKind } from './numbering';

// ---------------------------------------------------------------------------------
// The request: everything one completion needs, worked out once.
// ---------------------------------------------------------------------------------

interface CompletionRequest {
  readonly index: WorkspaceIndex;
  readonly file: IndexedFile;
  readonly offset: number;
  readonly context: CursorContext;
  /** The framework of the YAML document the cursor is in, if the parse found one. */
  readonly framework: Framework | undefined;
  /** The word being typed (ID characters and `:`), which a completion replaces. */
  readonly word: string;
  /**
   * The part of the word before the cursor, without an opening quote: what the editor
   * filters the list by, and so what decides which references are offered.
   */
  readonly typed: string;
  readonly wordRange: Range;
  /** The quote this file writes IDs with, used for values that need quoting. */
  readonly quote: '"' | "'";
  /** Set when the list leaves out candidates, so the editor asks again as the user types. */
  readonly truncated: { value: boolean };
}

/**
 * The kinds of item each reference field may name, as `computeDiagnostics` checks
 * them; undefined means any kind (an item-level `supersedes` continues any item of an
 * older framework).
 */
const acceptedKinds: Record<ReferenceField, readonly ItemKind[] | undefined> = {
  category: ['category'],
  supports: ['goal', 'objective'],
  supersedes: undefined,
  retired: ['goal', 'objective', 'programme'],
};

/**
 * Asks the editor to show completions again. Sent after a key whose value has
 * completions (`category: `, `id: `) and after a `FRAMEWORK:` prefix, so the values
 * appear without a second keystroke. Editors that do not know the command ignore it.
 */
const suggestAgain: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/**
 * Sort keys: completions are grouped by these prefixes, then kept in document (or
 * schema) order within a group by a zero-padded position.
 */
const sortGroups = {
  snippet: 'a',
  requiredKey: 'b',
  optionalKey: 'c',
  ownItem: 'a',
  otherItem: 'b',
  frameworkPrefix: 'c',
} as const;

export function getCompletions(
  index: WorkspaceIndex,
  file: IndexedFile,
  position: Position,
): CompletionList {
  const offset = file.lines.offsetAt(position);
  const lineStart = lineStartAt(file.text, offset);
  // Nothing is completed inside a comment: it is free text, like a description.
  if (isInComment(file.text.slice(lineStart, offset))) return emptyList();
  const context = cursorContext(file.text, offset);
  const request: CompletionRequest = {
    index,
    file,
    offset,
    context,
    framework: frameworkForOffset(file, offset),
    word: file.text.slice(context.wordRange.start, context.wordRange.end),
    typed: file.text
      .slice(context.wordRange.start, Math.max(context.wordRange.start, offset))
      .replace(/^["']/, ''),
    wordRange: file.lines.rangeOf(context.wordRange),
    quote: preferredQuote(file.text),
    truncated: { value: false },
  };
  const items =
    context.slot.kind === 'key'
      ? [...itemSnippets(request), ...keyCompletions(request)]
      : valueCompletions(request, context.slot);
  return { isIncomplete: request.truncated.value, items };
}

function emptyList(): CompletionList {
  return { isIncomplete: false, items: [] };
}

// ---------------------------------------------------------------------------------
// Keys.
// ---------------------------------------------------------------------------------

/**
 * The keys the mapping at the cursor accepts and does not have yet, required keys
 * first, each in schema order. Every key inserts `key: `; the snippets below are the
 * way to start whole items.
 */
function keyCompletions(request: CompletionRequest): CompletionItem[] {
  const schema = request.context.mapSchema;
  const properties = schema?.properties;
  if (!schema || !properties) return [];
  // A key is a word of letters; anything else (`- `, a number, `fw:`) is not one.
  if (!/^[A-Za-z_]*$/.test(request.word)) return [];
  // On an existing key (`tit|le: x`), only the name is replaced, not the colon.
  const lineEnd = lineEndAt(request.file.text, request.context.wordRange.end);
  const followedByColon = /^\s*:/.test(
    request.file.text.slice(request.context.wordRange.end, lineEnd),
  );
  const required = new Set(schema.required ?? []);
  const items: CompletionItem[] = [];
  for (const [position, [key, property]] of Object.entries(properties).entries()) {
    if (request.context.existingKeys.has(key)) continue;
    const valueSchema = resolveSchema(property);
    const isRequired = required.has(key);
    const group = isRequired ? sortGroups.requiredKey : sortGroups.optionalKey;
    const item: CompletionItem = {
      label: key,
      kind: CompletionItemKind.Property,
      detail: isRequired ? `${describeType(valueSchema)} (required)` : describeType(valueSchema),
      sortText: `${group}${pad(position)}`,
      filterText: key,
      textEdit: TextEdit.replace(request.wordRange, followedByColon ? key : `${key}: `),
    };
    if (valueSchema.description) item.documentation = markdown(valueSchema.description);
    if (!followedByColon && valueHasCompletions(schema, key, valueSchema)) {
      item.command = suggestAgain;
    }
    items.push(item);
  }
  return items;
}

/** Whether `valueCompletions` offers something for this key's value. */
function valueHasCompletions(owner: ResolvedSchema, key: string, value: ResolvedSchema): boolean {
  if (key === 'id') return numberedKind(owner.definition) !== undefined;
  if (key === 'supersedes' && owner === rootSchema) return true;
  if (key === 'item' && owner.definition === 'retirement') return true;
  return (
    isReferenceField(key) && (value.definition === 'reference' || value.definition === 'references')
  );
}

/** What a key holds, in the words of docs/format.md's Type column. */
function describeType(schema: ResolvedSchema): string {
  switch (schema.definition) {
    case 'id':
      return 'ID';
    case 'frameworkId':
      return 'framework ID';
    case 'reference':
      return 'reference (ID or FRAMEWORK:ID)';
    case 'references':
      return 'list of references';
    case 'text':
      return 'text';
    case 'year':
      return 'year';
    case 'measure':
      return 'number or text';
  }
  const kind = schema.definition ? itemDefinitions[schema.definition] : undefined;
  if (kind) return kind;
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
  if (types.includes('array')) {
    const element = schema.items ? resolveSchema(schema.items) : undefined;
    const elementKind = element?.definition ? itemDefinitions[element.definition] : undefined;
    return elementKind ? `list of ${plural(elementKind)}` : 'list';
  }
  if (types.includes('object')) return 'mapping';
  return types.join(' or ') || 'value';
}

function plural(kind: ItemKind): string {
  return kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

// ---------------------------------------------------------------------------------
// Values: next free IDs, references, framework IDs.
// ---------------------------------------------------------------------------------

function valueCompletions(
  request: CompletionRequest,
  slot: Extract<CursorSlot, { kind: 'value' }>,
): CompletionItem[] {
  const owner = request.context.mapSchema;
  const { key, valueSchema } = slot;
  if (key === 'id') {
    const kind = numberedKind(owner?.definition);
    return kind ? nextIdCompletions(request, kind) : [];
  }
  if (key === 'supersedes' && owner === rootSchema) return frameworkIdCompletions(request);
  // The `item` of a framework-level `retired` entry names an item of the superseded framework.
  if (key === 'item' && owner?.definition === 'retirement') {
    return referenceCompletions(request, 'retired', false);
  }
  if (
    isReferenceField(key) &&
    (valueSchema.definition === 'reference' || valueSchema.definition === 'references')
  ) {
    // `supports: |` holds a list, not one reference: the value goes in brackets.
    const wrap = valueSchema.definition === 'references' && !slot.inList;
    return referenceCompletions(request, key, wrap);
  }
  return [];
}

function isReferenceField(key: string): key is ReferenceField {
  return key === 'category' || key === 'supports' || key === 'supersedes';
}

function numberedKind(definition: string | undefined): NumberedKind | undefined {
  return definition === 'goal' || definition === 'objective' || definition === 'indicator'
    ? definition
    : undefined;
}

/** The next free ID, preselected, for the `id` of a goal, objective or indicator. */
function nextIdCompletions(request: CompletionRequest, kind: NumberedKind): CompletionItem[] {
  const next = nextFreeId(request, kind);
  if (!next) return [];
  const where = next.parent ? ` under ${next.parent.kind} ${next.parent.id}` : '';
  const siblings =
    next.highest === undefined
      ? `It is the first numbered ${kind}${where}.`
      : `The highest ${kind} ID${where} so far is \`${next.highest}\`.`;
  return [
    {
      label: next.id,
      kind: CompletionItemKind.Value,
      detail: `Next free ${kind} ID${where}`,
      documentation: markdown(siblings),
      preselect: true,
      sortText: sortGroups.ownItem,
      filterText: next.id,
      textEdit: TextEdit.replace(request.wordRange, valueText(request, next.id, false)),
    },
  ];
}

interface NextChildId extends NextId {
  /** The goal or objective the new item is numbered under; undefined for a goal. */
  readonly parent: FrameworkItem | undefined;
}

/** The next free ID for a new item of `kind` at the cursor (see `nextIdFor`). */
function nextFreeId(request: CompletionRequest, kind: NumberedKind): NextChildId | undefined {
  const framework = request.framework;
  if (!framework) return undefined;
  const parent =
    kind === 'goal'
      ? undefined
      : findParent(framework, request.offset, kind === 'objective' ? 'goal' : 'objective');
  if (kind !== 'goal' && !parent) return undefined;
  const next = nextIdFor(framework, kind, parent);
  return next ? { ...next, parent } : undefined;
}

/**
 * The item of `kind` a new child at the cursor belongs to: the deepest one whose range
 * contains the cursor, or else the nearest one that starts above it. The fallback is
 * for the usual case while typing: a new last line (blank, or a half-written `- id:`)
 * that the parse left outside its parent, or a syntax error that cut the parse short.
 */
function findParent(
  framework: Framework,
  offset: number,
  kind: ItemKind,
): FrameworkItem | undefined {
  const containing = deepestItemAt(framework, offset, kind);
  if (containing) return containing;
  let above: FrameworkItem | undefined;
  for (const item of framework.items) {
    if (item.kind !== kind || item.range.start > offset) continue;
    if (!above || item.range.start >= above.range.start) above = item;
  }
  return above;
}

/**
 * Items a reference field may name. Without a colon typed: this framework's items
 * (unqualified) first, then other frameworks' items as `FRAMEWORK:ID`, then the
 * `FRAMEWORK:` prefixes. With `FRAMEWORK:` typed: that framework's items, qualified.
 * `category` names only this framework's categories, and an item's `supersedes` only
 * items of other frameworks, as the diagnostics require.
 */
function referenceCompletions(
  request: CompletionRequest,
  field: ReferenceField,
  wrap: boolean,
): CompletionItem[] {
  const { index, framework, typed } = request;
  const accepted = acceptedKinds[field];
  const sources: Source[] = [];
  const colon = typed.indexOf(':');
  if (colon >= 0) {
    const prefix = typed.slice(0, colon);
    if (framework && prefix === framework.id) {
      // `OWN:ID` names an item of this framework, which `supersedes` and `retired` may not.
      if (!namesOlderFramework(field)) {
        sources.push({ target: framework, qualified: true, group: sortGroups.ownItem, rank: 0 });
      }
      return referenceItems(request, field, sources, accepted, wrap);
    }
    if (field === 'category') return [];
    const location = index.getFramework(prefix);
    if (location) {
      sources.push({
        target: location.framework,
        qualified: true,
        group: sortGroups.otherItem,
        rank: 0,
      });
      return referenceItems(request, field, sources, accepted, wrap);
    }
    // An unknown or half-typed framework part: offer the frameworks there are.
    return frameworkPrefixItems(request, otherFrameworks(request), wrap);
  }
  if (framework && !namesOlderFramework(field)) {
    sources.push({ target: framework, qualified: false, group: sortGroups.ownItem, rank: 0 });
  }
  if (field === 'category') return referenceItems(request, field, sources, accepted, wrap);
  // `retired` lists items of the one framework this one supersedes.
  const superseded = framework?.supersedes?.frameworkId;
  const others = otherFrameworks(request).filter(
    (location) => field !== 'retired' || location.framework.id === superseded,
  );
  for (const [rank, location] of others.entries()) {
    sources.push({
      target: location.framework,
      qualified: true,
      group: sortGroups.otherItem,
      rank,
    });
  }
  return [
    ...referenceItems(request, field, sources, accepted, wrap),
    ...frameworkPrefixItems(request, others, wrap),
  ];
}

/** Whether a field names items of other, older frameworks only, as `FRAMEWORK:ID`. */
function namesOlderFramework(field: ReferenceField): boolean {
  return field === 'supersedes' || field === 'retired';
}

/** A framework whose items are offered, and where they go in the list. */
interface Source {
  readonly target: Framework;
  readonly qualified: boolean;
  readonly group: string;
  readonly rank: number;
}

/**
 * Completion items for the sources' items, in the list's order (this framework, then
 * the others by rank, each in document order). A large workspace has far more than a
 * list can usefully show (200 frameworks of 500 items): past `limits.maxCompletionItems`
 * only those starting with what is typed are kept, the first ones in order, and the
 * list is marked incomplete so that the editor asks again as the user types on. The
 * gathering stops as soon as the list is full, so its cost does not grow with the
 * workspace.
 */
function referenceItems(
  request: CompletionRequest,
  field: ReferenceField,
  sources: readonly Source[],
  accepted: readonly ItemKind[] | undefined,
  wrap: boolean,
): CompletionItem[] {
  const skip = itemsToSkip(request, field);
  const limit = limits.maxCompletionItems;
  const gather = (typed: string | undefined): { items: CompletionItem[]; full: boolean } => {
    const items: CompletionItem[] = [];
    for (const { target, qualified, group, rank } of sources) {
      // Whether this framework's labels can start with what is typed is decided once
      // for the whole framework, so that narrowing a list drawn from 200 frameworks
      // looks only at the frameworks whose name fits.
      const itemTyped = typed === undefined ? '' : typedItemPart(typed, target, qualified);
      if (itemTyped === undefined) continue;
      const skipped = skip.get(target.id);
      for (const item of request.index.itemsById(target).values()) {
        if (accepted && !accepted.includes(item.kind)) continue;
        if (skipped?.has(item.id)) continue;
        if (itemTyped !== '' && !item.id.toLowerCase().startsWith(itemTyped)) continue;
        if (items.length === limit) return { items, full: true };
        const sortText = `${group}${pad(rank)}${pad(item.index)}`;
        items.push(referenceItem(request, target, item, qualified, sortText, wrap));
      }
    }
    return { items, full: false };
  };
  const all = gather(undefined);
  if (!all.full) return all.items;
  request.truncated.value = true;
  const typed = request.typed.toLowerCase();
  return typed === '' ? all.items : gather(typed).items;
}

/**
 * What an item's ID must start with for its label to start with `typed` (in lower
 * case), or undefined when no label of this framework can: a qualified label is
 * `FRAMEWORK:ID`.
 */
function typedItemPart(typed: string, target: Framework, qualified: boolean): string | undefined {
  if (!qualified) return typed;
  const prefix = `${target.id.toLowerCase()}:`;
  if (typed.length <= prefix.length) return prefix.startsWith(typed) ? '' : undefined;
  return typed.startsWith(prefix) ? typed.slice(prefix.length) : undefined;
}

/** Per framework ID, the IDs a reference here should not offer. */
function itemsToSkip(request: CompletionRequest, field: ReferenceField): Map<string, Set<string>> {
  const skip = new Map<string, Set<string>>();
  const add = (frameworkId: string, itemId: string): void => {
    const ids = skip.get(frameworkId);
    if (ids) ids.add(itemId);
    else skip.set(frameworkId, new Set([itemId]));
  };
  const { framework, offset, context } = request;
  const kind = context.mapSchema?.definition
    ? itemDefinitions[context.mapSchema.definition]
    : undefined;
  if (!framework || !kind) return skip;
  const source = deepestItemAt(framework, offset, kind);
  if (!source) return skip;
  add(framework.id, source.id);
  const word = context.wordRange;
  for (const reference of framework.references) {
    if (reference.source !== source.index || reference.field !== field) continue;
    if (reference.range.start <= word.end && word.start <= reference.range.end) continue;
    add(reference.frameworkId ?? framework.id, reference.itemId);
  }
  return skip;
}

function referenceItem(
  request: CompletionRequest,
  framework: Framework,
  item: FrameworkItem,
  qualified: boolean,
  sortText: string,
  wrap: boolean,
): CompletionItem {
  const label = qualified ? `${framework.id}:${item.id}` : item.id;
  return {
    label,
    labelDetails: { description: item.kind },
    kind: CompletionItemKind.Reference,
    detail: item.title ?? `${capitalise(item.kind)} ${item.id}`,
    // The documentation is added when the editor shows the item (`resolveCompletion`):
    // a list of hundreds of references then stays small and quick to send.
    data: {
      reference: `${framework.id}:${item.id}`,
      own: framework === request.framework,
    } satisfies ReferenceData,
    sortText,
    filterText: label,
    textEdit: TextEdit.replace(request.wordRange, valueText(request, label, wrap)),
  };
}

/** What a reference completion carries for `resolveCompletion`. */
interface ReferenceData {
  /** The item offered, as `FRAMEWORK:ID`. */
  readonly reference: string;
  /** Whether it is in the framework the completion was asked in. */
  readonly own: boolean;
}

/** What a framework completion (`FRAMEWORK:` or a framework ID) carries for `resolveCompletion`. */
interface FrameworkData {
  readonly framework: string;
}

function isFrameworkData(data: unknown): data is FrameworkData {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as FrameworkData).framework === 'string'
  );
}

function isReferenceData(data: unknown): data is ReferenceData {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as ReferenceData).reference === 'string' &&
    typeof (data as ReferenceData).own === 'boolean'
  );
}

/**
 * Adds the documentation of a reference or framework completion when the editor
 * shows it: an item's kind, framework, parents and description, a framework's
 * description. Anything else comes back as it is.
 */
export function resolveCompletion(
  index: WorkspaceIndex,
  completion: CompletionItem,
): CompletionItem {
  if (completion.documentation !== undefined) return completion;
  if (isFrameworkData(completion.data)) {
    const description = index.getFramework(completion.data.framework)?.framework.description;
    return description
      ? { ...completion, documentation: markdown(escapeMarkdown(description)) }
      : completion;
  }
  if (!isReferenceData(completion.data)) return completion;
  const target = itemByQualifiedId(index, completion.data.reference);
  if (!target) return completion;
  return {
    ...completion,
    documentation: itemDocumentation(target.framework, target.item, completion.data.own),
  };
}

/** The kind, the framework, the chain of parents and the description of an item. */
function itemDocumentation(framework: Framework, item: FrameworkItem, own: boolean): MarkupContent {
  const where = own ? 'this framework' : `framework \`${framework.id}\``;
  const paragraphs = [`${capitalise(item.kind)} \`${item.id}\` of ${where}`];
  const chain = ancestorsOf(framework, item).reverse();
  if (chain.length > 0) {
    const names = chain.map(
      (ancestor) =>
        `${ancestor.kind} \`${ancestor.id}\`${ancestor.title ? ` (${escapeMarkdown(ancestor.title)})` : ''}`,
    );
    paragraphs.push(`Under ${names.join(' › ')}`);
  }
  if (item.description) paragraphs.push(escapeMarkdown(item.description));
  return markdown(paragraphs.join('\n\n'));
}

/**
 * The frameworks other than the cursor's, each at the definition references resolve
 * to. The one this framework supersedes comes first (its items are what an item's
 * `supersedes` names); the rest follow by ID, so the order does not depend on the
 * order files were indexed in.
 */
function otherFrameworks(request: CompletionRequest): FrameworkLocation[] {
  const ownId = request.framework?.id;
  const superseded = request.framework?.supersedes?.frameworkId;
  const ids = [...request.index.frameworkIds()]
    .filter((id) => id !== ownId)
    .sort((a, b) => Number(b === superseded) - Number(a === superseded) || compareText(a, b));
  const locations: FrameworkLocation[] = [];
  for (const id of ids) {
    const location = request.index.getFramework(id);
    if (location) locations.push(location);
  }
  return locations;
}

/** `FRAMEWORK:` entries that narrow the list to one framework's items. */
function frameworkPrefixItems(
  request: CompletionRequest,
  frameworks: readonly FrameworkLocation[],
  wrap: boolean,
): CompletionItem[] {
  return frameworks.map(({ framework }, rank): CompletionItem => {
    const prefix = `${framework.id}:`;
    const item: CompletionItem = {
      label: prefix,
      kind: CompletionItemKind.Module,
      detail: frameworkDetail(framework),
      sortText: `${sortGroups.frameworkPrefix}${pad(rank)}`,
      filterText: prefix,
      command: suggestAgain,
      // The description is added when the editor shows the item (`resolveCompletion`).
      data: { framework: framework.id } satisfies FrameworkData,
    };
    // In brackets the cursor must stay before the `]`, so the prefix becomes a snippet.
    if (wrap && !request.context.quoted) {
      item.textEdit = TextEdit.replace(request.wordRange, `[${escapeSnippet(prefix)}$1]`);
      item.insertTextFormat = InsertTextFormat.Snippet;
    } else {
      item.textEdit = TextEdit.replace(request.wordRange, prefix);
    }
    return item;
  });
}

/**
 * Framework IDs for a framework's `supersedes`: every other framework, except those
 * that already supersede this one (directly or down a chain), which would make a
 * loop. Frameworks that end before this one starts come first, newest first, since a
 * framework usually replaces the previous period's; the rest follow by ID.
 */
function frameworkIdCompletions(request: CompletionRequest): CompletionItem[] {
  const own = request.framework;
  const ownStart = own?.period?.start;
  const isOlder = (framework: Framework): boolean =>
    ownStart !== undefined && framework.period !== undefined && framework.period.end < ownStart;
  const candidates = otherFrameworks(request).filter(
    (location) => !own || !supersedesChainReaches(request.index, location.framework, own.id),
  );
  candidates.sort(
    (a, b) =>
      Number(isOlder(b.framework)) - Number(isOlder(a.framework)) ||
      (isOlder(a.framework) && isOlder(b.framework)
        ? (b.framework.period?.end ?? 0) - (a.framework.period?.end ?? 0)
        : 0) ||
      compareText(a.framework.id, b.framework.id),
  );
  return candidates.map(({ framework }, rank): CompletionItem => {
    const item: CompletionItem = {
      label: framework.id,
      kind: CompletionItemKind.Module,
      detail: frameworkDetail(framework),
      sortText: `${sortGroups.otherItem}${pad(rank)}`,
      filterText: framework.id,
      textEdit: TextEdit.replace(request.wordRange, valueText(request, framework.id, false)),
      data: { framework: framework.id } satisfies FrameworkData,
    };
    return item;
  });
}

/** Whether following `supersedes` from `start` arrives at the framework `target`. */
function supersedesChainReaches(index: WorkspaceIndex, start: Framework, target: string): boolean {
  const visited = new Set<string>();
  let next = start.supersedes?.frameworkId;
  while (next !== undefined && !visited.has(next)) {
    if (next === target) return true;
    visited.add(next);
    next = index.getFramework(next)?.framework.supersedes?.frameworkId;
  }
  return false;
}

/** A framework's title and period, such as `ACME Strategic Framework (2022–2024)`. */
function frameworkDetail(framework: Framework): string {
  const title = framework.title ?? framework.id;
  const period = framework.period;
  return period ? `${title} (${period.start}–${period.end})` : title;
}

// ---------------------------------------------------------------------------------
// Snippets for new items.
// ---------------------------------------------------------------------------------

/**
 * A whole new goal, objective or indicator (`- id:` with the next free ID, and
 * `title:`), where one can start: on a blank line of the `goals:`, `objectives:` or
 * `indicators:` list, or on a `- ` line that has nothing else yet. The snippet spells
 * out its own indentation and asks the editor to insert it as is, so the `title:`
 * lines up under `id:` whatever the editor's own indentation rules.
 */
function itemSnippets(request: CompletionRequest): CompletionItem[] {
  const { file, offset, context } = request;
  const lineStart = lineStartAt(file.text, offset);
  const before = file.text.slice(lineStart, offset);
  if (file.text.slice(offset, lineEndAt(file.text, offset)).trim() !== '') return [];
  let kind: NumberedKind | undefined;
  let indent: number;
  if (before.trim() === '') {
    // A blank line in the list itself: the snippet brings its own `- `.
    const schema = context.mapSchema;
    const element = schema?.items && !schema.properties ? resolveSchema(schema.items) : undefined;
    kind = numberedKind(element?.definition);
    indent = before.length;
  } else {
    // A `- ` line, perhaps with a word typed: the snippet replaces it from the dash.
    const match = /^( *)-(?: +[A-Za-z0-9._-]*)?$/.exec(before);
    if (!match || context.existingKeys.size > 0) return [];
    kind = numberedKind(context.mapSchema?.definition);
    indent = match[1].length;
  }
  if (!kind) return [];
  const start = file.lines.positionAt(lineStart + indent);
  const range: Range = { start, end: file.lines.positionAt(offset) };
  const next = nextFreeId(request, kind);
  const quote = next && shouldQuote(next.id) ? request.quote : '';
  const idText = next ? `${quote}\${1:${escapeSnippet(next.id)}}${quote}` : '${1:id}';
  const continuation = ' '.repeat(indent + 2);
  const newText = `- id: ${idText}\n${continuation}title: \${2:Title}`;
  const preview = `- id: ${next ? `${quote}${next.id}${quote}` : 'id'}\n  title: Title`;
  const where = next?.parent ? ` under ${next.parent.kind} ${next.parent.id}` : '';
  return [
    {
      label: `New ${kind}`,
      labelDetails: next ? { description: `${kind} ${next.id}` } : undefined,
      kind: CompletionItemKind.Snippet,
      detail: next ? `A new ${kind} ${next.id}${where}` : `A new ${kind}`,
      documentation: markdown(`\`\`\`yaml\n${preview}\n\`\`\``),
      sortText: sortGroups.snippet,
      // The editor filters on the text from the range's start: the `- ` if typed.
      filterText: '- id',
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: TextEdit.replace(range, newText),
    },
  ];
}

// ---------------------------------------------------------------------------------
// Text helpers: quoting, markdown, positions.
// ---------------------------------------------------------------------------------

/**
 * The framework of the document at `offset`. While a document is being typed its
 * parse may end early (a syntax error cuts it short), leaving the cursor after the
 * framework's range; the framework still counts as long as no `---` or `...` marker
 * starts another document in between.
 */
function frameworkForOffset(file: IndexedFile, offset: number): Framework | undefined {
  const containing = frameworkAt(file, offset);
  if (containing) return containing;
  let nearest: Framework | undefined;
  for (const framework of file.parsed.frameworks) {
    if (framework.range.start <= offset) nearest = framework;
  }
  if (!nearest) return undefined;
  const between = file.text.slice(nearest.range.end, offset);
  return /(^|\n)(---|\.\.\.)(\s|$)/.test(between) ? undefined : nearest;
}

/**
 * The text to insert for an ID or reference. Inside quotes it goes in bare, closing
 * the quote if it is still open. Unquoted, an ID that YAML would read as something
 * other than text (`1`, `1.10`, `true`) is quoted so that every YAML tool reads it as
 * written (see `shouldQuote`). `wrap` puts it in brackets, for a key that holds a list.
 */
function valueText(request: CompletionRequest, text: string, wrap: boolean): string {
  const { file, context } = request;
  if (context.quoted) {
    const quote = file.text[context.wordRange.start - 1];
    return file.text[context.wordRange.end] === quote ? text : `${text}${quote}`;
  }
  const scalar = shouldQuote(text) ? `${request.quote}${text}${request.quote}` : text;
  return wrap ? `[${scalar}]` : scalar;
}

/**
 * Whether to quote an ID written without quotes: when YAML would read it as something
 * other than text, and also for every dotted number (`1.1.1` is text to YAML, but
 * docs/format.md asks for numeric IDs to be quoted, so that the inserted ID looks like
 * its neighbours and stays text if it is later edited to `1.10`).
 */
function shouldQuote(id: string): boolean {
  return needsQuotes(id) || isNumberedId(id);
}

/**
 * The quote this file writes IDs with (docs use single quotes, many files double), so
 * inserted IDs look like their neighbours. Double quotes when the file has none.
 */
function preferredQuote(text: string): '"' | "'" {
  const match = /\bid:[ \t]*(["'])/.exec(text);
  return match?.[1] === "'" ? "'" : '"';
}

/**
 * Whether the cursor is in a comment: a `#` at the start of the line or after a
 * space, outside quotes. A quote opens a quoted scalar only where a value starts, so
 * the apostrophe of `title: Don't` does not hide a comment after it.
 */
function isInComment(lineBeforeCursor: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < lineBeforeCursor.length; index++) {
    const character = lineBeforeCursor[index];
    const previous = index > 0 ? lineBeforeCursor[index - 1] : ' ';
    if (quote) {
      if (character === quote) quote = undefined;
      continue;
    }
    if ((character === '"' || character === "'") && /[\s[{,:-]/.test(previous)) {
      quote = character;
    } else if (character === '#' && /\s/.test(previous)) {
      return true;
    }
  }
  return false;
}

function markdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

/** Escapes the characters that would turn user text into markdown formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (character) => `\\${character}`);
}

/** Escapes the characters snippet syntax gives a meaning to. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (character) => `\\${character}`);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function pad(position: number): string {
  return String(position).padStart(6, '0');
}
