/**
 * The HTML report: one self-contained file (inline CSS, the strategy map as inline SVG,
 * the map viewer as one inline script) that opens offline. Its Content-Security-Policy
 * allows exactly that style and that script, by hash, and nothing from anywhere else,
 * so even a report passed around by email loads nothing. Every text from a framework
 * file is escaped.
 */
import { createHash } from 'node:crypto';
import type { ReportFramework, ReportItem, ReportLink } from '../service';
import { escapeXml } from '../map/svg';
import {
  anchorOf,
  lineageCounts,
  lineageTables,
  linkText,
  periodText,
  problemRows,
  summaryLine,
  traceabilityMatrix,
} from './model';
import type { LineageEntry, MatrixMark, ReportInput, ReportMap } from './model';

const e = escapeXml;

export function formatHtmlReport(input: ReportInput, map: ReportMap): string {
  const { content } = input;
  const title = 'Strategic frameworks report';
  const script = map.viewerScript;
  if (/<\/script/i.test(script)) {
    // The script is the extension's own file; this would only come from editing it.
    throw new Error('The map viewer script must not contain "</script", which would end it early.');
  }
  const policy = [
    "default-src 'none'",
    `style-src '${sha256(style)}'`,
    `script-src '${sha256(script)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const toc = [
    ['map', 'Strategy map'],
    ...content.frameworks.map((framework) => [
      anchorOf(framework.id),
      framework.title ?? framework.id,
    ]),
    ['traceability', 'Traceability matrix'],
    ['lineage', 'Lineage'],
    ['problems', 'Problems'],
  ];
  const body = [
    `<header><h1>${e(title)}</h1>`,
    `<p class="summary">${e(summaryLine(input.check))}. Written by framework-check ${e(input.toolVersion)}.</p>`,
    `<nav aria-label="Contents"><ul>${toc
      .map(([anchor, label]) => `<li><a href="#${e(anchor)}">${e(label)}</a></li>`)
      .join('')}</ul></nav></header>`,
    '<main>',
    mapSection(map),
    ...content.frameworks.map(frameworkSection),
    traceabilitySection(input),
    lineageSection(input),
    problemsSection(input),
    '</main>',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(policy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A CSP source for an inline block: its SHA-256, as the policy's hash syntax wants it. */
function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function mapSection(map: ReportMap): string {
  const note = map.note ? `<p class="note">${e(map.note)}</p>` : '';
  return [
    '<section id="map">',
    '<h2>Strategy map</h2>',
    '<p class="hint">Drag to pan, scroll or use the buttons to zoom, click a node to go to its section.</p>',
    note,
    '<div class="map-frame">',
    '<div class="toolbar" role="toolbar" aria-label="Map">',
    '<button type="button" data-map-action="zoom-in" aria-label="Zoom in">+</button>',
    '<button type="button" data-map-action="zoom-out" aria-label="Zoom out">&#8722;</button>',
    '<button type="button" data-map-action="fit">Fit</button>',
    '<button type="button" data-map-action="actual-size">100%</button>',
    '</div>',
    `<div id="map-container" tabindex="0">${map.svg}</div>`,
    `<details class="legend" open><summary>Legend</summary>${map.legend}</details>`,
    '</div>',
    '</section>',
  ].join('\n');
}

function frameworkSection(framework: ReportFramework): string {
  const facts: string[] = [];
  const period = periodText(framework);
  if (period) facts.push(`Period ${e(period)}`);
  if (framework.organization) facts.push(e(framework.organization));
  if (framework.supersedes) {
    facts.push(
      `supersedes <a href="#${e(anchorOf(framework.supersedes))}">${e(framework.supersedes)}</a>`,
    );
  }
  const parts: string[] = [
    `<section class="framework" id="${e(anchorOf(framework.id))}">`,
    `<h2>${e(framework.title ?? framework.id)} <span class="id">${e(framework.id)}</span></h2>`,
  ];
  if (facts.length > 0) parts.push(`<p class="facts">${facts.join(' · ')}</p>`);
  const texts: [string, string | undefined][] = [
    ['Vision', framework.vision],
    ['Mission', framework.mission],
    ['Description', framework.description],
  ];
  const definitions = texts
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([term, text]) => `<dt>${term}</dt><dd>${paragraphs(text)}</dd>`);
  if (definitions.length > 0) parts.push(`<dl class="texts">${definitions.join('')}</dl>`);
  if (framework.values.length > 0) {
    parts.push('<h3>Values</h3>', simpleList(framework.values));
  }
  if (framework.categories.length > 0) {
    parts.push('<h3>Categories</h3>', simpleList(framework.categories));
  }
  parts.push('<h3>Goals</h3>');
  for (const goal of framework.goals) parts.push(goalBlock(goal));
  if (framework.programmes.length > 0) {
    parts.push('<h3>Programmes</h3>');
    for (const programme of framework.programmes) parts.push(itemBlock(programme, 'h4'));
  }
  parts.push('</section>');
  return parts.join('\n');
}

function simpleList(items: readonly ReportItem[]): string {
  return `<ul>${items
    .map(
      (item) =>
        `<li><strong>${e(item.title ?? item.id)}</strong> <span class="id">${e(item.id)}</span>` +
        (item.description ? ` ${e(item.description)}` : '') +
        '</li>',
    )
    .join('')}</ul>`;
}

function goalBlock(goal: ReportItem): string {
  const parts = [`<div class="goal">`, itemBlock(goal, 'h4')];
  if (goal.children.length > 0) {
    parts.push('<div class="objectives">');
    for (const objective of goal.children) {
      parts.push(itemBlock(objective, 'h5'));
      if (objective.children.length > 0) parts.push(indicatorTable(objective.children));
    }
    parts.push('</div>');
  }
  parts.push('</div>');
  return parts.join('\n');
}

const kindNames: Readonly<Record<string, string>> = {
  goal: 'Goal',
  objective: 'Objective',
  indicator: 'Indicator',
  programme: 'Programme',
};

function itemBlock(item: ReportItem, heading: 'h4' | 'h5'): string {
  const parts = [
    `<article class="item ${item.kind}" id="${e(anchorOf(item.qualifiedId))}">`,
    `<${heading}><span class="kind">${kindNames[item.kind] ?? item.kind}</span> ` +
      `<span class="id">${e(item.id)}</span> ${e(item.title ?? '')}</${heading}>`,
  ];
  if (item.description)
    parts.push(`<div class="description">${paragraphs(item.description)}</div>`);
  const links: string[] = [];
  if (item.category) links.push(`Category: ${linkHtml(item.category)}`);
  if (item.supports.length > 0) links.push(`Supports: ${item.supports.map(linkHtml).join(', ')}`);
  if (item.supportedBy.length > 0) {
    links.push(`Supported by: ${item.supportedBy.map(linkHtml).join(', ')}`);
  }
  if (item.supersedes.length > 0) {
    links.push(`Continues: ${item.supersedes.map(linkHtml).join(', ')}`);
  }
  if (item.supersededBy.length > 0) {
    links.push(`Continued by: ${item.supersededBy.map(linkHtml).join(', ')}`);
  }
  if (links.length > 0)
    parts.push(`<ul class="links">${links.map((l) => `<li>${l}</li>`).join('')}</ul>`);
  parts.push('</article>');
  return parts.join('\n');
}

function indicatorTable(indicators: readonly ReportItem[]): string {
  const rows = indicators.map(
    (indicator) =>
      `<tr id="${e(anchorOf(indicator.qualifiedId))}"><td class="id">${e(indicator.id)}</td>` +
      `<td>${e(indicator.title ?? '')}</td><td>${e(indicator.baseline ?? '')}</td>` +
      `<td>${e(indicator.target ?? '')}</td><td>${e(indicator.unit ?? '')}</td></tr>`,
  );
  return (
    '<table class="indicators"><caption>Indicators</caption>' +
    '<thead><tr><th>ID</th><th>Indicator</th><th>Baseline</th><th>Target</th><th>Unit</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function linkHtml(link: ReportLink): string {
  if (!link.resolved) return `<span class="missing">${e(linkText(link))}</span>`;
  return `<a href="#${e(anchorOf(link.qualifiedId))}">${e(linkText(link))}</a>`;
}

const markSymbols: Readonly<Record<Exclude<MatrixMark, undefined>, [string, string]>> = {
  belongs: ['●', 'belongs to'],
  supports: ['→', 'supports'],
  supported: ['✓', 'supported by'],
};

function traceabilitySection(input: ReportInput): string {
  const parts = [
    '<section id="traceability">',
    '<h2>Traceability matrix</h2>',
    '<p class="hint">Each framework\'s goals and objectives (rows) against its goals and ' +
      'programmes (columns): ● the objective belongs to the goal, → the row supports the ' +
      'goal, ✓ the programme supports the row.</p>',
  ];
  for (const framework of input.content.frameworks) {
    const matrix = traceabilityMatrix(framework);
    parts.push(`<h3>${e(framework.title ?? framework.id)}</h3>`);
    if (matrix.rows.length === 0) {
      parts.push('<p>No goals.</p>');
      continue;
    }
    if (matrix.tooWide) {
      parts.push(
        `<p class="note">${matrix.columns.length} goals and programmes are too many columns; ` +
          'each row lists its links instead.</p>',
        '<table class="matrix"><thead><tr><th>Item</th><th>Links</th></tr></thead><tbody>',
      );
      for (const row of matrix.rows) {
        const links = row.marks.flatMap((mark, index) =>
          mark ? [`${markSymbols[mark][1]} ${linkText(toLink(matrix.columns[index].item))}`] : [],
        );
        parts.push(
          `<tr><th scope="row" class="depth-${row.depth}">${e(rowLabel(row.item))}</th>` +
            `<td>${e([...links, ...row.otherLinks].join('; '))}</td></tr>`,
        );
      }
      parts.push('</tbody></table>');
      continue;
    }
    const header = matrix.columns
      .map(
        ({ item }) =>
          `<th scope="col" title="${e(linkText(toLink(item)))}"><span class="kind">${
            item.kind === 'programme' ? 'Programme' : 'Goal'
          }</span> ${e(item.id)}</th>`,
      )
      .join('');
    parts.push(
      `<div class="scroll"><table class="matrix"><thead><tr><th>Goal or objective</th>${header}<th>Other links</th></tr></thead><tbody>`,
    );
    for (const row of matrix.rows) {
      const cells = row.marks
        .map((mark) =>
          mark
            ? `<td class="mark ${mark}" title="${markSymbols[mark][1]}">${markSymbols[mark][0]}</td>`
            : '<td></td>',
        )
        .join('');
      parts.push(
        `<tr><th scope="row" class="depth-${row.depth}">${e(rowLabel(row.item))}</th>${cells}` +
          `<td class="other">${e(row.otherLinks.join('; '))}</td></tr>`,
      );
    }
    parts.push('</tbody></table></div>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

function rowLabel(item: ReportItem): string {
  return item.title === undefined ? item.id : `${item.id} ${item.title}`;
}

function toLink(item: ReportItem): ReportLink {
  return { qualifiedId: item.qualifiedId, kind: item.kind, title: item.title, resolved: true };
}

function lineageSection(input: ReportInput): string {
  const parts = ['<section id="lineage">', '<h2>Lineage</h2>'];
  if (input.lineage.length === 0) {
    parts.push(
      '<p>No framework supersedes another (a framework names the one it replaces with ' +
        '<code>supersedes: FRAMEWORK</code>).</p>',
    );
  }
  for (const summary of input.lineage) {
    parts.push(
      `<h3>${e(summary.predecessor)} → ${e(summary.successor)}</h3>`,
      `<p class="facts">${e(lineageCounts(summary))}.</p>`,
    );
    for (const table of lineageTables(summary)) {
      if (table.rows.length === 0) continue;
      parts.push(
        `<table class="lineage"><caption>${e(table.heading)}</caption><thead><tr>${table.columns
          .map((column) => `<th scope="col">${e(column)}</th>`)
          .join('')}</tr></thead><tbody>`,
        ...table.rows.map(
          (row) => `<tr>${row.map((cell) => `<td>${lineageCell(cell)}</td>`).join('')}</tr>`,
        ),
        '</tbody></table>',
      );
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** A cell of a lineage table: one line per entry, items linked to their sections. */
function lineageCell(entries: readonly LineageEntry[]): string {
  return entries
    .map((entry) =>
      entry.item === undefined
        ? e(entry.text)
        : `<a href="#${e(anchorOf(entry.item))}">${e(entry.text)}</a>`,
    )
    .join('<br>');
}

function problemsSection(input: ReportInput): string {
  const rows = problemRows(input.check, input.quiet);
  const parts = ['<section id="problems">', '<h2>Problems</h2>'];
  if (rows.length === 0) {
    parts.push(`<p>No ${input.quiet ? 'errors' : 'problems'} found.</p>`);
  } else {
    parts.push(
      '<table class="problems"><thead><tr><th>Location</th><th>Severity</th><th>Code</th><th>Message</th></tr></thead><tbody>',
      ...rows.map(
        (row) =>
          `<tr class="${e(row.severity)}"><td class="location">${e(row.location)}</td>` +
          `<td>${e(row.severity)}</td><td><code>${e(row.code)}</code></td><td>${e(row.message)}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Text as paragraphs: a blank line starts a new one, as in a folded YAML scalar. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${e(paragraph.trim())}</p>`)
    .join('');
}

/** The report's style sheet, inline so that the file stands alone. */
const style = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { margin: 0 0 4px; color: var(--accent); }
h2 { margin-top: 40px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { margin-top: 28px; }
h4, h5 { margin: 16px 0 4px; }
.summary, .facts, .hint { color: var(--muted); }
.note { padding: 6px 10px; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }
.id { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.kind { color: var(--muted); font-weight: normal; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.03em; }
dl.texts dt { font-weight: 600; margin-top: 8px; }
dl.texts dd { margin: 0 0 0 16px; }
dl.texts dd p, .description p { margin: 4px 0; }
.goal { margin: 12px 0 20px; padding-left: 12px; border-left: 4px solid #2f6ea5; }
.objectives { margin-left: 20px; }
.objectives .item { border-left: 3px solid #3a8a4f; padding-left: 10px; margin: 8px 0; }
.item.programme { border-left: 4px solid #7b4fa0; padding-left: 12px; margin: 12px 0; }
ul.links { margin: 4px 0; padding-left: 20px; color: var(--muted); font-size: 0.93em; }
.missing { color: #b71c1c; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.93em; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
table.indicators { margin-left: 0; }
.scroll { overflow-x: auto; }
table.matrix td.mark { text-align: center; font-weight: 600; }
table.matrix td.belongs { color: #2f6ea5; }
table.matrix td.supports { color: #2e7d32; }
table.matrix td.supported { color: #7b4fa0; }
table.matrix th.depth-1 { padding-left: 24px; font-weight: normal; }
table.matrix td.other { color: var(--muted); }
table.problems tr.error td:nth-child(2) { color: #d32f2f; font-weight: 600; }
table.problems tr.warning td:nth-child(2) { color: #b35c00; font-weight: 600; }
td.location { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: nowrap; }
.map-frame { position: relative; border: 1px solid var(--line); border-radius: 6px; background: #ffffff; }
.toolbar { position: absolute; top: 8px; left: 8px; z-index: 1; display: flex; gap: 4px; }
.toolbar button { min-width: 32px; padding: 2px 8px; border: 1px solid var(--line); border-radius: 4px; background: #f6f8fa; cursor: pointer; font: inherit; }
#map-container { height: 75vh; overflow: auto; }
#map-container.interactive { overflow: hidden; cursor: grab; touch-action: none; }
#map-container.dragging { cursor: grabbing; }
#map-container .map-node { cursor: pointer; }
#map-container .map-node:hover .node-box, #map-container .map-node:focus .node-box { stroke-width: 2.5; }
#map-container:focus, #map-container .map-node:focus { outline: none; }
.legend { position: absolute; right: 8px; bottom: 8px; padding: 4px 6px; background: rgba(255, 255, 255, 0.92); border: 1px solid var(--line); border-radius: 4px; font-size: 0.85em; }
.legend summary { cursor: pointer; }
@media print { #map-container { height: auto; overflow: visible; } .toolbar, .hint { display: none; } .legend { position: static; } }
`;
