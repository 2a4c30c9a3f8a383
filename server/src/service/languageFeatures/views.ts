/**
 * The data behind the extension's views: the hierarchy of every framework (Goals),
 * an item's links and lineage (Traceability), and the counts of the status bar.
 * The client shows these as they are; it never reads YAML itself.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Framework, FrameworkItem, ParsedFile, Reference } from '../model';
import type {
  FrameworkNode,
  ItemNode,
  LineageStep,
  LinkedItem,
  ProblemLevel,
  TraceabilityParams,
  TraceabilityResult,
  WorkspaceCounts,
} from '../../protocol';
import type { IndexedFile, WorkspaceIndex } from '../workspaceIndex';
import { compareText } from '../util/compare';
import {
  deepestItemAt,
  findOccurrences,
  frameworkAt,
  qualifiedId,
  resolveReference,
  symbolAt,
} from './navigation';
import type { ItemTarget } from './navigation';
import { accountFor } from './lineage';
import type { Retirement } from './lineage';

/** Diagnostics of a file, as the service computes (and caches) them. */
export type DiagnosticsOf = (file: IndexedFile) => readonly Diagnostic[];

export function getFrameworkTree(
  index: WorkspaceIndex,
  diagnosticsOf: DiagnosticsOf,
): FrameworkNode[] {
  const nodes: FrameworkNode[] = [];
  for (const file of index.allFiles()) {
    const problems = problemsByItem(file, diagnosticsOf(file));
    for (const framework of file.parsed.frameworks) {
      nodes.push(frameworkNode(file, framework, problems));
    }
  }
  return nodes.sort((a, b) => compareText(a.id, b.id) || compareText(a.uri, b.uri));
}

interface ItemProblems {
  readonly items: Map<FrameworkItem, ProblemLevel>;
  readonly frameworks: Map<Framework, ProblemLevel>;
}

/**
 * Assigns each diagnostic to the deepest item containing its start (so an item's
 * mark is about its own lines, not its children's), or to the framework.
 */
function problemsByItem(file: IndexedFile, diagnostics: readonly Diagnostic[]): ItemProblems {
  const problems: ItemProblems = { items: new Map(), frameworks: new Map() };
  for (const diagnostic of diagnostics) {
    const level =
      diagnostic.severity === DiagnosticSeverity.Error
        ? 'error'
        : diagnostic.severity === DiagnosticSeverity.Warning
          ? 'warning'
          : undefined;
    if (!level) continue;
    const offset = file.lines.offsetAt(diagnostic.range.start);
    const framework = frameworkAt(file, offset);
    if (!framework) continue;
    const deepest = deepestItemAt(framework, offset);
    if (deepest) problems.items.set(deepest, worse(problems.items.get(deepest), level));
    else problems.frameworks.set(framework, worse(problems.frameworks.get(framework), level));
  }
  return problems;
}

function worse(a: ProblemLevel, b: ProblemLevel): ProblemLevel {
  return a === 'error' || b === 'error' ? 'error' : (a ?? b);
}

function frameworkNode(
  file: IndexedFile,
  framework: Framework,
  problems: ItemProblems,
): FrameworkNode {
  const children: ItemNode[][] = framework.items.map(() => []);
  const roots: ItemNode[] = [];
  // Items come parents first; build bottom-up so each node gets its finished children.
  const nodes: ItemNode[] = new Array<ItemNode>(framework.items.length);
  for (let position = framework.items.length - 1; position >= 0; position--) {
    const item = framework.items[position];
    nodes[position] = itemNode(file, framework, item, problems.items.get(item), children[position]);
    if (item.parent >= 0) children[item.parent].unshift(nodes[position]);
    else roots.unshift(nodes[position]);
  }
  return {
    id: framework.id,
    title: framework.title,
    period: framework.period,
    supersedes: framework.supersedes?.frameworkId,
    uri: file.uri,
    range: file.lines.rangeOf(framework.range),
    selectionRange: file.lines.rangeOf(framework.idRange),
    problem: problems.frameworks.get(framework),
    children: roots,
  };
}

