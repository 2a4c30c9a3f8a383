/**
 * The data behind the strategy map: every framework, goal, objective, indicator and
 * programme of the workspace as a node, and what links them (containment, `supports`,
 * `supersedes`) as edges, with each node's problems and whether it is an orphan. A
 * reference that names nothing becomes an edge to a `missing` node, so that it shows.
 *
 * Plain data only: laying the graph out and drawing it is `server/src/map/`'s work,
 * shared by the webview and the HTML report.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Framework, FrameworkItem, Reference } from '../model';
import type {
  ItemKind,
  MapEdge,
  MapEdgeKind,
  MapNode,
  MapNodeKind,
  MapProblem,
  StrategyMap,
} from '../../protocol';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { compareText } from '../util/compare';
import { qualifiedId, resolveReference } from './navigation';

/** Diagnostics of a file, as the service computes (and caches) them. */
export type DiagnosticsOf = (file: IndexedFile) => readonly Diagnostic[];

/** Whether the map draws items of a kind; values and categories are left to the report. */
function isDrawn(kind: ItemKind): kind is ItemKind & MapNodeKind {
  return kind === 'goal' || kind === 'objective' || kind === 'indicator' || kind === 'programme';
}

/**
 * Whether a reference field links items on the map: `category` only groups goals, and a
 * `retired` entry says an item ends, which the lineage summary reports.
 */
function isLink(field: Reference['field']): field is Reference['field'] & MapEdgeKind {
  return field === 'supports' || field === 'supersedes';
}

interface MappedFramework {
  readonly file: IndexedFile;
  readonly framework: Framework;
}

export function getStrategyMap(index: WorkspaceIndex, diagnosticsOf: DiagnosticsOf): StrategyMap {
  const frameworks = frameworksInPeriodOrder(index);
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  const missing = new Map<string, MapNode>();
  const linked = linkedItems(index, frameworks);

  const missingNode = (name: string, framework: string): string => {
    const id = `?${name}`;
    if (!missing.has(id)) {
      missing.set(id, {
        id,
        kind: 'missing',
        name,
        title: undefined,
        label: name,
        framework,
        parent: undefined,
        location: undefined,
        problems: [],
        orphan: false,
      });
    }
    return id;
  };
  const edge = (from: string, to: string, kind: MapEdgeKind, broken = false): void => {
    edges.push({ from, to, kind, broken });
  };

  for (const { file, framework } of frameworks) {
    const problems = problemsByItem(file, framework, diagnosticsOf(file));
    const lookup = index.itemsById(framework);
    nodes.push({
      id: framework.id,
      kind: 'framework',
      name: framework.id,
      title: framework.title,
      label: framework.title ?? framework.id,
      framework: framework.id,
      parent: undefined,
      location: { uri: file.uri, range: file.lines.rangeOf(framework.idRange) },
      problems: problems.ofFramework,
      orphan: false,
    });
    if (framework.supersedes) {
      const older = framework.supersedes.frameworkId;
      if (index.getFramework(older)) edge(framework.id, older, 'supersedes');
      else edge(framework.id, missingNode(older, older), 'supersedes', true);
    }
    for (const item of framework.items) {
      // Of two items with one ID, references reach the first; the second has no node of
      // its own (its `duplicate-id` problem is in the problems list).
      if (!isDrawn(item.kind) || lookup.get(item.id) !== item) continue;
      const id = qualifiedId(framework, item);
      const parentItem = item.parent >= 0 ? framework.items[item.parent] : undefined;
      const parent = parentItem ? qualifiedId(framework, parentItem) : framework.id;
      nodes.push({
        id,
        kind: item.kind,
        name: item.id,
        title: item.title,
        label: item.title === undefined ? item.id : `${item.id} ${item.title}`,
        framework: framework.id,
        parent,
        location: { uri: file.uri, range: file.lines.rangeOf(item.idRange) },
        problems: problems.ofItem.get(item) ?? [],
        orphan: isOrphanCandidate(item) && !linked.has(item),
      });
      edge(parent, id, 'contains');
    }
    for (const reference of framework.references) {
      const field = reference.field;
      if (!isLink(field)) continue;
      const source = framework.items[reference.source];
      if (!source || lookup.get(source.id) !== source || !isDrawn(source.kind)) continue;
      const from = qualifiedId(framework, source);
      const target = resolveReference(index, file, framework, reference);
      if (!target) {
        const frameworkId = reference.frameworkId ?? framework.id;
        edge(from, missingNode(`${frameworkId}:${reference.itemId}`, frameworkId), field, true);
      } else if (isDrawn(target.item.kind)) {
        // A reference to a category or value has the wrong kind (reported on the
        // source); neither is on the map, so it draws no edge.
        edge(from, qualifiedId(target.framework, target.item), field);
      }
    }
  }
  return {
    frameworks: frameworks.map(({ framework }) => framework.id),
    nodes: nodes.concat([...missing.values()]),
    edges,
  };
}

