/**
 * Lays the strategy map out: where each node goes and the path of each edge, as plain
 * numbers for `svg.ts` to draw. Pure (no editor, no file system), so the language
 * server (for the Strategy Map webview) and `framework-check --report html` share it.
 *
 * The layout is layered, left to right, with dagre: a framework, then its goals, then
 * their objectives, then their indicators, each framework in a frame of its own and the
 * frameworks side by side in period order, so that a newer framework's links to the
 * older items it continues run across the gap between the two. A programme sits to the
 * right of what it supports. Links within a layer (an objective supporting another)
 * are drawn over the layout rather than bending it. See `layoutComponent`.
 *
 * Dagre's ordering of the layers costs more than linear time, so the layout is bounded:
 * when the map has more than `maxNodes` nodes, it leaves out indicators, then
 * objectives, then every item, until what is left fits, and says so in `note`.
 */
import * as dagreModule from '@dagrejs/dagre';
import type { MapEdge, MapNode, MapNodeKind, StrategyMap } from '../protocol';
import { metrics } from './model';
import type { MapLayout, PlacedEdge, PlacedFrame, PlacedNode, Point } from './model';

export type { MapLayout, PlacedEdge, PlacedFrame, PlacedNode, Point } from './model';

/**
 * The part of dagre's API the layout uses, typed here: dagre 3.1.3's own declarations do
 * not resolve under Node16 module resolution (their relative imports have no file
 * extensions), which leaves every type of the package unknown to TypeScript. These are
 * the shapes its documentation and declarations give.
 */
interface DagreGraph {
  setGraph(label: DagreGraphLabel): this;
  setNode(name: string, label: DagreNodeLabel): this;
  setEdge(from: string, to: string, label: DagreEdgeLabel, name: string): this;
  node(name: string): DagreNodeLabel;
  edge(from: string, to: string, name: string): DagreEdgeLabel;
  nodes(): string[];
  graph(): DagreGraphLabel;
}

interface DagreGraphLabel {
  rankdir?: 'LR';
  /** A function, dagre's `RankerFunction`: it sets each node's `rank` itself. */
  ranker?: (graph: DagreGraph) => void;
  ranksep?: number;
  nodesep?: number;
  edgesep?: number;
  marginx?: number;
  marginy?: number;
  /** Set by the layout: the size of the drawing. */
  width?: number;
  height?: number;
}

interface DagreNodeLabel {
  width: number;
  height: number;
  rank?: number;
  /** Set by the layout: the node's centre. */
  x?: number;
  y?: number;
}

interface DagreEdgeLabel {
  weight: number;
  minlen: number;
  /** Set by the layout: the edge's path. */
  points?: Point[];
}

interface Dagre {
  readonly graphlib: {
    readonly Graph: new (options: { multigraph: boolean }) => DagreGraph;
  };
  layout(graph: DagreGraph): void;
}

const dagre = dagreModule as unknown as Dagre;

export interface LayoutOptions {
  /** The most nodes laid out; see `defaultMaxNodes`. */
  readonly maxNodes?: number;
}

/**
 * The most nodes the map lays out at once. Measured on a shared 2-core machine: the two
 * INTERPOL frameworks (40 nodes) take about 50 ms, a framework of 113 nodes about 85 ms,
 * the goals of 20 chained frameworks (440 nodes) about 1 s, and 1,044 nodes about 2 s;
 * the map is asked for again on every change, so it stays under a second or so.
 */
export const defaultMaxNodes = 500;

/** The kinds of node each level of detail keeps, most detailed first. */
const detailLevels: readonly { readonly kinds: ReadonlySet<MapNodeKind>; readonly left: string }[] =
  [
    {
      kinds: new Set(['framework', 'goal', 'objective', 'indicator', 'programme', 'missing']),
      left: '',
    },
    {
      kinds: new Set(['framework', 'goal', 'objective', 'programme', 'missing']),
      left: 'indicators',
    },
    {
      kinds: new Set(['framework', 'goal', 'programme', 'missing']),
      left: 'objectives and indicators',
    },
    {
      kinds: new Set(['framework', 'missing']),
      left: 'every goal, objective, indicator and programme',
    },
  ];

