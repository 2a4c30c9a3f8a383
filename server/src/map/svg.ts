/**
 * Draws a laid-out strategy map as SVG text: the one renderer behind the Strategy Map
 * webview and the HTML report. Pure string building, no DOM.
 *
 * Every text from a framework file (IDs, titles, messages) is escaped, and characters
 * XML does not allow are replaced, so the output parses as XML (the webview parses it
 * with `DOMParser`) and as HTML (the report inlines it). Styling is done with
 * presentation attributes, never `style` attributes or `<style>` elements, so that a
 * strict Content-Security-Policy (no inline styles) does not strip it; class names let a
 * host's stylesheet restyle it (the webview follows the editor's theme that way).
 *
 * Each node is a `<g data-node="ID">` with a `<title>` (shown as a tooltip) holding its
 * full label and problems; hosts find nodes by that attribute.
 */
import type { MapEdgeKind, MapNode, MapNodeKind, MapProblem } from '../protocol';
import { metrics } from './model';
import type { MapLayout, PlacedEdge, PlacedFrame, PlacedNode, Point } from './model';

/** Colours per kind of node: fill, border, text. */
export const nodeColours: Readonly<
  Record<MapNodeKind, { readonly fill: string; readonly stroke: string; readonly text: string }>
> = {
  framework: { fill: '#1f4e79', stroke: '#163a5a', text: '#ffffff' },
  goal: { fill: '#dbe9f6', stroke: '#2f6ea5', text: '#10263b' },
  objective: { fill: '#e3f3e6', stroke: '#3a8a4f', text: '#12301a' },
  indicator: { fill: '#fff3d1', stroke: '#a87a00', text: '#3b2b00' },
  programme: { fill: '#efe4f7', stroke: '#7b4fa0', text: '#2c1740' },
  missing: { fill: '#ffffff', stroke: '#c62828', text: '#b71c1c' },
};

export const edgeStyles: Readonly<
  Record<
    MapEdgeKind | 'broken',
    { readonly stroke: string; readonly width: number; readonly dash: string | undefined }
  >
> = {
  contains: { stroke: '#9aa5b1', width: 1.2, dash: undefined },
  supports: { stroke: '#2e7d32', width: 1.6, dash: undefined },
  supersedes: { stroke: '#5e35b1', width: 1.8, dash: '7 4' },
  broken: { stroke: '#c62828', width: 1.8, dash: '2 3' },
};

/** The ring drawn round a node with problems, by the worst one's severity. */
export const problemColours: Readonly<Record<MapProblem['severity'], string>> = {
  error: '#d32f2f',
  warning: '#ef6c00',
  information: '#1976d2',
  hint: '#1976d2',
};

const orphanColour = '#6d4c41';

const kindNames: Readonly<Record<MapNodeKind, string>> = {
  framework: 'Framework',
  goal: 'Goal',
  objective: 'Objective',
  indicator: 'Indicator',
  programme: 'Programme',
  missing: 'Not found',
};

