/**
 * What is under the cursor, what it names, and every place that names the same
 * thing. Hover, definition, references, highlights, rename, code lens and inlay
 * hints are all built on these three questions.
 */
import type { Framework, FrameworkItem, ItemKind, OffsetRange, Reference } from '../model';
import { compareText } from '../util/compare';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';

/** An item of a framework, located in the file that defines it. */
export interface ItemTarget {
  readonly kind: 'item';
  readonly file: IndexedFile;
  readonly framework: Framework;
  readonly item: FrameworkItem;
}

/** A framework, located in the file that defines it. */
export interface FrameworkTarget {
  readonly kind: 'framework';
  readonly file: IndexedFile;
  readonly framework: Framework;
}

export type Target = ItemTarget | FrameworkTarget;

/** One place in the workspace that names a target. */
export interface Occurrence {
  readonly file: IndexedFile;
  /** Exactly the name: the ID, or the ID part or framework part of a reference. */
  readonly range: OffsetRange;
  /** The declaration (`id:` or `framework:`), as opposed to a reference to it. */
  readonly isDeclaration: boolean;
  /** The reference this occurrence is part of, when it is one. */
  readonly reference?: Reference;
  /** The framework whose document holds the occurrence. */
  readonly framework: Framework;
}

/** What the cursor is on: a name, and what that name resolves to (if anything). */
export interface SymbolAtPosition {
  readonly occurrence: Occurrence;
  /** Undefined for a reference that does not resolve. */
  readonly target: Target | undefined;
}

const contains = (range: OffsetRange, offset: number): boolean =>
  range.start <= offset && offset <= range.end;

/** The framework document of a file that contains an offset. */
export function frameworkAt(file: IndexedFile, offset: number): Framework | undefined {
  return file.parsed.frameworks.find((framework) => contains(framework.range, offset));
}

/**
 * The innermost item of a framework whose range contains an offset, of one kind when
 * `kind` is given: the item whose own lines the offset is on, rather than a parent's.
 */
export function deepestItemAt(
  framework: Framework,
  offset: number,
  kind?: ItemKind,
): FrameworkItem | undefined {
  let deepest: FrameworkItem | undefined;
  // Items are in document order, parents before children: the last match is deepest.
  for (const item of framework.items) {
    if ((kind === undefined || item.kind === kind) && contains(item.range, offset)) deepest = item;
  }
  return deepest;
}

/** Every indexed file in URI order, so that answers never depend on indexing order. */
export function filesInUriOrder(index: WorkspaceIndex): IndexedFile[] {
  return [...index.allFiles()].sort((a, b) => compareText(a.uri, b.uri));
}

/**
 * The files that can name a framework or its items, in URI order: its own file (local
 * references) and, when it is the definition references resolve to, the files that
 * name it (qualified references, `supersedes`, `retired`). In a workspace of 200
 * periods that is a handful of files, not 200.
 */
function filesThatCanName(
  index: WorkspaceIndex,
  own: IndexedFile,
  frameworkId: string | undefined,
): IndexedFile[] {
  const files = [own];
  if (frameworkId !== undefined) {
    for (const uri of index.filesReferringTo(frameworkId)) {
      const file = index.getFile(uri);
      if (file && file !== own) files.push(file);
    }
  }
  return files.sort((a, b) => compareText(a.uri, b.uri));
}

export function symbolAt(
  index: WorkspaceIndex,
  file: IndexedFile,
  offset: number,
): SymbolAtPosition | undefined {
  const framework = frameworkAt(file, offset);
  if (!framework) return undefined;
  if (contains(framework.idRange, offset)) {
    return {
      occurrence: { file, range: framework.idRange, isDeclaration: true, framework },
      target: { kind: 'framework', file, framework },
    };
  }
  const supersedes = framework.supersedes;
  if (supersedes && contains(supersedes.range, offset)) {
    const location = index.getFramework(supersedes.frameworkId);
    return {
      occurrence: { file, range: supersedes.range, isDeclaration: false, framework },
      target: location ? { kind: 'framework', ...location } : undefined,
    };
  }
  for (const item of framework.items) {
    if (contains(item.idRange, offset)) {
      return {
        occurrence: { file, range: item.idRange, isDeclaration: true, framework },
        target: { kind: 'item', file, framework, item },
      };
    }
  }
  for (const reference of framework.references) {
    if (!contains(reference.range, offset)) continue;
    if (reference.frameworkRange && contains(reference.frameworkRange, offset)) {
      // A framework naming itself means this very document, as `resolveReference` reads
      // it, even when the ID is duplicated and another definition wins elsewhere.
      const location =
        reference.frameworkId === framework.id
          ? { file, framework }
          : reference.frameworkId
            ? index.getFramework(reference.frameworkId)
            : undefined;
      // The framework part of `FRAMEWORK:ID` names the framework, unless the two parts
      // share one range (a reference written with escapes).
      if (reference.frameworkRange !== reference.itemRange) {
        return {
          occurrence: {
            file,
            range: reference.frameworkRange,
            isDeclaration: false,
            reference,
            framework,
          },
          target: location ? { kind: 'framework', ...location } : undefined,
        };
      }
    }
    return {
      occurrence: { file, range: reference.itemRange, isDeclaration: false, reference, framework },
      target: resolveReference(index, file, framework, reference),
    };
  }
  return undefined;
}

