/**
 * The index of every framework file in the workspace, updated one file at a time.
 *
 * Each file is parsed once per version. Cross-file facts (which framework is defined
 * where, which files refer to which framework) are kept in maps that an update
 * changes only for the file that changed, and each update says which other files'
 * diagnostics it may have changed, so hosts re-check only those.
 */
import type { Framework, FrameworkItem, ParsedFile } from './model';
import { parseForEditing } from './parsing/incremental';
import type { ParseMemo } from './parsing/incremental';
import { perShape, shapeOf } from './shape';
import type { ShapeToken } from './shape';
import { LineIndex } from './util/lineIndex';
import { findChange } from './util/textChange';
import type { WorkspaceDocument } from './types';

/** A framework's items by ID. */
export interface ItemLookup {
  get(id: string): FrameworkItem | undefined;
  /** The first item of each ID, in document order. */
  values(): IterableIterator<FrameworkItem>;
}

/**
 * Where each ID's first item is depends only on the framework's shape, so versions
 * of a framework that keep their shape (a title typed) share one map.
 */
const positionsByShape = new WeakMap<ShapeToken, ReadonlyMap<string, number>>();

class ItemsById implements ItemLookup {
  constructor(
    private readonly positions: ReadonlyMap<string, number>,
    private readonly items: readonly FrameworkItem[],
  ) {}

  get(id: string): FrameworkItem | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.items[position];
  }

  *values(): IterableIterator<FrameworkItem> {
    for (const position of this.positions.values()) yield this.items[position];
  }
}

export interface IndexedFile {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly parsed: ParsedFile;
  readonly lines: LineIndex;
  /** What the parse kept so that the next edit of this file is read in proportion to it. */
  readonly memo: ParseMemo | undefined;
}

/** Where a framework is defined. */
export interface FrameworkLocation {
  readonly file: IndexedFile;
  readonly framework: Framework;
}

/**
 * Which cross-file checks are on, so that the index tracks what they depend on and
 * nothing more: a check that is off costs nothing while typing.
 */
export interface DependencyOptions {
  /**
   * `unaccounted-predecessor`: a framework's diagnostics depend on what the frameworks
   * that supersede it say about its items (item-level `supersedes`, `retired`
   * entries), not on their titles: the candidate successors come with the quick fixes.
   */
  readonly lineage: boolean;
  /** `orphan-item`: an item's diagnostics depend on every reference to it, from any file. */
  readonly incomingReferences: boolean;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Framework ID to every definition of it, in URI order, then document order. */
  private readonly definitions = new Map<string, FrameworkLocation[]>();
  /** Framework ID to the files that refer to it (qualified references, `supersedes`). */
  private readonly dependents = new Map<string, Set<string>>();
  /** Files with a framework-level `supersedes`, whose cycle checks span many files. */
  private readonly filesWithSupersedes = new Set<string>();
  private readonly itemLookups = new WeakMap<Framework, ItemLookup>();
  private dependencyOptions: DependencyOptions = { lineage: false, incomingReferences: false };

  /** Says which cross-file checks are on; the host re-checks every file when this changes. */
  setDependencyOptions(options: DependencyOptions): void {
    this.dependencyOptions = options;
  }

  get fileCount(): number {
    return this.files.size;
  }

