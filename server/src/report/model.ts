/**
 * What `framework-check --report` writes, before it is HTML or Markdown: the inputs of
 * the report and the tables both formats share (the traceability matrix, the lineage
 * rows, the problems), so that the two formats cannot disagree on content.
 */
import type { LineageItemRef, LineageSummary } from '../protocol';
import type { ReportContent, ReportFramework, ReportItem, ReportLink } from '../service';
import type { CheckReport } from '../cli/report';
import { visibleDiagnostics } from '../cli/report';

export interface ReportInput {
  /** The checker's version, named in the report's heading. */
  readonly toolVersion: string;
  readonly content: ReportContent;
  readonly lineage: readonly LineageSummary[];
  /** The run's findings; `quiet` keeps errors only, as in the other formats. */
  readonly check: CheckReport;
  readonly quiet: boolean;
}

/** The strategy map as the HTML report embeds it. */
export interface ReportMap {
  /** The `<svg>` the map renderer drew. */
  readonly svg: string;
  readonly legend: string;
  /** Why kinds of node are left out, when they are. */
  readonly note: string | undefined;
  /** The viewer script (media/strategyMap.js) to inline: zoom, pan, click to jump. */
  readonly viewerScript: string;
}

/** The anchor of a framework's or item's section; the map's nodes jump to it. */
export function anchorOf(nodeId: string): string {
  return `item:${nodeId}`;
}

/** An item in words: `interpol-2014-2016:3.4 Provide innovative…`, or with "(not found)". */
export function linkText(link: ReportLink | LineageItemRef): string {
  const name = 'qualifiedId' in link ? link.qualifiedId : `${link.framework}:${link.id}`;
  if ('resolved' in link && !link.resolved) return `${name} (not found)`;
  return link.title === undefined ? name : `${name} ${link.title}`;
}

export function qualifiedIdOf(ref: LineageItemRef): string {
  return `${ref.framework}:${ref.id}`;
}

/** How a row item relates to a column of the traceability matrix. */
export type MatrixMark = 'belongs' | 'supports' | 'supported' | undefined;

export interface MatrixColumn {
  readonly item: ReportItem;
}

export interface MatrixRow {
  readonly item: ReportItem;
  /** 0 for a goal, 1 for an objective (shown under its goal). */
  readonly depth: number;
  readonly marks: readonly MatrixMark[];
  /** Links the columns cannot show: to items of other frameworks, or that do not exist. */
  readonly otherLinks: readonly string[];
}

export interface TraceabilityMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  /** True when there are too many goals and programmes for columns: one row per link instead. */
  readonly tooWide: boolean;
}

/** More columns than this are no longer readable; the matrix becomes a list of links. */
export const maxMatrixColumns = 24;

/**
 * A framework's goals and objectives (rows) against its goals and programmes
 * (columns): an objective belongs to its goal, supports the goals it names, and is
 * supported by the programmes that name it; likewise for goals.
 */
export function traceabilityMatrix(framework: ReportFramework): TraceabilityMatrix {
  const columns: MatrixColumn[] = [...framework.goals, ...framework.programmes].map((item) => ({
    item,
  }));
  const rows: MatrixRow[] = [];
  const programmeSupports = new Map<string, Set<string>>();
  for (const programme of framework.programmes) {
    programmeSupports.set(
      programme.qualifiedId,
      new Set(programme.supports.map((link) => link.qualifiedId)),
    );
  }
  const addRow = (item: ReportItem, depth: number, parent: ReportItem | undefined): void => {
    const supports = new Set(item.supports.map((link) => link.qualifiedId));
    const marks = columns.map(({ item: column }): MatrixMark => {
      if (column.kind === 'programme') {
        return programmeSupports.get(column.qualifiedId)?.has(item.qualifiedId)
          ? 'supported'
          : undefined;
      }
      if (parent && column.qualifiedId === parent.qualifiedId) return 'belongs';
      return supports.has(column.qualifiedId) ? 'supports' : undefined;
    });
    const inColumns = new Set(columns.map((column) => column.item.qualifiedId));
    const otherLinks = [
      ...item.supports
        .filter((link) => !inColumns.has(link.qualifiedId))
        .map((link) => `supports ${linkText(link)}`),
      ...item.supportedBy
        .filter((link) => !link.qualifiedId.startsWith(`${framework.id}:`))
        .map((link) => `supported by ${linkText(link)}`),
    ];
    rows.push({ item, depth, marks, otherLinks });
  };
  for (const goal of framework.goals) {
    addRow(goal, 0, undefined);
    for (const objective of goal.children) addRow(objective, 1, goal);
  }
  return { columns, rows, tooWide: columns.length > maxMatrixColumns };
}

