/**
 * The Markdown report: the same content as the HTML report, for a wiki, a pull request
 * or a repository's documentation, without the strategy map (which needs the HTML
 * report's SVG and script). Every text from a framework file is escaped, so a title
 * cannot become a link, an image, a heading or raw HTML.
 */
import type { ReportFramework, ReportItem, ReportLink } from '../service';
import { replaceInvalidXmlCharacters } from '../map/svg';
import {
  lineageCounts,
  lineageTables,
  linkText,
  periodText,
  problemRows,
  summaryLine,
  traceabilityMatrix,
} from './model';
import type { MatrixMark, ReportInput } from './model';

export function formatMarkdownReport(input: ReportInput): string {
  const lines: string[] = [
    '# Strategic frameworks report',
    '',
    `${escapeMarkdown(summaryLine(input.check))}. Written by framework-check ${escapeMarkdown(input.toolVersion)}.`,
    '',
    '## Strategy map',
    '',
    'The strategy map is drawn in the HTML report: `framework-check --report html --out report.html`.',
  ];
  for (const framework of input.content.frameworks) lines.push('', ...frameworkSection(framework));
  lines.push('', ...traceabilitySection(input));
  lines.push('', ...lineageSection(input));
  lines.push('', ...problemsSection(input));
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes text for Markdown (CommonMark and GitHub's tables) within a line: every
 * character that can open markup there (emphasis, code, links and images, raw HTML,
 * entities, strikethrough, table cells, a heading's closing hashes) gets a backslash, line ends become spaces (a
 * table cell or a list item is one line), and characters XML forbids are replaced, as
 * in the HTML report. Text that starts a line is also passed through `escapeLineStart`.
 */
export function escapeMarkdown(text: string): string {
  return replaceInvalidXmlCharacters(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~&#]/g, (character) => `\\${character}`);
}

/** Keeps escaped text that starts a line from starting a list, heading or quote. */
function escapeLineStart(escaped: string): string {
  return escaped.replace(/^([-+#=>]|\d+(?=[.)]))/, (start) =>
    /^\d/.test(start) ? `${start}\\` : `\\${start}`,
  );
}

/** Text that may hold paragraphs (a folded description): each escaped on its own. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => escapeLineStart(escapeMarkdown(paragraph.trim())))
    .filter((paragraph) => paragraph !== '')
    .flatMap((paragraph, index) => (index === 0 ? [paragraph] : ['', paragraph]));
}

function frameworkSection(framework: ReportFramework): string[] {
  const lines = [
    `## ${escapeMarkdown(framework.title ?? framework.id)} (${escapeMarkdown(framework.id)})`,
  ];
  const facts: string[] = [];
  const period = periodText(framework);
  if (period) facts.push(`Period ${escapeMarkdown(period)}`);
  if (framework.organization) facts.push(escapeMarkdown(framework.organization));
  if (framework.supersedes) facts.push(`supersedes ${escapeMarkdown(framework.supersedes)}`);
  if (facts.length > 0) lines.push('', facts.join(' · '));
  for (const [term, text] of [
    ['Vision', framework.vision],
    ['Mission', framework.mission],
    ['Description', framework.description],
  ] as const) {
    if (text !== undefined) lines.push('', `**${term}:** ${paragraphs(text).join('\n')}`);
  }
  if (framework.values.length > 0)
    lines.push('', '### Values', '', ...simpleList(framework.values));
  if (framework.categories.length > 0) {
    lines.push('', '### Categories', '', ...simpleList(framework.categories));
  }
  lines.push('', '### Goals');
  for (const goal of framework.goals) {
    lines.push('', ...itemLines(goal, '####'));
    for (const objective of goal.children) {
      lines.push('', ...itemLines(objective, '#####'));
      if (objective.children.length > 0) lines.push('', ...indicatorTable(objective.children));
    }
  }
  if (framework.programmes.length > 0) {
    lines.push('', '### Programmes');
    for (const programme of framework.programmes) lines.push('', ...itemLines(programme, '####'));
  }
  return lines;
}

function simpleList(items: readonly ReportItem[]): string[] {
  return items.map(
    (item) =>
      `- **${escapeMarkdown(item.title ?? item.id)}** (${escapeMarkdown(item.id)})` +
      (item.description ? `: ${escapeMarkdown(item.description)}` : ''),
  );
}

const kindNames: Readonly<Record<string, string>> = {
  goal: 'Goal',
  objective: 'Objective',
  indicator: 'Indicator',
  programme: 'Programme',
};

function itemLines(item: ReportItem, heading: string): string[] {
  const lines = [
    `${heading} ${kindNames[item.kind] ?? item.kind} ${escapeMarkdown(item.id)}` +
      (item.title === undefined ? '' : `: ${escapeMarkdown(item.title)}`),
  ];
  if (item.description) lines.push('', ...paragraphs(item.description));
  const links: string[] = [];
  const list = (links: readonly ReportLink[]): string =>
    links.map((link) => escapeMarkdown(linkText(link))).join(', ');
  if (item.category) links.push(`Category: ${escapeMarkdown(linkText(item.category))}`);
  if (item.supports.length > 0) links.push(`Supports: ${list(item.supports)}`);
  if (item.supportedBy.length > 0) links.push(`Supported by: ${list(item.supportedBy)}`);
  if (item.supersedes.length > 0) links.push(`Continues: ${list(item.supersedes)}`);
  if (item.supersededBy.length > 0) links.push(`Continued by: ${list(item.supersededBy)}`);
  if (links.length > 0) lines.push('', ...links.map((link) => `- ${link}`));
  return lines;
}

function indicatorTable(indicators: readonly ReportItem[]): string[] {
  return [
    '| Indicator | Title | Baseline | Target | Unit |',
    '| --- | --- | --- | --- | --- |',
    ...indicators.map((indicator) =>
      row([
        indicator.id,
        indicator.title ?? '',
        indicator.baseline ?? '',
        indicator.target ?? '',
        indicator.unit ?? '',
      ]),
    ),
  ];
}

/** A table row of escaped cells. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => escapeMarkdown(cell) || ' ').join(' | ')} |`;
}

const markSymbols: Readonly<Record<Exclude<MatrixMark, undefined>, [string, string]>> = {
  belongs: ['●', 'belongs to'],
  supports: ['→', 'supports'],
  supported: ['✓', 'supported by'],
};

function traceabilitySection(input: ReportInput): string[] {
  const lines = [
    '## Traceability matrix',
    '',
    "Each framework's goals and objectives (rows) against its goals and programmes " +
      '(columns): ● the objective belongs to the goal, → the row supports the goal, ✓ the ' +
      'programme supports the row.',
  ];
  for (const framework of input.content.frameworks) {
    const matrix = traceabilityMatrix(framework);
    lines.push('', `### ${escapeMarkdown(framework.title ?? framework.id)}`, '');
    if (matrix.rows.length === 0) {
      lines.push('No goals.');
      continue;
    }
    const label = (item: ReportItem): string =>
      item.title === undefined ? item.id : `${item.id} ${item.title}`;
    if (matrix.tooWide) {
      lines.push(
        `${matrix.columns.length} goals and programmes are too many columns; each row lists its links instead.`,
        '',
        '| Goal or objective | Links |',
        '| --- | --- |',
      );
      for (const matrixRow of matrix.rows) {
        const links = matrixRow.marks.flatMap((mark, index) =>
          mark ? [`${markSymbols[mark][1]} ${matrix.columns[index].item.qualifiedId}`] : [],
        );
        lines.push(row([label(matrixRow.item), [...links, ...matrixRow.otherLinks].join('; ')]));
      }
      continue;
    }
    const header = matrix.columns.map(
      ({ item }) => `${item.kind === 'programme' ? 'Programme' : 'Goal'} ${item.id}`,
    );
    lines.push(
      row(['Goal or objective', ...header, 'Other links']),
      `| ${['---', ...header.map(() => ':---:'), '---'].join(' | ')} |`,
    );
    for (const matrixRow of matrix.rows) {
      const indent = matrixRow.depth > 0 ? '\u2003' : '';
      lines.push(
        `| ${indent}${escapeMarkdown(label(matrixRow.item))} | ` +
          matrixRow.marks.map((mark) => (mark ? markSymbols[mark][0] : ' ')).join(' | ') +
          ` | ${escapeMarkdown(matrixRow.otherLinks.join('; ')) || ' '} |`,
      );
    }
  }
  return lines;
}

function lineageSection(input: ReportInput): string[] {
  const lines = ['## Lineage'];
  if (input.lineage.length === 0) {
    lines.push(
      '',
      'No framework supersedes another (a framework names the one it replaces with `supersedes: FRAMEWORK`).',
    );
  }
  for (const summary of input.lineage) {
    lines.push(
      '',
      `### ${escapeMarkdown(summary.predecessor)} → ${escapeMarkdown(summary.successor)}`,
      '',
      `${escapeMarkdown(lineageCounts(summary))}.`,
    );
    for (const table of lineageTables(summary)) {
      if (table.rows.length === 0) continue;
      lines.push(
        '',
        `**${escapeMarkdown(table.heading)}**`,
        '',
        row(table.columns),
        `| ${table.columns.map(() => '---').join(' | ')} |`,
        ...table.rows.map((cells) =>
          row(cells.map((entries) => entries.map((entry) => entry.text).join('; '))),
        ),
      );
    }
  }
  return lines;
}

function problemsSection(input: ReportInput): string[] {
  const rows = problemRows(input.check, input.quiet);
  const lines = ['## Problems', ''];
  if (rows.length === 0) {
    lines.push(`No ${input.quiet ? 'errors' : 'problems'} found.`);
    return lines;
  }
  lines.push('| Location | Severity | Code | Message |', '| --- | --- | --- | --- |');
  for (const problem of rows) {
    lines.push(row([problem.location, problem.severity, problem.code, problem.message]));
  }
  return lines;
}
