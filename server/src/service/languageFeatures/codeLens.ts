/**
 * Code lenses on goals and objectives: how many references name the item, how much
 * hangs under it (a goal's objectives, an objective's indicators, and the programmes
 * supporting either), which items of an older framework it supersedes, and which
 * items of newer frameworks supersede it. They make coverage and the lineage between
 * strategy periods visible where the item is written, without opening another file.
 */
import type { CodeLens, Command, Location, Position } from 'vscode-languageserver-types';
import type { Framework, FrameworkItem } from '../model';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { filesInUriOrder, qualifiedId, resolveReference } from './navigation';
import type { Occurrence } from './navigation';

/** The client command that opens the references peek view at a position. */
export const showReferencesCommand = 'strategicFrameworks.showReferences';
/** The client command that opens a file and reveals a range in it. */
export const revealItemCommand = 'strategicFrameworks.revealItem';

/**
 * Up to this many supersedes links get one lens each; more are summarised in one
 * lens that lists them all, so that a goal continuing many old items keeps a
 * readable line above it.
 */
const maxLinkLenses = 3;

/** A link to show: the item at the other end, named by its qualified ID. */
interface Link {
  readonly name: string;
  readonly location: Location;
}

export function codeLenses(index: WorkspaceIndex, file: IndexedFile): CodeLens[] {
  const incoming = incomingReferences(index, file);
  const lenses: CodeLens[] = [];
  for (const framework of file.parsed.frameworks) {
    const children = childrenByParent(framework);
    for (const item of framework.items) {
      if (item.kind !== 'goal' && item.kind !== 'objective') continue;
      const range = file.lines.rangeOf(item.idRange);
      const references = incoming.get(item) ?? [];
      const locations = references.map(locationOf);
      const count = `${references.length} reference${references.length === 1 ? '' : 's'}`;
      lenses.push({ range, command: showReferences(count, file.uri, range.start, locations) });
      lenses.push(coverageLens(file, item, children.get(item.index) ?? [], references, range));

      const supersedes = supersededItems(index, file, framework, item);
      lenses.push(...linkLenses('supersedes', supersedes, file.uri, range));
      // Only links from other frameworks: a `supersedes` naming an item of its own
      // framework is a `wrong-reference-kind` error, not lineage.
      const supersededBy = references
        .filter((occurrence) => occurrence.reference?.field === 'supersedes')
        .filter((occurrence) => occurrence.framework !== framework)
        .map(sourceLink);
      lenses.push(...linkLenses('superseded by', supersededBy, file.uri, range));
    }
  }
  return lenses;
}

/** Each item's children, by the parent's index, in document order. */
function childrenByParent(framework: Framework): Map<number, FrameworkItem[]> {
  const children = new Map<number, FrameworkItem[]>();
  for (const item of framework.items) {
    if (item.parent < 0) continue;
    const list = children.get(item.parent);
    if (list) list.push(item);
    else children.set(item.parent, [item]);
  }
  return children;
}

/**
 * `3 objectives · 1 programme` on a goal, `0 indicators · 2 programmes` on an
 * objective: its children of the next level, and the programmes of any framework whose
 * `supports` name it. It opens the list of them.
 */
function coverageLens(
  file: IndexedFile,
  item: FrameworkItem,
  children: readonly FrameworkItem[],
  references: readonly Occurrence[],
  range: CodeLens['range'],
): CodeLens {
  const childKind = item.kind === 'goal' ? 'objective' : 'indicator';
  const ownChildren = children.filter((child) => child.kind === childKind);
  const programmes: Location[] = [];
  const seen = new Set<FrameworkItem>();
  for (const occurrence of references) {
    const reference = occurrence.reference;
    if (reference?.field !== 'supports' || reference.source < 0) continue;
    const source = occurrence.framework.items[reference.source];
    if (source.kind !== 'programme' || seen.has(source)) continue;
    seen.add(source);
    const where = occurrence.file;
    programmes.push({ uri: where.uri, range: where.lines.rangeOf(source.idRange) });
  }
  const title = `${plural(ownChildren.length, childKind)} · ${plural(programmes.length, 'programme')}`;
  const locations = [
    ...ownChildren.map((child) => ({ uri: file.uri, range: file.lines.rangeOf(child.idRange) })),
    ...programmes,
  ];
  return { range, command: showReferences(title, file.uri, range.start, locations) };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function showReferences(
  title: string,
  uri: string,
  position: Position,
  locations: Location[],
): Command {
  return { title, command: showReferencesCommand, arguments: [uri, position, locations] };
}

function locationOf(occurrence: Occurrence): Location {
  return { uri: occurrence.file.uri, range: occurrence.file.lines.rangeOf(occurrence.range) };
}

/** One lens per link, or one lens listing them all when there are too many to read. */
function linkLenses(
  label: 'supersedes' | 'superseded by',
  links: readonly Link[],
  uri: string,
  range: CodeLens['range'],
): CodeLens[] {
  if (links.length === 0) return [];
  if (links.length > maxLinkLenses) {
    const title = `${label} ${links.length} items`;
    const locations = links.map((link) => link.location);
    return [{ range, command: showReferences(title, uri, range.start, locations) }];
  }
  return links.map((link) => ({
    range,
    command: {
      title: `${label} ${link.name}`,
      command: revealItemCommand,
      arguments: [link.location.uri, link.location.range],
    },
  }));
}

/** The items of other frameworks that an item's `supersedes` names and that exist. */
function supersededItems(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  item: FrameworkItem,
): Link[] {
  const links: Link[] = [];
  const seen = new Set<FrameworkItem>();
  for (const reference of framework.references) {
    if (reference.source !== item.index || reference.field !== 'supersedes') continue;
    if (reference.frameworkId === undefined || reference.frameworkId === framework.id) continue;
    const target = resolveReference(index, file, framework, reference);
    if (!target || seen.has(target.item)) continue;
    seen.add(target.item);
    links.push({
      name: qualifiedId(target.framework, target.item),
      location: { uri: target.file.uri, range: target.file.lines.rangeOf(target.item.idRange) },
    });
  }
  return links;
}

/** The item holding a reference, as a link to reveal. */
function sourceLink(occurrence: Occurrence): Link {
  const source = occurrence.reference
    ? occurrence.framework.items[occurrence.reference.source]
    : undefined;
  const file = occurrence.file;
  return {
    name: source ? qualifiedId(occurrence.framework, source) : occurrence.framework.id,
    location: {
      uri: file.uri,
      range: file.lines.rangeOf(source ? source.idRange : occurrence.range),
    },
  };
}

/**
 * Every reference in the workspace that resolves to an item of `file`, by item, in
 * URI and then document order. `resolveReference` decides, so these are exactly the
 * references `findOccurrences` finds for each item; one pass over the workspace
 * answers for every item of the file at once, where asking per item would scan the
 * workspace once per goal and objective on every edit.
 */
function incomingReferences(
  index: WorkspaceIndex,
  file: IndexedFile,
): Map<FrameworkItem, Occurrence[]> {
  const incoming = new Map<FrameworkItem, Occurrence[]>();
  for (const other of filesInUriOrder(index)) {
    for (const framework of other.parsed.frameworks) {
      for (const reference of framework.references) {
        const target = resolveReference(index, other, framework, reference);
        if (!target || target.file.uri !== file.uri) continue;
        let list = incoming.get(target.item);
        if (!list) incoming.set(target.item, (list = []));
        list.push({
          file: other,
          range: reference.itemRange,
          isDeclaration: false,
          reference,
          framework,
        });
      }
    }
  }
  return incoming;
}