/** The item a reference names, or undefined when it does not resolve. */
export function resolveReference(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  reference: Reference,
): ItemTarget | undefined {
  let targetFile = file;
  let targetFramework = framework;
  if (reference.frameworkId !== undefined && reference.frameworkId !== framework.id) {
    const location = index.getFramework(reference.frameworkId);
    if (!location) return undefined;
    targetFile = location.file;
    targetFramework = location.framework;
  }
  const item = index.itemsById(targetFramework).get(reference.itemId);
  return item ? { kind: 'item', file: targetFile, framework: targetFramework, item } : undefined;
}

/**
 * Every place that names the target, declaration first, then references in URI and
 * document order. A reference counts when it resolves to this very target: a local
 * reference in the target's own framework, or `FRAMEWORK:ID` from anywhere.
 */
export function findOccurrences(index: WorkspaceIndex, target: Target): Occurrence[] {
  const declarationRange = target.kind === 'item' ? target.item.idRange : target.framework.idRange;
  const occurrences: Occurrence[] = [
    {
      file: target.file,
      range: declarationRange,
      isDeclaration: true,
      framework: target.framework,
    },
  ];
  const frameworkId = target.framework.id;
  // References from other frameworks reach only the definition they resolve against;
  // a duplicated framework's own local references still reach it.
  const resolving = index.getFramework(frameworkId)?.framework === target.framework;
  // Of two items with one ID, references reach the first; the second has none.
  if (
    target.kind === 'item' &&
    index.itemsById(target.framework).get(target.item.id) !== target.item
  ) {
    return occurrences;
  }
  for (const file of filesThatCanName(index, target.file, resolving ? frameworkId : undefined)) {
    for (const framework of file.parsed.frameworks) {
      const own = framework === target.framework;
      if (!own && !resolving) continue;
      // Another definition of the same framework ID resolves its own `ID:` references
      // to itself (see `resolveReference`), so none of them name the target.
      if (!own && framework.id === frameworkId) continue;
      if (target.kind === 'framework') {
        collectFrameworkOccurrences(file, framework, frameworkId, occurrences);
      } else {
        collectItemOccurrences(file, framework, own, target, occurrences);
      }
    }
  }
  return occurrences;
}

function collectFrameworkOccurrences(
  file: IndexedFile,
  framework: Framework,
  frameworkId: string,
  occurrences: Occurrence[],
): void {
  if (framework.supersedes?.frameworkId === frameworkId) {
    occurrences.push({ file, range: framework.supersedes.range, isDeclaration: false, framework });
  }
  for (const reference of framework.references) {
    if (reference.frameworkId === frameworkId && reference.frameworkRange) {
      occurrences.push({
        file,
        range: reference.frameworkRange,
        isDeclaration: false,
        reference,
        framework,
      });
    }
  }
}

function collectItemOccurrences(
  file: IndexedFile,
  framework: Framework,
  own: boolean,
  target: ItemTarget,
  occurrences: Occurrence[],
): void {
  for (const reference of framework.references) {
    if (reference.itemId !== target.item.id) continue;
    const named = own
      ? reference.frameworkId === undefined || reference.frameworkId === framework.id
      : reference.frameworkId === target.framework.id;
    if (!named) continue;
    occurrences.push({
      file,
      range: reference.itemRange,
      isDeclaration: false,
      reference,
      framework,
    });
  }
}

/** The chain of an item's ancestors, nearest first. */
export function ancestorsOf(framework: Framework, item: FrameworkItem): FrameworkItem[] {
  const chain: FrameworkItem[] = [];
  let parent = item.parent;
  while (parent >= 0) {
    const ancestor = framework.items[parent];
    chain.push(ancestor);
    parent = ancestor.parent;
  }
  return chain;
}

/** `FRAMEWORK:ID`: how an item is named from anywhere in the workspace. */
export function qualifiedId(framework: Framework, item: FrameworkItem): string {
  return `${framework.id}:${item.id}`;
}