/**
 * Every framework once (a duplicated ID by the definition references resolve to),
 * ordered by the first year of its period, then by ID; frameworks without a period last.
 */
function frameworksInPeriodOrder(index: WorkspaceIndex): MappedFramework[] {
  const frameworks: MappedFramework[] = [];
  for (const id of index.frameworkIds()) {
    const location = index.getFramework(id);
    if (location) frameworks.push(location);
  }
  const start = (framework: Framework): number =>
    framework.period?.start ?? Number.POSITIVE_INFINITY;
  return frameworks.sort(
    (a, b) =>
      start(a.framework) - start(b.framework) || compareText(a.framework.id, b.framework.id),
  );
}

function isOrphanCandidate(item: FrameworkItem): boolean {
  return item.kind === 'goal' || item.kind === 'programme';
}

/**
 * The top-level items a link reaches or leaves, as the `orphan-item` rule counts them
 * (see `coverage.ts`), so that the map's orphans are the items that rule reports: a
 * `supports`, `supersedes` or `retired` entry that resolves links the top-level item
 * (goal or programme) it is written under and the one holding what it names, unless
 * both are the same (links inside a goal's tree do not count). `category` is a label,
 * not a link.
 */
function linkedItems(
  index: WorkspaceIndex,
  frameworks: readonly MappedFramework[],
): Set<FrameworkItem> {
  const linked = new Set<FrameworkItem>();
  const rootOf = (framework: Framework, item: FrameworkItem): FrameworkItem => {
    let root = item;
    while (root.parent >= 0) root = framework.items[root.parent];
    return root;
  };
  for (const { file, framework } of frameworks) {
    for (const reference of framework.references) {
      if (reference.field === 'category') continue;
      const target = resolveReference(index, file, framework, reference);
      if (!target) continue;
      const source = framework.items[reference.source];
      const sourceRoot = source ? rootOf(framework, source) : undefined;
      const targetRoot = rootOf(target.framework, target.item);
      if (sourceRoot === targetRoot) continue;
      if (sourceRoot) linked.add(sourceRoot);
      linked.add(targetRoot);
    }
  }
  return linked;
}

interface NodeProblems {
  readonly ofFramework: MapProblem[];
  readonly ofItem: Map<FrameworkItem, MapProblem[]>;
}

/**
 * Assigns each of the framework's diagnostics to the deepest item containing its
 * start, or to the framework itself, worst first. Items are in document order with
 * parents first, so the deepest item holding an offset is the last one starting at or
 * before it, or one of that item's ancestors.
 */
function problemsByItem(
  file: IndexedFile,
  framework: Framework,
  diagnostics: readonly Diagnostic[],
): NodeProblems {
  const problems: NodeProblems = { ofFramework: [], ofItem: new Map() };
  const items = framework.items;
  for (const diagnostic of diagnostics) {
    if (typeof diagnostic.code !== 'string') continue;
    const offset = file.lines.offsetAt(diagnostic.range.start);
    if (offset < framework.range.start || offset > framework.range.end) continue;
    const problem: MapProblem = {
      code: diagnostic.code,
      severity: severityName(diagnostic.severity),
      // LSP 3.18 allows Markdown messages; the service writes plain text.
      message:
        typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    };
    let low = 0;
    let high = items.length - 1;
    let candidate = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (items[middle].range.start <= offset) {
        candidate = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    let holder: FrameworkItem | undefined = candidate >= 0 ? items[candidate] : undefined;
    while (holder && !(holder.range.start <= offset && offset <= holder.range.end)) {
      holder = holder.parent >= 0 ? items[holder.parent] : undefined;
    }
    if (holder) {
      let list = problems.ofItem.get(holder);
      if (!list) problems.ofItem.set(holder, (list = []));
      list.push(problem);
    } else {
      problems.ofFramework.push(problem);
    }
  }
  const bySeverity = (a: MapProblem, b: MapProblem): number =>
    severityRank[a.severity] - severityRank[b.severity];
  problems.ofFramework.sort(bySeverity);
  for (const list of problems.ofItem.values()) list.sort(bySeverity);
  return problems;
}

const severityRank: Readonly<Record<MapProblem['severity'], number>> = {
  error: 0,
  warning: 1,
  information: 2,
  hint: 3,
};

function severityName(severity: DiagnosticSeverity | undefined): MapProblem['severity'] {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}