export function layoutStrategyMap(map: StrategyMap, options: LayoutOptions = {}): MapLayout {
  const maxNodes = Math.max(1, options.maxNodes ?? defaultMaxNodes);
  let level = 0;
  let kept: readonly MapNode[] = map.nodes;
  for (; level < detailLevels.length; level++) {
    kept = nodesAtLevel(map, detailLevels[level].kinds);
    if (kept.length <= maxNodes) break;
  }
  let note: string | undefined;
  if (level > 0) {
    const shown = Math.min(level, detailLevels.length - 1);
    note =
      `The map leaves out ${detailLevels[shown].left}: the workspace has ${map.nodes.length} ` +
      `nodes, more than the ${maxNodes} it lays out at once.`;
    if (kept.length > maxNodes) {
      // Even the frameworks alone are too many: draw the oldest of them.
      const frameworks = new Set(map.frameworks.slice(0, maxNodes));
      kept = kept.filter((node) => node.kind === 'framework' && frameworks.has(node.id));
      note += ` Only the first ${maxNodes} frameworks, oldest first, are drawn.`;
    }
  }
  const byId = new Map(kept.map((node) => [node.id, node]));
  const edges = map.edges.filter((edge) => byId.has(edge.from) && byId.has(edge.to));

  // Each group of frameworks linked to each other is laid out on its own, and the
  // groups are stacked: dagre's cost grows faster than the graph, and unrelated
  // frameworks gain nothing from sharing a layout.
  const parts: MapLayout[] = [];
  for (const component of connectedComponents(kept, edges)) {
    const members = new Set(component.map((node) => node.id));
    parts.push(
      layoutComponent(
        map.frameworks.filter((framework) => members.has(framework)),
        component,
        edges.filter((edge) => members.has(edge.from)),
      ),
    );
  }
  return stack(parts, note);
}

/** The nodes of the given kinds, with the missing nodes that one of them names. */
function nodesAtLevel(map: StrategyMap, kinds: ReadonlySet<MapNodeKind>): MapNode[] {
  const kept = new Set(map.nodes.filter((node) => kinds.has(node.kind)).map((node) => node.id));
  const named = new Set<string>();
  for (const edge of map.edges) if (kept.has(edge.from)) named.add(edge.to);
  return map.nodes.filter(
    (node) => kept.has(node.id) && (node.kind !== 'missing' || named.has(node.id)),
  );
}