/** An entry of a lineage table's cell: an item (with the ID of its section) or a reason. */
export interface LineageEntry {
  readonly text: string;
  /** `FRAMEWORK:ID` of the item, whose section the HTML report links to; none for a reason. */
  readonly item: string | undefined;
}

/** One table of a lineage summary: a heading, then rows whose cells list entries. */
export interface LineageTable {
  readonly heading: string;
  /** What the table's columns hold: the framework each column's items belong to, or "Reason". */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (readonly LineageEntry[])[])[];
}

/** A lineage summary as tables, in the order a reader asks: what carried on, then what did not. */
export function lineageTables(summary: LineageSummary): LineageTable[] {
  const entry = (ref: LineageItemRef): LineageEntry => ({
    text: linkText(ref),
    item: qualifiedIdOf(ref),
  });
  const list = (refs: readonly LineageItemRef[]): LineageEntry[] => refs.map(entry);
  return [
    {
      heading: 'Continued',
      columns: [summary.predecessor, summary.successor],
      rows: summary.continued.map(({ from, to }) => [[entry(from)], [entry(to)]]),
    },
    {
      heading: 'Merged (several old items into one)',
      columns: [summary.predecessor, summary.successor],
      rows: summary.merged.map(({ from, to }) => [list(from), [entry(to)]]),
    },
    {
      heading: 'Split (one old item into several)',
      columns: [summary.predecessor, summary.successor],
      rows: summary.split.map(({ from, to }) => [[entry(from)], list(to)]),
    },
    {
      heading: 'Retired',
      columns: [summary.predecessor, 'Reason'],
      rows: summary.retired.map(({ item, reason }) => [
        [entry(item)],
        [{ text: reason, item: undefined }],
      ]),
    },
    {
      heading: 'Not accounted for (neither continued nor retired)',
      columns: [summary.predecessor],
      rows: summary.unaccounted.map((item) => [[entry(item)]]),
    },
    {
      heading: 'New (continuing nothing)',
      columns: [summary.successor],
      rows: summary.new.map((item) => [[entry(item)]]),
    },
  ];
}

/** A lineage summary's counts in one line: "3 continued, 1 merged, ..." */
export function lineageCounts(summary: LineageSummary): string {
  return [
    `${summary.continued.length} continued`,
    `${summary.merged.length} merged`,
    `${summary.split.length} split`,
    `${summary.retired.length} retired`,
    `${summary.unaccounted.length} not accounted for`,
    `${summary.new.length} new`,
  ].join(', ');
}

export interface ProblemRow {
  /** `path:line:column`. */
  readonly location: string;
  readonly severity: string;
  /** Empty for the service's "more problems not shown" notice, which has no code. */
  readonly code: string;
  readonly message: string;
}

/** Every problem the report lists, by file and then position (as the checker found them). */
export function problemRows(check: CheckReport, quiet: boolean): ProblemRow[] {
  const rows: ProblemRow[] = [];
  for (const file of check.files) {
    for (const diagnostic of visibleDiagnostics(file, quiet)) {
      rows.push({
        location: `${file.path}:${diagnostic.line}:${diagnostic.column}`,
        severity: diagnostic.severity,
        code: diagnostic.code ?? '',
        message: diagnostic.message,
      });
    }
  }
  return rows;
}

/** `12 files, 2 frameworks, 40 items: 0 errors, 3 warnings` for the report's heading. */
export function summaryLine(check: CheckReport): string {
  const { summary } = check;
  const plural = (count: number, noun: string): string =>
    `${count} ${noun}${count === 1 ? '' : 's'}`;
  const found = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos > 0) found.push(plural(summary.infos, 'info'));
  if (summary.hints > 0) found.push(plural(summary.hints, 'hint'));
  return (
    `${plural(summary.files, 'file')}, ${plural(summary.frameworks, 'framework')}, ` +
    `${plural(summary.items, 'item')}: ${found.join(', ')}`
  );
}

/** "2014-2016", or undefined. */
export function periodText(framework: ReportFramework): string | undefined {
  return framework.period ? `${framework.period.start}-${framework.period.end}` : undefined;
}
