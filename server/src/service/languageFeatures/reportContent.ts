/**
 * What `framework-check --report` shows of each framework: its texts (vision, mission,
 * description), its values, categories, goals with their objectives and indicators
 * (target, unit, baseline), its programmes, and every item's links in both directions.
 * Plain data; `server/src/report/` turns it into HTML or Markdown.
 *
 * The model keeps what the checks need, which leaves out the texts only a reader wants
 * (vision, mission, organisation, an indicator's target, unit and baseline). Those are
 * read here from the file's syntax tree, built by the same two producers the parser
 * uses, once per report rather than once per edit: nothing but the report asks for them.
 */
import type { Range } from 'vscode-languageserver-types';
import type { ItemKind } from '../../protocol';
import type { Framework, FrameworkItem, Reference } from '../model';
import { mapValue } from '../parsing/syntax';
import type { SyntaxMap, SyntaxNode } from '../parsing/syntax';
import { compareText } from '../util/compare';
import { syntaxDocumentsOf } from '../util/syntaxTree';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { qualifiedId, resolveReference } from './navigation';

/** An item a link names: resolved to its kind and title, or a name that names nothing. */
export interface ReportLink {
  /** `FRAMEWORK:ID`. */
  readonly qualifiedId: string;
  readonly kind: ItemKind | undefined;
  readonly title: string | undefined;
  /** False when the reference names nothing in the workspace. */
  readonly resolved: boolean;
}

export interface ReportItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly qualifiedId: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly uri: string;
  /** The item's ID in its file. */
  readonly range: Range;
  /** What it names in `supports`, in the order written. */
  readonly supports: readonly ReportLink[];
  /** The items whose `supports` name it, in any framework. */
  readonly supportedBy: readonly ReportLink[];
  /** The older items it names in `supersedes`. */
  readonly supersedes: readonly ReportLink[];
  /** The newer items whose `supersedes` name it. */
  readonly supersededBy: readonly ReportLink[];
  /** A goal's category; undefined for other kinds and goals without one. */
  readonly category: ReportLink | undefined;
  /** An indicator's target, unit and baseline, as written; undefined when absent. */
  readonly target: string | undefined;
  readonly unit: string | undefined;
  readonly baseline: string | undefined;
  /** A goal's objectives, an objective's indicators. */
  readonly children: readonly ReportItem[];
}

export interface ReportFramework {
  readonly id: string;
  readonly title: string | undefined;
  readonly organization: string | undefined;
  readonly period: { readonly start: number; readonly end: number } | undefined;
  /** The framework this one supersedes, by ID, as written. */
  readonly supersedes: string | undefined;
  readonly vision: string | undefined;
  readonly mission: string | undefined;
  readonly description: string | undefined;
  readonly uri: string;
  readonly range: Range;
  readonly values: readonly ReportItem[];
  readonly categories: readonly ReportItem[];
  /** Goals, each with its objectives and theirs with their indicators. */
  readonly goals: readonly ReportItem[];
  readonly programmes: readonly ReportItem[];
}

export interface ReportContent {
  /** Every framework once, oldest period first, then by ID; those without a period last. */
  readonly frameworks: readonly ReportFramework[];
}

interface Located {
  readonly file: IndexedFile;
  readonly framework: Framework;
}

export function getReportContent(index: WorkspaceIndex): ReportContent {
  const frameworks: Located[] = [];
  for (const id of index.frameworkIds()) {
    const location = index.getFramework(id);
    if (location) frameworks.push(location);
  }
  const start = (framework: Framework): number =>
    framework.period?.start ?? Number.POSITIVE_INFINITY;
  frameworks.sort(
    (a, b) =>
      start(a.framework) - start(b.framework) || compareText(a.framework.id, b.framework.id),
  );
  const incoming = incomingLinks(index, frameworks);
  const detailsByFile = new Map<IndexedFile, Details>();
  return {
    frameworks: frameworks.map(({ file, framework }) => {
      let details = detailsByFile.get(file);
      if (!details) detailsByFile.set(file, (details = readDetails(file.text)));
      return reportFramework(index, file, framework, details, incoming);
    }),
  };
}

/** Links that point at an item, gathered in one pass over every reference. */
interface IncomingLinks {
  readonly supportedBy: Map<FrameworkItem, ReportLink[]>;
  readonly supersededBy: Map<FrameworkItem, ReportLink[]>;
}

function incomingLinks(index: WorkspaceIndex, frameworks: readonly Located[]): IncomingLinks {
  const links: IncomingLinks = { supportedBy: new Map(), supersededBy: new Map() };
  for (const { file, framework } of frameworks) {
    for (const reference of framework.references) {
      const map =
        reference.field === 'supports'
          ? links.supportedBy
          : reference.field === 'supersedes'
            ? links.supersededBy
            : undefined;
      if (!map) continue;
      const source = framework.items[reference.source];
      const target = resolveReference(index, file, framework, reference);
      if (!source || !target) continue;
      let list = map.get(target.item);
      if (!list) map.set(target.item, (list = []));
      list.push(linkTo(framework, source));
    }
  }
  return links;
}