/** Groups of nodes linked by any edge, in the order of each group's first node. */
function connectedComponents(nodes: readonly MapNode[], edges: readonly MapEdge[]): MapNode[][] {
  const parent = new Map(nodes.map((node) => [node.id, node.id]));
  const root = (id: string): string => {
    let current = id;
    for (let next = parent.get(current); next !== undefined && next !== current;) {
      current = next;
      next = parent.get(current);
    }
    // Path compression: point everything on the way straight at the root.
    for (let at = id; at !== current;) {
      const next = parent.get(at) ?? current;
      parent.set(at, current);
      at = next;
    }
    return current;
  };
  for (const edge of edges) {
    const a = root(edge.from);
    const b = root(edge.to);
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<string, MapNode[]>();
  for (const node of nodes) {
    const key = root(node.id);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(node);
  }
  return [...groups.values()];
}

/**
 * Lays out one group of linked frameworks. The layers are decided here, not by dagre:
 * each framework takes layers of its own, one after the other in period order (so
 * frames never share a column and the periods read left to right), and within them a
 * framework's node comes first, then its goals, their objectives, their indicators; a
 * programme comes after what it supports, and a reference that names nothing after
 * whoever writes it. Dagre then orders each layer to keep links short and uncrossed,
 * places the nodes, and routes the edges that run forward between layers (containment,
 * programmes, and an older item's link to the newer item that continues it) through
 * the gaps of the layers they cross. Computing the layers directly costs a pass over
 * the graph, where dagre's own ranking (network simplex) grows quadratically.
 */
function layoutComponent(
  frameworks: readonly string[],
  nodes: readonly MapNode[],
  edges: readonly MapEdge[],
): MapLayout {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const supportedByProgramme = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.kind === 'supports' && byId.get(edge.from)?.kind === 'programme' && !edge.broken) {
      let list = supportedByProgramme.get(edge.from);
      if (!list) supportedByProgramme.set(edge.from, (list = []));
      list.push(edge.to);
    }
  }
  const layers = assignLayers(frameworks, nodes, edges, byId, supportedByProgramme);

  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({
    rankdir: 'LR',
    // Dagre calls the ranker with its own copy of the graph, whose nodes carry the same
    // names; the only other node in it is the root its nesting step adds, which must
    // come before every other. Dagre leaves odd ranks free for edge labels, so a layer
    // is two ranks.
    ranker: (layoutGraph) => {
      for (const name of layoutGraph.nodes()) {
        layoutGraph.node(name).rank = 2 * (layers.get(name) ?? -1);
      }
    },
    ranksep: metrics.rankSeparation,
    nodesep: metrics.nodeSeparation,
    edgesep: 8,
    marginx: metrics.margin,
    marginy: metrics.margin,
  });
  const wrapped = new Map<string, readonly string[]>();
  for (const node of nodes) {
    const isFramework = node.kind === 'framework';
    const lines = wrapLabel(node.label, isFramework ? metrics.frameworkMaxLines : metrics.maxLines);
    wrapped.set(node.id, lines);
    graph.setNode(node.id, {
      width: isFramework ? metrics.frameworkWidth : metrics.itemWidth,
      height: lines.length * metrics.lineHeight + 2 * metrics.paddingY,
    });
  }

  /**
   * The dagre edge (by name) that places each map edge and gives its path, and whether
   * it runs backwards (the older item first); `frame` for a programme's containment,
   * which its frame shows.
   */
  const routed = new Map<
    MapEdge,
    { readonly name: string; readonly reversed: boolean } | 'frame'
  >();
  let edgeCount = 0;
  const route = (edge: MapEdge, reversed: boolean, weight: number): void => {
    const [from, to] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
    // Only an edge running forward between layers can be routed through them.
    if ((layers.get(to) ?? 0) <= (layers.get(from) ?? 0)) return;
    const name = `e${edgeCount++}`;
    graph.setEdge(from, to, { weight, minlen: 1 }, name);
    routed.set(edge, { name, reversed });
  };
  for (const edge of edges) {
    const from = byId.get(edge.from);
    if (!from) continue;
    if (edge.kind === 'contains') {
      if (supportedByProgramme.has(edge.to)) routed.set(edge, 'frame');
      else route(edge, false, 8);
    } else if (edge.broken) {
      route(edge, false, 1);
    } else if (edge.kind === 'supersedes' || supportedByProgramme.has(from.id)) {
      route(edge, true, 2);
    }
  }

  dagre.layout(graph);

  const placed = new Map<string, PlacedNode>();
  for (const node of nodes) {
    const label = graph.node(node.id);
    placed.set(node.id, {
      node,
      x: (label.x ?? 0) - label.width / 2,
      y: (label.y ?? 0) - label.height / 2,
      width: label.width,
      height: label.height,
      lines: wrapped.get(node.id) ?? [],
    });
  }
  const frames: PlacedFrame[] = [];
  for (const framework of frameworks) {
    let left = Number.POSITIVE_INFINITY;
    let top = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    for (const box of placed.values()) {
      if (box.node.framework !== framework || box.node.kind === 'missing') continue;
      left = Math.min(left, box.x);
      top = Math.min(top, box.y);
      right = Math.max(right, box.x + box.width);
      bottom = Math.max(bottom, box.y + box.height);
    }
    const padding = metrics.framePadding;
    frames.push({
      framework,
      x: left - padding,
      y: top - padding,
      width: right - left + 2 * padding,
      height: bottom - top + 2 * padding,
    });
  }

  const placedEdges: PlacedEdge[] = [];
  for (const edge of edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const how = routed.get(edge);
    if (how === 'frame') continue;
    const points: Point[] | undefined = how
      ? graph
          .edge(how.reversed ? edge.to : edge.from, how.reversed ? edge.from : edge.to, how.name)
          .points?.map((point) => ({ x: point.x, y: point.y }))
      : undefined;
    if (how && points && points.length >= 2) {
      placedEdges.push({ edge, points: how.reversed ? points.reverse() : points });
    } else {
      placedEdges.push({ edge, points: edgePath(from, to) });
    }
  }
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    frames,
    nodes: [...placed.values()],
    edges: placedEdges,
    note: undefined,
  };
}

/**
 * The layer (column) of every node; see `layoutComponent`. A framework's layers start
 * after the last layer of the framework before it in period order.
 */