  getFile(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** Every definition of a framework ID; more than one is a `duplicate-framework`. */
  getDefinitions(frameworkId: string): readonly FrameworkLocation[] {
    return this.definitions.get(frameworkId) ?? [];
  }

  /** The definition references resolve against: the first in URI order. */
  getFramework(frameworkId: string): FrameworkLocation | undefined {
    return this.definitions.get(frameworkId)?.[0];
  }

  frameworkIds(): IterableIterator<string> {
    return this.definitions.keys();
  }

  /**
   * The URIs of the files that name a framework other than through local references:
   * by a qualified reference, or in a framework-level `supersedes`.
   */
  filesReferringTo(frameworkId: string): ReadonlySet<string> {
    return this.dependents.get(frameworkId) ?? emptySet;
  }

  /** A framework's items by ID; the first of duplicated IDs wins, as for resolution. */
  itemsById(framework: Framework): ItemLookup {
    let lookup = this.itemLookups.get(framework);
    if (!lookup) {
      const positions = perShape(positionsByShape, shapeOf(framework), () => {
        const map = new Map<string, number>();
        for (const item of framework.items) if (!map.has(item.id)) map.set(item.id, item.index);
        return map;
      });
      lookup = new ItemsById(positions, framework.items);
      this.itemLookups.set(framework, lookup);
    }
    return lookup;
  }

  /**
   * Brings one file up to date. Returns the URIs whose diagnostics may have changed,
   * including this one; nothing when this version was already indexed.
   */
  update(document: WorkspaceDocument): Set<string> {
    const existing = this.files.get(document.uri);
    if (existing && existing.version === document.version) return new Set();
    const text = document.getText();
    if (existing && existing.text === text) {
      // Same text under a new version (a save, a reload): keep the parse, but record
      // the new version everywhere the file is referenced. No diagnostics change.
      this.detach(existing);
      this.attach({ ...existing, version: document.version });
      return new Set();
    }
    // An edit is read again only where it changed the text: the parse from the entry
    // it falls in, the line index from the lines it touched.
    const change = existing ? findChange(existing.text, text) : undefined;
    const previous = existing && change && { text: existing.text, memo: existing.memo, change };
    const { parsed, memo } = parseForEditing(document.uri, document.version, text, previous);
    const file: IndexedFile = {
      uri: document.uri,
      version: document.version,
      text,
      parsed,
      lines: previous
        ? LineIndex.afterChange(existing.lines, text, previous.change)
        : new LineIndex(text),
      memo,
    };
    const before = existing ? summarise(existing.parsed, this.dependencyOptions) : emptySummary;
    const after = summarise(parsed, this.dependencyOptions);
    if (existing) this.detach(existing);
    this.attach(file);
    const affected = new Set<string>([file.uri]);
    // Other files depend on a framework's IDs, kinds, nesting and order (resolution,
    // kind checks, did-you-mean), not on its titles or positions: an edit that keeps
    // those re-checks this file alone. A duplicated framework is the exception, as the
    // duplicates point at each other's positions.
    for (const frameworkId of new Set([...before.signatures.keys(), ...after.signatures.keys()])) {
      const changed = before.signatures.get(frameworkId) !== after.signatures.get(frameworkId);
      const duplicated = (this.definitions.get(frameworkId)?.length ?? 0) > 1;
      if (changed || duplicated) this.addAffectedBy(frameworkId, affected);
    }
    if (before.supersedes !== after.supersedes) this.addSupersedesFiles(affected);
    if (before.frameworkIds !== after.frameworkIds) this.addUnknownFrameworkUsers(affected);
    // What this file says about other frameworks' items is part of those frameworks'
    // diagnostics.
    for (const frameworkId of new Set([...before.outgoing.keys(), ...after.outgoing.keys()])) {
      if (before.outgoing.get(frameworkId) !== after.outgoing.get(frameworkId)) {
        this.addDefinitionFiles(frameworkId, affected);
      }
    }
    return affected;
  }

  /** Forgets a file. Returns the URIs whose diagnostics may have changed. */
  remove(uri: string): Set<string> {
    const existing = this.files.get(uri);
    if (!existing) return new Set();
    const before = summarise(existing.parsed, this.dependencyOptions);
    const hadSupersedes = this.filesWithSupersedes.has(uri);
    this.detach(existing);
    const affected = new Set<string>();
    for (const frameworkId of before.signatures.keys()) this.addAffectedBy(frameworkId, affected);
    if (hadSupersedes) this.addSupersedesFiles(affected);
    this.addUnknownFrameworkUsers(affected);
    for (const frameworkId of before.outgoing.keys()) {
      this.addDefinitionFiles(frameworkId, affected);
    }
    affected.delete(uri);
    return affected;
  }

  private attach(file: IndexedFile): void {
    this.files.set(file.uri, file);
    for (const framework of file.parsed.frameworks) {
      const locations = this.definitions.get(framework.id);
      if (locations) {
        // Kept in URI order, so that which definition wins does not depend on the
        // order files happened to be indexed in.
        const at = locations.findIndex((location) => location.file.uri > file.uri);
        locations.splice(at < 0 ? locations.length : at, 0, { file, framework });
      } else {
        this.definitions.set(framework.id, [{ file, framework }]);
      }
    }
    for (const frameworkId of referencedFrameworks(file.parsed)) {
      let files = this.dependents.get(frameworkId);
      if (!files) this.dependents.set(frameworkId, (files = new Set()));
      files.add(file.uri);
    }
    if (file.parsed.frameworks.some((framework) => framework.supersedes)) {
      this.filesWithSupersedes.add(file.uri);
    }
  }

  private detach(file: IndexedFile): void {
    for (const framework of file.parsed.frameworks) {
      const locations = this.definitions.get(framework.id);
      if (locations) {
        const remaining = locations.filter((location) => location.file.uri !== file.uri);
        if (remaining.length > 0) this.definitions.set(framework.id, remaining);
        else this.definitions.delete(framework.id);
      }
    }
    for (const frameworkId of referencedFrameworks(file.parsed)) {
      const files = this.dependents.get(frameworkId);
      files?.delete(file.uri);
      if (files?.size === 0) this.dependents.delete(frameworkId);
    }
    this.filesWithSupersedes.delete(file.uri);
    this.files.delete(file.uri);
  }

  /**
   * Adds every file with a framework-level `supersedes`: a change to any such link can
   * open or close a cycle that runs through files which do not name the changed one.
   */
  private addSupersedesFiles(affected: Set<string>): void {
    for (const uri of this.filesWithSupersedes) affected.add(uri);
  }

  /**
   * Adds the files that name a framework no file defines: their did-you-mean
   * suggestions are drawn from every framework ID, so they change whenever a
   * framework appears or disappears anywhere.
   */
  private addUnknownFrameworkUsers(affected: Set<string>): void {
    for (const [frameworkId, files] of this.dependents) {
      if (this.definitions.has(frameworkId)) continue;
      for (const uri of files) affected.add(uri);
    }
  }

  /** Adds every file that defines the framework. */
  private addDefinitionFiles(frameworkId: string, affected: Set<string>): void {
    for (const location of this.definitions.get(frameworkId) ?? []) affected.add(location.file.uri);
  }

  /** Adds every file that defines or refers to the framework. */
  private addAffectedBy(frameworkId: string, affected: Set<string>): void {
    for (const location of this.definitions.get(frameworkId) ?? []) affected.add(location.file.uri);
    for (const uri of this.dependents.get(frameworkId) ?? []) affected.add(uri);
  }
}

/** The frameworks a file refers to by name, other than through local references. */
function referencedFrameworks(parsed: ParsedFile): Set<string> {
  const ids = new Set<string>();
  for (const framework of parsed.frameworks) {
    if (framework.supersedes) ids.add(framework.supersedes.frameworkId);
    for (const reference of framework.references) {
      if (reference.frameworkId !== undefined) ids.add(reference.frameworkId);
    }
  }
  return ids;
}

/** What other files' diagnostics depend on in a parsed file, in comparable form. */
interface FileSummary {
  /** Per framework ID: its items' IDs, kinds and parents in order, as one string. */
  readonly signatures: ReadonlyMap<string, string>;
  /** Every framework-level `supersedes` link, as one string. */
  readonly supersedes: string;
  /** The framework IDs defined, as one string. */
  readonly frameworkIds: string;
  /**
   * Per other framework this file names: what it says about that framework's items,
   * as one string. With lineage checks on, the `supersedes` and `retired` references
   * to it and the framework-level `supersedes` naming it; with incoming references
   * tracked (`orphan-item`), every reference to it.
   */
  readonly outgoing: ReadonlyMap<string, string>;
}

const emptySummary: FileSummary = {
  signatures: new Map(),
  supersedes: '',
  frameworkIds: '',
  outgoing: new Map(),
};

const emptySet: ReadonlySet<string> = new Set();

/** A framework's shape as one string, made once per shape. */
const signaturesByShape = new WeakMap<ShapeToken, string>();

function summarise(parsed: ParsedFile, options: DependencyOptions): FileSummary {
  const signatures = new Map<string, string>();
  const links: string[] = [];
  const outgoing = new Map<string, string[]>();
  const say = (frameworkId: string, fact: string): void => {
    const facts = outgoing.get(frameworkId);
    if (facts) facts.push(fact);
    else outgoing.set(frameworkId, [fact]);
  };
  for (const framework of parsed.frameworks) {
    const signature = perShape(signaturesByShape, shapeOf(framework), () =>
      framework.items
        .map((item) => `${item.id}\u0000${item.kind}\u0000${item.parent}`)
        .join('\u0001'),
    );
    const earlier = signatures.get(framework.id);
    signatures.set(
      framework.id,
      earlier === undefined ? signature : `${earlier}\u0002${signature}`,
    );
    links.push(`${framework.id}>${framework.supersedes?.frameworkId ?? ''}`);
    if (!options.lineage && !options.incomingReferences) continue;
    const predecessor = framework.supersedes?.frameworkId;
    if (options.lineage && predecessor !== undefined && predecessor !== framework.id) {
      say(predecessor, `${framework.id}>`);
    }
    for (const reference of framework.references) {
      const target = reference.frameworkId;
      if (target === undefined || target === framework.id) continue;
      const lineage = reference.field === 'supersedes' || reference.field === 'retired';
      if (options.incomingReferences || (options.lineage && lineage)) {
        // Whether the reference belongs to an item with a usable ID decides whether it
        // continues anything (an item without one continues nothing), so it is part of
        // the fact.
        const held = reference.source >= 0 ? 'item' : 'none';
        say(
          target,
          `${framework.id}\u0000${reference.field}\u0000${reference.itemId}\u0000${held}`,
        );
      }
    }
  }
  return {
    signatures,
    supersedes: links.join('\n'),
    frameworkIds: [...signatures.keys()].join('\n'),
    outgoing: new Map([...outgoing].map(([id, facts]) => [id, facts.join('\u0001')])),
  };
}