function itemNode(
  file: IndexedFile,
  framework: Framework,
  item: FrameworkItem,
  problem: ProblemLevel,
  children: readonly ItemNode[],
): ItemNode {
  return {
    kind: item.kind,
    id: item.id,
    qualifiedId: qualifiedId(framework, item),
    title: item.title,
    description: item.description,
    uri: file.uri,
    range: file.lines.rangeOf(item.range),
    selectionRange: file.lines.rangeOf(item.idRange),
    problem,
    children,
  };
}

/** The item at a position: the one whose ID or reference is there, else the innermost. */
export function itemAtPosition(
  index: WorkspaceIndex,
  file: IndexedFile,
  offset: number,
): ItemTarget | undefined {
  const symbol = symbolAt(index, file, offset);
  if (symbol?.target?.kind === 'item') return symbol.target;
  const framework = frameworkAt(file, offset);
  if (!framework) return undefined;
  const deepest = deepestItemAt(framework, offset);
  return deepest ? { kind: 'item', file, framework, item: deepest } : undefined;
}

export function itemByQualifiedId(index: WorkspaceIndex, name: string): ItemTarget | undefined {
  const colon = name.indexOf(':');
  if (colon < 0) return undefined;
  const location = index.getFramework(name.slice(0, colon));
  if (!location) return undefined;
  const item = index.itemsById(location.framework).get(name.slice(colon + 1));
  return item ? { kind: 'item', ...location, item } : undefined;
}

export function getTraceability(
  index: WorkspaceIndex,
  params: TraceabilityParams,
  diagnosticsOf: DiagnosticsOf,
): TraceabilityResult | undefined {
  let target: ItemTarget | undefined;
  if ('qualifiedId' in params) {
    target = itemByQualifiedId(index, params.qualifiedId);
  } else {
    const file = index.getFile(params.uri);
    if (file) target = itemAtPosition(index, file, file.lines.offsetAt(params.position));
  }
  if (!target) return undefined;
  const problems = problemsByItem(target.file, diagnosticsOf(target.file));
  const supports = outgoing(index, target, 'supports').concat(outgoing(index, target, 'category'));
  const supportedBy = incoming(index, target, 'supports').map((link) => link.item);
  const { supersedes, supersededBy } = itemLineage(index, target);
  const retirement = retirementOf(index, target);
  const result: TraceabilityResult = {
    item: itemNode(target.file, target.framework, target.item, problems.items.get(target.item), []),
    supports: supports.map((link) => link.item),
    supportedBy,
    supersedes,
    supersededBy,
  };
  if (!retirement) return result;
  const via = { uri: retirement.file.uri, range: retirement.file.lines.rangeOf(retirement.range) };
  return { ...result, retired: { reason: retirement.reason, via } };
}

/**
 * An item's lineage through `supersedes`: the older items it continues and the newer
 * items that continue it, through any number of periods, nearest first.
 */
export function itemLineage(
  index: WorkspaceIndex,
  target: ItemTarget,
  limit = Infinity,
): { supersedes: LineageStep[]; supersededBy: LineageStep[] } {
  return {
    supersedes: lineage(target, (current) => outgoing(index, current, 'supersedes'), limit),
    supersededBy: lineage(target, (current) => incoming(index, current, 'supersedes'), limit),
  };
}

/** Why an item is retired and where that is written, when it is: on the item first. */
export function retirementOf(index: WorkspaceIndex, target: ItemTarget): Retirement | undefined {
  const { file, framework, item } = target;
  if (item.retired) {
    return { reason: item.retired.reason, file, range: item.retired.range, successor: undefined };
  }
  return accountFor(index, { file, framework })?.retiredBy.get(item)?.[0];
}

interface Link {
  readonly item: LinkedItem;
  readonly target: ItemTarget | undefined;
}

/** The references an item writes in one field, resolved. */
function outgoing(index: WorkspaceIndex, from: ItemTarget, field: Reference['field']): Link[] {
  return from.framework.references
    .filter((reference) => reference.source === from.item.index && reference.field === field)
    .map((reference) => {
      const target = resolveReference(index, from.file, from.framework, reference);
      const via = { uri: from.file.uri, range: from.file.lines.rangeOf(reference.range) };
      if (!target) {
        const name =
          reference.frameworkId === undefined
            ? `${from.framework.id}:${reference.itemId}`
            : reference.text;
        return {
          item: { qualifiedId: name, kind: undefined, title: undefined, location: undefined, via },
          target,
        };
      }
      return { item: linkedItem(target, via), target };
    });
}