function assignLayers(
  frameworks: readonly string[],
  nodes: readonly MapNode[],
  edges: readonly MapEdge[],
  byId: ReadonlyMap<string, MapNode>,
  supportedByProgramme: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const local = new Map<string, number>();
  const depthOf = (node: MapNode): number => {
    const known = local.get(node.id);
    if (known !== undefined) return known;
    let depth = 0;
    if (node.kind === 'programme') {
      // After the deepest of what it supports in its own framework; beside the goals if none.
      depth = 1;
      for (const target of supportedByProgramme.get(node.id) ?? []) {
        const supported = byId.get(target);
        if (supported && supported.framework === node.framework && supported.kind !== 'programme') {
          depth = Math.max(depth, depthOf(supported) + 1);
        }
      }
    } else if (node.parent !== undefined) {
      const parent = byId.get(node.parent);
      depth = parent ? depthOf(parent) + 1 : 0;
    }
    local.set(node.id, depth);
    return depth;
  };
  // Missing nodes sit in the framework of whoever names them, one layer after it.
  const owner = new Map<string, string | undefined>();
  for (const node of nodes) if (node.kind !== 'missing') depthOf(node);
  for (const edge of edges) {
    const target = byId.get(edge.to);
    const source = byId.get(edge.from);
    if (target?.kind !== 'missing' || !source) continue;
    const after = source.kind === 'framework' ? 0 : depthOf(source) + 1;
    if (after >= (local.get(target.id) ?? -1)) {
      local.set(target.id, after);
      owner.set(target.id, source.framework);
    }
  }
  const widths = new Map<string, number>();
  for (const node of nodes) {
    const framework = node.kind === 'missing' ? owner.get(node.id) : node.framework;
    if (framework === undefined) continue;
    widths.set(framework, Math.max(widths.get(framework) ?? 0, (local.get(node.id) ?? 0) + 1));
  }
  const starts = new Map<string, number>();
  let next = 0;
  for (const framework of frameworks) {
    starts.set(framework, next);
    next += widths.get(framework) ?? 1;
  }
  const layers = new Map<string, number>();
  for (const node of nodes) {
    const framework = node.kind === 'missing' ? owner.get(node.id) : node.framework;
    layers.set(node.id, (starts.get(framework ?? '') ?? 0) + (local.get(node.id) ?? 0));
  }
  return layers;
}

/** Places laid-out groups one under the other. */
function stack(parts: readonly MapLayout[], note: string | undefined): MapLayout {
  const frames: PlacedFrame[] = [];
  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  let top = 0;
  let width = 0;
  for (const part of parts) {
    const shift = (point: Point): Point => ({ x: point.x, y: point.y + top });
    for (const frame of part.frames) frames.push({ ...frame, y: frame.y + top });
    for (const node of part.nodes) nodes.push({ ...node, y: node.y + top });
    for (const edge of part.edges) edges.push({ edge: edge.edge, points: edge.points.map(shift) });
    top += part.height;
    width = Math.max(width, part.width);
  }
  return { width, height: top, frames, nodes, edges, note };
}

/**
 * The path of an edge dagre did not route: from the source's side facing the target to the target's side
 * facing the source, as a cubic Bézier curve's four points. Links between nodes of one
 * column (an objective supporting its neighbour) bow out to the right, clear of the
 * column.
 */
function edgePath(from: PlacedNode, to: PlacedNode): Point[] {
  const fromCentre = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const toCentre = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  const sameColumn = Math.abs(fromCentre.x - toCentre.x) < Math.min(from.width, to.width) / 2;
  if (sameColumn) {
    const start = { x: from.x + from.width, y: fromCentre.y };
    const end = { x: to.x + to.width, y: toCentre.y };
    const bow = Math.min(160, 30 + Math.abs(end.y - start.y) / 4);
    return [start, { x: start.x + bow, y: start.y }, { x: end.x + bow, y: end.y }, end];
  }
  const forwards = toCentre.x > fromCentre.x;
  const start = { x: forwards ? from.x + from.width : from.x, y: fromCentre.y };
  const end = { x: forwards ? to.x : to.x + to.width, y: toCentre.y };
  const pull = Math.max(30, Math.abs(end.x - start.x) / 2);
  const direction = forwards ? 1 : -1;
  return [
    start,
    { x: start.x + direction * pull, y: start.y },
    { x: end.x - direction * pull, y: end.y },
    end,
  ];
}

/**
 * Breaks a label into lines of at most `metrics.charactersPerLine` characters, at
 * spaces where it can, into at most `maxLines` lines; a label cut short ends with "…".
 * A word longer than a line (a long programme ID) is broken after a hyphen, dot or
 * underscore where one fits, else where the line ends.
 */
export function wrapLabel(label: string, maxLines: number): string[] {
  const width = metrics.charactersPerLine;
  const lines: string[] = [];
  let current = '';
  for (const whole of label.split(/\s+/)) {
    if (whole === '') continue;
    let word = whole;
    while (word.length > width) {
      if (current !== '') {
        lines.push(current);
        current = '';
      }
      const breakAfter = Math.max(
        word.lastIndexOf('-', width - 1),
        word.lastIndexOf('.', width - 1),
        word.lastIndexOf('_', width - 1),
      );
      const cut = breakAfter > 0 ? breakAfter + 1 : width;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
    // Enough to know the label is cut: a long title costs no more than a short one.
    if (lines.length > maxLines) break;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1];
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}