const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Escapes text for XML and HTML content and attribute values alike. */
export function escapeXml(text: string): string {
  return replaceInvalidXmlCharacters(text).replace(/[&<>"']/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/**
 * Replaces what XML 1.0 forbids (control characters other than tab and line ends,
 * lone surrogates, U+FFFE and U+FFFF) with U+FFFD, so that a stray NUL in a title
 * cannot make the whole map fail to parse.
 */
export function replaceInvalidXmlCharacters(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- the control characters are the point.
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

const number = (value: number): string => String(Math.round(value * 10) / 10);

export interface SvgOptions {
  /** The `aria-label` of the map; defaults to "Strategy map". */
  readonly title?: string;
}

/** The whole map as one `<svg>` element, sized to the layout. */
export function renderMapSvg(layout: MapLayout, options: SvgOptions = {}): string {
  const width = Math.max(1, layout.width);
  const height = Math.max(1, layout.height);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="strategy-map" data-strategy-map="" ` +
      `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
      `aria-label="${escapeXml(options.title ?? 'Strategy map')}" ` +
      `font-family="${escapeXml(fontFamily)}" font-size="12">`,
    arrowMarkers(),
    '<g class="map-viewport">',
    '<g class="map-frames">',
    ...layout.frames.map(renderFrame),
    '</g>',
    '<g class="map-edges" fill="none">',
    ...layout.edges.map(renderEdge),
    '</g>',
    '<g class="map-nodes">',
    ...layout.nodes.map(renderNode),
    '</g>',
    '</g>',
    '</svg>',
  ];
  return parts.join('\n');
}

function arrowMarkers(): string {
  const marker = (name: string, colour: string): string =>
    `<marker id="sfmap-arrow-${name}" viewBox="0 0 10 10" refX="9" refY="5" ` +
    `markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
  return [
    '<defs>',
    marker('supports', edgeStyles.supports.stroke),
    marker('supersedes', edgeStyles.supersedes.stroke),
    marker('broken', edgeStyles.broken.stroke),
    '</defs>',
  ].join('');
}

function renderFrame(frame: PlacedFrame): string {
  return (
    `<g class="map-frame" data-frame="${escapeXml(frame.framework)}">` +
    `<rect x="${number(frame.x)}" y="${number(frame.y)}" width="${number(frame.width)}" ` +
    `height="${number(frame.height)}" rx="10" fill="#f4f6f8" stroke="#c9d1d9" ` +
    `stroke-width="1"/></g>`
  );
}

function renderEdge(placed: PlacedEdge): string {
  const { edge, points } = placed;
  const style = edge.broken ? edgeStyles.broken : edgeStyles[edge.kind];
  const path = smoothPath(points);
  const marker =
    edge.kind === 'contains'
      ? ''
      : ` marker-end="url(#sfmap-arrow-${edge.broken ? 'broken' : edge.kind})"`;
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  const kindClass = edge.broken ? `${edge.kind} broken` : edge.kind;
  return (
    `<path class="map-edge ${kindClass}" data-from="${escapeXml(edge.from)}" ` +
    `data-to="${escapeXml(edge.to)}" d="${path}" stroke="${style.stroke}" ` +
    `stroke-width="${style.width}"${dash}${marker}/>`
  );
}

/**
 * A path through the points, with each bend rounded: straight to the middle of the
 * first segment, then a quadratic curve round each inner point to the middle of the
 * next segment. Four points (a curve's ends and two pulls) come out as one smooth arc.
 */
function smoothPath(points: readonly Point[]): string {
  const at = (point: Point): string => `${number(point.x)},${number(point.y)}`;
  if (points.length === 0) return '';
  if (points.length <= 2) return `M${points.map(at).join(' L')}`;
  const middle = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  let path = `M${at(points[0])} L${at(middle(points[0], points[1]))}`;
  for (let index = 1; index < points.length - 1; index++) {
    const end =
      index === points.length - 2 ? points[index + 1] : middle(points[index], points[index + 1]);
    path += ` Q${at(points[index])} ${at(end)}`;
  }
  return path;
}

function renderNode(placed: PlacedNode): string {
  const { node } = placed;
  const colours = nodeColours[node.kind];
  const worst = node.problems[0]?.severity;
  const classes = ['map-node', node.kind];
  if (worst) classes.push(`problem-${worst}`);
  if (node.orphan) classes.push('orphan');
  const x = number(placed.x);
  const y = number(placed.y);
  const width = number(placed.width);
  const height = number(placed.height);
  const parts: string[] = [
    `<g class="${classes.join(' ')}" data-node="${escapeXml(node.id)}" ` +
      `transform="translate(${x},${y})" tabindex="0" role="button" ` +
      `aria-label="${escapeXml(tooltip(node))}">`,
    `<title>${escapeXml(tooltip(node))}</title>`,
  ];
  if (worst) {
    parts.push(
      `<rect class="problem-ring" x="-4" y="-4" width="${number(placed.width + 8)}" ` +
        `height="${number(placed.height + 8)}" rx="9" fill="none" ` +
        `stroke="${problemColours[worst]}" stroke-width="3"/>`,
    );
  }
  const dash = node.kind === 'missing' ? ' stroke-dasharray="5 3"' : '';
  parts.push(
    `<rect class="node-box" width="${width}" height="${height}" rx="6" fill="${colours.fill}" ` +
      `stroke="${node.orphan ? orphanColour : colours.stroke}" ` +
      `stroke-width="${node.orphan ? 2 : 1.2}"${node.orphan ? ' stroke-dasharray="6 3"' : dash}/>`,
  );
  const textX = metrics.paddingX;
  placed.lines.forEach((line, index) => {
    const baseline = metrics.paddingY + (index + 1) * metrics.lineHeight - 3.5;
    const weight = index === 0 && node.kind !== 'missing' ? ' font-weight="600"' : '';
    parts.push(
      `<text x="${textX}" y="${number(baseline)}" fill="${colours.text}"${weight}>` +
        `${escapeXml(line)}</text>`,
    );
  });
  const badges: string[] = [];
  if (node.orphan) badges.push('orphan');
  if (node.kind === 'missing') badges.push('not found');
  if (badges.length > 0) {
    parts.push(
      `<text class="node-badge" x="${number(placed.width - 6)}" y="${number(placed.height - 4)}" ` +
        `text-anchor="end" font-size="9" fill="${node.kind === 'missing' ? colours.text : orphanColour}">` +
        `${escapeXml(badges.join(' · '))}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** What a node's tooltip says: kind, full label, and each problem. */
function tooltip(node: MapNode): string {
  const lines = [`${kindNames[node.kind]} ${node.id.replace(/^\?/, '')}`];
  if (node.kind === 'missing')
    lines.push('Named by a reference, but defined nowhere in the workspace.');
  else if (node.title !== undefined) lines.push(node.title);
  if (node.orphan) lines.push('Orphan: nothing links to it and it links to nothing.');
  for (const problem of node.problems) {
    lines.push(`${problem.severity} ${problem.code}: ${problem.message}`);
  }
  return lines.join('\n');
}

/**
 * The legend, as a small `<svg>`: in the first column a swatch per kind of node, in
 * the second a line per kind of edge, then the problem rings and the orphan border.
 */
export function renderLegendSvg(): string {
  const rowHeight = 19;
  const columnWidth = 215;
  const entries: string[] = [];
  const rows = [0, 0];
  /** The baseline of the next entry of a column, and its left edge. */
  const place = (column: number): { x: number; y: number } => ({
    x: 4 + column * columnWidth,
    y: rows[column]++ * rowHeight + 14,
  });
  const swatch = (
    column: number,
    label: string,
    fill: string,
    stroke: string,
    width: number,
    dash: string | undefined,
  ): void => {
    const { x, y } = place(column);
    const dashed = dash ? ` stroke-dasharray="${dash}"` : '';
    entries.push(
      `<rect x="${x}" y="${y - 10}" width="26" height="14" rx="3" fill="${fill}" ` +
        `stroke="${stroke}" stroke-width="${width}"${dashed}/>` +
        `<text x="${x + 34}" y="${y + 1}">${escapeXml(label)}</text>`,
    );
  };
  const nodeKinds: [MapNodeKind, string][] = [
    ['framework', 'Framework'],
    ['goal', 'Goal'],
    ['objective', 'Objective'],
    ['indicator', 'Indicator'],
    ['programme', 'Programme'],
    ['missing', 'Not found (broken reference)'],
  ];
  for (const [kind, label] of nodeKinds) {
    const colours = nodeColours[kind];
    swatch(0, label, colours.fill, colours.stroke, 1.2, kind === 'missing' ? '5 3' : undefined);
  }
  const edgeKinds: [MapEdgeKind | 'broken', string][] = [
    ['contains', 'Contains'],
    ['supports', 'Supports'],
    ['supersedes', 'Supersedes (continues)'],
    ['broken', 'Broken reference'],
  ];
  for (const [kind, label] of edgeKinds) {
    const { x, y } = place(1);
    const style = edgeStyles[kind];
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    const marker = kind === 'contains' ? '' : ` marker-end="url(#sfmap-legend-arrow-${kind})"`;
    entries.push(
      `<path d="M${x},${y - 3} L${x + 26},${y - 3}" stroke="${style.stroke}" ` +
        `stroke-width="${style.width}"${dash}${marker}/>` +
        `<text x="${x + 34}" y="${y + 1}">${escapeXml(label)}</text>`,
    );
  }
  const rings: [MapProblem['severity'], string][] = [
    ['error', 'Has an error'],
    ['warning', 'Has a warning'],
    ['information', 'Has a note (such as not continued)'],
  ];
  for (const [severity, label] of rings) {
    swatch(1, label, '#ffffff', problemColours[severity], 3, undefined);
  }
  swatch(1, 'Orphan (no links in or out)', '#ffffff', orphanColour, 2, '6 3');
  const width = 2 * columnWidth + 20;
  const height = Math.max(...rows) * rowHeight + 4;
  const legendMarker = (kind: string, colour: string): string =>
    `<marker id="sfmap-legend-arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" ` +
    `markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="strategy-map-legend" width="${width}" ` +
      `height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Legend" ` +
      `font-family="${escapeXml(fontFamily)}" font-size="11" fill="currentColor">`,
    '<defs>',
    legendMarker('supports', edgeStyles.supports.stroke),
    legendMarker('supersedes', edgeStyles.supersedes.stroke),
    legendMarker('broken', edgeStyles.broken.stroke),
    '</defs>',
    ...entries,
    '</svg>',
  ].join('\n');
}
