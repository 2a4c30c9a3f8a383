/**
 * The small syntax tree the schema walk (`walk.ts`) reads. Two producers build it:
 * the adapter over the `yaml` package's documents (`parseFile.ts`) and the fast
 * scanner (`fastParse.ts`). Because the walk, and with it every message and range
 * of the model, exists once over this tree, the two paths agree by construction as
 * long as they build the same tree.
 *
 * Offsets are those of the `yaml` package's `node.range[0]` and `node.range[1]`:
 * where the node starts and where its value ends. Nothing else of the `yaml` nodes
 * is kept, so the tree is cheap to build.
 */

/**
 * How a scalar was written. The walk reads plain scalars from the source (so `1.10`
 * stays `1.10`) and quoted scalars without their quotes; block scalars (`|`, `>`)
 * are neither.
 */
export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'block';

export interface SyntaxScalar {
  readonly kind: 'scalar';
  readonly style: ScalarStyle;
  /**
   * The value as YAML 1.2's core schema resolves it: a string, number, boolean or
   * null. (`unknown` because a tagged scalar from the `yaml` package may, in
   * principle, resolve to something else; the walk treats that as "another type".)
   */
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
}

export interface SyntaxPair {
  readonly kind: 'pair';
  /** Null only where the `yaml` package leaves a pair without a key node. */
  readonly key: SyntaxNode | null;
  /** Null for a key written without `:` and value (a YAML error). */
  readonly value: SyntaxNode | null;
}

export interface SyntaxMap {
  readonly kind: 'map';
  readonly pairs: readonly SyntaxPair[];
  readonly start: number;
  readonly end: number;
}

export interface SyntaxSeq {
  readonly kind: 'seq';
  readonly items: readonly (SyntaxNode | SyntaxPair | null)[];
  readonly start: number;
  readonly end: number;
}

/** An alias (`*name`), kept as written: the walk reports it and never follows it. */
export interface SyntaxAlias {
  readonly kind: 'alias';
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

export type SyntaxNode = SyntaxScalar | SyntaxMap | SyntaxSeq | SyntaxAlias;

/** One YAML document of a file. */
export interface SyntaxDocument {
  /** The document's root node, or null for a document without one. */
  readonly contents: SyntaxNode | null;
  /** The `yaml` package's `document.range[0]` and `document.range[2]`. */
  readonly start: number;
  readonly end: number;
  /** Whether the YAML had errors; missing keys are then not reported. */
  readonly hasErrors: boolean;
}

/**
 * The value of the first pair whose key is a scalar with exactly this value, as
 * the `yaml` package's `map.get(key, true)` finds it; undefined when there is none.
 */
export function mapValue(map: SyntaxMap, key: string): SyntaxNode | null | undefined {
  for (const pair of map.pairs) {
    const pairKey = pair.key;
    if (pairKey !== null && pairKey.kind === 'scalar' && pairKey.value === key) {
      return pair.value;
    }
  }
  return undefined;
}