function linkTo(framework: Framework, item: FrameworkItem): ReportLink {
  return {
    qualifiedId: qualifiedId(framework, item),
    kind: item.kind,
    title: item.title,
    resolved: true,
  };
}

function reportFramework(
  index: WorkspaceIndex,
  file: IndexedFile,
  framework: Framework,
  details: Details,
  incoming: IncomingLinks,
): ReportFramework {
  const frameworkMap = details.byOffset(framework.idRange.start);
  const text = (key: string): string | undefined =>
    frameworkMap ? scalarText(mapValue(frameworkMap, key), file.text) : undefined;
  const outgoing = new Map<FrameworkItem, Reference[]>();
  for (const reference of framework.references) {
    const source = framework.items[reference.source];
    if (!source) continue;
    let list = outgoing.get(source);
    if (!list) outgoing.set(source, (list = []));
    list.push(reference);
  }
  const resolve = (reference: Reference): ReportLink => {
    const target = resolveReference(index, file, framework, reference);
    if (target) return linkTo(target.framework, target.item);
    const frameworkId = reference.frameworkId ?? framework.id;
    return {
      qualifiedId: `${frameworkId}:${reference.itemId}`,
      kind: undefined,
      title: undefined,
      resolved: false,
    };
  };

  // Items come parents first; children are built first so each item gets them finished.
  const built: ReportItem[] = new Array<ReportItem>(framework.items.length);
  const children: ReportItem[][] = framework.items.map(() => []);
  for (let position = framework.items.length - 1; position >= 0; position--) {
    const item = framework.items[position];
    const references = outgoing.get(item) ?? [];
    const field = (name: Reference['field']): ReportLink[] =>
      references.filter((reference) => reference.field === name).map(resolve);
    const itemMap = details.byOffset(item.idRange.start);
    const value = (key: string): string | undefined =>
      itemMap && item.kind === 'indicator'
        ? scalarText(mapValue(itemMap, key), file.text)
        : undefined;
    built[position] = {
      kind: item.kind,
      id: item.id,
      qualifiedId: qualifiedId(framework, item),
      title: item.title,
      description: item.description,
      uri: file.uri,
      range: file.lines.rangeOf(item.idRange),
      supports: field('supports'),
      supportedBy: incoming.supportedBy.get(item) ?? [],
      supersedes: field('supersedes'),
      supersededBy: incoming.supersededBy.get(item) ?? [],
      category: field('category')[0],
      target: value('target'),
      unit: value('unit'),
      baseline: value('baseline'),
      children: children[position],
    };
    if (item.parent >= 0) children[item.parent].unshift(built[position]);
  }
  const topLevel = (kind: ItemKind): ReportItem[] =>
    framework.items
      .filter((item) => item.parent < 0 && item.kind === kind)
      .map((item) => built[item.index]);
  return {
    id: framework.id,
    title: framework.title,
    organization: text('organization'),
    period: framework.period,
    supersedes: framework.supersedes?.frameworkId,
    vision: text('vision'),
    mission: text('mission'),
    description: framework.description,
    uri: file.uri,
    range: file.lines.rangeOf(framework.idRange),
    values: topLevel('value'),
    categories: topLevel('category'),
    goals: topLevel('goal'),
    programmes: topLevel('programme'),
  };
}

/** The mappings of a file by where their `id:` or `framework:` value starts. */
interface Details {
  /** The mapping whose ID value starts at `offset` (or one before it, for a quoted ID). */
  byOffset(offset: number): SyntaxMap | undefined;
}

function readDetails(text: string): Details {
  const mappings = new Map<number, SyntaxMap>();
  for (const document of syntaxDocumentsOf(text)) {
    const pending: (SyntaxNode | null)[] = [document.contents];
    while (pending.length > 0) {
      const node = pending.pop();
      if (!node) continue;
      if (node.kind === 'seq') {
        for (const entry of node.items) pending.push(entry && entry.kind !== 'pair' ? entry : null);
      } else if (node.kind === 'map') {
        for (const key of ['id', 'framework']) {
          const value = mapValue(node, key);
          if (value?.kind === 'scalar') mappings.set(value.start, node);
        }
        for (const pair of node.pairs) pending.push(pair.value);
      }
    }
  }
  return {
    byOffset: (offset) => mappings.get(offset) ?? mappings.get(offset - 1),
  };
}

/**
 * A scalar as a reader should see it: text as YAML reads it (so folded and quoted
 * strings come out whole), anything else (numbers, booleans) as written, so that a
 * target of `1.10` stays `1.10`. Undefined for a missing value, null or a collection.
 */
function scalarText(node: SyntaxNode | null | undefined, text: string): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  return text.slice(node.start, node.end);
}
