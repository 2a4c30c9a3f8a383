/**
 * The laid-out strategy map as plain data, and the sizes both the layout and the
 * renderer use. Kept apart from `layout.ts` so that what only draws (the legend in the
 * extension's webview) does not pull the layout library in.
 */
import type { MapEdge, MapNode } from '../protocol';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly node: MapNode;
  /** The top-left corner and size of the node's box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The label, wrapped to the box (the last line ends with "…" when it was cut). */
  readonly lines: readonly string[];
}

export interface PlacedEdge {
  readonly edge: MapEdge;
  /** From the source's border to the target's, through any bends. */
  readonly points: readonly Point[];
}

/** The box around one framework's nodes. */
export interface PlacedFrame {
  readonly framework: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MapLayout {
  readonly width: number;
  readonly height: number;
  readonly frames: readonly PlacedFrame[];
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Set when kinds of node were left out to keep the layout fast, saying which and why. */
  readonly note: string | undefined;
}

/** Node sizes and spacing, in SVG user units (pixels at 100%). */
export const metrics = {
  itemWidth: 210,
  frameworkWidth: 230,
  lineHeight: 15,
  paddingY: 8,
  paddingX: 8,
  /** How many characters fit on a line of an item's box at the renderer's font size. */
  charactersPerLine: 27,
  maxLines: 3,
  frameworkMaxLines: 4,
  /** Space between layers (columns) and between nodes of a layer. */
  rankSeparation: 70,
  nodeSeparation: 14,
  framePadding: 16,
  margin: 20,
} as const;