/** The items whose references in one field name this item. */
function incoming(index: WorkspaceIndex, to: ItemTarget, field: Reference['field']): Link[] {
  const links: Link[] = [];
  for (const occurrence of findOccurrences(index, to)) {
    const reference = occurrence.reference;
    if (!reference || reference.field !== field || reference.source < 0) continue;
    const source = occurrence.framework.items[reference.source];
    const target: ItemTarget = {
      kind: 'item',
      file: occurrence.file,
      framework: occurrence.framework,
      item: source,
    };
    const via = { uri: occurrence.file.uri, range: occurrence.file.lines.rangeOf(reference.range) };
    links.push({ item: linkedItem(target, via), target });
  }
  return links;
}

function linkedItem(target: ItemTarget, via: LinkedItem['via']): LinkedItem {
  return {
    qualifiedId: qualifiedId(target.framework, target.item),
    kind: target.item.kind,
    title: target.item.title,
    location: { uri: target.file.uri, range: target.file.lines.rangeOf(target.item.idRange) },
    via,
  };
}

/**
 * Follows links breadth first, through any number of periods, never twice to one item,
 * until `limit` steps are found (a workspace of 200 periods has chains 200 long, and a
 * hover shows a few of them).
 */
function lineage(
  start: ItemTarget,
  next: (from: ItemTarget) => Link[],
  limit: number,
): LineageStep[] {
  const steps: LineageStep[] = [];
  const seen = new Set<FrameworkItem>([start.item]);
  let frontier: ItemTarget[] = [start];
  for (let distance = 1; frontier.length > 0 && steps.length < limit; distance++) {
    const following: ItemTarget[] = [];
    for (const current of frontier) {
      for (const link of next(current)) {
        if (link.target && seen.has(link.target.item)) continue;
        steps.push({ item: link.item, distance });
        if (link.target) {
          seen.add(link.target.item);
          following.push(link.target);
        }
      }
    }
    frontier = following;
  }
  return steps;
}

export function getCounts(index: WorkspaceIndex, diagnosticsOf: DiagnosticsOf): WorkspaceCounts {
  let frameworks = 0;
  let goals = 0;
  let objectives = 0;
  let errors = 0;
  let warnings = 0;
  // The counts follow every edit (the status bar shows them), so each file's share is
  // counted once per version and each diagnostics list once: an edit costs a pass over
  // the files, not over every item of the workspace.
  for (const file of index.allFiles()) {
    const items = itemCountsOf(file.parsed);
    frameworks += items.frameworks;
    goals += items.goals;
    objectives += items.objectives;
    const problems = problemCountsOf(diagnosticsOf(file));
    errors += problems.errors;
    warnings += problems.warnings;
  }
  return { files: index.fileCount, frameworks, goals, objectives, errors, warnings };
}

const itemCounts = new WeakMap<
  ParsedFile,
  { frameworks: number; goals: number; objectives: number }
>();

function itemCountsOf(parsed: ParsedFile): {
  frameworks: number;
  goals: number;
  objectives: number;
} {
  let counts = itemCounts.get(parsed);
  if (!counts) {
    counts = { frameworks: parsed.frameworks.length, goals: 0, objectives: 0 };
    for (const framework of parsed.frameworks) {
      for (const item of framework.items) {
        if (item.kind === 'goal') counts.goals++;
        else if (item.kind === 'objective') counts.objectives++;
      }
    }
    itemCounts.set(parsed, counts);
  }
  return counts;
}

const problemCounts = new WeakMap<readonly Diagnostic[], { errors: number; warnings: number }>();

function problemCountsOf(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let counts = problemCounts.get(diagnostics);
  if (!counts) {
    counts = { errors: 0, warnings: 0 };
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === DiagnosticSeverity.Error) counts.errors++;
      else if (diagnostic.severity === DiagnosticSeverity.Warning) counts.warnings++;
    }
    problemCounts.set(diagnostics, counts);
  }
  return counts;
}
